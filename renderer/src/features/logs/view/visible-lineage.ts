// Incremental views over a tab's visible entries. A big tab appends a batch at the end and trims
// as many at the front up to 20 times a second; every list derived from the visible entries (error
// and warning positions, search matches, hint placements, the "N new lines" count) used to make a
// full pass over all 200,000 of them per batch. Here each visible list is placed in an append-only
// sequence (its lineage): entries[i] sits at position `dropped + i`, and two lists of one lineage
// differ only by what left at the front and what came at the end. A tracker remembers positions
// in that sequence, so an update costs the batch, not the tab; any other change (a filter, a
// reload, a recovered line put back in place) starts a new lineage and a full pass.
import type { LogEntry, SignatureId } from '../../../../../main/core/types.js';
import { EntrySlice, FrontTrimmed, type EntryList, type Lineage } from '../../../stores/entry-list.js';
import { isFiltering, passesFilter, type LineMatcher, type ViewFilter } from '../log-filter.js';
import { overview, overviewOf, type Overview } from './log-index.js';

/** The lineage a list was placed in (the lists VisibleBuilder makes), else undefined (a full pass). */
export function lineageOf(entries: EntryList): Lineage | undefined {
  return entries instanceof EntrySlice ? entries.lineage : undefined;
}

const serials = new WeakMap<object, number>();
let nextSerial = 1;

/** A small number naming a lineage (for React keys); 0 for none. */
export function lineageSerial(id: object | undefined): number {
  if (!id) return 0;
  let n = serials.get(id);
  if (n === undefined) {
    n = nextSerial++;
    serials.set(id, n);
  }
  return n;
}

/**
 * How `next` continues what a tracker saw last (lineage `id`, positions up to `end`): the index in
 * `next` where unseen entries start, or null when it does not continue it (full pass needed).
 */
function continuation(seen: { id: object | null; end: number; key: unknown }, next: EntryList, key: unknown): { from: number; dropped: number } | null {
  const lin = lineageOf(next);
  if (!lin || lin.id !== seen.id || key !== seen.key) return null;
  const end = lin.dropped + next.length;
  // An older window of the same lineage (a deferred value lagging behind): start over.
  if (end < seen.end) return null;
  return { from: Math.max(0, seen.end - lin.dropped), dropped: lin.dropped };
}

/**
 * Indices of the entries that pass `test`, kept up to date across appends and front trims. `key`
 * names what `test` depends on besides the entry (e.g. the search): a new key starts over.
 */
export class IndexTracker {
  private seen: { id: object | null; end: number; key: unknown } = { id: null, end: 0, key: undefined };
  /** Positions in the lineage, ascending; valid from `head`. */
  private positions: number[] = [];
  private head = 0;
  private last: EntryList | null = null;
  private lastResult: number[] = [];

  constructor(private readonly test: (e: LogEntry, key: unknown) => boolean) {}

  indices(visible: EntryList, key?: unknown): number[] {
    if (visible === this.last && key === this.seen.key) return this.lastResult;
    const cont = continuation(this.seen, visible, key);
    const lin = lineageOf(visible);
    const dropped = lin?.dropped ?? 0;
    let from: number;
    if (cont) {
      from = cont.from;
      while (this.head < this.positions.length && (this.positions[this.head] ?? 0) < dropped) this.head++;
      if (this.head > 1024 && this.head * 2 > this.positions.length) {
        this.positions = this.positions.slice(this.head);
        this.head = 0;
      }
    } else {
      from = 0;
      this.positions = [];
      this.head = 0;
    }
    for (let i = from; i < visible.length; i++) {
      const e = visible.at(i);
      if (e && this.test(e, key)) this.positions.push(dropped + i);
    }
    this.seen = { id: lin?.id ?? null, end: dropped + visible.length, key };
    const out = new Array<number>(this.positions.length - this.head);
    for (let k = this.head; k < this.positions.length; k++) out[k - this.head] = (this.positions[k] ?? 0) - dropped;
    this.last = visible;
    this.lastResult = out;
    return out;
  }
}

/**
 * The number of entries at the end with a seq above `seq` (the "N new lines" pill, the lines held
 * back while paused): what `countAfter` counts from the end, kept across appends and front trims.
 */
export class TrailingCount {
  private id: object | null = null;
  private end = 0;
  private seq = Number.NaN;
  /** Position where the trailing run of entries above the seq starts. */
  private runStart = 0;

