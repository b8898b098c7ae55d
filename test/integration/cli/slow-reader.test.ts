// `watch --json` whose stdout nobody reads (issue 10): the built CLI must not buffer the whole stream
// in memory. It holds a bounded amount (~30 MB of records pass here), drops the rest, and tells the
// reader how many lines it lost. Without the batched writer every record queues in the process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { QUIET_DEMO } from '../../helpers/demo-helpers.js';
import { cliTestScope, CLI_PATH } from './cli-process.js';

const cli = cliTestScope();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU ticks (user + system) a process has used, from /proc. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const HISTORY = 120_000;

describe('watch --json with a stdout nobody reads', () => {
  it('keeps a bounded buffer, drops what does not fit and counts it in a marker record', async () => {
    const demo = await cli.demo({ ...QUIET_DEMO, generation: 'v1-seed', models: [{ name: 'm1' }] });
    await demo.startModel('m1');
    const pad = 'x'.repeat(80);
    for (let i = 0; i < HISTORY; i += 1000) demo.emitMany('m1', Array.from({ length: 1000 }, (_, j) => `history ${i + j} ${pad}`));

    const c = spawn(process.execPath, [CLI_PATH, 'watch', '--json', '--model', 'm1', '--url', demo.url], {
      env: { PATH: process.env['PATH'] ?? '', LANG: 'en_US.UTF-8', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    cli.killAfter(c);
    const pid = c.pid ?? 0;
    // Nobody reads stdout: the pipe fills and the CLI's writes back up. Wait until it stops working.
    let last = -1;
    let stableSince = Date.now();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await sleep(100);
      const ticks = cpuTicks(pid);
      if (ticks !== last) {
        last = ticks;
        stableSince = Date.now();
      } else if (Date.now() - stableSince > 1500) break;
    }

    // Now read: what was held comes out, then one marker, then the next live line.
    let out = '';
    c.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
    let size = -1;
    while (out.length !== size) {
      size = out.length;
      await sleep(500);
    }
    demo.emit('m1', 'the end');
    const end = Date.now() + 15_000;
    while (!out.includes('"text":"the end"') && Date.now() < end) await sleep(50);
    process.kill(pid, 'SIGINT');

    const records = out
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { type: string; lines?: number; entries?: number; seq?: number; origin?: string; text?: string });
    const markers = records.filter((r) => r.type === 'dropped');
    // One marker per stretch the reader fell behind (a busy machine may make it more than one).
    expect(markers.length).toBeGreaterThanOrEqual(1);
    expect(markers.reduce((sum, m) => sum + (m.lines ?? 0), 0)).toBeGreaterThan(0);
    // Every log entry (line or marker) carries a per-model seq: printed + counted as dropped is exactly
    // every entry up to the last one, and no entry is printed twice.
    const entries = records.filter((r) => r.seq !== undefined && r.type !== 'vitals');
    const seqs = entries.map((r) => r.seq ?? 0);
    expect(new Set(seqs).size).toBe(seqs.length);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? 0);
    const droppedEntries = markers.reduce((sum, m) => sum + (m.entries ?? 0), 0);
    expect(entries.length + droppedEntries).toBe(Math.max(...seqs));
    const history = records.filter((r) => r.type === 'line' && r.origin === 'history');
    // Every history line is printed or among the dropped entries (with at most the few markers).
    expect(history.length + droppedEntries).toBeGreaterThanOrEqual(HISTORY);
    // Each marker sits exactly where its entries went missing: the seqs around it differ by its count.
    for (const m of markers) {
      const at = records.indexOf(m);
      const before = records.slice(0, at).reverse().find((r) => r.seq !== undefined)?.seq;
      const after = records.slice(at + 1).find((r) => r.seq !== undefined)?.seq;
      if (before === undefined || after === undefined) continue;
      expect(after - before - 1).toBe(m.entries);
    }
    const lastMarkerAt = records.lastIndexOf(markers[markers.length - 1] as (typeof records)[number]);
    const endAt = records.findIndex((r) => r.text === 'the end');
    expect(endAt).toBeGreaterThan(lastMarkerAt);
  }, 120_000);
});
