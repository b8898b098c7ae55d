// Bounded per-model vitals: per-minute buckets for 24 h (by server time of the lines) plus the last
// 1,000 raw samples. Fed only with samples read from lines the logbook accepted, so a replayed history
// adds nothing: the series is a function of the accepted lines, exactly once.
import type { ModelKey, VitalsBucket, VitalsLoad, VitalsSample, VitalsSeries, VitalsSource, VitalsSummary } from '../../types.js';
import { orNull, requestFigures, type RequestFigures, type SampleSink } from './extractor.js';
import { SampleRing } from './sample-ring.js';

export const MINUTE_MS = 60_000;
export const BUCKET_MINUTES = 24 * 60;
export const RAW_SAMPLES = 1_000;
export const SPARK_MINUTES = 30;
const MEDIAN_WINDOW_MS = 5 * MINUTE_MS;

interface Acc {
  t: number;
  requests: number;
  genTokens: number;
  genMs: number;
  promptTokens: number;
  promptMs: number;
  /** Token counts of requests (for per-request averages). */
  reqGenTokens: number;
  reqPromptTokens: number;
  reqWithGen: number;
  reqWithPrompt: number;
  /** Speeds without token counts (vLLM averages): mean of the values. */
  genTpsSum: number;
  genTpsN: number;
  promptTpsSum: number;
  promptTpsN: number;
  running: number | null;
  waiting: number | null;
  kvCachePct: number | null;
}

function newAcc(t: number): Acc {
  return {
    t,
    requests: 0,
    genTokens: 0,
    genMs: 0,
    promptTokens: 0,
    promptMs: 0,
    reqGenTokens: 0,
    reqPromptTokens: 0,
    reqWithGen: 0,
    reqWithPrompt: 0,
    genTpsSum: 0,
    genTpsN: 0,
    promptTpsSum: 0,
    promptTpsN: 0,
    running: null,
    waiting: null,
    kvCachePct: null,
  };
}

/** Token-weighted where the lines gave tokens and time (llama.cpp), else the mean of the averages (vLLM). */
function genTpsOf(a: Acc): number | null {
  return a.genMs > 0 ? (a.genTokens / a.genMs) * 1000 : a.genTpsN > 0 ? a.genTpsSum / a.genTpsN : null;
}

function bucketOf(a: Acc): VitalsBucket {
  return {
    t: a.t,
    genTps: genTpsOf(a),
    promptTps: a.promptMs > 0 ? (a.promptTokens / a.promptMs) * 1000 : a.promptTpsN > 0 ? a.promptTpsSum / a.promptTpsN : null,
    requests: a.requests,
    genTokensPerRequest: a.reqWithGen > 0 ? a.reqGenTokens / a.reqWithGen : null,
    promptTokensPerRequest: a.reqWithPrompt > 0 ? a.reqPromptTokens / a.reqWithPrompt : null,
    running: a.running,
    waiting: a.waiting,
    kvCachePct: a.kvCachePct,
  };
}

export function median(values: readonly number[]): number | null {
  return values.length === 0 ? null : medianInPlace(Float64Array.from(values), values.length);
}

/**
 * The median of a[0..n) (n ≥ 1, no NaN; the mean of the two middle values for an even n) in linear
 * time: a selection that reorders a[0..n) (Hoare's FIND). The summary of every vitals event takes it over up
 * to 1,000 samples.
 */
