import { describe, expect, it } from 'vitest';
import type { Level, LogEntry, Origin } from '../../../main/core/types.js';
import { filterEntries, findMatches, lineMatches, type ViewFilter } from '../../../renderer/src/features/logs/log-filter.js';
import { errorAndWarningIndices, hintPlacements, overview } from '../../../renderer/src/features/logs/view/log-index.js';
import {
  bufferLineage,
  HintTracker,
  IndexTracker,
  lineageOf,
  OverviewTracker,
  TrailingCount,
  VisibleBuilder,
} from '../../../renderer/src/features/logs/view/visible-lineage.js';
import { toArray, type EntryList } from '../../../renderer/src/stores/entry-list.js';
import { LogStore } from '../../../renderer/src/stores/log-store.js';
import { line } from './fake-api.js';

const K = 's1/m';

/** The full recomputations the trackers replace. */
function countAfter(entries: EntryList, seq: number): number {
  let n = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries.at(i);
    if (!e || e.seq <= seq) break;
    n++;
  }
  return n;
}

/** A small seeded PRNG (mulberry32): every run sees the same sequences. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + Math.imul(t ^ (t >>> 14), 71 | t));
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-like entries: error blocks with signatures and continuation lines, warnings, markers. */
function makeEntries(random: () => number, from: number, count: number): LogEntry[] {
  const out: LogEntry[] = [];
  for (let seq = from; seq < from + count; seq++) {
    const r = random();
    const origin: Origin = random() < 0.5 ? 'history' : 'live';
    if (r < 0.03) out.push({ kind: 'marker', seq, key: K, ts: seq, marker: 'gap', reason: 'replay-hole' });
    else if (r < 0.1) out.push(line(K, seq, `CUDA error: out of memory ${seq}`, { level: 'error', origin, signature: random() < 0.5 ? 'cuda-oom' : 'generic-error' }));
    else if (r < 0.3) out.push(line(K, seq, `  frame ${seq}`, { level: 'error', origin, continuation: true }));
    else if (r < 0.4) out.push(line(K, seq, `warning ${seq} needle`, { level: 'warning', origin }));
    else out.push(line(K, seq, `line ${seq}${random() < 0.1 ? ' needle' : ''}`, { level: 'info' as Level, origin }));
  }
  return out;
}

const ALL_LEVELS = new Set<Level>(['success', 'info', 'warning', 'error']);
const ALL_ORIGINS = new Set<Origin>(['history', 'live']);
const NEEDLE = /needle/giu;

const FILTERS: Array<[string, ViewFilter]> = [
  ['no filter', { levels: ALL_LEVELS, origins: ALL_ORIGINS, onlyMatches: false, search: null, maxSeq: null }],
  ['errors and warnings only', { levels: new Set<Level>(['warning', 'error']), origins: ALL_ORIGINS, onlyMatches: false, search: null, maxSeq: null }],
  ['live lines only', { levels: ALL_LEVELS, origins: new Set<Origin>(['live']), onlyMatches: false, search: null, maxSeq: null }],
  ['only matches', { levels: ALL_LEVELS, origins: ALL_ORIGINS, onlyMatches: true, search: NEEDLE, maxSeq: null }],
  ['paused', { levels: ALL_LEVELS, origins: ALL_ORIGINS, onlyMatches: false, search: null, maxSeq: 700 }],
  ['paused, errors only', { levels: new Set<Level>(['error']), origins: ALL_ORIGINS, onlyMatches: false, search: null, maxSeq: 700 }],
];

