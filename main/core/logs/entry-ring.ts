// One model's held log entries as columns (issue 13, "memory per held line"): a LogLine object per
// held line (7+ fields, a boxed ts) cost ~100 bytes on top of its text. Here a held line costs its
// text plus ~19 bytes: ts in a Float64Array, level/origin/flags and the server level / signature as
// codes in two Uint8Arrays, the text in one array slot. `seq` is implied by position (the logbook's
// seqs ascend by one through the ring; a Float64Array of seqs exists only after a retain left holes),
// rare fields (a server level or signature without a code, `fills`, …) sit in a sparse map by seq,
// v3 ids in a Float64Array made on first use. Markers are rare and stay objects (in the text slot).
// LogLine objects are built only when an entry is read.
//
// Fixed capacity, FIFO, O(1) push and evict-oldest; the storage grows with use (doubling up to the
// capacity), so models that never print cost nothing.
import type { Level, LogEntry, LogLine, LogMarker, ModelKey, Origin, SignatureId } from '../types.js';
import type { Mutable } from '../guards.js';

const MIN_STORAGE = 16;

/** Level codes (bits 0-1 of the meta byte) are positions in this one table, both ways. */
const LEVEL_CODES: readonly Level[] = ['info', 'error', 'warning', 'success'];
// meta byte: bits 0-1 level, then flags.
const LIVE = 1 << 2;
const CONTINUATION = 1 << 3;
const TIME_RECEIVED = 1 << 4;
const RECOVERED = 1 << 5;
const EXTRAS = 1 << 6;

/** Server levels with a code (1-based in the low nibble of the codes byte); others go to the extras. */
const SERVER_LEVELS: readonly string[] = ['info', 'error', 'warn', 'ok', 'warning', 'success', 'debug'];
/** Signatures with a code (1-based in the high nibble); one added later without a code goes to the extras. */
const SIGNATURES: readonly SignatureId[] = [
  'cuda-oom',
  'host-oom',
  'kv-cache',
  'port-in-use',
  'ggml-assert',
  'fatal',
  'segfault',
  'killed',
  'exit-code',
  'model-load',
  'traceback',
  'generic-error',
];

/** The fields of a line that have no column (or no code for their value). */
interface Extras {
  serverLevel?: string;
  signature?: SignatureId;
  continuation?: boolean;
  fills?: number;
}

/** Called for each entry a push (at the cap), resize, retain or clear drops; `text` only for lines. */
export type DropListener = (seq: number, ts: number, text: string | undefined) => void;

export class EntryRing {
  private head = 0;
  private count = 0;
  /** Storage slots (grows by doubling up to the capacity). */
  private len = 0;
  /** Seq of the oldest held entry; the others follow by one (unless `seqs`). */
  private firstSeq = 0;
  private ts = new Float64Array(0);
  /** A line's text, or the marker itself. */
  private texts: (string | LogMarker | undefined)[] = [];
  private meta = new Uint8Array(0);
  /** Low nibble: server level code, high nibble: signature code (0 = none). */
  private codes = new Uint8Array(0);
  /** v3 line ids (NaN = none), made on the first line that has one. */
  private ids: Float64Array | null = null;
  /** Explicit seqs, only while the held seqs are not consecutive (after a retain). */
  private seqs: Float64Array | null = null;
  private readonly extras = new Map<number, Extras>();

  constructor(
    private cap: number,
    private readonly key: ModelKey,
  ) {
    checkCap(cap);
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Appends; at the cap the oldest entry is dropped first (reported to `onDrop`). */
  push(entry: LogEntry, onDrop?: DropListener): void {
    if (this.count === this.len && this.count < this.cap) this.grow();
    if (this.count === this.cap) this.dropOldest(onDrop);
    if (this.count === 0) this.firstSeq = entry.seq;
    else if (this.seqs === null && entry.seq !== this.firstSeq + this.count) this.explicitSeqs();
    this.write((this.head + this.count) % this.len, entry);
    this.count++;
  }

  /** i = 0 is the oldest. */
  at(i: number): LogEntry | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.read(i, (this.head + i) % this.len);
  }

  seqAt(i: number): number {
    if (i < 0 || i >= this.count) return Number.NaN;
    return this.seqs === null ? this.firstSeq + i : (this.seqs[(this.head + i) % this.len] ?? Number.NaN);
  }

  tsAt(i: number): number {
    if (i < 0 || i >= this.count) return Number.NaN;
    return this.ts[(this.head + i) % this.len] ?? Number.NaN;
  }

