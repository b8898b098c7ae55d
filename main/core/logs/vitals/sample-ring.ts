// The last raw samples of one model, held as numbers: one row of a Float64Array per sample, not one
// object. A sample object kept for the next 1,000 samples outlives many young-generation collections
// at a fast stream's rate, so V8 copied each one, promoted it and later collected it as old: measured
// on the ingest path (a llama.cpp stream read at full speed) that retention cost about 55 ns a line, a
// third of everything vitals cost there (BENCHMARKS.md, session 8). A row holds no pointer, so the
// collector never looks into it; objects are made again only for whoever reads the samples.
import type { Origin, VitalsSample, VitalsSource } from '../../types.js';
import { orNull, requestFigures, type RequestFigures } from './extractor.js';
import type { Mutable } from '../../guards.js';

// A row: the numbers of VitalsSample (NaN where a figure is absent or null: none is ever NaN), then
// its kind, source and origin as bits.
const TS = 0;
const SEQ = 1;
const GEN_TPS = 2;
const PROMPT_TPS = 3;
// Then the optional figures (4–16), in the order the extractor writes them (a sample's keys keep that
// order): slot, task, promptTokens, genTokens, promptMs, genMs, totalMs, engine, running, waiting,
// swapped, kvCachePct, prefixHitPct.
const FLAGS = 17;
const STRIDE = FLAGS + 1;
const ENGINE_KIND = 1;
const VLLM_SOURCE = 2;
const HISTORY_ORIGIN = 4;
/** Rows first made room for; the storage doubles from there up to the capacity. */
const MIN_ROWS = 16;