  count(entries: EntryList, seq: number, lineage: Lineage | undefined = lineageOf(entries)): number {
    const dropped = lineage?.dropped ?? 0;
    const end = dropped + entries.length;
    if (lineage && lineage.id === this.id && seq === this.seq && end >= this.end) {
      for (let i = Math.max(0, this.end - dropped); i < entries.length; i++) {
        if ((entries.at(i)?.seq ?? Infinity) <= seq) this.runStart = dropped + i + 1;
      }
    } else {
      let i = entries.length - 1;
      while (i >= 0 && (entries.at(i)?.seq ?? -Infinity) > seq) i--;
      this.runStart = dropped + i + 1;
    }
    this.id = lineage?.id ?? null;
    this.end = end;
    this.seq = seq;
    return end - Math.max(this.runStart, dropped);
  }
}

/** Where the failure hints go (see `hintPlacements`), kept across appends and front trims. */
export class HintTracker {
  private seen: { id: object | null; end: number; key: unknown } = { id: null, end: 0, key: undefined };
  /** [position, signature] of each placement, ascending; valid from `head`. */
  private placements: Array<readonly [number, SignatureId]> = [];
  private head = 0;
  /** Position of the last block's first entry: placements from here on may still change. */
  private openStart = 0;
  private last: EntryList | null = null;
  private lastResult: Map<number, SignatureId> = new Map();

  hints(visible: EntryList): Map<number, SignatureId> {
    if (visible === this.last) return this.lastResult;
    const cont = continuation(this.seen, visible, undefined);
    const lin = lineageOf(visible);
    const dropped = lin?.dropped ?? 0;
    if (!cont) {
      this.placements = [];
      this.head = 0;
      this.openStart = dropped;
    } else {
      while (this.head < this.placements.length && (this.placements[this.head]?.[0] ?? 0) < dropped) this.head++;
      // A block whose head was trimmed away has no hint any more (its lines now lead the list).
      let firstHead = 0;
      while (firstHead < visible.length && isContinuation(visible.at(firstHead))) firstHead++;
      const first = this.placements[this.head];
      if (first && first[0] < dropped + firstHead) this.head++;
      if (this.head > 256 && this.head * 2 > this.placements.length) {
        this.placements = this.placements.slice(this.head);
        this.head = 0;
      }
      // The last block may go on: drop its placement and scan again from its first line.
      this.openStart = Math.max(this.openStart, dropped);
      while (this.placements.length > this.head && (this.placements[this.placements.length - 1]?.[0] ?? 0) >= this.openStart) this.placements.pop();
    }
    // The scan of `hintPlacements`, from openStart (a block's first line, or the list's first entry).
    let sig: SignatureId | null = null;
    let lastIdx = -1;
    for (let i = this.openStart - dropped; i < visible.length; i++) {
      const e = visible.at(i);
      if (e?.kind === 'line' && e.continuation && sig !== null) {
        lastIdx = i;
        continue;
      }
      if (sig !== null) this.placements.push([dropped + lastIdx, sig]);
      sig = e?.kind === 'line' && e.signature && e.signature !== 'generic-error' && !e.continuation ? e.signature : null;
      lastIdx = i;
      if (!isContinuation(e)) this.openStart = dropped + i;
    }
    if (sig !== null) this.placements.push([dropped + lastIdx, sig]);
    this.seen = { id: lin?.id ?? null, end: dropped + visible.length, key: undefined };
    const out = new Map<number, SignatureId>();
    for (let k = this.head; k < this.placements.length; k++) {
      const p = this.placements[k];
      if (p) out.set(p[0] - dropped, p[1]);
    }
    this.last = visible;
    this.lastResult = out;
    return out;
  }
}

function isContinuation(e: LogEntry | undefined): boolean {
  return e?.kind === 'line' && e.continuation === true;
}

/** A stable lineage id per buffer and epoch: the buffer itself is one append-only sequence while its epoch holds. */
const bufferIds = new WeakMap<object, { epoch: number; id: object }>();
export function bufferLineage(buffer: { readonly epoch: number; readonly trimmed: number }): Lineage {
  let b = bufferIds.get(buffer);
  if (!b || b.epoch !== buffer.epoch) {
    b = { epoch: buffer.epoch, id: {} };
    bufferIds.set(buffer, b);
  }
  return { id: b.id, dropped: buffer.trimmed };
}

/** What a visible list depends on besides the buffer (compared entry by entry). */
export type VisibleKey = readonly unknown[];

function sameKey(a: VisibleKey, b: VisibleKey): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Index of the first live item >= `at` in an ascending FrontTrimmed (relative to its head). */
function lowerBound(positions: FrontTrimmed<number>, at: number): number {
  const items = positions.items;
  let lo = positions.head;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo - positions.head;
}

