// One model's entries leave the core in batches: by size at once, else after batchMs; vitals right
// after their lines, at most one vitals event per vitalsMs; the unread-error count re-announced only
// when it changed.
import { describe, expect, it } from 'vitest';
import { EntryBatcher, VITALS_EVENT_SAMPLES } from '../../../main/core/entry-batcher.js';
import { RAW_SAMPLES } from '../../../main/core/logs/vitals/series.js';
import type { LogEntry, VitalsSample, VitalsSummary } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';

const line = (seq: number, text = `line ${seq}`): LogEntry => ({ kind: 'line', seq, key: 's/m', ts: seq, text, level: 'info', origin: 'live' }) as unknown as LogEntry;

function setup(
  opts: { vitalsFor?: string; unread?: () => number; batchMs?: number; batchMaxLines?: number; vitalsMs?: number; samples?: boolean } = {},
) {
  const clock = new FakeClock();
  const out: string[] = [];
  const batches: LogEntry[][] = [];
  let summaries = 0;
  // The store: every sample read, in order (the batcher reads the newest back when it sends them).
  const read: VitalsSample[] = [];
  const b = new EntryBatcher({
    clock,
    policy: () => ({ batchMs: opts.batchMs ?? 50, batchMaxLines: opts.batchMaxLines ?? 3, vitalsMs: opts.vitalsMs ?? 0 }),
    observeVitals: (entries) => {
      const hit = entries.filter((e) => e.kind === 'line' && e.text === opts.vitalsFor);
      for (const e of hit) read.push({ seq: e.seq } as unknown as VitalsSample);
      return hit.length > 0 ? hit.length : -1;
    },
    // Like the store, it gives back at most its newest RAW_SAMPLES.
    newestSamples: opts.samples === false ? undefined : (n) => read.slice(-Math.min(n, RAW_SAMPLES)),
    vitalsSummary: () => {
      summaries++;
      return { genTps: 1 } as unknown as VitalsSummary;
    },
    unreadErrors: opts.unread ?? (() => 0),
    onLines: (entries) => {
      batches.push(entries);
      out.push(`lines ${entries.map((e) => e.seq).join(',')}`);
    },
    onVitals: (samples) => out.push(`vitals ${samples.map((x) => x.seq).join(',')}`),
    onUnreadChanged: () => out.push('unread'),
  });
  return { clock, out, batches, b, summaries: () => summaries };
}

