// Per-model state between lines: a llama.cpp request is three lines (prompt eval, eval, total), in the
// older one-call format after a bare `slot print_timing: … |` header line. Lines come in server order,
// each once (from the logbook), so the extractor never sees a replayed duplicate.
import type { Origin, VitalsLoad, VitalsSample } from '../../types.js';
import type { Mutable } from '../../guards.js';
import { recogniseLine, type Recognised, type TimingPart } from './recognisers.js';
import { FastScanner, HEADER, NONE, OTHER, TIMING, VLLM } from './fast-scan.js';

/** A header applies to the timing lines right after it only. */
const HEADER_LINES = 4;
/** The lines of one timing block are printed together; a stale half block is dropped, not merged. */
const BLOCK_WINDOW_MS = 5_000;

export interface LineInput {
  readonly seq: number;
  readonly ts: number;
  readonly text: string;
  readonly origin: Origin;
}

/** What `observe` returns for a vitals line that completed no sample (shared, never written to). */
const NO_SAMPLES: readonly VitalsSample[] = Object.freeze([]);

/**
 * A finished llama.cpp request's figures, as the extractor hands them to its sink: one object that the
 * extractor fills again for every request (a sink copies what it keeps). NaN where a figure is absent
 * or a speed unknown; every figure read is ≥ 0 (the slot can be any number).
 */
export interface RequestFigures {
  readonly ts: number;
  readonly seq: number;
  readonly origin: Origin;
  readonly genTps: number;
  readonly promptTps: number;
  readonly slot: number;
  readonly task: number;
  readonly promptTokens: number;
  readonly genTokens: number;
  readonly promptMs: number;
  readonly genMs: number;
  readonly totalMs: number;
}

/**
 * Where the samples go. A finished llama.cpp request (nearly every sample of a llama.cpp stream) comes
 * as its figures, so that the store can keep them without an object being made for it; other samples
 * (vLLM statistics) as objects.
 */
export interface SampleSink {
  request(r: RequestFigures): void;
  add(sample: VitalsSample): void;
}