/** What a buffer offers a VisibleBuilder (a LogBuffer). */
export interface VisibleSource {
  readonly log: FrontTrimmed<LogEntry>;
  readonly epoch: number;
  readonly trimmed: number;
}

interface Built {
  readonly buffer: object;
  readonly epoch: number;
  readonly key: VisibleKey;
  readonly id: object;
  /** The filtered entries and the buffer position of each; null when the list is a window of the buffer itself. */
  readonly own: { readonly entries: FrontTrimmed<LogEntry>; readonly pos: FrontTrimmed<number> } | null;
  /** Buffer position after the last buffer entry looked at. */
  bufEnd: number;
  /** The pause cut the list: nothing later is shown. */
  stopped: boolean;
  /** Unfiltered: the buffer position where the list ends (the cut, else bufEnd). */
  end: number;
  /** Lineage position of the list's first entry. */
  dropped: number;
}

/**
 * Builds the visible list of one tab (what `filterEntries` returns) as a snapshot placed in a
 * lineage, in O(batch) while the buffer only appends and trims (its epoch holds) and `key` (the
 * filter) stays: unfiltered, the list is a window of the buffer's own array (nothing copied); filtered,
 * the new entries that pass are pushed onto the builder's own append-only array. Neither is ever
 * copied whole per batch.
 */
export class VisibleBuilder {
  private prev: Built | null = null;

  build(buffer: VisibleSource, f: ViewFilter, matcher: LineMatcher, key: VisibleKey): EntrySlice {
    const { log, trimmed } = buffer;
    const p = this.prev;
    const same = p !== null && p.buffer === buffer && p.epoch === buffer.epoch && sameKey(p.key, key);
    const bufEnd = trimmed + log.length;
    const filtering = isFiltering(f, 4, 2);
    // Where the unseen buffer entries start (relative to the buffer's first entry), or -1: start over.
    const newFrom = same && (p.own !== null) === filtering ? p.bufEnd - trimmed : -1;
    let b: Built;
    if (p !== null && same && newFrom >= 0 && newFrom <= log.length) {
      b = p;
    } else {
      const own = filtering ? { entries: new FrontTrimmed<LogEntry>(), pos: new FrontTrimmed<number>() } : null;
      b = { buffer, epoch: buffer.epoch, key, id: {}, own, bufEnd: trimmed, stopped: false, end: trimmed, dropped: filtering ? 0 : trimmed };
      this.prev = b;
    }
    const from = b.bufEnd - trimmed;
    if (!b.own) {
      // The buffer itself, cut at the pause: its positions are the buffer's.
      if (!b.stopped) {
        let end = log.length;
        if (f.maxSeq !== null) {
          for (let i = from; i < log.length; i++) {
            if ((log.get(i)?.seq ?? 0) > f.maxSeq) {
              b.stopped = true;
              end = i;
              break;
            }
          }
        }
        b.end = trimmed + end;
      }
      b.bufEnd = bufEnd;
      b.dropped = trimmed;
      const length = Math.max(0, b.end - trimmed);
      return new EntrySlice(log.items, log.head, length, { id: b.id, dropped: trimmed });
    }
    const { entries, pos } = b.own;
    const gone = lowerBound(pos, trimmed);
    if (gone > 0) {
      entries.trim(gone);
      pos.trim(gone);
      b.dropped += gone;
    }
    if (!b.stopped) {
      for (let i = from; i < log.length; i++) {
        const e = log.get(i);
        if (!e) continue;
        if (f.maxSeq !== null && e.seq > f.maxSeq) {
          b.stopped = true;
          break;
        }
        if (passesFilter(e, f, matcher)) {
          entries.push(e);
          pos.push(trimmed + i);
        }
      }
    }
    b.bufEnd = bufEnd;
    return new EntrySlice(entries.items, entries.head, entries.length, { id: b.id, dropped: b.dropped });
  }
}

/** Timestamps (ascending) of some entries, with their positions, trimmed from the front. */
class TimeSeries {
  ts: number[] = [];
  pos: number[] = [];
  head = 0;

  clear(): void {
    this.ts = [];
    this.pos = [];
    this.head = 0;
  }

  push(ts: number, pos: number): void {
    this.ts.push(ts);
    this.pos.push(pos);
  }

