// The logbook's columnar ring (issue 13, memory per held line): what is read back is exactly what was
// pushed (every optional field, markers, JSON shape), across wrap-around, eviction at the cap,
// resize, retain (seqs with holes) and clear; every dropped entry is reported once, oldest first.
import { describe, expect, it } from 'vitest';
import { EntryRing } from '../../../main/core/logs/entry-ring.js';
import { Logbook } from '../../../main/core/logs/logbook.js';
import type { LogEntry, LogLine, LogMarker, SignatureId } from '../../../main/core/types.js';
import { createRandom } from '../../../main/demo/random.js';
import { FakeClock } from '../../fakes/fake-clock.js';

const KEY = 'srv/model';

function line(seq: number, extra: Partial<LogLine> = {}): LogLine {
  return { kind: 'line', seq, key: KEY, ts: 1_795_896_000_000.125 + seq * 0.731, origin: 'live', level: 'info', text: `line ${seq}`, ...extra };
}

function marker(seq: number, extra: Partial<LogMarker> = {}): LogMarker {
  return { kind: 'marker', seq, key: KEY, ts: 1_795_896_100_000 + seq, marker: 'gap', reason: 'disconnected', ...extra };
}

/** Every shape the logbook makes, plus values the ring has no code for. */
function varied(seq: number, pick: number): LogEntry {
  switch (pick % 12) {
    case 0:
      return line(seq);
    case 1:
      return line(seq, { origin: 'history', level: 'error', serverLevel: 'error', signature: 'cuda-oom' });
    case 2:
      return line(seq, { level: 'error', signature: 'traceback', continuation: true });
    case 3:
      return line(seq, { level: 'warning', serverLevel: 'WARN-ish' });
    case 4:
      return line(seq, { serverLevel: 'info', serverId: 10_000_000_000 + seq });
    case 5:
      return line(seq, { ts: 1_795_896_000_000 + seq, timeReceived: true, level: 'success' });
    case 6:
      return line(seq, { level: 'error', signature: 'generic-error', recovered: true, fills: seq - 3 });
    case 7:
      return marker(seq);
    case 8:
      return marker(seq, { marker: 'gap-resolved', fills: seq - 1, recovered: 2, outcome: 'recovered' });
    case 9:
      return line(seq, { text: '模型 \u001b[31mERROR\u001b[0m 第 1 次', continuation: false });
    case 10:
      return line(seq, { signature: 'some-future-signature' as SignatureId, ts: Number.NaN });
    default:
      return line(seq, { text: '', ts: -0 });
  }
}

/** Compared as JSON too: the same fields in the same order as the logbook builds them (as `varied` does). */
function same(actual: readonly LogEntry[], expected: readonly LogEntry[]): void {
  expect(actual).toEqual(expected);
  expect(actual.map((e) => JSON.stringify(e))).toEqual(expected.map((e) => JSON.stringify(e)));
}

