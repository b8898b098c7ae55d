// The figures under the Vitals title: last, median and 10th percentile of generation and prompt speed
// over the window. From the raw samples (each request / statistics line) when the window has any,
// else from the per-minute values.
import type { VitalsBucket, VitalsSample } from '../../../../main/core/types.js';

export interface Figure {
  readonly last: number | null;
  readonly median: number | null;
  readonly p10: number | null;
}

export interface VitalsFigures {
  readonly gen: Figure;
  readonly prompt: Figure;
  /** Finished requests (llama.cpp) in the window, from the per-minute counts. */
  readonly requests: number;
  /** Raw samples in the window. */
  readonly samples: number;
}

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..1). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = sorted(values);
  return s[Math.min(s.length, Math.max(1, Math.ceil(p * s.length))) - 1]!;
}

function figure(values: readonly (number | null)[]): Figure {
  const v = values.filter((x): x is number => x !== null);
  return { last: v.at(-1) ?? null, median: median(v), p10: percentile(v, 0.1) };
}

export function vitalsFigures(samples: readonly VitalsSample[], buckets: readonly VitalsBucket[]): VitalsFigures {
  const useRaw = samples.length > 0;
  return {
    gen: figure(useRaw ? samples.map((s) => s.genTps) : buckets.map((b) => b.genTps)),
    prompt: figure(useRaw ? samples.map((s) => s.promptTps) : buckets.map((b) => b.promptTps)),
    requests: buckets.reduce((n, b) => n + b.requests, 0),
    samples: samples.length,
  };
}
