// Issue 10 points 5 and 6: bad command-line values are usage errors (exit 2) with a clear message,
// never a retry storm, a timer overflow or a request for the model list.
import { describe, expect, it } from 'vitest';
import { cliTestScope, closedPort, runCliOnce } from '../cli/cli-process.js';

cliTestScope();

describe('numeric flags have sane ranges', () => {
  it.each([
    [['watch', '--interval', '1e-9'], '--interval must be between 0.1 and 3600'],
    [['watch', '--interval', '3000000'], '--interval must be between 0.1 and 3600'],
    [['watch', '--interval', '1e12'], '--interval must be between 0.1 and 3600'],
    [['interactive', '--interval', '0.001'], '--interval must be between 0.1 and 3600'],
    [['watch', '--max-attempts', '99999999'], '--max-attempts must be between 0 and 1000000'],
    [['stats', '--timeout', '1e9'], '--timeout must be between 0.1 and 3600'],
    [['stop', '--model', 'm', '--timeout', '0.0001'], '--timeout must be between 0.1 and 3600'],
    [['diagnose', '--model', 'm', '--timeout', '86400'], '--timeout must be between 0.1 and 3600'],
    [['clear', '--model', 'm', '--keep-minutes', '99999999'], '--keep-minutes must be between 0 and 525600'],
  ])('%j exits 2: %s', async (args, message) => {
    const port = await closedPort();
    const r = await runCliOnce([...args, '--url', `http://127.0.0.1:${port}`], { timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    // A usage error is decided before any request: nothing about the server is said.
    expect(r.stderr).not.toMatch(/unreachable|TimeoutOverflowWarning/);
  });

  it('an empty --model is a usage error in every command that takes one', async () => {
    const port = await closedPort();
    for (const cmd of ['watch', 'start', 'stop', 'diagnose']) {
      const r = await runCliOnce([cmd, '--model', '', '--url', `http://127.0.0.1:${port}`], { timeoutMs: 10_000 });
      expect(r.code, cmd).toBe(2);
      expect(r.stderr, cmd).toContain('--model must not be empty');
    }
  });
});