export function medianInPlace(a: Float64Array, n: number): number {
  const mid = n >> 1;
  let left = 0;
  let right = n - 1;
  while (left < right) {
    const pivot = a[(left + right) >>> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (mid <= j) right = j;
    else if (mid >= i) left = i;
    else break;
  }
  const upper = a[mid]!;
  if (n % 2) return upper;
  // Everything left of mid is at most a[mid]: the lower middle value is the largest of them.
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/** The value below which `p` (0..1) of the values lie (nearest rank). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * s.length));
  return s[Math.min(s.length, rank) - 1]!;
}

const EMPTY_SUMMARY: VitalsSummary = {
  source: null,
  lastTs: null,
  lastSeq: null,
  genTps: null,
  promptTps: null,
  genTpsMedian5m: null,
  spark: [],
  samples: 0,
  requests24h: 0,
  running: null,
  waiting: null,
  kvCachePct: null,
  load: null,
};

export class VitalsStore implements SampleSink {
  readonly key: ModelKey;
  /** Ascending by t; at most BUCKET_MINUTES minutes from the newest. */
  private buckets: Acc[] = [];
  /**
   * Buckets before this index are out of the window, dropped together once they are a day's worth: a
   * `splice` of the array's head at every new minute copied all 1,440 (a replayed history crosses a
   * minute every few requests).
   */
  private first = 0;
  /** The requests counted in `buckets` (kept as they change: the summary of every vitals event reads it). */
  private requestsHeld = 0;
  /** The raw samples, as numbers (sample-ring.ts: no object is kept for them). */
  private readonly raw = new SampleRing(RAW_SAMPLES);
  /** Samples added so far, and the count when the newest engine sample was (it is in `raw` while fewer than RAW_SAMPLES came after it). */
  private added = 0;
  private lastEngineAt = -RAW_SAMPLES;
  private lastRunning: number | null = null;
  private lastWaiting: number | null = null;
  private lastKvCachePct: number | null = null;
  /** Scratch for the 5-minute median (made on the first summary with samples). */
  private scratch: Float64Array | null = null;
  /** The figures of the latest sample by server time (lastTs null: none yet), copied. */
  private lastTs: number | null = null;
  private lastSeq = 0;
  private lastSource: VitalsSource = 'llama.cpp';
  private lastGenTps: number | null = null;
  private lastPromptTps: number | null = null;
  private load: VitalsLoad | null = null;
  private cachedSummary: VitalsSummary | null = null;
  /** Samples from live lines with a generation speed since the last takeLiveSpeeds. */
  private liveSpeeds = 0;

  constructor(key: ModelKey) {
    this.key = key;
  }

  add(sample: VitalsSample): void {
    if (sample.kind === 'request') {
      this.request(requestFigures(sample));
      return;
    }
    this.cachedSummary = null;
    this.raw.push(sample);
    this.added++;
    this.lastEngineAt = this.added;
    this.lastRunning = sample.running ?? null;
    this.lastWaiting = sample.waiting ?? null;
    this.lastKvCachePct = sample.kvCachePct ?? null;
    if (sample.origin === 'live' && sample.genTps !== null) this.liveSpeeds++;
    this.latest(sample.ts, sample.seq, sample.source, sample.genTps, sample.promptTps);
    const acc = this.accFor(Math.floor(sample.ts / MINUTE_MS) * MINUTE_MS);
    if (!acc) return;
    if (sample.genTps !== null) {
      acc.genTpsSum += sample.genTps;
      acc.genTpsN++;
    }
    if (sample.promptTps !== null) {
      acc.promptTpsSum += sample.promptTps;
      acc.promptTpsN++;
    }
    if (sample.running !== undefined) acc.running = sample.running;
    if (sample.waiting !== undefined) acc.waiting = sample.waiting;
    if (sample.kvCachePct !== undefined) acc.kvCachePct = sample.kvCachePct;
  }

  /** A finished llama.cpp request, by its figures (SampleSink: the extractor's, kept without an object being made). */
  request(r: RequestFigures): void {
    this.cachedSummary = null;
    this.raw.pushRequest(r);
    this.added++;
    const { ts, genTokens, genMs, promptTokens, promptMs } = r;
    const genTps = orNull(r.genTps);
    const promptTps = orNull(r.promptTps);
    if (r.origin === 'live' && genTps !== null) this.liveSpeeds++;
    this.latest(ts, r.seq, 'llama.cpp', genTps, promptTps);
    const acc = this.accFor(Math.floor(ts / MINUTE_MS) * MINUTE_MS);
    if (!acc) return;
    acc.requests++;
    this.requestsHeld++;
    // (A comparison with NaN is false: absent figures fall through.)
    if (genTokens >= 0 && genMs > 0) {
      acc.genTokens += genTokens;
      acc.genMs += genMs;
    } else if (genTps !== null) {
      acc.genTpsSum += genTps;
      acc.genTpsN++;
    }
    if (promptTokens >= 0 && promptMs > 0) {
      acc.promptTokens += promptTokens;
      acc.promptMs += promptMs;
    } else if (promptTps !== null) {
      acc.promptTpsSum += promptTps;
      acc.promptTpsN++;
    }
    if (genTokens >= 0) {
      acc.reqGenTokens += genTokens;
      acc.reqWithGen++;
    }
    if (promptTokens >= 0) {
      acc.reqPromptTokens += promptTokens;
      acc.reqWithPrompt++;
    }
  }

  /** The latest sample by server time (the last one of equal times): its figures, copied. */
  private latest(ts: number, seq: number, source: VitalsSource, genTps: number | null, promptTps: number | null): void {
    if (this.lastTs !== null && ts < this.lastTs) return;
    this.lastTs = ts;
    this.lastSeq = seq;
    this.lastSource = source;
    this.lastGenTps = genTps;
    this.lastPromptTps = promptTps;
  }

  setLoad(load: VitalsLoad | null): void {
    this.cachedSummary = null;
    this.load = load;
  }

  summary(): VitalsSummary | null {
    if (this.cachedSummary) return this.cachedSummary;
    const lastTs = this.lastTs;
    if (lastTs === null) {
      if (!this.load) return null;
      this.cachedSummary = { ...EMPTY_SUMMARY, load: this.load };
      return this.cachedSummary;
    }
    // Every vitals event (at most one per model every 250 ms) and status asks for this: it reads only the newest buckets and samples.
    const lastMinute = Math.floor(lastTs / MINUTE_MS) * MINUTE_MS;
    const spark: (number | null)[] = new Array<number | null>(SPARK_MINUTES).fill(null);
    for (let i = this.buckets.length - 1; i >= this.first; i--) {
      const a = this.buckets[i]!;
      const idx = SPARK_MINUTES - 1 - (lastMinute - a.t) / MINUTE_MS;
      if (idx < 0) break;
      if (idx < SPARK_MINUTES) spark[idx] = genTpsOf(a);
    }
    // The speeds of the 5 minutes before the latest sample, newest first until the first older one (the
    // recognisers give a number that is never NaN, or null).
    const recent = (this.scratch ??= new Float64Array(RAW_SAMPLES));
    let n = 0;
    const from = lastTs - MEDIAN_WINDOW_MS;
    const raw = this.raw;
    for (let i = raw.size - 1; i >= 0; i--) {
      const ts = raw.ts(i);
      if (ts < from) break;
      const genTps = raw.genTps(i);
      if (!Number.isNaN(genTps) && ts <= lastTs) recent[n++] = genTps;
    }
    const engineHeld = this.added - this.lastEngineAt < RAW_SAMPLES;
    this.cachedSummary = {
      source: this.lastSource,
      lastTs,
      lastSeq: this.lastSeq,
      genTps: this.lastGenTps,
      promptTps: this.lastPromptTps,
      genTpsMedian5m: n > 0 ? medianInPlace(recent, n) : null,
      spark,
      samples: this.raw.size,
      requests24h: this.requestsHeld,
      running: engineHeld ? this.lastRunning : null,
      waiting: engineHeld ? this.lastWaiting : null,
      kvCachePct: engineHeld ? this.lastKvCachePct : null,
      load: this.load,
    };
    return this.cachedSummary;
  }

  /** How many samples from live lines with a generation speed were added since the last call. */
  takeLiveSpeeds(): number {
    const n = this.liveSpeeds;
    this.liveSpeeds = 0;
    return n;
  }

  /** The newest `n` samples added (at most the RAW_SAMPLES held), oldest first. */
  newest(n: number): VitalsSample[] {
    return this.raw.newest(n);
  }

  /** Buckets and raw samples, optionally only those at or after `sinceTs`. */
  series(sinceTs?: number): VitalsSeries {
    const from = sinceTs ?? -Infinity;
    return {
      key: this.key,
      summary: this.summary(),
      buckets: this.buckets.slice(this.first).filter((a) => a.t + MINUTE_MS > from).map(bucketOf),
      samples: this.raw.since(from),
    };
  }

  clear(): void {
    this.buckets = [];
    this.first = 0;
    this.requestsHeld = 0;
    this.lastEngineAt = -RAW_SAMPLES;
    this.lastRunning = null;
    this.lastWaiting = null;
    this.lastKvCachePct = null;
    this.raw.clear();
    this.added = 0;
    this.liveSpeeds = 0;
    this.lastTs = null;
    this.load = null;
    this.cachedSummary = null;
  }

  // ---------------------------------------------------------------------------------------------

  /** The bucket for minute t, created in order; null when older than the 24 h window. */
  private accFor(t: number): Acc | null {
    const b = this.buckets;
    const newest = b.length > this.first ? b[b.length - 1]! : null;
    if (!newest || t > newest.t) {
      const acc = newAcc(t);
      b.push(acc);
      const cutoff = t - (BUCKET_MINUTES - 1) * MINUTE_MS;
      let first = this.first;
      while (b[first]!.t < cutoff) this.requestsHeld -= b[first++]!.requests;
      if (first >= BUCKET_MINUTES) {
        b.splice(0, first);
        first = 0;
      }
      this.first = first;
      return acc;
    }
    if (t === newest.t) return newest;
    if (t < newest.t - (BUCKET_MINUTES - 1) * MINUTE_MS) return null;
    // Out of order (rare: lines are in server order): find or insert.
    let lo = this.first;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid]!.t < t) lo = mid + 1;
      else hi = mid;
    }
    if (b[lo]?.t === t) return b[lo]!;
    const acc = newAcc(t);
    b.splice(lo, 0, acc);
    return acc;
  }
}