describe('EntryBatcher', () => {
  it('sends nothing before batchMs, then one batch with everything queued meanwhile', () => {
    const { clock, out, b } = setup();
    b.queue([line(1)]);
    b.queue([line(2)]);
    clock.advance(49);
    expect(out).toEqual([]);
    clock.advance(1);
    expect(out).toEqual(['lines 1,2']);
    expect(clock.pending()).toBe(0);
  });

  it('a full batch goes at once, the rest waits for the timer', () => {
    const { clock, out, b } = setup();
    b.queue([line(1), line(2), line(3), line(4)]);
    expect(out).toEqual(['lines 1,2,3,4']);
    b.queue([line(5)]);
    expect(out).toHaveLength(1);
    clock.advance(50);
    expect(out).toEqual(['lines 1,2,3,4', 'lines 5']);
  });

  it('vitals go right after the lines they were read from, with one summary per batch', () => {
    const { clock, out, b, summaries } = setup({ vitalsFor: 'timing' });
    b.queue([line(1), line(2, 'timing')]);
    clock.advance(50);
    expect(out).toEqual(['lines 1,2', 'vitals 2']);
    b.queue([line(3)]);
    clock.advance(50);
    expect(out).toEqual(['lines 1,2', 'vitals 2', 'lines 3']);
    expect(summaries()).toBe(1);
  });

  it('at most one vitals event per vitalsMs: the first at once, what follows within it together at its end, with one summary', () => {
    const { clock, out, b, summaries } = setup({ vitalsFor: 'timing', vitalsMs: 250 });
    b.queue([line(1, 'timing'), line(2), line(3)]);
    expect(out).toEqual(['lines 1,2,3', 'vitals 1']);
    b.queue([line(4, 'timing'), line(5), line(6)]);
    clock.advance(50);
    b.queue([line(7, 'timing'), line(8), line(9)]);
    expect(out).toEqual(['lines 1,2,3', 'vitals 1', 'lines 4,5,6', 'lines 7,8,9']);
    expect(clock.pending()).toBe(1);
    clock.advance(199);
    expect(out).toHaveLength(4);
    clock.advance(1);
    expect(out.at(-1)).toBe('vitals 4,7');
    expect(summaries()).toBe(2);
    // A quiet interval later, the next samples go out at once again.
    clock.advance(1_000);
    b.queue([line(10, 'timing'), line(11), line(12)]);
    expect(out.slice(-2)).toEqual(['lines 10,11,12', 'vitals 10']);
    expect(clock.pending()).toBe(0);
  });

  it('flush sends the vitals waiting for their interval at once (a status or a clear comes after them)', () => {
    const { clock, out, b } = setup({ vitalsFor: 'timing', vitalsMs: 250 });
    b.queue([line(1, 'timing'), line(2), line(3)]);
    b.queue([line(4, 'timing')]);
    clock.advance(50);
    expect(out).toEqual(['lines 1,2,3', 'vitals 1', 'lines 4']);
    b.flush();
    expect(out.at(-1)).toBe('vitals 4');
    expect(clock.pending()).toBe(0);
    // The interval still counts from the last event sent.
    b.queue([line(5, 'timing'), line(6), line(7)]);
    expect(out.at(-1)).toBe('lines 5,6,7');
    clock.advance(250);
    expect(out.at(-1)).toBe('vitals 5');
  });

  it(`${VITALS_EVENT_SAMPLES} samples waiting go out at once, before the store's newest ${RAW_SAMPLES} no longer hold them`, () => {
    const { clock, out, b } = setup({ vitalsFor: 'timing', vitalsMs: 250, batchMaxLines: 1 });
    b.queue([line(1, 'timing')]);
    expect(out).toEqual(['lines 1', 'vitals 1']);
    for (let seq = 2; seq <= VITALS_EVENT_SAMPLES + 1; seq++) b.queue([line(seq, 'timing')]);
    // No time passed: the interval did not end, the count did.
    const sent = out.filter((o) => o.startsWith('vitals'));
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(`vitals ${Array.from({ length: VITALS_EVENT_SAMPLES }, (_, i) => i + 2).join(',')}`);
    expect(clock.pending()).toBe(0);
    // The next one waits for the interval again.
    b.queue([line(VITALS_EVENT_SAMPLES + 2, 'timing')]);
    expect(out.filter((o) => o.startsWith('vitals'))).toHaveLength(2);
    clock.advance(250);
    expect(out.at(-1)).toBe(`vitals ${VITALS_EVENT_SAMPLES + 2}`);
  });

  it(`a batch is never longer than ${VITALS_EVENT_SAMPLES} lines, whatever batchMaxLines says: no sample waits beyond what the store gives back`, () => {
    const { out, b } = setup({ vitalsFor: 'timing', vitalsMs: 250, batchMaxLines: 5_000 });
    for (let seq = 1; seq <= 3_000; seq++) b.queue([line(seq, 'timing')]);
    const lines = out.filter((o) => o.startsWith('lines'));
    expect(lines).toHaveLength(6);
    const sent = out.filter((o) => o.startsWith('vitals')).flatMap((o) => o.slice('vitals '.length).split(',').map(Number));
    expect(sent).toEqual(Array.from({ length: 3_000 }, (_, i) => i + 1));
  });

  it('without newestSamples the events carry no samples and go out at most once per vitalsMs whatever the count, in batches of batchMaxLines', () => {
    const { clock, out, b } = setup({ vitalsFor: 'timing', vitalsMs: 250, batchMaxLines: 1, samples: false });
    for (let seq = 1; seq <= VITALS_EVENT_SAMPLES * 3; seq++) b.queue([line(seq, 'timing')]);
    expect(out.filter((o) => o.startsWith('vitals'))).toEqual(['vitals ']);
    expect(out.filter((o) => o.startsWith('lines'))).toHaveLength(VITALS_EVENT_SAMPLES * 3);
    clock.advance(250);
    expect(out.filter((o) => o.startsWith('vitals'))).toEqual(['vitals ', 'vitals ']);
    expect(clock.pending()).toBe(0);
    // No sample can be pushed out of the store before it is sent: the batches are as long as the policy says.
    const long = setup({ vitalsFor: 'timing', vitalsMs: 250, batchMaxLines: 5_000, samples: false });
    for (let seq = 1; seq <= 3_000; seq++) long.b.queue([line(seq, 'timing')]);
    expect(long.out).toEqual([]);
    long.clock.advance(50);
    expect(long.out).toEqual([`lines ${Array.from({ length: 3_000 }, (_, i) => i + 1).join(',')}`, 'vitals ']);
  });

  it('dispose drops vitals waiting for their interval', () => {
    const { clock, out, b } = setup({ vitalsFor: 'timing', vitalsMs: 250 });
    b.queue([line(1, 'timing'), line(2), line(3)]);
    b.queue([line(4, 'timing'), line(5), line(6)]);
    expect(clock.pending()).toBe(1);
    b.dispose();
    expect(clock.pending()).toBe(0);
    clock.advance(1_000);
    expect(out).toEqual(['lines 1,2,3', 'vitals 1', 'lines 4,5,6']);
  });

  it('re-announces unread errors only when the count changed; acknowledging counts from zero again', () => {
    let unread = 0;
    const { out, b } = setup({ unread: () => unread });
    unread = 2;
    b.queue([line(1), line(2), line(3)]);
    b.queue([line(4), line(5), line(6)]);
    expect(out).toEqual(['lines 1,2,3', 'unread', 'lines 4,5,6']);
    b.acknowledged();
    unread = 0;
    b.queue([line(7), line(8), line(9)]);
    expect(out.at(-1)).toBe('lines 7,8,9');
  });

  it('flush sends at once and cancels the timer; dispose drops the timer', () => {
    const { clock, out, b } = setup();
    b.queue([line(1)]);
    b.flush();
    expect(out).toEqual(['lines 1']);
    expect(clock.pending()).toBe(0);
    b.queue([line(2)]);
    b.dispose();
    expect(clock.pending()).toBe(0);
    clock.advance(100);
    expect(out).toEqual(['lines 1']);
  });

  it('batchMs 0: what one read queued goes out as one batch on the next turn (one zero timer)', () => {
    const { clock, out, b } = setup({ batchMs: 0 });
    // One read: its lines are parsed and queued synchronously, one by one.
    b.queue([line(1)]);
    b.queue([line(2)]);
    expect(out).toEqual([]);
    expect(clock.pending()).toBe(1);
    clock.advance(0);
    expect(out).toEqual(['lines 1,2']);
    // The next read is a batch of its own.
    b.queue([line(3)]);
    clock.advance(0);
    expect(out).toEqual(['lines 1,2', 'lines 3']);
    expect(clock.pending()).toBe(0);
  });

  it('batchMs 0: a flush in between sends at once and leaves nothing for later; dispose sends nothing', () => {
    const { clock, out, b } = setup({ batchMs: 0 });
    b.queue([line(1)]);
    b.flush();
    expect(out).toEqual(['lines 1']);
    clock.advance(0);
    expect(out).toEqual(['lines 1']);
    b.queue([line(2)]);
    b.dispose();
    clock.advance(10);
    expect(out).toEqual(['lines 1']);
  });
});
