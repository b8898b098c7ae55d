// Composition root of the `llm-log-tray` command: builds the real adapters from `process` and runs.
import { readFile } from 'node:fs/promises';
import { createMonitor } from '../core/monitor.js';
import { systemClock } from '../core/ports.js';
import type { CliDeps } from './context.js';
import { heldRequestFetch } from '../app/held-fetch.js';
import { createHttpTransport } from '../core/stream/transport.js';
import { runCli } from './program.js';

function onInterrupt(handler: () => void): () => void {
  let count = 0;
  const listener = (): void => {
    count++;
    // A second Ctrl-C means "now": don't wait for a slow shutdown.
    if (count > 1) process.exit(130);
    handler();
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}

// `llm-log-tray watch | head` closes the pipe early; that is a normal way to stop, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

// Node's fetch would end a silent stream after 300 s (transport.ts): an idle model prints nothing.
const transport = createHttpTransport();

const deps: CliDeps = {
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  // Lazy: touching process.stdin creates a handle that one-shot commands never need.
  get stdin() {
    return process.stdin;
  },
  readFile: (path) => readFile(path, 'utf8'),
  fetch: transport.fetch,
  controlFetch: heldRequestFetch,
  clock: systemClock,
  random: Math.random,
  createMonitor,
  onInterrupt,
};

// The core's timers are unref'd so they never hold a process open; while a command runs, this does.
const keepAlive = setInterval(() => {}, 1 << 30);
const code = await runCli(deps);
await transport.close();
clearInterval(keepAlive);
process.exitCode = code;
// Everything is closed by now and the process ends by itself. If some library still holds a
// socket open, don't hang the user's terminal: leave shortly anyway (the timer itself is unref'd).
setTimeout(() => process.exit(code), 1500).unref();