describe('EntryRing', () => {
  it('keeps every level (its code is its place in one table) and refuses a level it has no code for', () => {
    const r = new EntryRing(10, KEY);
    const levels = ['info', 'error', 'warning', 'success'] as const;
    const pushed = levels.map((level, i) => line(i + 1, { level }));
    for (const e of pushed) r.push(e);
    same(r.toArray(), pushed);
    expect(() => r.push(line(5, { level: 'fatal' as LogLine['level'] }))).toThrow(/unknown level fatal/);
  });

  it('reads back exactly what was pushed, every optional field included', () => {
    const r = new EntryRing(100, KEY);
    const pushed = Array.from({ length: 24 }, (_, i) => varied(i + 1, i));
    for (const e of pushed) r.push(e);
    same(r.toArray(), pushed);
    same(r.toArray(20), pushed.slice(20));
    expect(r.at(2)).toEqual(pushed[2]);
    expect(r.at(24)).toBeUndefined();
    expect(r.textAt(0)).toBe('line 1');
    expect(r.textAt(7)).toBeUndefined(); // a marker
    expect(r.isRecoveredAt(6)).toBe(true);
    expect(r.isRecoveredAt(5)).toBe(false);
  });

  it('wraps around and evicts the oldest at the cap, reporting each drop once', () => {
    const dropped: [number, number, string | undefined][] = [];
    const r = new EntryRing(5, KEY);
    const pushed: LogEntry[] = [];
    for (let seq = 1; seq <= 13; seq++) {
      const e = varied(seq, seq);
      pushed.push(e);
      r.push(e, (s, ts, text) => dropped.push([s, ts, text]));
    }
    expect(r.size).toBe(5);
    same(r.toArray(), pushed.slice(-5));
    expect(dropped.map((d) => d[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const [seq, ts, text] of dropped) {
      const e = pushed[seq - 1];
      expect(ts).toBe(e?.ts);
      expect(text).toBe(e?.kind === 'line' ? e.text : undefined);
    }
    expect([r.seqAt(0), r.seqAt(4), r.indexOfSeq(10), r.indexOfSeq(8), r.firstIndexAfter(10), r.firstIndexAfter(0), r.firstIndexAfter(99)]).toEqual([9, 13, 1, -1, 2, 0, 5]);
  });

  it('resize keeps the newest, retain leaves seqs with holes that are still found', () => {
    const r = new EntryRing(10, KEY);
    const pushed = Array.from({ length: 10 }, (_, i) => line(i + 1, { ts: i % 2 === 0 ? 100 : 200 }));
    for (const e of pushed) r.push(e);
    const dropped: number[] = [];
    r.resize(6, (seq) => dropped.push(seq));
    expect(dropped).toEqual([1, 2, 3, 4]);
    same(r.toArray(), pushed.slice(4));
    expect(r.capacity).toBe(6);
    expect(r.retainTs((ts) => ts >= 200, (seq) => dropped.push(seq))).toBe(3);
    expect(dropped).toEqual([1, 2, 3, 4, 5, 7, 9]);
    const kept = [pushed[5], pushed[7], pushed[9]] as LogEntry[];
    same(r.toArray(), kept);
    expect([r.indexOfSeq(8), r.indexOfSeq(7), r.firstIndexAfter(6), r.firstIndexAfter(7)]).toEqual([1, -1, 1, 1]);
    const more = [line(11), line(12), line(13), line(14)];
    for (const e of more) r.push(e);
    same(r.toArray(), [...kept, ...more].slice(-6));
    expect(r.indexOfSeq(10)).toBe(1);
    r.clear();
    expect(r.size).toBe(0);
    r.push(line(30));
    same(r.toArray(), [line(30)]);
  });

  it('a settled marker replaces the held one; a line cannot be replaced', () => {
    const r = new EntryRing(4, KEY);
    r.push(line(1));
    r.push(marker(2, { unverified: true, reason: 'replay-hole' }));
    const settled = marker(2, { reason: 'replay-hole', recovered: 0, outcome: 'complete' });
    expect(r.setMarker(1, settled)).toBe(true);
    expect(r.setMarker(0, settled)).toBe(false);
    same(r.toArray(), [line(1), settled]);
  });

  it('matches a plain array under random pushes, resizes, retains and clears', () => {
    const rnd = createRandom(7);
    let cap = 9;
    const r = new EntryRing(cap, KEY);
    let model: LogEntry[] = [];
    let seq = 0;
    for (let step = 0; step < 4000; step++) {
      const p = rnd();
      const drops: number[] = [];
      const onDrop = (s: number) => drops.push(s);
      if (p < 0.85) {
        const e = varied(++seq, Math.floor(rnd() * 12));
        r.push(e, onDrop);
        model.push(e);
        const over = model.length - cap;
        expect(drops).toEqual(over > 0 ? model.slice(0, over).map((x) => x.seq) : []);
        if (over > 0) model = model.slice(over);
      } else if (p < 0.9) {
        cap = 1 + Math.floor(rnd() * 16);
        r.resize(cap, onDrop);
        const over = Math.max(0, model.length - cap);
        expect(drops).toEqual(model.slice(0, over).map((x) => x.seq));
        model = model.slice(over);
      } else if (p < 0.97) {
        const keep = (e: LogEntry) => e.seq % 3 !== 0;
        const tsKeep = new Set(model.filter(keep).map((e) => e.ts));
        r.retainTs((ts) => tsKeep.has(ts) || (Number.isNaN(ts) && model.some((e) => keep(e) && Number.isNaN(e.ts))), onDrop);
        const next = model.filter((e) => tsKeep.has(e.ts) || (Number.isNaN(e.ts) && model.some((x) => keep(x) && Number.isNaN(x.ts))));
        expect(drops).toEqual(model.filter((e) => !next.includes(e)).map((e) => e.seq));
        model = next;
      } else {
        r.clear(onDrop);
        expect(drops).toEqual(model.map((e) => e.seq));
        model = [];
      }
      expect(r.size).toBe(model.length);
      if (step % 50 === 0 || step > 3950) same(r.toArray(), model);
      const probe = model[Math.floor(rnd() * model.length)];
      if (probe) {
        expect(r.indexOfSeq(probe.seq)).toBe(model.indexOf(probe));
        expect(r.firstIndexAfter(probe.seq)).toBe(model.indexOf(probe) + 1);
      }
    }
  });
});

describe('Logbook on the columnar ring', () => {
  it('history requests return exactly the entries ingest returned, evicted ones summarised', () => {
    const clock = new FakeClock();
    const lb = new Logbook({ key: KEY, cap: 50, clock });
    const emitted: LogEntry[] = [];
    lb.beginConnection();
    const texts = ['loading model', 'ERROR: CUDA error: out of memory', '  current device: 0', 'WARNING: slot 1 context shift', 'server is listening'];
    for (let i = 0; i < 30; i++) emitted.push(...lb.ingest({ origin: 'history', ts: 1000 + i, text: `${texts[i % texts.length]} ${i}`, serverLevel: i % 7 === 0 ? 'error' : 'info' }));
    emitted.push(...lb.historyComplete());
    for (let i = 0; i < 60; i++) emitted.push(...lb.ingest({ origin: 'live', ts: 0, receivedAt: 5000 + i, text: `${texts[i % texts.length]} live ${i}` }));
    const held = lb.entries();
    const first = held[0];
    expect(first?.kind === 'marker' && first.reason === 'evicted' ? first.missing : -1).toBe(emitted.slice(0, -50).filter((e) => e.kind === 'line').length);
    same(held.slice(1), emitted.slice(-50));
    same(lb.entries(emitted[emitted.length - 5]?.seq), emitted.slice(-4));
  });

  it('a full replay after the cap evicted most of the live tail brings back nothing (exact, identical lines too)', () => {
    const clock = new FakeClock();
    const lb = new Logbook({ key: KEY, cap: 8, clock });
    const server: { ts: number; text: string }[] = [];
    lb.beginConnection();
    lb.historyComplete();
    for (let i = 0; i < 40; i++) {
      // Repeated texts at repeated instants: counted exactly, not by content alone.
      const l = { ts: 1000 + Math.floor(i / 3), text: i % 4 === 0 ? 'same text' : `line ${i}` };
      server.push(l);
      lb.ingest({ origin: 'live', ...l });
    }
    const before = lb.lastSeq();
    lb.beginConnection();
    const again: LogEntry[] = [];
    for (const l of server) again.push(...lb.ingest({ origin: 'history', ...l }));
    again.push(...lb.historyComplete());
    expect(again).toEqual([]);
    expect(lb.lastSeq()).toBe(before);
    // One more connection after a local clear: still nothing comes back, one new line does.
    lb.clearLocal();
    lb.beginConnection();
    const third: LogEntry[] = [];
    for (const l of [...server, { ts: 2000, text: 'new' }]) third.push(...lb.ingest({ origin: 'history', ...l }));
    third.push(...lb.historyComplete());
    expect(third.filter((e) => e.kind === 'line').map((e) => (e.kind === 'line' ? e.text : ''))).toEqual(['new']);
  });
});
