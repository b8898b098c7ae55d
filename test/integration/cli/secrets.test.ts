// Proxy credentials on the command line (--header, --header-file, user info in --url) reach the
// server and nothing else: every output of the built CLI is searched for the secret.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DemoServer } from '../../../main/demo/server.js';
import { startAuthProxy, type AuthProxy } from '../../helpers/auth-proxy.js';
import { QUIET_DEMO } from '../../helpers/demo-helpers.js';
import { cliTestScope, runCliOnce } from './cli-process.js';

const TOKEN = 'tok-5ecret-Zq81';
const BEARER = `Bearer ${TOKEN}`;
const PASSWORD = 'pw-5ecret-Hx27';
const BASIC = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;
const BASIC_B64 = Buffer.from(`alice:${PASSWORD}`).toString('base64');

const cli = cliTestScope();

async function behindProxy(expected: string): Promise<{ demo: DemoServer; proxy: AuthProxy }> {
  const demo = await cli.demo({ ...QUIET_DEMO, generation: 'v1-seed', models: [{ name: 'm1' }, { name: 'm2' }] });
  await demo.startModel('m1');
  demo.emit('m1', 'a history line');
  const proxy = cli.closeAfter(await startAuthProxy(demo.url, expected));
  return { demo, proxy };
}

function expectNoSecret(...outputs: string[]): void {
  for (const text of outputs) {
    for (const secret of [TOKEN, PASSWORD, BASIC_B64, `alice:${PASSWORD}`]) expect(text).not.toContain(secret);
  }
}

describe('--header', () => {
  it('watch --json --verbose sends the header and prints its name only', async () => {
    const { proxy: p } = await behindProxy(BEARER);
    const run = cli.spawn(['watch', '--url', p.url, '--header', `Authorization: ${BEARER}`, '--model', 'm1', '--json', '--verbose', '--interval', '0.2']);
    await run.waitFor(/"type":"line".*a history line/);
    await run.waitFor(/history-complete/);
    run.interrupt();
    expect(await run.exited).toBe(0);
    expect(p.seen.length).toBeGreaterThan(0);
    expect(p.seen.every((h) => h === BEARER)).toBe(true);
    expect(run.stderr()).toMatch(/request headers: Authorization \(values hidden\)/);
    expect(run.stderr()).toMatch(/→ GET http:\/\/127\.0\.0\.1:\d+\/health \[headers: Authorization\]/);
    expect(run.stdout()).toContain(`"url":"${p.url}"`);
    expectNoSecret(run.stdout(), run.stderr());
  });

  it('stats, diagnose and control (human and --json) never print it', async () => {
    const { proxy: p } = await behindProxy(BEARER);
    const flags = ['--url', p.url, '-H', `Authorization: ${BEARER}`, '--verbose'];
    const outputs: string[] = [];
    for (const args of [
      ['stats', ...flags],
      ['stats', '--json', ...flags],
      ['diagnose', '--model', 'm1', ...flags],
      ['diagnose', '--model', 'm1', '--json', ...flags],
      ['start', '--model', 'm2', '--json', ...flags],
    ]) {
      const r = await runCliOnce(args);
      expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
      outputs.push(r.stdout, r.stderr);
    }
    expect(outputs[0]).toMatch(/health: healthy/);
    expect(JSON.parse(outputs[6] ?? '')).toMatchObject({ type: 'diagnosis', ok: true, url: p.url });
    expectNoSecret(...outputs);
  });

  it('a wrong credential: the proxy echoes it in its 401 body, the CLI shows it redacted', async () => {
    const { proxy: p } = await behindProxy(BEARER);
    const wrong = 'Bearer wr0ng-5ecret-Kp55';
    const r = await runCliOnce(['diagnose', '--model', 'm1', '--url', p.url, '--header', `Authorization: ${wrong}`, '--verbose', '--timeout', '5']);
    expect(r.code).toBe(1);
    expect(p.seen).toContain(wrong);
    expect(r.stderr).toMatch(/← 401 GET \S+\/health \(\d+ ms\): 401 Unauthorized: you sent \[redacted\]/);
    expect(r.stdout + r.stderr).not.toContain('wr0ng-5ecret-Kp55');
  });

  it('--header-file reads headers from a file; a malformed header is refused with exit 2 without echoing it', async () => {
    const { proxy: p } = await behindProxy(BEARER);
    const dir = cli.tempDir('llt-headers-');
    writeFileSync(join(dir, 'headers.txt'), `# proxy credentials\nAuthorization: ${BEARER}\n\nX-Trace: 1\n`);
    const ok = await runCliOnce(['stats', '--json', '--verbose', '--url', p.url, '--header-file', 'headers.txt'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(p.seen.at(-1)).toBe(BEARER);
    expect(ok.stderr).toContain('request headers: Authorization, X-Trace (values hidden)');
    expectNoSecret(ok.stdout, ok.stderr);

    writeFileSync(join(dir, 'bad.txt'), `${BEARER}\n`);
    const bad = await runCliOnce(['stats', '--url', p.url, '--header-file', 'bad.txt'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.txt:1: a header must look like "Name: value"');
    const flag = await runCliOnce(['stats', '--url', p.url, '--header', BEARER]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--header: a header must look like "Name: value"');
    expectNoSecret(bad.stdout, bad.stderr, flag.stdout, flag.stderr);
  });
});

describe('user info in --url', () => {
  it('becomes Authorization: Basic, and the URL is shown without it everywhere', async () => {
    const { proxy: p } = await behindProxy(BASIC);
    const withUser = p.url.replace('http://', `http://alice:${PASSWORD}@`);
    const run = cli.spawn(['watch', '--url', withUser, '--model', 'm1', '--verbose', '--interval', '0.2']);
    await run.waitFor(/a history line/);
    run.interrupt();
    expect(await run.exited).toBe(0);
    expect(p.seen.every((h) => h === BASIC)).toBe(true);
    expect(run.stdout()).toContain(`on ${p.url}`);
    expect(run.stderr()).toContain(`server URL ${p.url} (from flag)`);
    expectNoSecret(run.stdout(), run.stderr());

    const json = await runCliOnce(['stats', '--json', '--url', withUser]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ type: 'stats', server: { url: p.url, name: p.url, health: 'healthy' } });
    expectNoSecret(json.stdout, json.stderr);
  });

  it('an unreachable or invalid URL with user info is reported without it', async () => {
    const down = await runCliOnce(['stats', '--url', `http://alice:${PASSWORD}@127.0.0.1:9`, '--verbose', '--timeout', '3']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Server http://127.0.0.1:9 is unreachable');
    const bad = await runCliOnce(['stats', '--url', `ftp://alice:${PASSWORD}@example.invalid`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--url must be an http(s) URL, got "ftp://example.invalid"');
    const unknownFlag = await runCliOnce(['stats', '--url', `http://alice:${PASSWORD}@127.0.0.1:9`, '--bogus', PASSWORD]);
    expect(unknownFlag.code).toBe(2);
    expectNoSecret(down.stdout, down.stderr, bad.stdout, bad.stderr, unknownFlag.stdout, unknownFlag.stderr);
  });
});
