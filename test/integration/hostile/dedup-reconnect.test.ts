// Issue 10 point 1 end to end: the built CLI against a demo server whose model repeats identical
// lines (one millisecond, whole seconds, no timestamps at all), with the stream dropped twice.
// Every server line is shown exactly once.
import { describe, expect, it } from 'vitest';
import { cliTestScope } from '../cli/cli-process.js';
import { HISTORY_COMPLETE, historical, realtime, sseHead, startHostile } from './hostile-server.js';
import { QUIET_DEMO } from '../../helpers/demo-helpers.js';

const cli = cliTestScope();

interface Rec {
  type: string;
  text?: string;
  reason?: string;
  unverified?: boolean;
  status?: { connection?: string };
}
const records = (out: string): Rec[] =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Rec);

describe.each([
  ['one millisecond', () => 1_795_896_000_123],
  ['whole seconds', () => Math.floor(Date.now() / 1000) * 1000],
])('identical lines with %s timestamps', (_name, now) => {
  it('100 copies stay 100 across two reconnects; copies made while away are added', async () => {
    const demo = await cli.demo({ ...QUIET_DEMO, generation: 'v1-seed', models: [{ name: 'm1' }], now });
    await demo.startModel('m1');
    demo.emitMany('m1', Array.from({ length: 100 }, () => 'progress .'));
    const r = cli.spawn(['watch', '--json', '--model', 'm1', '--url', demo.url, '--interval', '0.2']);
    const count = () => records(r.stdout()).filter((x) => x.type === 'line' && x.text === 'progress .').length;
    const connected = () => records(r.stdout()).filter((x) => x.type === 'status' && x.status?.connection === 'connected').length;
    await r.waitFor(() => count() >= 100);
    for (let i = 1; i <= 2; i++) {
      demo.dropConnections();
      if (i === 2) demo.emitMany('m1', Array.from({ length: 5 }, () => 'progress .'));
      await r.waitFor(() => connected() > i, { timeoutMs: 15_000 });
    }
    demo.emit('m1', 'the end');
    await r.waitFor(() => records(r.stdout()).some((x) => x.text === 'the end'));
    r.interrupt();
    await r.exited;
    expect(count()).toBe(105);
    // Every replay opens an unverified replay-hole marker (settled later); no real gap.
    expect(records(r.stdout()).filter((x) => x.type === 'gap' && !(x.reason === 'replay-hole' && x.unverified === true))).toEqual([]);
  });
});

describe('identical lines without timestamps', () => {
  it('200 copies stay 200 across two reconnects', async () => {
    const lines = Array.from({ length: 200 }, () => 'tick');
    let connections = 0;
    const server = cli.closeAfter(await startHostile({
      stream: (_model, res) => {
        connections++;
        sseHead(res);
        res.write(lines.map((t) => historical(t)).join('') + HISTORY_COMPLETE);
        // The first two connections are dropped after their replay; the third stays.
        if (connections < 3) setTimeout(() => res.destroy(), 150);
        else res.write(realtime('the end'));
      },
    }));
    const r = cli.spawn(['watch', '--json', '--model', 'm1', '--url', server.url, '--interval', '0.2']);
    await r.waitFor((s) => records(s).some((x) => x.text === 'the end'), { timeoutMs: 15_000 });
    r.interrupt();
    await r.exited;
    const recs = records(r.stdout());
    expect(recs.filter((x) => x.type === 'line' && x.text === 'tick')).toHaveLength(200);
    // Two dropped connections, the one that stays, and possibly replay-hole check connections.
    expect(connections).toBeGreaterThanOrEqual(3);
  });
});
