// Runs the BUILT command (out/node/cli.js) as a child process, with a timeout and kill-by-PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll } from 'vitest';
import { testScope, type TestScope } from '../../helpers/test-scope.js';

// LLM_LOG_TRAY_CLI lets a developer point the tests at another build without touching out/.
export const CLI_PATH = process.env['LLM_LOG_TRAY_CLI'] ?? resolve(import.meta.dirname, '../../../out/node/cli.js');

export function assertCliBuilt(): void {
  if (!existsSync(CLI_PATH)) {
    throw new Error(`${CLI_PATH} is missing: build it first with \`npm run build:node\` (npm test does this).`);
  }
}

/** SIGKILL by PID if the child still runs (never by name). */
export function killChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export interface CliRun {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (signal → 128+n style -1). */
  readonly exited: Promise<number>;
  /** Polls the output until `test` matches; throws with the output so far on timeout. */
  waitFor(test: RegExp | ((out: string) => boolean), opts?: { timeoutMs?: number; stream?: 'stdout' | 'stderr' }): Promise<void>;
  write(text: string): void;
  endInput(): void;
  interrupt(): void;
  /** Kills the child by PID if still running. Safe to call twice. */
  kill(): void;
}

export interface CliSpawnOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Hard limit: the child is killed after this long (default 20 s). */
  readonly timeoutMs?: number;
}

export function spawnCli(args: readonly string[], opts: CliSpawnOptions = {}): CliRun {
  assertCliBuilt();
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    env: { PATH: process.env['PATH'] ?? '', LANG: 'en_US.UTF-8', NO_COLOR: '1', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdin?.on('error', () => {});
  const kill = (): void => killChild(child);
  const hard = setTimeout(kill, opts.timeoutMs ?? 20_000);
  const exited = new Promise<number>((res) => {
    child.on('exit', (code) => {
      clearTimeout(hard);
      res(code ?? -1);
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(test, o = {}) {
      const deadline = Date.now() + (o.timeoutMs ?? 10_000);
      const check = typeof test === 'function' ? test : (s: string) => test.test(s);
      for (;;) {
        const text = o.stream === 'stderr' ? err : out;
        if (check(text)) return;
        if (Date.now() > deadline || child.exitCode !== null) {
          if (check(o.stream === 'stderr' ? err : out)) return;
          throw new Error(`timed out waiting for ${String(test)}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    write: (text) => void child.stdin?.write(text),
    endInput: () => void child.stdin?.end(),
    interrupt: () => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGINT');
    },
    kill,
  };
}

/** Runs to completion; returns code and output. */
export async function runCliOnce(
  args: readonly string[],
  opts: CliSpawnOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = spawnCli(args, opts);
  try {
    run.endInput();
    const code = await run.exited;
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  } finally {
    run.kill();
  }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

/** What a CLI test starts (see TestScope), plus the CLI's own children and temporary directories. */
export interface CliTestScope extends Pick<TestScope, 'demo' | 'closeAfter'> {
  /** spawnCli, killed by PID after the test. */
  spawn(args: readonly string[], opts?: CliSpawnOptions): CliRun;
  /** A fresh temporary directory, removed after the test. */
  tempDir(prefix: string): string;
  /** A child started another way: killed by PID after the test if it still runs. */
  killAfter(child: ChildProcess): ChildProcess;
}

/**
 * The hooks every CLI test file needs, registered once: the built CLI must exist (beforeAll), and
 * after each test every child it spawned is killed and every server it started is closed.
 */
export function cliTestScope(): CliTestScope {
  beforeAll(() => assertCliBuilt());
  const scope = testScope();
  return {
    demo: scope.demo,
    closeAfter: scope.closeAfter,
    spawn(args, opts) {
      const run = spawnCli(args, opts);
      scope.defer(() => run.kill());
      return run;
    },
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      scope.defer(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    killAfter(child) {
      scope.defer(() => killChild(child));
      return child;
    },
  };
}
