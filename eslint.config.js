import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

// The layers (see ../shared/docs/architecture.md, "Layers"), each forbidden direction an error:
//   main/core  ←  main/app  ←  main/electron, main/index.ts, main/cli, test harness
//   contract (IPC types + the core's leaf vocabulary)  ←  main/app, main/electron, preload, renderer
//   renderer  ←  contract only (plus type-only imports of main/core/types.ts)
// A flat-config block replaces the rule's options for its files, so every layer lists all its bans.

const electron = { name: 'electron', message: 'electron may only be imported in main/electron/**, main/index.ts and preload/index.ts' };
const electronStore = { name: 'electron-store', message: 'electron-store loads electron; use it only in main/electron/**' };
const builtinMessage = 'the pure core, the contract, the preload and the window use no Node built-ins: inject a port (clock, fetch, storage) instead';
// Bare names ('fs', 'stream') are exact paths, so a folder named like a built-in (core/stream) is not caught.
const builtinPaths = builtinModules.filter((m) => !m.startsWith('_')).map((name) => ({ name, message: builtinMessage }));
const nodeBuiltins = { group: ['node:*'], message: builtinMessage };
const rawIpc = (allowed) => ({
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'].filter((n) => n !== allowed),
  message: 'raw IPC lives in preload/index.ts (ipcRenderer) and main/index.ts → main/electron/ipc-router.ts (ipcMain) only',
});
const dir = (name, message) => ({ group: [`**/${name}/**`, `${name}/**`], message });
const toApp = dir('app', 'the core must not depend on the application layer (main/app)');
const toElectronDir = dir('electron', 'only main/index.ts composes the Electron adapters');
const toPreload = dir('preload', 'preload code is bundled into the sandboxed preload only; share types through contract/');
const toContract = dir('contract', 'the core does not know the IPC contract; main/app translates');
const toCli = dir('cli', 'the command line is an entry point; nothing imports it');
const toDemo = dir('demo', 'the demo server is an entry point; only main/index.ts and tests start it');
const toRenderer = dir('renderer', 'the window is a separate bundle; share types through contract/');

// Core modules the window shares (re-exported by contract/domain.ts): pure, and importing at most core
// types (type-only), so the renderer bundle never pulls in core runtime beyond them.
const sharedLeaves = ['main/core/types.ts', 'main/core/settings/messages.ts', 'main/core/settings/limits.ts', 'main/core/logs/ansi.ts', 'main/core/model-health.ts', 'main/core/locale.ts'];
const leafRegex = sharedLeaves.map((f) => f.slice('main/'.length).replace(/\.ts$/, '\\.js$').replace(/\//g, '\\/')).join('|');

const restrict = (paths, patterns) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { paths: patterns.includes(nodeBuiltins) ? [...paths, ...builtinPaths] : paths, patterns },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'build/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      ...restrict([electron, electronStore], []),
    },
  },
  // The pure core: no Electron, no Node built-ins, no layer above it.
  {
    files: ['main/core/**'],
    rules: restrict([electron, electronStore, { name: 'conf', message: 'file storage belongs to main/app' }], [
      nodeBuiltins,
      toApp,
      toElectronDir,
      toPreload,
      toContract,
      toCli,
      toDemo,
      toRenderer,
    ]),
  },
  // The leaves of the core the window shares (through contract/domain.ts) import types only.
  {
    files: sharedLeaves,
    rules: restrict([], [{ group: ['./*', '../*', '*'], allowTypeImports: true, message: 'a leaf shared with the renderer imports types only' }]),
  },
  // The application layer: the core and the contract; no Electron, no entry points.
  {
    files: ['main/app/**'],
    rules: restrict([electron, electronStore], [toElectronDir, toPreload, toCli, toDemo, toRenderer]),
  },
  // The contract: IPC shapes plus the core's leaf vocabulary, nothing else of main.
  {
    files: ['contract/**'],
    rules: restrict([electron, electronStore], [
      nodeBuiltins,
      {
        regex: `(^|/)main/(?!${leafRegex})`,
        message: `the contract may import only the core leaves ${sharedLeaves.join(', ')}`,
      },
      toPreload,
      toRenderer,
    ]),
  },
  // The window: the contract only (and the core's types, type-only); never raw IPC or main runtime code.
  {
    files: ['renderer/**'],
    rules: restrict([electron, electronStore], [
      nodeBuiltins,
      { group: ['**/main/**'], allowTypeImports: true, message: 'the window imports no main runtime code; go through contract/' },
      toPreload,
    ]),
  },
  // The preload: the contract and electron's contextBridge/ipcRenderer (in index.ts only).
  {
    files: ['preload/**'],
    rules: restrict([electron, electronStore], [
      nodeBuiltins,
      { group: ['**/main/**'], allowTypeImports: true, message: 'the preload imports only contract/; validation lives in main' },
      toRenderer,
    ]),
  },
  { files: ['preload/index.ts'], rules: restrict([rawIpc('ipcRenderer')], [nodeBuiltins, { group: ['**/main/**'], message: 'the preload imports only contract/' }, toRenderer]) },
  // Entry points and adapters.
  {
    files: ['main/cli/**'],
    rules: restrict([electron, electronStore], [toElectronDir, toPreload, toRenderer]),
  },
  {
    files: ['main/demo/**'],
    rules: restrict([electron, electronStore], [toApp, toElectronDir, toPreload, toCli, toRenderer]),
  },
  {
    files: ['main/electron/**'],
    rules: restrict([rawIpc(null)], [toPreload, toCli, toDemo, toRenderer]),
  },
  { files: ['main/electron/ipc-router.ts'], rules: restrict([rawIpc('ipcMain')], [toPreload, toCli, toDemo, toRenderer]) },
  { files: ['main/index.ts'], rules: restrict([rawIpc('ipcMain')], [toPreload, toCli, toRenderer]) },
  { files: ['test/unit/electron/**'], rules: restrict([], []) },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    // The classic hooks rules. A deliberate dependency omission says why in an eslint-disable comment.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
