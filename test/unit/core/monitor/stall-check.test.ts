import { describe, expect, it } from 'vitest';
import { checkStalls, type StallWatched } from '../../../../main/core/monitor/stall-check.js';
import type { ServerLogStats } from '../../../../main/core/types.js';

const stats = (perModel: Record<string, { entries: number; subscribers: number }>): ServerLogStats => ({
  totalEntries: Object.values(perModel).reduce((n, s) => n + s.entries, 0),
  totalSubscribers: Object.values(perModel).reduce((n, s) => n + s.subscribers, 0),
  perModel,
});

const model = (name: string, more: Partial<StallWatched> = {}): StallWatched => ({
  name,
  watched: true,
  state: 'connected',
  connectedSince: 100,
  lines: 10,
  ...more,
});

describe('checkStalls', () => {
  it('judges nothing on the first sample, and remembers what it saw', () => {
    const v = checkStalls(null, stats({ a: { entries: 5, subscribers: 0 } }), [model('a')], 1000);
    expect(v.stalled).toEqual([]);
    expect(v.sample.at).toBe(1000);
    expect([...v.sample.perModel]).toEqual([['a', { entries: 5, lines: 10 }]]);
  });

  it('new entries on the server that never arrived: stalled, with how many', () => {
    const first = checkStalls(null, stats({ a: { entries: 5, subscribers: 1 } }), [model('a')], 1000);
    const v = checkStalls(first.sample, stats({ a: { entries: 8, subscribers: 1 } }), [model('a')], 2000);
    expect(v.stalled).toEqual([{ name: 'a', message: 'stream stalled (the server holds 3 new lines that did not arrive); reconnecting' }]);
    // Reconnected: the next sample starts it afresh.
    expect(v.sample.perModel.has('a')).toBe(false);
  });

  it('no subscriber left on the server: stalled, even when no line is missing', () => {
    const first = checkStalls(null, stats({ a: { entries: 5, subscribers: 1 } }), [model('a')], 1000);
    const v = checkStalls(first.sample, stats({ a: { entries: 5, subscribers: 0 } }), [model('a')], 2000);
    expect(v.stalled.map((s) => s.message)).toEqual(['stream stalled (the server lists no subscriber for it); reconnecting']);
  });

  it('lines that arrived, an idle model, or a subscriber: not stalled', () => {
    const first = checkStalls(null, stats({ a: { entries: 5, subscribers: 1 }, b: { entries: 5, subscribers: 1 } }), [model('a'), model('b')], 1000);
    const v = checkStalls(
      first.sample,
      stats({ a: { entries: 9, subscribers: 1 }, b: { entries: 5, subscribers: 1 } }),
      [model('a', { lines: 14 }), model('b')],
      2000,
    );
    expect(v.stalled).toEqual([]);
    expect(v.sample.perModel.get('a')).toEqual({ entries: 9, lines: 14 });
  });

  it('only a watched model connected since before the previous sample is judged', () => {
    const s1 = stats({ a: { entries: 5, subscribers: 0 } });
    const s2 = stats({ a: { entries: 9, subscribers: 0 } });
    const first = checkStalls(null, s1, [model('a')], 1000);
    for (const m of [
      model('a', { watched: false }),
      model('a', { state: 'connecting' }),
      model('a', { connectedSince: null }),
      model('a', { connectedSince: 1500 }),
    ]) {
      expect(checkStalls(first.sample, s2, [m], 2000).stalled).toEqual([]);
    }
    expect(checkStalls(first.sample, s2, [model('a', { connectedSince: 1000 })], 2000).stalled).toHaveLength(1);
  });

  it('a model the statistics do not list, or listed for the first time, is skipped', () => {
    const first = checkStalls(null, stats({}), [model('a')], 1000);
    expect(first.sample.perModel.size).toBe(0);
    const v = checkStalls(first.sample, stats({ a: { entries: 3, subscribers: 0 } }), [model('a')], 2000);
    expect(v.stalled).toEqual([]);
    expect(v.sample.perModel.get('a')).toEqual({ entries: 3, lines: 10 });
  });
});
