import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../main/core/types.js';
import { errorAndWarningIndices, findIndexBySeq, hintPlacements, indexAtTime, levelIndices, overview, stepIndex, timeOnLogDay } from '../../../renderer/src/features/logs/view/log-index.js';
import { line } from './fake-api.js';

const K = 's1/m';

describe('log index helpers', () => {
  it('places one hint after the last continuation of each signature block', () => {
    const v: LogEntry[] = [
      line(K, 1, 'ok'),
      line(K, 2, 'CUDA error: out of memory', { level: 'error', signature: 'cuda-oom' }),
      line(K, 3, '  frame 1', { level: 'error', continuation: true }),
      line(K, 4, '  frame 2', { level: 'error', continuation: true }),
      line(K, 5, 'GGML_ASSERT(x) failed', { level: 'error', signature: 'ggml-assert' }),
      line(K, 6, 'next'),
      line(K, 7, 'Killed', { level: 'error', signature: 'killed' }),
      line(K, 8, 'ERROR: something', { level: 'error', signature: 'generic-error' }),
    ];
    expect([...hintPlacements(v)]).toEqual([
      [3, 'cuda-oom'],
      [4, 'ggml-assert'],
      [6, 'killed'],
    ]);
  });

  it('finds error heads and steps through them with wrap-around', () => {
    const v: LogEntry[] = [line(K, 1, 'a', { level: 'error' }), line(K, 2, 'b', { level: 'error', continuation: true }), line(K, 3, 'c'), line(K, 4, 'd', { level: 'error' })];
    const errors = levelIndices(v, 'error');
    expect(errors).toEqual([0, 3]);
    // The one-pass pair the level navigation uses answers the same as levelIndices per level.
    expect(errorAndWarningIndices(v)).toEqual({ error: levelIndices(v, 'error'), warning: levelIndices(v, 'warning') });
    expect(stepIndex(errors, -1, 1)).toBe(0);
    expect(stepIndex(errors, 0, 1)).toBe(3);
    expect(stepIndex(errors, 3, 1)).toBe(0);
    expect(stepIndex(errors, 3, -1)).toBe(0);
    expect(stepIndex(errors, 0, -1)).toBe(3);
    expect(stepIndex([], 0, 1)).toBeNull();
  });

  it('finds a seq even where a recovered line breaks the ascending order', () => {
    const v: LogEntry[] = [line(K, 1, 'a'), { ...line(K, 9, 'recovered'), recovered: true }, line(K, 3, 'c'), line(K, 4, 'd')];
    expect(findIndexBySeq(v, 9)).toBe(1);
    expect(findIndexBySeq(v, 4)).toBe(3);
  });

  it('reads a time on the log day and finds its first line', () => {
    const newest = new Date(2026, 0, 5, 14, 30, 0).getTime();
    expect(timeOnLogDay('14:05', newest)).toBe(new Date(2026, 0, 5, 14, 5, 0).getTime());
    expect(timeOnLogDay('14:05:30', newest)).toBe(new Date(2026, 0, 5, 14, 5, 30).getTime());
    // Later than the newest line: the day before.
    expect(timeOnLogDay('23:00', newest)).toBe(new Date(2026, 0, 4, 23, 0, 0).getTime());
    expect(timeOnLogDay('25:00', newest)).toBeNull();
    expect(timeOnLogDay('soon', newest)).toBeNull();
    const v = [line(K, 1, 'a', { ts: 1000 }), line(K, 2, 'b', { ts: 5000 }), line(K, 3, 'c', { ts: 9000 })];
    expect(indexAtTime(v, 4000)).toBe(1);
    expect(indexAtTime(v, 10_000)).toBe(-1);
  });

  it('buckets lines, errors and warnings over the time covered', () => {
    const v = [
      line(K, 1, 'a', { ts: 0 }),
      line(K, 2, 'b', { ts: 1000, level: 'error' }),
      line(K, 3, 'c', { ts: 1000, level: 'error', continuation: true }),
      line(K, 4, 'd', { ts: 9999, level: 'warning' }),
    ];
    const ov = overview(v, 10);
    expect(ov?.buckets.map((b) => b.lines)).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ov?.buckets.map((b) => b.errors)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ov?.buckets[9]?.warnings).toBe(1);
    expect(ov?.maxLines).toBe(2);
    expect(overview([], 10)).toBeNull();
  });
});
