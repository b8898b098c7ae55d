// Issue 13 point 3: the replay de-dup's live tail is bounded by what the logbook holds (plus the pairs
// of dropped lines within TAIL_KEEP_MS of the newest), and a reconnect after the ring overflowed many
// times over still appends exactly the lines it did not have. These scenarios fail with a wrong bound:
// a tail that forgets every dropped line undercounts an anchor repeated before the ring's oldest line,
// and a tail capped at a few thousand distinct pairs (falling back to the recent runs) does too.
import { describe, expect, it } from 'vitest';
import { Logbook } from '../../../main/core/logs/logbook.js';
import { ReplayDedup, TAIL_KEEP_MS } from '../../../main/core/logs/replay-dedup.js';
import type { LogEntry, LogLine } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { live, markers, type ServerLine } from './sim-server.js';

/** A full v1/v2 connection replaying `list`, then historical_complete. */
function connect(lb: Logbook, list: readonly ServerLine[]): LogEntry[] {
  lb.beginConnection();
  const out: LogEntry[] = [];
  for (const l of list) out.push(...lb.ingest({ origin: 'history', ts: l.ts, text: l.text }));
  out.push(...lb.historyComplete());
  return out;
}

const HEALTH = 'srv  log_server_r: request: GET /health 127.0.0.1 200';

/** Whole-second timestamps (as some servers log), `perSecond` lines a second, every 5th one the health check. */
function wholeSecondLines(from: number, count: number, perSecond: number, start: number): ServerLine[] {
  const out: ServerLine[] = [];
  for (let i = from; i < from + count; i++) {
    const ts = start + Math.floor(i / perSecond) * 1000;
    out.push({ ts, text: i % 5 === 4 ? HEALTH : `slot launch_slot_: id ${i % 4} | task ${i} | processing task` });
  }
  return out;
}

function heldKeys(lb: Logbook): string[] {
  return lb
    .entries()
    .filter((e): e is LogLine => e.kind === 'line')
    .map((e) => `${e.ts}|${e.text}`);
}

const keys = (list: readonly ServerLine[]) => list.map((l) => `${l.ts}|${l.text}`);
const lineKeys = (entries: readonly LogEntry[]) => entries.filter((e): e is LogLine => e.kind === 'line').map((e) => `${e.ts}|${e.text}`);

describe('replay de-dup: the live tail bounded by the logbook', () => {
  it('a reconnect after the ring overflowed 30 times: the anchor repeated before the oldest held line is counted, nothing lost or duplicated', () => {
    const cap = 200;
    const lb = new Logbook({ key: 's/m', cap, clock: new FakeClock() });
    const start = 1_795_896_000_000;
    const server: ServerLine[] = wholeSecondLines(0, 40, 500, start);
    expect(markers(connect(lb, server))).toEqual(['history-complete']);
    // 6,440 live lines, 500 a second: the last second's 96 health checks (the anchor's pair) span
    // 480 lines, 280 of them before the ring's oldest line; ~5,150 distinct pairs in all.
    const tail = wholeSecondLines(40, 6_440, 500, start);
    server.push(...tail);
    expect(lineKeys(live(lb, tail))).toEqual(keys(tail));
    // While we were away: more of the same second (health checks identical to the anchor) and the next.
    const away = wholeSecondLines(6_480, 260, 500, start);
    server.push(...away);
    const appended = connect(lb, server);
    expect(lineKeys(appended)).toEqual(keys(away));
    expect(markers(appended)).toEqual([]);
    expect(heldKeys(lb)).toEqual(keys(server.slice(-cap)));
    // Once more with nothing new: nothing appended.
    expect(lineKeys(connect(lb, server))).toEqual([]);
    expect(heldKeys(lb)).toEqual(keys(server.slice(-cap)));
  });

  it('millisecond timestamps, a tail 50 times the ring: the next replay appends only what was printed meanwhile', () => {
    const cap = 100;
    const lb = new Logbook({ key: 's/m', cap, clock: new FakeClock() });
    const server: ServerLine[] = [];
    let t = 1_795_896_000_000.25;
    const make = (n: number): ServerLine[] =>
      Array.from({ length: n }, (_, i) => {
        t += 3.7;
        return { ts: t, text: i % 3 === 0 ? 'tick' : `line ${i}` };
      });
    server.push(...make(30));
    connect(lb, server);
    for (let round = 0; round < 3; round++) {
      const tail = make(5_000);
      server.push(...tail);
      live(lb, tail);
      const away = make(37);
      server.push(...away);
      const appended = connect(lb, server);
      expect(lineKeys(appended)).toEqual(keys(away));
      expect(markers(appended)).toEqual([]);
      expect(heldKeys(lb)).toEqual(keys(server.slice(-cap)));
    }
  });

  it('keeps per dropped tail line nothing but the pairs within TAIL_KEEP_MS of the newest', () => {
    const cap = 200;
    const texts = new Map<number, string>();
    const dedup = new ReplayDedup(cap, (seq) => texts.get(seq));
    dedup.beginConnection();
    dedup.endReplay();
    const stepMs = 10;
    let seq = 0;
    for (let i = 0; i < 20_000; i++) {
      const line = { origin: 'live' as const, ts: 1_795_896_000_000 + i * stepMs, text: `line ${i % 7}` };
      texts.set(++seq, line.text);
      dedup.noteAppended(line, seq);
      // The logbook's ring at its cap drops the oldest line.
      if (texts.size > cap) {
        const oldest = seq - cap;
        const text = texts.get(oldest) ?? '';
        texts.delete(oldest);
        dedup.releaseHeld(oldest, 0, text);
      }
    }
    const t = dedup.tailRetained();
    expect(t.held).toBe(cap);
    // Lines dropped within 2 s of the newest keep their pair; everything older is forgotten.
    expect(t.kept).toBeLessThanOrEqual(TAIL_KEEP_MS / stepMs - cap + 1);
    expect(t.overflow).toBe(false);
  });

  it('the clock stepped back by more than TAIL_KEEP_MS: the search falls back to the recent runs, still no duplicate', () => {
    const cap = 50;
    const lb = new Logbook({ key: 's/m', cap, clock: new FakeClock() });
    const server: ServerLine[] = [];
    let t = 1_795_896_000_000;
    const make = (n: number, prefix: string): ServerLine[] =>
      Array.from({ length: n }, (_, i) => {
        t += 100;
        return { ts: t, text: `${prefix} ${i}` };
      });
    server.push(...make(10, 'boot'));
    connect(lb, server);
    const before = make(300, 'a');
    t -= 3_600_000; // an hour back: the anchor is older than lines the ring dropped
    const after = make(20, 'b');
    server.push(...before, ...after);
    live(lb, [...before, ...after]);
    const away = make(5, 'c');
    server.push(...away);
    const appended = connect(lb, server);
    expect(lineKeys(appended)).toEqual(keys(away));
    expect(heldKeys(lb)).toEqual(keys(server.slice(-cap)));
  });
});
