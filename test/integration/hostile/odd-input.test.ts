// Issue 10 points 4 and 5 end to end: model ids that are dot segments, string timestamps, giant
// lines and frames, lone-CR framing, against the built CLI and a hostile server on loopback.
import { describe, expect, it } from 'vitest';
import { cliTestScope } from '../cli/cli-process.js';
import { HISTORY_COMPLETE, historical, realtime, sseHead, startHostile } from './hostile-server.js';

const cli = cliTestScope();

interface Rec {
  type: string;
  text?: string;
  ts?: number;
  message?: string;
  key?: string | null;
}
const records = (out: string): Rec[] =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Rec);

describe('model ids "." and ".."', () => {
  it('are never sent as a dot segment (which would address another endpoint); the user is told why', async () => {
    const server = cli.closeAfter(await startHostile({
      models: ['.', '..', 'ok'],
      stream: (_m, res) => {
        sseHead(res);
        res.write(historical('ok line', 1_764_331_331.5) + HISTORY_COMPLETE);
      },
    }));
    const run = cli.spawn(['watch', '--url', server.url, '--interval', '0.2']);
    await run.waitFor(/ok line/);
    await run.waitFor((s) => (s.match(/cannot be used in a URL path/g) ?? []).length >= 2, { stream: 'stdout' });
    const stop = cli.spawn(['stop', '--model', '..', '--url', server.url, '--timeout', '3']);
    expect(await stop.exited).toBe(1);
    expect(stop.stderr()).toMatch(/cannot be used in a URL path/);
    run.interrupt();
    await run.exited;
    // Nothing reached the endpoints a dot segment resolves to.
    for (const p of ['/api/logs/stream', '/api/models/logs/stream', '/api/stop', '/api/models/stop', '/logs/stream']) expect(server.hits(p), p).toBe(0);
  });
});

describe('odd frames', () => {
  it('string timestamps are parsed, a giant line is cut with a mark, a giant frame is dropped with a problem, lone CRs end frames', async () => {
    const giantLine = 'G'.repeat(100_000);
    const server = cli.closeAfter(await startHostile({
      stream: (_m, res) => {
        sseHead(res);
        res.write(historical('numeric string time', '1764331331.25'));
        res.write(historical('iso time', '2025-11-28T12:00:00Z'));
        res.write(historical(giantLine, 1_764_331_332));
        res.write(HISTORY_COMPLETE);
        // A frame of endless data: lines (8 MB, twice the frame cap), then a blank line.
        const junk = `data: ${'j'.repeat(8191)}\n`;
        for (let i = 0; i < 1024; i++) res.write(junk);
        res.write('\n');
        // Lone-CR framing for the last frame, and then silence.
        res.write(realtime('after the junk', 1_764_331_333).replace(/\n/g, '\r'));
      },
    }));
    const r = cli.spawn(['watch', '--json', '--model', 'm1', '--url', server.url, '--interval', '0.2']);
    await r.waitFor((s) => records(s).some((x) => x.text === 'after the junk'), { timeoutMs: 15_000 });
    r.interrupt();
    await r.exited;
    const recs = records(r.stdout());
    const line = (text: string) => recs.find((x) => x.type === 'line' && x.text?.startsWith(text));
    expect(line('numeric string time')?.ts).toBe(1_764_331_331_250);
    expect(line('iso time')?.ts).toBe(Date.parse('2025-11-28T12:00:00Z'));
    const cut = line('GGGG');
    expect(cut?.text?.length).toBeLessThan(20_000);
    expect(cut?.text).toMatch(/ … \d+ bytes cut$/);
    expect(recs.some((x) => x.type === 'problem' && /oversize/.test(x.message ?? ''))).toBe(true);
  });
});
