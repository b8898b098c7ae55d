// Issue 10 points 3 and 5: every request has a deadline. Hostile servers on loopback that accept and
// never answer, answer with a broken gzip body, or answer the model list with something that is not
// a list. Each command ends by itself, within its deadline, and says what was wrong.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cliTestScope } from '../cli/cli-process.js';
import { sendJson, startHostile, type Handler } from './hostile-server.js';

const cli = cliTestScope();

/** Accepts the request and never answers. */
const silent: Handler = () => {};
const silentEverywhere = new Proxy({} as Record<string, Handler>, { get: () => silent });

/** Runs the CLI with a hard kill after hardMs; resolves with its exit code (-1 = had to be killed). */
async function runBounded(args: string[], hardMs: number): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const run = cli.spawn(args, { timeoutMs: hardMs });
  run.endInput();
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr(), ms: Date.now() - started };
}

describe('a server that accepts and never answers', () => {
  it('stats --timeout 2 ends by itself and says there was no answer', async () => {
    const server = cli.closeAfter(await startHostile({ routes: silentEverywhere }));
    const r = await runBounded(['stats', '--url', server.url, '--timeout', '2'], 9_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no answer within 2s/);
  });

  it('stop --timeout 3 ends by itself when the control request is never answered', async () => {
    const server = cli.closeAfter(await startHostile({ routes: { '/api/models/m1/stop': silent } }));
    const r = await runBounded(['stop', '--model', 'm1', '--url', server.url, '--timeout', '3'], 12_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no answer within 3s/);
    expect(server.hits('/api/models/m1/stop')).toBe(1);
  });

  it('watch --max-attempts 1 gives up on a stream that never sends its headers', async () => {
    const server = cli.closeAfter(await startHostile({ routes: { '/api/models/m1/logs/stream': silent } }));
    const r = await runBounded(['watch', '--model', 'm1', '--url', server.url, '--max-attempts', '1', '--interval', '0.2'], 30_000);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/no answer within 15 s/);
  }, 40_000);
});

describe('broken bodies', () => {
  it('stats --timeout 3 against a broken gzip model list ends and names the problem', async () => {
    const broken: Handler = (_req, res) => {
      const good = gzipSync(JSON.stringify({ object: 'list', data: [{ id: 'm1' }] }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      // A valid gzip header, then garbage, then the connection stays open.
      res.write(good.subarray(0, 12));
      res.write(Buffer.from('this is not deflate data at all'));
    };
    const server = cli.closeAfter(await startHostile({ routes: { '/v1/models': broken } }));
    const r = await runBounded(['stats', '--url', server.url, '--timeout', '3'], 12_000);
    expect(r.code).not.toBe(-1);
    expect(r.stdout + r.stderr).toMatch(/model list|no answer within 3s/);
  });

  it.each([
    ['an HTML page', (_req: unknown, res: Parameters<Handler>[1]) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>proxy login</body></html>');
    }, /model list: HTTP 200: proxy login/],
    ['JSON that is not a list', (_req: unknown, res: Parameters<Handler>[1]) => sendJson(res, 200, { object: 'list', data: 'nope' }), /model list: HTTP 200/],
  ] as const)('/v1/models answering %s: stats says what was wrong, watch --max-attempts 3 exits', async (_name, handler, message) => {
    const server = cli.closeAfter(await startHostile({ routes: { '/v1/models': handler as Handler } }));
    const stats = await runBounded(['stats', '--url', server.url, '--timeout', '5'], 12_000);
    expect(stats.code).toBe(1);
    expect(stats.stdout + stats.stderr).toMatch(message);
    expect(stats.stdout + stats.stderr).not.toMatch(/no answer within/);
    const watch = await runBounded(['watch', '--url', server.url, '--max-attempts', '3', '--interval', '0.2'], 20_000);
    expect(watch.code).toBe(1);
    expect(watch.stdout + watch.stderr).toMatch(message);
  }, 40_000);
});
