import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Level, LogEntry } from '../../../main/core/types.js';
import { filterEntries, lineMatches, type ViewFilter } from '../../../renderer/src/features/logs/log-filter.js';
import { overview } from '../../../renderer/src/features/logs/view/log-index.js';
import { OverviewTracker, VisibleBuilder } from '../../../renderer/src/features/logs/view/visible-lineage.js';
import { EntrySlice, FrontTrimmed, toArray } from '../../../renderer/src/stores/entry-list.js';
import { LogStore } from '../../../renderer/src/stores/log-store.js';
import { line } from './fake-api.js';

const K = 's1/m';
const lines = (from: number, to: number, level: Level = 'info'): LogEntry[] => Array.from({ length: to - from + 1 }, (_, i) => line(K, from + i, `l${from + i}`, { level }));
const seqs = (l: Iterable<LogEntry>) => [...l].map((e) => e.seq);

const ALL: ViewFilter = { levels: new Set<Level>(['success', 'info', 'warning', 'error']), origins: new Set(['history', 'live']), onlyMatches: false, search: null, maxSeq: null };
const ERRORS: ViewFilter = { ...ALL, levels: new Set<Level>(['error']) };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('append-only entry lists', () => {
  it('a snapshot of the buffer stays as it was through appends, trims (past a compaction), a line put back in place, a reload and a clear', () => {
    const store = new LogStore(10_000);
    store.beginLoad(K);
    store.replace(K, lines(1, 9_000));
    const buf = store.get(K);
    if (!buf) throw new Error('no buffer');
    const first = buf.list;
    const before = seqs(first);
    // 30,000 more through a 10,000 cap: the dead prefix is compacted several times meanwhile.
    for (let s = 9_001; s <= 39_000; s += 500) store.append(K, lines(s, s + 499));
    expect(seqs(buf.list)).toEqual(lines(29_001, 39_000).map((e) => e.seq));
    expect(seqs(first)).toEqual(before);
    const second = buf.list;
    // A gap, then a recovered line put back right after it (in the middle): a new array.
    store.append(K, [{ kind: 'marker', seq: 39_001, key: K, ts: 0, marker: 'gap', reason: 'replay-hole', unverified: true }, ...lines(39_002, 39_003)]);
    const third = buf.list;
    store.append(K, [{ ...line(K, 39_004, 'recovered'), recovered: true, fills: 39_001 }]);
    expect(seqs(buf.list).slice(-4)).toEqual([39_001, 39_004, 39_002, 39_003]);
    expect(seqs(third).slice(-3)).toEqual([39_001, 39_002, 39_003]);
    expect(seqs(second)).toEqual(lines(29_001, 39_000).map((e) => e.seq));
    store.beginLoad(K);
    store.replace(K, lines(1, 3));
    expect(seqs(buf.list)).toEqual([1, 2, 3]);
    store.clear(K);
    expect(buf.list.length).toBe(0);
    expect(seqs(first)).toEqual(before);
    expect(seqs(third).slice(-3)).toEqual([39_001, 39_002, 39_003]);
  });

  it('at() reads like an array (negative from the end, undefined outside), and the window never shows what lies beyond it', () => {
    const backing = lines(1, 10);
    const s = new EntrySlice(backing, 3, 4);
    expect(s.at(0)?.seq).toBe(4);
    expect(s.at(-1)?.seq).toBe(7);
    expect(s.at(4)).toBeUndefined();
    expect(s.at(-5)).toBeUndefined();
    expect(seqs(s)).toEqual([4, 5, 6, 7]);
    expect(toArray(s).map((e) => e.seq)).toEqual([4, 5, 6, 7]);
    const f = new FrontTrimmed<number>(4);
    for (let i = 0; i < 20; i++) f.push(i);
    const old = f.items;
    f.trim(3);
    // Three dead: below the minimum, only the start moves.
    expect(f.head).toBe(3);
    expect(f.items).toBe(old);
    expect(f.get(0)).toBe(3);
    // Four dead, sixteen live (a quarter): the live part moves to a new array, the old one is left as it was.
    f.trim(1);
    expect(f.head).toBe(0);
    expect(f.items).not.toBe(old);
    expect(old).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(f.length).toBe(16);
    expect(f.get(0)).toBe(4);
  });

  it.each([
    ['unfiltered', ALL],
    ['errors only', ERRORS],
  ])('a batch costs the batch: the builder reads only the new entries and keeps the earlier list unchanged (%s)', (_name, filter) => {
    const store = new LogStore(50_000);
    store.beginLoad(K);
    store.replace(K, lines(1, 50_000, 'error'));
    const buf = store.get(K);
    if (!buf) throw new Error('no buffer');
    const builder = new VisibleBuilder();
    const first = builder.build(buf, filter, lineMatches, []);
    const firstSeqs = seqs(first);
    const get = vi.spyOn(FrontTrimmed.prototype, 'get');
    for (let s = 50_001; s <= 52_500; s += 250) {
      get.mockClear();
      store.append(K, lines(s, s + 249, 'error'));
      const next = builder.build(buf, filter, lineMatches, []);
      expect(get.mock.calls.length).toBeLessThanOrEqual(250);
      expect(next.length).toBe(50_000);
      expect(next.at(-1)?.seq).toBe(s + 249);
    }
    vi.restoreAllMocks();
    expect(seqs(first)).toEqual(firstSeqs);
    expect(toArray(builder.build(buf, filter, lineMatches, []))).toEqual(filterEntries(buf.list, filter));
  });

  it('the overview keeps counting incrementally after times went backwards once, and equals the full pass', () => {
    const store = new LogStore(20_000);
    store.beginLoad(K);
    const t0 = 1_700_000_000_000;
    store.replace(K, Array.from({ length: 20_000 }, (_, i) => line(K, i + 1, `l${i}`, { ts: t0 + i * 10, level: i % 50 === 0 ? 'error' : 'info' })));
    const buf = store.get(K);
    if (!buf) throw new Error('no buffer');
    const builder = new VisibleBuilder();
    const ov = new OverviewTracker();
    expect(ov.overview(builder.build(buf, ALL, lineMatches, []), 120)).not.toBeNull();
    // One line stamped an hour early (a clock set back), then the usual order again.
    let seq = 20_001;
    let ts = t0 + 200_000;
    for (let step = 0; step < 20; step++) {
      const batch = Array.from({ length: 100 }, (_, i) => line(K, seq + i, `x${seq + i}`, { ts: step === 3 && i === 50 ? ts - 3_600_000 : ts + i * 10, level: i % 7 === 0 ? 'warning' : 'info' }));
      seq += 100;
      ts += 1000;
      store.append(K, batch);
      const visible = builder.build(buf, ALL, lineMatches, []);
      const at = vi.spyOn(EntrySlice.prototype, 'at');
      const got = ov.overview(visible, 120);
      // The batch's lines, not the tab's 20,000.
      expect(at.mock.calls.length).toBeLessThanOrEqual(100);
      at.mockRestore();
      expect(got).toEqual(overview(visible, 120));
    }
  });
});
