import { describe, expect, it } from 'vitest';
import { HoleScan } from '../../../main/core/logs/replay-hole.js';

const l = (text: string, ts: number) => ({ ts, text });

describe('HoleScan', () => {
  const bounds = { markerSeq: 9, before: l('b', 2), beforeOcc: 1, after: null, afterRun: 0 };

  it('collects what follows `before` and cuts at the first live line', () => {
    const scan = new HoleScan(bounds);
    for (const x of [l('a', 1), l('b', 2), l('s', 3), l('A', 4), l('n', 5)]) scan.offer(x);
    expect(scan.result(l('A', 4))).toEqual({ kind: 'found', lines: [l('s', 3)], closed: true });
    expect(scan.result(null)).toEqual({ kind: 'found', lines: [l('s', 3), l('A', 4), l('n', 5)], closed: false });
  });

  it('a long replay after the hole (a burst) is bounded, and still settles when the first live line is within the cap', () => {
    const scan = new HoleScan(bounds, 3);
    for (const x of [l('b', 2), l('s', 3), l('A', 4), ...Array.from({ length: 1000 }, (_, i) => l(`burst ${i}`, 10 + i))]) scan.offer(x);
    expect(scan.result(l('A', 4))).toEqual({ kind: 'found', lines: [l('s', 3)], closed: true });
    expect(scan.result(null).kind).toBe('lost');
    expect(scan.result(l('burst 999', 1009)).kind).toBe('lost');
  });

  it('`before` missing from the replay (the history changed): lost', () => {
    const scan = new HoleScan(bounds);
    scan.offer(l('x', 1));
    expect(scan.result(l('A', 4)).kind).toBe('lost');
  });

  it('identical copies: the last `afterRun` of a run of copies came live, earlier ones were swallowed', () => {
    const scan = new HoleScan(bounds);
    for (const x of [l('b', 2), l('twin', 3), l('twin', 3), l('twin', 3)]) scan.offer(x);
    expect(scan.result(l('twin', 3), 2)).toEqual({ kind: 'found', lines: [l('twin', 3)], closed: true });
  });
});
