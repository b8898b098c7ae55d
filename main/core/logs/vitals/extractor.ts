// Per-model state between lines: a llama.cpp request is three lines (prompt eval, eval, total), in the
// older one-call format after a bare `slot print_timing: … |` header line. Lines come in server order,
// each once (from the logbook), so the extractor never sees a replayed duplicate.
import type { Origin, VitalsLoad, VitalsSample } from '../../types.js';
import type { Mutable } from '../../guards.js';
import { recogniseLine, type Recognised } from './recognisers.js';

/** A header applies to the timing lines right after it only. */
const HEADER_LINES = 4;
/** The lines of one timing block are printed together; a stale half block is dropped, not merged. */
const BLOCK_WINDOW_MS = 5_000;

interface Pending {
  seq: number;
  ts: number;
  origin: Origin;
  lastTs: number;
  slot?: number;
  task?: number;
  promptTokens?: number;
  promptMs?: number;
  promptTps?: number;
  genTokens?: number;
  genMs?: number;
  genTps?: number;
}

export interface LineInput {
  readonly seq: number;
  readonly ts: number;
  readonly text: string;
  readonly origin: Origin;
}

export class VitalsExtractor {
  private pending: Pending | null = null;
  private header: { slot: number; task: number; linesLeft: number } | null = null;
  private loadStartTs: number | null = null;
  private load: Mutable<VitalsLoad> | null = null;
  private loadChanged = false;

  /** Feed one accepted line; null when it is not a vitals line, else the samples it completed (often none). */
  observe(line: LineInput): VitalsSample[] | null {
    if (this.header && --this.header.linesLeft < 0) this.header = null;
    const r = recogniseLine(line.text);
    if (r === null) return null;
    const out: VitalsSample[] = [];
    switch (r.kind) {
      case 'llama-timing-header':
        this.flush(out);
        this.header = { slot: r.slot, task: r.task, linesLeft: HEADER_LINES };
        break;
      case 'llama-timing':
        this.timing(r, line, out);
        break;
      case 'vllm-stats': {
        const s: Mutable<VitalsSample> = {
          kind: 'engine',
          source: 'vllm',
          ts: line.ts,
          seq: line.seq,
          origin: line.origin,
          genTps: r.genTps,
          promptTps: r.promptTps,
        };
        if (r.engine !== undefined) s.engine = r.engine;
        if (r.running !== undefined) s.running = r.running;
        if (r.waiting !== undefined) s.waiting = r.waiting;
        if (r.swapped !== undefined) s.swapped = r.swapped;
        if (r.kvCachePct !== undefined) s.kvCachePct = r.kvCachePct;
        if (r.prefixHitPct !== undefined) s.prefixHitPct = r.prefixHitPct;
        out.push(s);
        break;
      }
      case 'load':
        this.loadLine(r, line.ts);
        break;
    }
    return out;
  }

  /** A gap: a half-read timing block must not be completed by lines from after it. */
  reset(): void {
    this.pending = null;
    this.header = null;
    this.loadStartTs = null;
  }

  /** The latest load figures, and whether they changed since the last call. */
  takeLoad(): { load: VitalsLoad | null; changed: boolean } {
    const changed = this.loadChanged;
    this.loadChanged = false;
    return { load: this.load, changed };
  }

  // ---------------------------------------------------------------------------------------------

  private timing(r: Extract<Recognised, { kind: 'llama-timing' }>, line: LineInput, out: VitalsSample[]): void {
    let slot = r.slot;
    let task = r.task;
    if (slot === undefined && task === undefined && this.header) {
      slot = this.header.slot;
      task = this.header.task >= 0 ? this.header.task : undefined;
    }
    let p = this.pending;
    if (p && (line.ts - p.lastTs > BLOCK_WINDOW_MS || differs(p.slot, slot) || differs(p.task, task))) {
      this.flush(out);
      p = null;
    }
    if (r.part === 'prompt') {
      if (p) this.flush(out);
      p = this.start(line, slot, task);
      p.promptMs = r.ms;
      if (r.tokens !== undefined) p.promptTokens = r.tokens;
      if (r.tps !== undefined) p.promptTps = r.tps;
      return;
    }
    if (r.part === 'eval') {
      if (p && p.genMs !== undefined) {
        this.flush(out);
        p = null;
      }
      p ??= this.start(line, slot, task);
      p.lastTs = line.ts;
      p.genMs = r.ms;
      if (r.tokens !== undefined) p.genTokens = r.tokens;
      if (r.tps !== undefined) p.genTps = r.tps;
      return;
    }
    // total: closes the block. A lone total (no prompt/eval seen) says nothing about speed.
    if (!p) return;
    this.flush(out, r.ms);
  }

  private start(line: LineInput, slot: number | undefined, task: number | undefined): Pending {
    const p: Pending = { seq: line.seq, ts: line.ts, origin: line.origin, lastTs: line.ts };
    if (slot !== undefined) p.slot = slot;
    if (task !== undefined) p.task = task;
    this.pending = p;
    return p;
  }

  private flush(out: VitalsSample[], totalMs?: number): void {
    const p = this.pending;
    this.pending = null;
    if (!p) return;
    // A block with neither part (a lone total) says nothing about speed.
    if (p.genMs === undefined && p.promptMs === undefined) return;
    const s: Mutable<VitalsSample> = {
      kind: 'request',
      source: 'llama.cpp',
      ts: p.ts,
      seq: p.seq,
      origin: p.origin,
      genTps: p.genTps ?? (p.genMs && p.genTokens !== undefined ? (p.genTokens / p.genMs) * 1000 : null),
      promptTps: p.promptTps ?? (p.promptMs && p.promptTokens !== undefined ? (p.promptTokens / p.promptMs) * 1000 : null),
    };
    if (p.slot !== undefined) s.slot = p.slot;
    if (p.task !== undefined) s.task = p.task;
    if (p.promptTokens !== undefined) s.promptTokens = p.promptTokens;
    if (p.genTokens !== undefined) s.genTokens = p.genTokens;
    if (p.promptMs !== undefined) s.promptMs = p.promptMs;
    if (p.genMs !== undefined) s.genMs = p.genMs;
    if (totalMs !== undefined) s.totalMs = totalMs;
    out.push(s);
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

function differs(a: number | undefined, b: number | undefined): boolean {
  return a !== undefined && b !== undefined && a !== b;
}
