import { describe, expect, it } from 'vitest';
import type { LogEntry, LogLine } from '../../../main/core/types.js';
import { compileSearch, filterEntries, findMatches, MatchMemo } from '../../../renderer/src/features/logs/log-filter.js';

const KEY = 's/m';
const line = (seq: number, text: string, level: LogLine['level'] = 'info'): LogLine => ({ kind: 'line', seq, key: KEY, ts: seq, origin: 'live', level, text });
const re = (q: string): RegExp => {
  const c = compileSearch({ query: q, regex: false, matchCase: false });
  if (!c.ok || !c.re) throw new Error('bad query');
  return c.re;
};
const ALL = { levels: new Set(['error', 'warning', 'success', 'info'] as const), origins: new Set(['history', 'live'] as const), onlyMatches: false, maxSeq: null };

describe('MatchMemo', () => {
  it('answers like a full search, for the buffer and for a filtered view', () => {
    const entries: LogEntry[] = [line(1, 'ERROR: CUDA error: out of memory', 'error'), line(2, 'tick'), line(3, 'out of \u001b[31mmemory\u001b[0m'), line(4, 'tick')];
    const search = re('out of memory');
    const memo = new MatchMemo();
    memo.sync(KEY, search, entries);
    expect(findMatches(entries, search, memo.matches)).toEqual(findMatches(entries, search));
    expect(findMatches(entries, search, memo.matches)).toEqual([0, 2]);
    const onlyInfo = filterEntries(entries, { ...ALL, levels: new Set(['info'] as const), search }, 4, 2, memo.matches);
    expect(findMatches(onlyInfo, search, memo.matches)).toEqual([1]);
  });

  it('tests only lines newer than the last sync (a seq keeps its answer), including lines a filter hid', () => {
    const entries: LogEntry[] = [line(1, 'out of memory', 'error'), line(2, 'tick')];
    const search = re('out of memory');
    const memo = new MatchMemo();
    memo.sync(KEY, search, entries); // the view showed only errors at that time: line 2 was hidden, still tested
    entries.push(line(3, 'out of memory again'));
    memo.sync(KEY, search, entries);
    // A stand-in object with a known seq but other text proves the answer comes from the memo.
    expect(memo.matches(line(1, 'unrelated'), search)).toBe(true);
    expect(memo.matches(line(2, 'out of memory'), search)).toBe(false);
    expect(memo.matches(line(3, 'x'), search)).toBe(true);
    // Not yet synced: tested for real.
    expect(memo.matches(line(4, 'out of memory'), search)).toBe(true);
  });

  it('starts over for another search, another model, or a new numbering', () => {
    const memo = new MatchMemo();
    const a = re('alpha');
    memo.sync(KEY, a, [line(1, 'alpha'), line(2, 'beta')]);
    const b = re('beta');
    memo.sync(KEY, b, [line(1, 'alpha'), line(2, 'beta')]);
    expect(memo.matches(line(2, 'beta'), b)).toBe(true);
    expect(memo.matches(line(1, 'alpha'), b)).toBe(false);
    memo.sync('s/other', b, [line(1, 'beta')]);
    expect(memo.matches(line(1, 'zzz'), b)).toBe(true);
    // The core rebuilt this model's log: seqs start again at 1.
    memo.sync('s/other', b, []);
    memo.sync('s/other', b, [line(1, 'nothing here')]);
    expect(memo.matches(line(1, 'nothing here'), b)).toBe(false);
  });

  it('a budgeted first pass gives partial results, continues where it stopped (across appends and trims) and ends with the full answer', () => {
    const entries: LogEntry[] = Array.from({ length: 2000 }, (_, i) => line(i + 1, i % 100 === 7 ? 'needle here' : 'hay'));
    const search = re('needle');
    const memo = new MatchMemo();
    // A fake clock that moves 1 ms per read: a 3 ms budget stops after a few clock reads (256 lines each).
    let t = 0;
    const clock = () => t++;
    memo.sync(KEY, search, entries, 3, clock);
    const first = memo.progress;
    expect(first).not.toBeNull();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(1);
    const partial = findMatches(entries, search, memo.matches);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(20);
    // Untested lines do not count yet, even when they would match.
    expect(memo.matches(line(1998, 'needle'), search)).toBe(false);
    // Lines arrive at the end and the oldest are trimmed meanwhile.
    entries.push(line(2001, 'needle at the end'));
    entries.splice(0, 50);
    let rounds = 0;
    while (memo.progress !== null && rounds < 100) {
      memo.sync(KEY, search, entries, 3, clock);
      rounds++;
    }
    expect(memo.progress).toBeNull();
    expect(rounds).toBeGreaterThan(1);
    expect(findMatches(entries, search, memo.matches)).toEqual(findMatches(entries, search));
    expect(findMatches(entries, search, memo.matches)).toHaveLength(20);
    // After the first pass, live lines are tested incrementally as before.
    entries.push(line(2002, 'one more needle'));
    memo.sync(KEY, search, entries, 3, clock);
    expect(memo.progress).toBeNull();
    expect(findMatches(entries, search, memo.matches)).toHaveLength(21);
  });

  it('a new query while a first pass is under way cancels it and starts over', () => {
    const entries: LogEntry[] = Array.from({ length: 2000 }, (_, i) => line(i + 1, i === 1999 ? 'alpha last' : i === 0 ? 'beta first' : 'hay'));
    const memo = new MatchMemo();
    let t = 0;
    const clock = () => t++;
    const a = re('alpha');
    memo.sync(KEY, a, entries, 2, clock);
    expect(memo.progress).not.toBeNull();
    const b = re('beta');
    memo.sync(KEY, b, entries, 2, clock);
    // Nothing of the old search leaks into the new one, and the new one starts from the oldest line.
    expect(memo.matches(line(2000, 'alpha last'), a)).toBe(true); // another search: tested for real
    expect(findMatches(entries, b, memo.matches)).toEqual([0]);
    while (memo.progress !== null) memo.sync(KEY, b, entries, 2, clock);
    expect(findMatches(entries, b, memo.matches)).toEqual([0]);
  });
});