  /** A held line's text; undefined for a marker (or out of range). */
  textAt(i: number): string | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const t = this.texts[(this.head + i) % this.len];
    return typeof t === 'string' ? t : undefined;
  }

  isRecoveredAt(i: number): boolean {
    if (i < 0 || i >= this.count) return false;
    return ((this.meta[(this.head + i) % this.len] ?? 0) & RECOVERED) !== 0;
  }

  /** Index of the entry with this seq, or -1. */
  indexOfSeq(seq: number): number {
    if (this.seqs === null) {
      const i = seq - this.firstSeq;
      return Number.isInteger(i) && i >= 0 && i < this.count ? i : -1;
    }
    const i = this.firstIndexAfter(seq - 1);
    return this.seqAt(i) === seq ? i : -1;
  }

  /** Index of the first entry with seq > afterSeq (seqs ascend through the ring). */
  firstIndexAfter(afterSeq: number): number {
    if (this.seqs === null) {
      if (this.count === 0) return 0;
      return Math.min(this.count, Math.max(0, Math.floor(afterSeq) - this.firstSeq + 1));
    }
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqAt(mid) <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Replace the marker at i (a line cannot be replaced); false when out of range or not a marker. */
  setMarker(i: number, marker: LogMarker): boolean {
    if (i < 0 || i >= this.count) return false;
    const slot = (this.head + i) % this.len;
    if (typeof this.texts[slot] === 'string' || marker.seq !== this.seqAt(i)) return false;
    this.texts[slot] = marker;
    this.ts[slot] = marker.ts;
    return true;
  }

  /** Entries from index `from` (oldest = 0) up to, not including, index `to` (default: the newest), as new objects. */
  toArray(from = 0, to = this.count): LogEntry[] {
    const start = Math.max(0, from);
    const end = Math.min(this.count, to);
    const out = new Array<LogEntry>(Math.max(0, end - start));
    for (let i = start; i < end; i++) out[i - start] = this.read(i, (this.head + i) % this.len);
    return out;
  }

  clear(onDrop?: DropListener): void {
    if (onDrop) for (let i = 0; i < this.count; i++) this.report(i, onDrop);
    this.head = 0;
    this.count = 0;
    this.len = 0;
    this.ts = new Float64Array(0);
    this.texts = [];
    this.meta = new Uint8Array(0);
    this.codes = new Uint8Array(0);
    this.ids = null;
    this.seqs = null;
    this.extras.clear();
  }

  /** Changes capacity keeping the newest entries; the dropped ones go to `onDrop`, oldest first. */
  resize(cap: number, onDrop?: DropListener): void {
    checkCap(cap);
    while (this.count > cap) this.dropOldest(onDrop);
    this.cap = cap;
    this.relayout(Math.min(cap, Math.max(this.count, this.len)));
  }

  /** Keeps only entries whose ts passes `keep` (order preserved); returns how many were removed. */
  retainTs(keep: (ts: number) => boolean, onDrop?: DropListener): number {
    const kept: number[] = [];
    for (let i = 0; i < this.count; i++) {
      if (keep(this.tsAt(i))) kept.push(i);
      else if (onDrop) this.report(i, onDrop);
    }
    const removed = this.count - kept.length;
    if (removed === 0) return 0;
    const entries = kept.map((i) => this.read(i, (this.head + i) % this.len));
    const cap = this.cap;
    this.clear();
    this.cap = cap;
    for (const e of entries) this.push(e);
    return removed;
  }

  // ---------------------------------------------------------------------------------------------

  private dropOldest(onDrop: DropListener | undefined): void {
    if (this.count === 0) return;
    if (onDrop) this.report(0, onDrop);
    const slot = this.head;
    if ((this.meta[slot] ?? 0) & EXTRAS) this.extras.delete(this.seqAt(0));
    this.texts[slot] = undefined;
    this.head = (this.head + 1) % this.len;
    this.count--;
    if (this.seqs === null) this.firstSeq++;
    else if (this.count > 0) this.firstSeq = this.seqAt(0);
  }

  private report(i: number, onDrop: DropListener): void {
    const slot = (this.head + i) % this.len;
    const t = this.texts[slot];
    onDrop(this.seqAt(i), this.ts[slot] ?? Number.NaN, typeof t === 'string' ? t : undefined);
  }

  private write(slot: number, e: LogEntry): void {
    if (this.seqs !== null) this.seqs[slot] = e.seq;
    this.ts[slot] = e.ts;
    if (e.kind === 'marker') {
      this.texts[slot] = e;
      this.meta[slot] = 0;
      this.codes[slot] = 0;
      if (this.ids !== null) this.ids[slot] = Number.NaN;
      return;
    }
    if (e.key !== this.key) throw new Error(`entry of ${e.key} in the ring of ${this.key}`);
    this.texts[slot] = e.text;
    let meta = levelCode(e.level);
    if (e.origin === 'live') meta |= LIVE;
    if (e.timeReceived === true) meta |= TIME_RECEIVED;
    if (e.recovered === true) meta |= RECOVERED;
    let extras: Extras | null = null;
    if (e.continuation === true) meta |= CONTINUATION;
    else if (e.continuation !== undefined) (extras ??= {}).continuation = e.continuation;
    let code = 0;
    if (e.serverLevel !== undefined) {
      // The usual one first: every v1-seed line says 'info'.
      const c = e.serverLevel === 'info' ? 0 : SERVER_LEVELS.indexOf(e.serverLevel);
      if (c >= 0) code = c + 1;
      else (extras ??= {}).serverLevel = e.serverLevel;
    }
    if (e.signature !== undefined) {
      const c = SIGNATURES.indexOf(e.signature);
      if (c >= 0) code |= (c + 1) << 4;
      else (extras ??= {}).signature = e.signature;
    }
    if (e.fills !== undefined) (extras ??= {}).fills = e.fills;
    if (e.serverId !== undefined) {
      if (this.ids === null) this.ids = new Float64Array(this.len).fill(Number.NaN);
      this.ids[slot] = e.serverId;
    } else if (this.ids !== null) this.ids[slot] = Number.NaN;
    if (extras !== null) {
      meta |= EXTRAS;
      this.extras.set(e.seq, extras);
    }
    this.meta[slot] = meta;
    this.codes[slot] = code;
  }

  private read(i: number, slot: number): LogEntry {
    const t = this.texts[slot];
    if (typeof t !== 'string') return t as LogMarker;
    const meta = this.meta[slot] ?? 0;
    const code = this.codes[slot] ?? 0;
    const seq = this.seqAt(i);
    const extras = meta & EXTRAS ? this.extras.get(seq) : undefined;
    const origin: Origin = meta & LIVE ? 'live' : 'history';
    // Same field order as the logbook builds them (JSON output keeps its shape).
    const line: Mutable<LogLine> = { kind: 'line', seq, key: this.key, ts: this.ts[slot] ?? Number.NaN, origin, level: LEVEL_CODES[meta & 3] ?? 'info', text: t };
    const sl = code & 15 ? SERVER_LEVELS[(code & 15) - 1] : extras?.serverLevel;
    if (sl !== undefined) line.serverLevel = sl;
    const id = this.ids === null ? Number.NaN : (this.ids[slot] ?? Number.NaN);
    if (!Number.isNaN(id)) line.serverId = id;
    const sig = code >> 4 ? SIGNATURES[(code >> 4) - 1] : extras?.signature;
    if (sig !== undefined) line.signature = sig;
    if (meta & CONTINUATION) line.continuation = true;
    else if (extras?.continuation !== undefined) line.continuation = extras.continuation;
    if (meta & TIME_RECEIVED) line.timeReceived = true;
    if (meta & RECOVERED) line.recovered = true;
    if (extras?.fills !== undefined) line.fills = extras.fills;
    return line;
  }

  /** Storage doubles (linearised, oldest first) up to the capacity. */
  private grow(): void {
    this.relayout(Math.min(this.cap, Math.max(MIN_STORAGE, this.len * 2)));
  }

  /** New storage of `len` slots holding the entries oldest first from slot 0. */
  private relayout(len: number): void {
    const ts = new Float64Array(len);
    const texts = new Array<string | LogMarker | undefined>(len);
    const meta = new Uint8Array(len);
    const codes = new Uint8Array(len);
    const ids = this.ids === null ? null : new Float64Array(len).fill(Number.NaN);
    const seqs = this.seqs === null ? null : new Float64Array(len);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) % this.len;
      ts[i] = this.ts[from] ?? Number.NaN;
      texts[i] = this.texts[from];
      meta[i] = this.meta[from] ?? 0;
      codes[i] = this.codes[from] ?? 0;
      if (ids !== null) ids[i] = this.ids?.[from] ?? Number.NaN;
      if (seqs !== null) seqs[i] = this.seqs?.[from] ?? Number.NaN;
    }
    this.ts = ts;
    this.texts = texts;
    this.meta = meta;
    this.codes = codes;
    this.ids = ids;
    this.seqs = seqs;
    this.len = len;
    this.head = 0;
  }

  /** The held seqs stop being consecutive: keep them explicitly. */
  private explicitSeqs(): void {
    const seqs = new Float64Array(this.len);
    for (let i = 0; i < this.count; i++) seqs[(this.head + i) % this.len] = this.firstSeq + i;
    this.seqs = seqs;
  }
}

function levelCode(level: Level): number {
  const code = LEVEL_CODES.indexOf(level);
  if (code < 0) throw new Error(`unknown level ${String(level)}`);
  return code;
}

function checkCap(cap: number): void {
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`ring capacity must be a positive integer, got ${cap}`);
}
