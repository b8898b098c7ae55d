#!/usr/bin/env node
// `npm run demo`: starts the built app with --demo (the built-in LLM-Manager simulator). If the
// Electron binary is missing and cannot be downloaded (no network), says so and falls back to the
// demo server + the command-line companion's `watch`, so there is still something to see.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

function forward(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

let bin = electronBinary();
if (!bin && existsSync(join(electronDir, 'install.js'))) {
  console.log('Electron binary not found; trying to download it once (needs access to github.com)…');
  // The installer's own failure is a raw stack trace: show its first line only.
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], timeout: 300_000, encoding: 'utf8' });
  bin = electronBinary();
  const reason = (install.stderr ?? '').split('\n').find((l) => l.trim() !== '');
  if (!bin && reason) console.log(`Download failed: ${reason.trim()}`);
}

if (bin) {
  const env = { ...process.env, LLM_LOG_TRAY_DEMO: '1' };
  delete env.ELECTRON_RUN_AS_NODE;
  forward(spawn(bin, [root, '--demo'], { stdio: 'inherit', env }));
} else {
  console.log(
    [
      '',
      'The Electron binary is not installed and could not be downloaded (no network access to github.com?),',
      'so the desktop app cannot start here. Showing the same thing in the terminal instead:',
      'the built-in LLM-Manager demo server, watched by the command-line companion (Ctrl+C to stop).',
      '',
    ].join('\n'),
  );
  const demoJs = join(root, 'out', 'node', 'demo-server.js');
  const cliJs = join(root, 'out', 'node', 'cli.js');
  if (!existsSync(demoJs) || !existsSync(cliJs)) {
    console.error('out/node is missing: run `npm run build` first.');
    process.exit(1);
  }
  const demo = spawn(process.execPath, [demoJs, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buffered = '';
  let watcher = null;
  const stopAll = () => {
    watcher?.kill('SIGTERM');
    demo.kill('SIGTERM');
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  demo.on('exit', (code) => {
    watcher?.kill('SIGTERM');
    process.exit(code ?? 0);
  });
  demo.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (watcher) return;
    buffered += chunk.toString('utf8');
    const m = /listening on (http:\/\/\S+)/.exec(buffered);
    if (!m) return;
    watcher = spawn(process.execPath, [cliJs, 'watch', '--url', m[1]], { stdio: 'inherit' });
    watcher.on('exit', () => demo.kill('SIGTERM'));
  });
}
