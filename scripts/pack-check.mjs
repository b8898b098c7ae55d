#!/usr/bin/env node
// Offline packaging check: runs electron-builder's real Linux "dir" packaging with a stand-in
// Electron binary (the real zip comes from GitHub, unreachable here), then lists app.asar and checks
// that the app's code, preload, renderer and icons are in it and no node_modules leaked in. First,
// the built bundles' imports are checked (scripts/check-bundle.mjs): main loads only electron and
// Node built-ins, the preload is CommonJS requiring only electron.
//   node scripts/pack-check.mjs [--json] [--keep]
// Exit codes: 0 ok, 1 check failed, 3 packaging could not run at all (reported loudly).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBundles } from './check-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const json = process.argv.includes('--json');
const keep = process.argv.includes('--keep');

const REQUIRED = [
  '/package.json',
  '/out/main/index.js',
  '/out/preload/index.cjs',
  '/out/renderer/index.html',
  '/build/icon.png',
  ...['failed', 'starting', 'ready', 'stopped'].flatMap((h) => [h, `${h}-lost`]).flatMap((s) => [
    `/build/tray/${s}.png`,
    `/build/tray/${s}@2x.png`,
    `/build/tray/${s}Template.png`,
  ]),
];

function report(result, code) {
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (code === 0) console.log(`pack-check: OK — ${result.files.length} files in app.asar, no node_modules`);
  else console.error(`pack-check: ${code === 3 ? 'COULD NOT RUN' : 'FAILED'}\n${result.problems.join('\n')}`);
  process.exit(code);
}

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 180_000, ...opts });
}

if (!existsSync(join(root, 'out/main/index.js')) || !existsSync(join(root, 'out/preload/index.cjs')) || !existsSync(join(root, 'out/renderer/index.html'))) {
  const b = run(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build']);
  if (b.status !== 0) report({ ok: false, files: [], problems: ['electron-vite build failed', b.stderr.slice(-2000)] }, 1);
}

// Before packaging (which may be impossible offline): what the packaged app would fail to load.
const bundleProblems = checkBundles(join(root, 'out'));
if (bundleProblems.length > 0) report({ ok: false, files: [], problems: bundleProblems }, 1);

const work = mkdtempSync(join(tmpdir(), 'llt-pack-'));
const electronDist = join(work, 'electron-dist');
const output = join(work, 'dist');
spawnSync('mkdir', ['-p', electronDist]);
// A stand-in for the Electron binary: electron-builder copies and renames it; we never run it.
writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in electron binary for pack-check"\n');
chmodSync(join(electronDist, 'electron'), 0o755);
// electronLanguages prunes Chromium's locale packs, so the stand-in needs a few.
spawnSync('mkdir', ['-p', join(electronDist, 'locales')]);
for (const l of ['en-US', 'zh-CN', 'de']) writeFileSync(join(electronDist, 'locales', `${l}.pak`), '');

const cli = require.resolve('electron-builder/cli.js');
const pack = run(process.execPath, [cli, '--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`]);
const asarPath = join(output, 'linux-unpacked', 'resources', 'app.asar');
if (pack.status !== 0 || !existsSync(asarPath)) {
  const log = `${pack.stdout ?? ''}\n${pack.stderr ?? ''}`;
  const offline = /ENOTFOUND|EAI_AGAIN|getaddrinfo|ECONNREFUSED|network/i.test(log);
  if (!keep) rmSync(work, { recursive: true, force: true });
  report({ ok: false, files: [], problems: [`electron-builder --linux dir failed (exit ${pack.status})`, log.slice(-3000)] }, offline ? 3 : 1);
}

const asar = require('@electron/asar');
const files = asar.listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
const problems = [];
for (const f of REQUIRED) if (!files.includes(f)) problems.push(`missing from app.asar: ${f}`);
const strays = files.filter((f) => f.includes('/node_modules'));
if (strays.length > 0) problems.push(`node_modules in app.asar: ${strays.slice(0, 10).join(', ')}${strays.length > 10 ? ' …' : ''}`);
const maps = files.filter((f) => f.endsWith('.map'));
if (maps.length > 0) problems.push(`source maps in app.asar: ${maps.slice(0, 5).join(', ')}`);
const sources = files.filter((f) => /^\/(main|preload|renderer\/src|test|scripts)\//.test(f));
if (sources.length > 0) problems.push(`sources in app.asar: ${sources.slice(0, 5).join(', ')}`);
const pkg = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8'));
if (pkg.main !== 'out/main/index.js') problems.push(`package.json main is ${pkg.main}`);
if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) problems.push(`runtime dependencies would be copied: ${Object.keys(pkg.dependencies).join(', ')}`);
if (existsSync(join(output, 'linux-unpacked', 'locales', 'de.pak'))) problems.push('unused Chromium locales were not pruned');
const executable = existsSync(join(output, 'linux-unpacked', 'llm-log-tray'));
if (!executable) problems.push('linux-unpacked/llm-log-tray (renamed Electron binary) missing');

if (!keep) rmSync(work, { recursive: true, force: true });
report({ ok: problems.length === 0, files, problems, asarPath: keep ? asarPath : null }, problems.length === 0 ? 0 : 1);