/** `null` for NaN (an absent speed, in RequestFigures and SampleRing rows). */
export function orNull(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

/** The request as a VitalsSample object (absent figures left out). */
function requestSample(r: RequestFigures): VitalsSample {
  const s: Mutable<VitalsSample> = { kind: 'request', source: 'llama.cpp', ts: r.ts, seq: r.seq, origin: r.origin, genTps: orNull(r.genTps), promptTps: orNull(r.promptTps) };
  if (!Number.isNaN(r.slot)) s.slot = r.slot;
  if (!Number.isNaN(r.task)) s.task = r.task;
  if (!Number.isNaN(r.promptTokens)) s.promptTokens = r.promptTokens;
  if (!Number.isNaN(r.genTokens)) s.genTokens = r.genTokens;
  if (!Number.isNaN(r.promptMs)) s.promptMs = r.promptMs;
  if (!Number.isNaN(r.genMs)) s.genMs = r.genMs;
  if (!Number.isNaN(r.totalMs)) s.totalMs = r.totalMs;
  return s;
}

/** A request sample's figures (NaN where it has none). */
export function requestFigures(s: VitalsSample): RequestFigures {
  return {
    ts: s.ts,
    seq: s.seq,
    origin: s.origin,
    genTps: s.genTps ?? NaN,
    promptTps: s.promptTps ?? NaN,
    slot: s.slot ?? NaN,
    task: s.task ?? NaN,
    promptTokens: s.promptTokens ?? NaN,
    genTokens: s.genTokens ?? NaN,
    promptMs: s.promptMs ?? NaN,
    genMs: s.genMs ?? NaN,
    totalMs: s.totalMs ?? NaN,
  };
}

/** The samples as objects (`observe`). */
class Collector implements SampleSink {
  private out: VitalsSample[] | null = null;

  request(r: RequestFigures): void {
    this.add(requestSample(r));
  }

  add(sample: VitalsSample): void {
    (this.out ??= []).push(sample);
  }

  /** What the last line completed, and nothing kept. */
  take(): readonly VitalsSample[] {
    const out = this.out;
    this.out = null;
    return out ?? NO_SAMPLES;
  }
}

/** The extractor's RequestFigures (written in place for every request). */
class Figures implements RequestFigures {
  ts = 0;
  seq = 0;
  origin: Origin = 'live';
  genTps = NaN;
  promptTps = NaN;
  slot = NaN;
  task = NaN;
  promptTokens = NaN;
  genTokens = NaN;
  promptMs = NaN;
  genMs = NaN;
  totalMs = NaN;
}

/** -1 (the extractor's absent figure) as NaN. */
function present(v: number): number {
  return v >= 0 ? v : NaN;
}

/** A vLLM statistics line's figures: the fast scan's (-1 when absent) or the recogniser's (undefined). */
interface EngineFigures {
  readonly genTps: number;
  readonly promptTps: number;
  readonly engine?: number | undefined;
  readonly running?: number | undefined;
  readonly waiting?: number | undefined;
  readonly swapped?: number | undefined;
  readonly kvCachePct?: number | undefined;
  readonly prefixHitPct?: number | undefined;
}

/** One engine sample, field by field (no spreads); an absent figure (undefined or -1) is left out. */
function engineSample(line: LineInput, f: EngineFigures): VitalsSample {
  const s: Mutable<VitalsSample> = { kind: 'engine', source: 'vllm', ts: line.ts, seq: line.seq, origin: line.origin, genTps: f.genTps, promptTps: f.promptTps };
  if (f.engine !== undefined && f.engine >= 0) s.engine = f.engine;
  if (f.running !== undefined && f.running >= 0) s.running = f.running;
  if (f.waiting !== undefined && f.waiting >= 0) s.waiting = f.waiting;
  if (f.swapped !== undefined && f.swapped >= 0) s.swapped = f.swapped;
  if (f.kvCachePct !== undefined && f.kvCachePct >= 0) s.kvCachePct = f.kvCachePct;
  if (f.prefixHitPct !== undefined && f.prefixHitPct >= 0) s.prefixHitPct = f.prefixHitPct;
  return s;
}

/**
 * Reads one model's lines. Every line goes through the fast path (fast-scan.ts) first; only lines it
 * cannot decide (colours, older formats, load lines, anything unusual) are handed to the recognisers.
 * Both paths feed the same per-request state, which lives in reused fields (-1 = absent: every figure
 * read is ≥ 0), so an ordinary line costs a few character reads and a timing line one match and its
 * figures' groups until its request's sample is made.
 */
export class VitalsExtractor {
  private readonly fast = new FastScanner();
  /** Lines the header of the older one-call format still applies to (-1: no header). */
  private headerLeft = -1;
  private headerSlot = 0;
  private headerTask = -1;
  // The request being read (pending: its prompt or eval line was seen).
  private pending = false;
  private pSeq = 0;
  private pTs = 0;
  private pOrigin: Origin = 'live';
  private pLastTs = 0;
  /** A slot can be any number (the JSON log format's id_slot): undefined when absent. */
  private pSlot: number | undefined = undefined;
  private pTask = -1;
  private pPromptTokens = -1;
  private pPromptMs = -1;
  private pPromptTps = -1;
  private pGenTokens = -1;
  private pGenMs = -1;
  private pGenTps = -1;
  /** Samples completed by the current line. */
  private completed = 0;
  private readonly sink: SampleSink;
  private readonly figures = new Figures();
  /** The sink of `observe` (null when the samples go to a sink of the caller's). */
  private readonly collector: Collector | null;
  private loadStartTs: number | null = null;
  private load: Mutable<VitalsLoad> | null = null;
  private loadChanged = false;
  private readonly useFast: boolean;

  /**
   * `fastPath: false` reads every line with the recognisers alone (the test that both paths agree).
   * `sink`: where `read` puts the samples (without one, `observe` returns them as objects).
   */
  constructor(opts?: { readonly fastPath?: boolean; readonly sink?: SampleSink }) {
    this.useFast = opts?.fastPath ?? true;
    this.collector = opts?.sink ? null : new Collector();
    this.sink = opts?.sink ?? this.collector!;
  }

  /** Feed one accepted line; null when it is not a vitals line, else the samples it completed (often none). */
  observe(line: LineInput): readonly VitalsSample[] | null {
    if (this.collector === null) throw new Error('this extractor puts its samples into its sink: use read');
    if (this.read(line) < 0) return null;
    return this.collector.take();
  }

  /** Feed one accepted line: -1 when it is not a vitals line, else how many samples it completed into the sink (often 0). */
  read(line: LineInput): number {
    if (this.headerLeft >= 0 && --this.headerLeft < 0) this.headerLeft = -1;
    const f = this.fast;
    this.completed = 0;
    switch (this.useFast ? f.scan(line.text) : OTHER) {
      case NONE:
        return -1;
      case TIMING:
        this.timing(f.part, f.ms, f.tokens, f.tps, f.slot >= 0 ? f.slot : undefined, f.task, line);
        return this.completed;
      case HEADER:
        this.header(f.slot, f.task);
        return this.completed;
      case VLLM:
        this.sink.add(engineSample(line, f));
        return 1;
      default:
        return this.slow(line);
    }
  }

  /** Whether load figures changed since the last `takeLoad` (read without allocating). */
  get loadDirty(): boolean {
    return this.loadChanged;
  }

  /** A gap: a half-read timing block must not be completed by lines from after it. */
  reset(): void {
    this.pending = false;
    this.headerLeft = -1;
    this.loadStartTs = null;
  }

  /** The latest load figures, and whether they changed since the last call. */
  takeLoad(): { load: VitalsLoad | null; changed: boolean } {
    const changed = this.loadChanged;
    this.loadChanged = false;
    return { load: this.load, changed };
  }

  // ---------------------------------------------------------------------------------------------

  /** The recognisers, for what the fast path left undecided. */
  private slow(line: LineInput): number {
    const r = recogniseLine(line.text);
    if (r === null) return -1;
    switch (r.kind) {
      case 'llama-timing-header':
        this.header(r.slot, r.task);
        break;
      case 'llama-timing':
        this.timing(r.part, r.ms, r.tokens ?? -1, r.tps ?? -1, r.slot, r.task ?? -1, line);
        break;
      case 'vllm-stats':
        this.sink.add(engineSample(line, r));
        return 1;
      case 'load':
        this.loadLine(r, line.ts);
        break;
    }
    return this.completed;
  }

  private header(slot: number, task: number): void {
    this.flush();
    this.headerSlot = slot;
    this.headerTask = task;
    this.headerLeft = HEADER_LINES;
  }

  /** One timing line (figures -1 when absent: all of them are ≥ 0 when present; the slot is undefined). */
  private timing(part: TimingPart, ms: number, tokens: number, tps: number, slotIn: number | undefined, taskIn: number, line: LineInput): void {
    let slot = slotIn;
    let task = taskIn;
    if (slot === undefined && task < 0 && this.headerLeft >= 0) {
      slot = this.headerSlot;
      task = this.headerTask >= 0 ? this.headerTask : -1;
    }
    if (this.pending && (line.ts - this.pLastTs > BLOCK_WINDOW_MS || differsSlot(this.pSlot, slot) || differs(this.pTask, task))) this.flush();
    if (part === 'prompt') {
      if (this.pending) this.flush();
      this.start(line, slot, task);
      this.pPromptMs = ms;
      this.pPromptTokens = tokens;
      this.pPromptTps = tps;
      return;
    }
    if (part === 'eval') {
      if (this.pending && this.pGenMs >= 0) this.flush();
      if (!this.pending) this.start(line, slot, task);
      this.pLastTs = line.ts;
      this.pGenMs = ms;
      this.pGenTokens = tokens;
      this.pGenTps = tps;
      return;
    }
    // total: closes the block. A lone total (no prompt/eval seen) says nothing about speed.
    if (!this.pending) return;
    this.flush(ms);
  }

  private start(line: LineInput, slot: number | undefined, task: number): void {
    this.pending = true;
    this.pSeq = line.seq;
    this.pTs = line.ts;
    this.pOrigin = line.origin;
    this.pLastTs = line.ts;
    this.pSlot = slot;
    this.pTask = task;
    this.pPromptTokens = -1;
    this.pPromptMs = -1;
    this.pPromptTps = -1;
    this.pGenTokens = -1;
    this.pGenMs = -1;
    this.pGenTps = -1;
  }

  /** Ends the pending request: its sample, unless it had neither part (a lone total says nothing). */
  private flush(totalMs = -1): void {
    if (!this.pending) return;
    this.pending = false;
    if (this.pGenMs < 0 && this.pPromptMs < 0) return;
    const r = this.figures;
    r.ts = this.pTs;
    r.seq = this.pSeq;
    r.origin = this.pOrigin;
    r.genTps = this.pGenTps >= 0 ? this.pGenTps : this.pGenMs > 0 && this.pGenTokens >= 0 ? (this.pGenTokens / this.pGenMs) * 1000 : NaN;
    r.promptTps = this.pPromptTps >= 0 ? this.pPromptTps : this.pPromptMs > 0 && this.pPromptTokens >= 0 ? (this.pPromptTokens / this.pPromptMs) * 1000 : NaN;
    r.slot = this.pSlot ?? NaN;
    r.task = present(this.pTask);
    r.promptTokens = present(this.pPromptTokens);
    r.genTokens = present(this.pGenTokens);
    r.promptMs = present(this.pPromptMs);
    r.genMs = present(this.pGenMs);
    r.totalMs = present(totalMs);
    this.sink.request(r);
    this.completed++;
  }

  private loadLine(r: Extract<Recognised, { kind: 'load' }>, ts: number): void {
    if (r.loadStart) {
      // A new run: its figures replace the previous run's.
      this.loadStartTs = ts;
      this.load = {};
      this.loadChanged = true;
      return;
    }
    this.load ??= {};
    if (r.loadEnd) {
      if (this.loadStartTs !== null && this.load.loadMs === undefined) this.load.loadMs = Math.max(0, ts - this.loadStartTs);
      this.loadStartTs = null;
    }
    if (r.nCtx !== undefined) this.load.nCtx = r.nCtx;
    if (r.kvMiB !== undefined) this.load.kvMiB = r.kvMiB;
    if (r.loadMs !== undefined) this.load.loadMs = r.loadMs;
    this.loadChanged = true;
  }
}

function differsSlot(a: number | undefined, b: number | undefined): boolean {
  return a !== undefined && b !== undefined && a !== b;
}

/** Two task ids that are both known and disagree (-1: unknown; a task read is never negative). */
function differs(a: number, b: number): boolean {
  return a >= 0 && b >= 0 && a !== b;
}