  dropBefore(position: number): void {
    while (this.head < this.pos.length && (this.pos[this.head] ?? 0) < position) this.head++;
    if (this.head > 4096 && this.head * 2 > this.pos.length) {
      this.ts = this.ts.slice(this.head);
      this.pos = this.pos.slice(this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.ts.length - this.head;
  }

  /** Index of the first timestamp whose bucket is >= b (buckets grow with the time). */
  firstInBucket(b: number, bucketOf: (ts: number) => number): number {
    let lo = this.head;
    let hi = this.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bucketOf(this.ts[mid] ?? 0) < b) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Lines, errors and warnings whose times only grow, in lineage order. */
class Run {
  readonly lines = new TimeSeries();
  readonly errors = new TimeSeries();
  readonly warnings = new TimeSeries();
}

/** More runs than this (times went backwards this often in the tab): the full pass is cheaper. */
const MAX_RUNS = 16;

/**
 * The overview buckets (see `overview`), kept across appends and front trims. The lines are kept as
 * a few runs whose times only grow (the usual log is one run; a clock set back starts another), so
 * the counts come from binary searches over each run's times instead of a pass over every line. A
 * run leaves when its last line is trimmed. Only a tab whose times went backwards more than
 * MAX_RUNS times takes the full pass, and only while those lines are held.
 */
export class OverviewTracker {
  private id: object | null = null;
  private end = 0;
  private runs: Run[] = [];
  /** Too many runs: each call is the full pass (trying the runs again from scratch). */
  private tooMany = false;
  private last: EntryList | null = null;
  private lastCount = 0;
  private lastResult: Overview | null = null;

  overview(visible: EntryList, count: number): Overview | null {
    if (visible === this.last && count === this.lastCount) return this.lastResult;
    const lin = lineageOf(visible);
    const dropped = lin?.dropped ?? 0;
    let from = 0;
    if (lin && lin.id === this.id && dropped + visible.length >= this.end && !this.tooMany) {
      from = Math.max(0, this.end - dropped);
      for (const run of this.runs) {
        run.lines.dropBefore(dropped);
        run.errors.dropBefore(dropped);
        run.warnings.dropBefore(dropped);
      }
      while (this.runs.length > 0 && this.runs[0]?.lines.size === 0) this.runs.shift();
    } else {
      this.runs = [];
      this.tooMany = false;
    }
    let run = this.runs[this.runs.length - 1];
    for (let i = from; i < visible.length; i++) {
      const e = visible.at(i);
      if (!e || e.kind !== 'line') continue;
      if (!run || (run.lines.size > 0 && e.ts < (run.lines.ts[run.lines.ts.length - 1] ?? 0))) {
        if (this.runs.length >= MAX_RUNS) {
          this.tooMany = true;
          this.runs = [];
          break;
        }
        run = new Run();
        this.runs.push(run);
      }
      run.lines.push(e.ts, dropped + i);
      if (e.continuation) continue;
      if (e.level === 'error') run.errors.push(e.ts, dropped + i);
      else if (e.level === 'warning') run.warnings.push(e.ts, dropped + i);
    }
    this.id = lin?.id ?? null;
    this.end = dropped + visible.length;
    this.last = visible;
    this.lastCount = count;
    this.lastResult = this.tooMany ? overview(visible, count) : this.fromRuns(count);
    return this.lastResult;
  }

  private fromRuns(count: number): Overview | null {
    let from = Infinity;
    let to = -Infinity;
    for (const { lines } of this.runs) {
      if (lines.size === 0) continue;
      from = Math.min(from, lines.ts[lines.head] ?? Infinity);
      to = Math.max(to, lines.ts[lines.ts.length - 1] ?? -Infinity);
    }
    if (!Number.isFinite(from)) return null;
    // The same arithmetic as `overview`, so every line lands in the same bucket.
    const span = Math.max(1000, to - from);
    const width = span / count;
    const bucketOf = (ts: number) => Math.min(count - 1, Math.floor((ts - from) / width));
    const add = (s: TimeSeries, into: Uint32Array): void => {
      if (s.size <= count * 4) {
        // A short run: bucket its lines one by one.
        for (let k = s.head; k < s.ts.length; k++) {
          const b = bucketOf(s.ts[k] ?? 0);
          into[b] = (into[b] ?? 0) + 1;
        }
        return;
      }
      let start = s.head;
      for (let b = 0; b < count; b++) {
        const next = b === count - 1 ? s.ts.length : s.firstInBucket(b + 1, bucketOf);
        into[b] = (into[b] ?? 0) + (next - start);
        start = next;
      }
    };
    const lines = new Uint32Array(count);
    const errors = new Uint32Array(count);
    const warnings = new Uint32Array(count);
    for (const run of this.runs) {
      add(run.lines, lines);
      add(run.errors, errors);
      add(run.warnings, warnings);
    }
    return overviewOf(from, span, count, lines, errors, warnings);
  }
}