export class SampleRing {
  private rows = new Float64Array(0);
  /** Rows the storage has room for. */
  private room = 0;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`sample ring capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.count;
  }

  push(s: VitalsSample): void {
    // The request's figures (NaN in a vLLM sample), then the vLLM ones over the NaNs.
    const o = this.pushRequest(requestFigures(s));
    const r = this.rows;
    r[o + 11] = s.engine ?? NaN;
    r[o + 12] = s.running ?? NaN;
    r[o + 13] = s.waiting ?? NaN;
    r[o + 14] = s.swapped ?? NaN;
    r[o + 15] = s.kvCachePct ?? NaN;
    r[o + 16] = s.prefixHitPct ?? NaN;
    r[o + FLAGS] = (s.kind === 'engine' ? ENGINE_KIND : 0) | (s.source === 'vllm' ? VLLM_SOURCE : 0) | (s.origin === 'history' ? HISTORY_ORIGIN : 0);
  }

  /** A llama.cpp request by its figures (NaN where absent, as the extractor gives them); returns its row's offset. */
  pushRequest(q: RequestFigures): number {
    const o = this.take();
    const r = this.rows;
    r[o + TS] = q.ts;
    r[o + SEQ] = q.seq;
    r[o + GEN_TPS] = q.genTps;
    r[o + PROMPT_TPS] = q.promptTps;
    r[o + 4] = q.slot;
    r[o + 5] = q.task;
    r[o + 6] = q.promptTokens;
    r[o + 7] = q.genTokens;
    r[o + 8] = q.promptMs;
    r[o + 9] = q.genMs;
    r[o + 10] = q.totalMs;
    for (let k = 11; k < FLAGS; k++) r[o + k] = NaN;
    r[o + FLAGS] = q.origin === 'history' ? HISTORY_ORIGIN : 0;
    return o;
  }

  /** The offset of the row the next sample goes to (the oldest one's when full; the storage may grow). */
  private take(): number {
    if (this.count === this.room && this.room < this.capacity) this.grow();
    let row: number;
    if (this.count < this.capacity) {
      row = (this.head + this.count) % this.room;
      this.count++;
    } else {
      row = this.head;
      this.head = (this.head + 1) % this.room;
    }
    return row * STRIDE;
  }

  /** Server time of sample i (0 = the oldest held). */
  ts(i: number): number {
    return this.rows[this.offset(i) + TS]!;
  }

  /** Generation speed of sample i, NaN where it is null. */
  genTps(i: number): number {
    return this.rows[this.offset(i) + GEN_TPS]!;
  }

  /** Sample i as an object, equal to the one pushed. */
  at(i: number): VitalsSample {
    const r = this.rows;
    const o = this.offset(i);
    const flags = r[o + FLAGS]!;
    const slot = r[o + 4]!;
    if ((flags & (ENGINE_KIND | VLLM_SOURCE)) === 0 && isFull(r, o)) {
      // A llama.cpp request with every figure (nearly all of them): one literal, the keys in the extractor's order.
      return {
        kind: 'request',
        source: 'llama.cpp',
        ts: r[o + TS]!,
        seq: r[o + SEQ]!,
        origin: flags & HISTORY_ORIGIN ? 'history' : 'live',
        genTps: orNull(r[o + GEN_TPS]!),
        promptTps: orNull(r[o + PROMPT_TPS]!),
        slot,
        task: r[o + 5]!,
        promptTokens: r[o + 6]!,
        genTokens: r[o + 7]!,
        promptMs: r[o + 8]!,
        genMs: r[o + 9]!,
        totalMs: r[o + 10]!,
      };
    }
    const s: Mutable<VitalsSample> = {
      kind: flags & ENGINE_KIND ? 'engine' : 'request',
      source: (flags & VLLM_SOURCE ? 'vllm' : 'llama.cpp') satisfies VitalsSource,
      ts: r[o + TS]!,
      seq: r[o + SEQ]!,
      origin: (flags & HISTORY_ORIGIN ? 'history' : 'live') satisfies Origin,
      genTps: orNull(r[o + GEN_TPS]!),
      promptTps: orNull(r[o + PROMPT_TPS]!),
    };
    // Field by field, in the extractor's order: the objects share its maps (a loop of keyed stores was
    // four times slower).
    let v = slot;
    if (v === v) s.slot = v;
    if ((v = r[o + 5]!) === v) s.task = v;
    if ((v = r[o + 6]!) === v) s.promptTokens = v;
    if ((v = r[o + 7]!) === v) s.genTokens = v;
    if ((v = r[o + 8]!) === v) s.promptMs = v;
    if ((v = r[o + 9]!) === v) s.genMs = v;
    if ((v = r[o + 10]!) === v) s.totalMs = v;
    if ((v = r[o + 11]!) === v) s.engine = v;
    if ((v = r[o + 12]!) === v) s.running = v;
    if ((v = r[o + 13]!) === v) s.waiting = v;
    if ((v = r[o + 14]!) === v) s.swapped = v;
    if ((v = r[o + 15]!) === v) s.kvCachePct = v;
    if ((v = r[o + 16]!) === v) s.prefixHitPct = v;
    return s;
  }

  /** The newest `n` samples (at most all held), oldest first. */
  newest(n: number): VitalsSample[] {
    const from = Math.max(0, this.count - n);
    const out = new Array<VitalsSample>(this.count - from);
    for (let i = from; i < this.count; i++) out[i - from] = this.at(i);
    return out;
  }

  /** Every sample held whose server time is at or after `fromTs`, oldest first. */
  since(fromTs: number): VitalsSample[] {
    const out: VitalsSample[] = [];
    for (let i = 0; i < this.count; i++) if (this.ts(i) >= fromTs) out.push(this.at(i));
    return out;
  }

  clear(): void {
    this.rows = new Float64Array(0);
    this.room = 0;
    this.head = 0;
    this.count = 0;
  }

  private offset(i: number): number {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`no sample ${i} of ${this.count}`);
    return ((this.head + i) % this.room) * STRIDE;
  }

  /** Doubles the storage (oldest first) up to the capacity. */
  private grow(): void {
    const room = Math.min(this.capacity, Math.max(MIN_ROWS, this.room * 2));
    const next = new Float64Array(room * STRIDE);
    for (let i = 0; i < this.count; i++) next.set(this.rows.subarray(this.offset(i), this.offset(i) + STRIDE), i * STRIDE);
    this.rows = next;
    this.room = room;
    this.head = 0;
  }
}

/** Row o holds every figure of a llama.cpp request (slot … totalMs, 4–10). */
function isFull(r: Float64Array, o: number): boolean {
  for (let k = 4; k <= 10; k++) if (Number.isNaN(r[o + k]!)) return false;
  return true;
}
