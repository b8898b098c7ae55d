#!/usr/bin/env node
// Checks the built Electron bundles for what a packaged app can load at runtime: app.asar has no
// node_modules, so out/main may import only `electron` and Node built-ins (and its own chunks), and
// the sandboxed preload must be CommonJS whose only require is `electron`.
//   node scripts/check-bundle.mjs [outDir]      exit 0 ok, 1 problems found
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const builtins = new Set(builtinModules);
const isBuiltin = (s) => s.startsWith('node:') || builtins.has(s) || builtins.has(s.split('/')[0]);

// ajv (inside conf) keeps `require("ajv/dist/runtime/…")` as TEXT for its standalone code generator;
// it is never executed by the app.
const CODEGEN_TEXT = /^ajv(-formats)?\//;

/** Every module specifier a file loads: static and dynamic imports, re-exports and require calls. */
export function specifiers(code) {
  const found = [];
  const patterns = [
    /^\s*import\s+["']([^"']+)["']/gm,
    /^\s*(?:import|export)\s[^;'"]*?\sfrom\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]);
  return [...new Set(found)];
}

/** Problems in one ESM main-process file. */
export function checkMainCode(code, name = 'out/main/index.js') {
  const problems = [];
  for (const s of specifiers(code)) {
    if (s === 'electron' || isBuiltin(s) || s.startsWith('./') || s.startsWith('../') || CODEGEN_TEXT.test(s)) continue;
    problems.push(`${name} loads "${s}", which is not in app.asar (bundle it: keep it out of externalized deps)`);
  }
  return problems;
}

/** Problems in the sandboxed preload: CommonJS, and only `electron` may be required. */
export function checkPreloadCode(code, name = 'out/preload/index.cjs') {
  const problems = [];
  if (/^\s*(import\s|import\s*["']|export\s)/m.test(code) || /\bimport\.meta\b/.test(code)) {
    problems.push(`${name} is not CommonJS (a sandboxed preload cannot be an ES module)`);
  }
  for (const s of specifiers(code)) {
    if (s !== 'electron') problems.push(`${name} loads "${s}": a sandboxed preload may require only "electron"`);
  }
  if (!specifiers(code).includes('electron')) problems.push(`${name} never requires "electron" (no contextBridge?)`);
  return problems;
}

/** Checks out/main/**.js and out/preload/index.cjs under `outDir`. */
export function checkBundles(outDir) {
  const problems = [];
  const mainDir = join(outDir, 'main');
  const preload = join(outDir, 'preload', 'index.cjs');
  if (!existsSync(join(mainDir, 'index.js'))) problems.push(`missing ${join(mainDir, 'index.js')} (run the build)`);
  else {
    for (const f of readdirSync(mainDir, { recursive: true })) {
      const file = String(f);
      if (!/\.(m?js|cjs)$/.test(file)) continue;
      problems.push(...checkMainCode(readFileSync(join(mainDir, file), 'utf8'), relative(outDir, join(mainDir, file))));
    }
  }
  if (!existsSync(preload)) problems.push(`missing ${preload} (run the build)`);
  else problems.push(...checkPreloadCode(readFileSync(preload, 'utf8')));
  const extraPreloads = existsSync(join(outDir, 'preload')) ? readdirSync(join(outDir, 'preload')).filter((f) => /\.(m?js)$/.test(f)) : [];
  for (const f of extraPreloads) problems.push(`out/preload/${f}: the preload must be a single .cjs file`);
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = process.argv[2] ?? join(fileURLToPath(new URL('..', import.meta.url)), 'out');
  const problems = checkBundles(outDir);
  if (problems.length > 0) {
    console.error(`check-bundle: FAILED\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log('check-bundle: OK — main imports only electron and Node built-ins; preload is CommonJS requiring only electron');
}
