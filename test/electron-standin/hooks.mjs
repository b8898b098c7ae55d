// Module hooks (node:module register): 'electron' resolves to the stand-in, and the stand-in's own
// TypeScript files are transpiled on load (Node 20 cannot run TypeScript; only these files are touched).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = new URL('./', import.meta.url).href;
const ENTRY = new URL('./electron.ts', import.meta.url).href;
const require = createRequire(import.meta.url);
let ts = null;

export async function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: ENTRY, format: 'module', shortCircuit: true };
  if (context.parentURL?.startsWith(HERE) && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const asTs = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (!existsSync(fileURLToPath(new URL(specifier, context.parentURL))) && existsSync(fileURLToPath(asTs))) {
      return { url: asTs.href, format: 'module', shortCircuit: true };
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.startsWith(HERE) && url.endsWith('.ts')) {
    ts ??= require('typescript');
    const text = await readFile(fileURLToPath(url), 'utf8');
    const out = ts.transpileModule(text, {
      fileName: fileURLToPath(url),
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, sourceMap: false },
    });
    return { format: 'module', source: out.outputText, shortCircuit: true };
  }
  return next(url, context);
}

export const entryUrl = pathToFileURL(fileURLToPath(ENTRY)).href;