describe('incremental views over the visible entries', () => {
  it.each(FILTERS)('equal a full recomputation after every append and front trim (%s)', (_name, filter) => {
    for (const seed of [1, 2, 3]) {
      const random = rng(seed);
      const store = new LogStore(400);
      store.beginLoad(K);
      store.replace(K, makeEntries(random, 1, 300));
      const buf = store.get(K);
      if (!buf) throw new Error('no buffer');
      const builder = new VisibleBuilder();
      const key = [filter.levels, filter.origins, filter.onlyMatches, filter.maxSeq];
      const errors = new IndexTracker((e) => e.kind === 'line' && e.level === 'error' && !e.continuation);
      const warnings = new IndexTracker((e) => e.kind === 'line' && e.level === 'warning' && !e.continuation);
      const matches = new IndexTracker((e) => e.kind === 'line' && lineMatches(e, NEEDLE));
      const hints = new HintTracker();
      const ov = new OverviewTracker();
      const newLines = new TrailingCount();
      const heldBack = new TrailingCount();
      let next = 301;
      let unfollowSeq = 250;
      let incremental = 0;
      let older: EntryList | null = null;
      for (let step = 0; step < 120; step++) {
        // Batches of every size, from one line to more than the cap (everything old trimmed).
        const n = random() < 0.05 ? 450 : 1 + Math.floor(random() * 60);
        store.append(K, makeEntries(random, next, n));
        next += n;
        if (random() < 0.1) unfollowSeq = next - 1 - Math.floor(random() * 100);
        const visible = builder.build(buf, filter, lineMatches, key);
        expect(toArray(visible)).toEqual(filterEntries(buf.entries, filter));
        const lin = lineageOf(visible);
        expect(lin).toBeDefined();
        // Sometimes a lagging (deferred) older list comes back: the trackers start over, still right.
        const input = older && random() < 0.1 ? older : visible;
        expect(errors.indices(input)).toEqual(errorAndWarningIndices(input).error);
        expect(warnings.indices(input)).toEqual(errorAndWarningIndices(input).warning);
        expect(matches.indices(input, NEEDLE)).toEqual(findMatches(input, NEEDLE));
        expect([...hints.hints(input)]).toEqual([...hintPlacements(input)]);
        expect(newLines.count(input, unfollowSeq)).toBe(countAfter(input, unfollowSeq));
        expect(ov.overview(input, 120)).toEqual(overview(input, 120));
        expect(heldBack.count(buf.entries, 700, bufferLineage(buf))).toBe(countAfter(buf.entries, 700));
        if (older && lineageOf(older)?.id === lin?.id) incremental++;
        older = visible;
      }
      // Most steps continued the previous list's lineage (an incremental update, not a rebuild).
      expect(incremental).toBeGreaterThan(80);
    }
  });

  it('a trim that cuts an error block leaves its continuation lines without a hint, like a full pass', () => {
    const store = new LogStore(5);
    store.beginLoad(K);
    store.replace(K, [
      line(K, 1, 'ok'),
      line(K, 2, 'CUDA error: out of memory', { level: 'error', signature: 'cuda-oom' }),
      line(K, 3, '  frame 1', { level: 'error', continuation: true }),
      line(K, 4, '  frame 2', { level: 'error', continuation: true }),
    ]);
    const buf = store.get(K);
    if (!buf) throw new Error('no buffer');
    const builder = new VisibleBuilder();
    const hints = new HintTracker();
    const filter = FILTERS[0]?.[1] as ViewFilter;
    const first = builder.build(buf, filter, lineMatches, []);
    expect([...hints.hints(first)]).toEqual([[3, 'cuda-oom']]);
    // One more continuation line extends the block: the hint moves to it.
    store.append(K, [line(K, 5, '  frame 3', { level: 'error', continuation: true })]);
    const second = builder.build(buf, filter, lineMatches, []);
    expect([...hints.hints(second)]).toEqual([[4, 'cuda-oom']]);
    // Two lines trimmed: the head is gone, its frames lead the list and have no hint.
    store.append(K, [line(K, 6, 'next'), line(K, 7, 'after')]);
    const third = builder.build(buf, filter, lineMatches, []);
    expect(lineageOf(third)?.id).toBe(lineageOf(second)?.id);
    expect([...hintPlacements(third)]).toEqual([]);
    expect([...hints.hints(third)]).toEqual([]);
  });

  it('the overview falls back to a full pass when times go backwards, and still equals it', () => {
    const store = new LogStore(50);
    store.beginLoad(K);
    store.replace(K, Array.from({ length: 30 }, (_, i) => line(K, i + 1, `l${i}`, { level: i % 7 === 0 ? 'error' : 'info' })));
    const buf = store.get(K);
    if (!buf) throw new Error('no buffer');
    const builder = new VisibleBuilder();
    const ov = new OverviewTracker();
    const filter = FILTERS[0]?.[1] as ViewFilter;
    for (let step = 0; step < 20; step++) {
      const seq = 31 + step;
      // Every third batch carries a line stamped earlier than the one before it.
      const ts = step % 3 === 2 ? 1_700_000_000_000 + step : 1_700_000_000_000 + seq * 60_000;
      store.append(K, [line(K, seq, `x${seq}`, { ts, level: step % 4 === 0 ? 'warning' : 'info' })]);
      const visible = builder.build(buf, filter, lineMatches, []);
      expect(ov.overview(visible, 16)).toEqual(overview(visible, 16));
    }
  });

  it('a recovered line put back in place starts a new lineage (a full pass)', () => {
    const store = new LogStore(100);
    store.beginLoad(K);
    store.replace(K, [line(K, 1, 'a'), { kind: 'marker', seq: 2, key: K, ts: 0, marker: 'gap', reason: 'replay-hole', unverified: true }, line(K, 3, 'b')]);
    const buf = store.get(K);
    if (!buf) throw new Error('no buffer');
    const builder = new VisibleBuilder();
    const filter = FILTERS[0]?.[1] as ViewFilter;
    const a = builder.build(buf, filter, lineMatches, []);
    store.append(K, [line(K, 4, 'c')]);
    const b = builder.build(buf, filter, lineMatches, []);
    expect(lineageOf(b)?.id).toBe(lineageOf(a)?.id);
    store.append(K, [{ ...line(K, 5, 'recovered', { level: 'error' }), recovered: true, fills: 2 }]);
    const c = builder.build(buf, filter, lineMatches, []);
    expect(lineageOf(c)?.id).not.toBe(lineageOf(b)?.id);
    const errors = new IndexTracker((e) => e.kind === 'line' && e.level === 'error' && !e.continuation);
    expect(errors.indices(b)).toEqual([]);
    expect(errors.indices(c)).toEqual([2]);
  });
});
