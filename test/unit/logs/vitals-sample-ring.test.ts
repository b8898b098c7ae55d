// The raw samples are held as numbers (sample-ring.ts), not objects: what is read back must equal what
// went in, for every shape a sample takes, through growth and wrap-around.
import { describe, expect, it } from 'vitest';
import { requestFigures } from '../../../main/core/logs/vitals/extractor.js';
import { SampleRing } from '../../../main/core/logs/vitals/sample-ring.js';
import type { VitalsSample } from '../../../main/core/types.js';

const T0 = Date.UTC(2026, 11, 1);

/** Every shape: requests with and without each figure (slot 0, a negative JSON slot), null speeds, vLLM samples, both origins. */
function sample(i: number): VitalsSample {
  const origin = i % 3 === 0 ? 'history' : 'live';
  if (i % 5 === 4) {
    const s: { -readonly [K in keyof VitalsSample]: VitalsSample[K] } = { kind: 'engine', source: 'vllm', ts: T0 + i * 1_000, seq: i, origin, genTps: i % 2 ? null : 80.5 + i, promptTps: 1523.4 };
    if (i % 7) s.engine = i % 4;
    if (i % 11) s.running = i % 16;
    s.waiting = i % 5;
    if (i % 2) s.swapped = 0;
    if (i % 19 === 4) s.running = 0;
    s.kvCachePct = (i % 1000) / 10;
    if (i % 3) s.prefixHitPct = 62;
    return s;
  }
  const s: { -readonly [K in keyof VitalsSample]: VitalsSample[K] } = {
    kind: 'request',
    source: 'llama.cpp',
    ts: T0 + i * 1_000 + 0.5,
    seq: i,
    origin,
    genTps: i % 9 === 0 ? null : 38.17 + i / 100,
    promptTps: i % 13 === 0 ? null : 520.25,
  };
  if (i % 6 !== 1) s.slot = i % 17 === 0 ? -1 : i % 4;
  // Zero is a figure, not an absence: every field is 0 in some samples.
  if (i % 7 !== 2) s.task = i % 19 === 0 ? 0 : i;
  if (i % 8 !== 3) s.promptTokens = i % 23 === 0 ? 0 : 24 + i;
  if (i % 10 !== 5) s.genTokens = i % 2;
  if (i % 12 !== 6) s.promptMs = i % 29 === 0 ? 0 : 46.15;
  if (i % 14 !== 7) s.genMs = i % 2 === 0 ? 0 : 3000.25;
  if (i % 3 !== 2) s.totalMs = i % 4 === 0 ? 0 : 467.2 + i;
  return s;
}

describe('SampleRing', () => {
  it('gives back every sample as it was pushed: each shape, growing, then the newest `capacity` only', () => {
    const ring = new SampleRing(100);
    const pushed: VitalsSample[] = [];
    for (let i = 0; i < 250; i++) {
      const s = sample(i);
      ring.push(s);
      pushed.push(s);
      const held = pushed.slice(-100);
      expect(ring.size).toBe(held.length);
      if (i % 17 === 0 || i > 240) {
        expect(ring.newest(1_000)).toEqual(held);
        // Keys present exactly where they were (toEqual alone would let an `undefined` key through).
        for (let k = 0; k < held.length; k++) expect(Object.keys(ring.at(k)).sort(), `sample ${i}, ${k}`).toEqual(Object.keys(held[k]!).sort());
      }
    }
    expect(ring.newest(3)).toEqual(pushed.slice(-3));
    expect(ring.since(T0 + 240 * 1_000)).toEqual(pushed.filter((s) => s.ts >= T0 + 240 * 1_000));
    expect(ring.ts(0)).toBe(pushed[150]!.ts);
    expect(Number.isNaN(ring.genTps(9))).toBe(pushed[159]!.genTps === null);
    expect(() => ring.at(100)).toThrow(RangeError);
  });

  it('a request pushed by its figures equals the same request pushed as an object', () => {
    const byFigures = new SampleRing(10);
    const byObject = new SampleRing(10);
    for (let i = 0; i < 40; i++) {
      const s = sample(i);
      if (s.kind !== 'request') continue;
      byObject.push(s);
      byFigures.pushRequest(requestFigures(s));
      expect(byFigures.newest(10)).toEqual(byObject.newest(10));
    }
  });

  it('clear empties it, and it fills again', () => {
    const ring = new SampleRing(4);
    for (let i = 0; i < 6; i++) ring.push(sample(i));
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.newest(4)).toEqual([]);
    ring.push(sample(7));
    expect(ring.newest(4)).toEqual([sample(7)]);
    expect(() => new SampleRing(0)).toThrow(RangeError);
  });
});
