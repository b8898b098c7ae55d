// One model's log: classification, exactly-once across reconnects (replay-dedup.ts), gap and
// history markers, a capped ring buffer and running statistics. Pure: time comes from the Clock.
import type { Clock } from '../ports.js';
import type { GapReason, LogEntry, LogLine, LogMarker, ModelKey } from '../types.js';
import { classifyLine, nextHead, type ClassifiedHead } from './classifier.js';
import type { IncomingLine } from './incoming.js';
import { LogStats, type LogbookStats } from './log-stats.js';
import { ReplayDedup, type BeginHint } from './replay-dedup.js';
import { RingBuffer } from './ring-buffer.js';

export type { IncomingLine } from './incoming.js';
export type { LogbookStats } from './log-stats.js';
export type { BeginHint } from './replay-dedup.js';

export const DEFAULT_CAP = 20_000;
/** A replay at least this long may have swallowed live lines (llm-manager-api.md point 3). */
export const DEFAULT_REPLAY_HOLE_MS = 1000;

export interface LogbookOptions {
  readonly key: ModelKey;
  /** Ring buffer cap in entries (default 20,000). */
  readonly cap: number;
  readonly clock: Clock;
  readonly replayHoleMs?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Logbook {
  readonly key: ModelKey;
  private readonly clock: Clock;
  private readonly holeMs: number;
  private ring: RingBuffer<LogEntry>;
  private readonly dedup: ReplayDedup;
  private readonly counters: LogStats;
  private seq = 0;
  private bufferedLines = 0;
  private head: ClassifiedHead | null = null;
  private historyMarked = false;
  private holePending = false;
  /** v3 lines carry ids; its backfill has no replay hole (the connection layer refills by id). */
  private idsThisConnection = false;
  // Since the last clear: what the cap pushed out, for the leading 'evicted' marker in entries().
  private evictedLines = 0;
  private lastEvictedSeq = 0;
  private lastEvictedAt = 0;

  constructor(opts: LogbookOptions) {
    this.key = opts.key;
    this.clock = opts.clock;
    this.holeMs = opts.replayHoleMs ?? DEFAULT_REPLAY_HOLE_MS;
    const cap = normalizeCap(opts.cap);
    this.ring = new RingBuffer<LogEntry>(cap);
    this.dedup = new ReplayDedup(cap);
    this.counters = new LogStats(opts.clock);
  }

  /** A new stream connection: v1/v2 will replay the whole history, v3 backfills by id. */
  beginConnection(hint?: BeginHint): void {
    this.dedup.beginConnection(hint);
    // Lines produced during the previous replay are in the server's history: this replay brings them.
    this.holePending = false;
    this.idsThisConnection = false;
    this.head = null;
  }

  /** Returns the entries appended: [] for a duplicate, possibly markers before the line. */
  ingest(line: IncomingLine): LogEntry[] {
    const out: LogEntry[] = [];
    if (line.id !== undefined) this.idsThisConnection = true;
    // The first live line ends a replay whose `historical_complete` the caller did not report.
    if (line.origin === 'live' && line.id === undefined && this.dedup.replaying) out.push(...this.historyComplete(0));
    for (const d of this.dedup.offer(line)) {
      if (d.kind === 'gap') {
        out.push(this.appendMarker('gap', d.reason));
        continue;
      }
      if (d.line.origin === 'live' && this.holePending) {
        this.holePending = false;
        out.push(this.appendMarker('gap', 'replay-hole'));
      }
      out.push(this.appendLine(d.line));
    }
    return out;
  }

  /** v1/v2 `historical_complete` after a replay that took `replayMs`. Returns the appended entries. */
  historyComplete(replayMs: number): LogEntry[] {
    const out: LogEntry[] = [];
    for (const d of this.dedup.endReplay()) {
      out.push(d.kind === 'gap' ? this.appendMarker('gap', d.reason) : this.appendLine(d.line));
    }
    if (!this.historyMarked) {
      this.historyMarked = true;
      out.push(this.appendMarker('history-complete'));
    }
    // The marker goes in front of the first live line, if one comes on this connection: without live
    // lines nothing is lost, the next replay will deliver what this one missed.
    if (replayMs >= this.holeMs && !this.idsThisConnection) this.holePending = true;
    return out;
  }

  gap(reason: GapReason, missing?: number): LogEntry[] {
    return [this.appendMarker('gap', reason, missing)];
  }

  /** "Clear view": drop every entry but keep the dedup state, so a replay cannot bring them back. */
  clearLocal(): void {
    this.ring.clear();
    this.bufferedLines = 0;
    this.resetEvictionMarker();
    this.historyMarked = false;
    this.head = null;
    this.counters.acknowledge();
  }

  /** The server dropped entries older than keepMinutes (0 = all): mirror it and expect a shorter replay. */
  serverCleared(keepMinutes: number): void {
    const cutoff = this.clock.now() - Math.max(0, keepMinutes) * 60_000;
    // Markers carry local time, lines server time: with nothing kept, keep no marker either.
    if (keepMinutes <= 0) this.ring.clear();
    else this.ring.retain((e) => e.ts >= cutoff);
    this.bufferedLines = 0;
    for (let i = 0; i < this.ring.size; i++) if (this.ring.at(i)?.kind === 'line') this.bufferedLines++;
    this.resetEvictionMarker();
    const anchorTs = this.dedup.anchorTs();
    this.dedup.serverCleared(keepMinutes > 0 && anchorTs !== null && anchorTs >= cutoff);
  }

  /** Buffered entries in seq order (only seq > afterSeq when given). When the cap dropped lines, a
   *  synthetic 'evicted' gap marker leads, carrying the seq of the last dropped entry. */
  entries(afterSeq?: number): readonly LogEntry[] {
    const from = afterSeq === undefined ? 0 : this.firstIndexAfter(afterSeq);
    const list = this.ring.toArray(from);
    if (this.evictedLines > 0 && (afterSeq === undefined || afterSeq < this.lastEvictedSeq)) {
      const marker: LogMarker = {
        kind: 'marker',
        seq: this.lastEvictedSeq,
        key: this.key,
        ts: this.lastEvictedAt,
        marker: 'gap',
        reason: 'evicted',
        missing: this.evictedLines,
      };
      list.unshift(marker);
    }
    return list;
  }

  lastSeq(): number {
    return this.seq;
  }

  setCap(cap: number): void {
    for (const e of this.ring.resize(normalizeCap(cap))) this.noteEvicted(e);
  }

  unreadErrors(): number {
    return this.counters.unreadErrors();
  }

  acknowledge(): void {
    this.counters.acknowledge();
  }

  stats(): LogbookStats {
    return this.counters.snapshot(this.bufferedLines);
  }

  // ---------------------------------------------------------------------------------------------

  private appendLine(line: IncomingLine): LogLine {
    const c = classifyLine(line.text, line.serverLevel, this.head, line.ts);
    this.head = nextHead(this.head, c, line.ts);
    const entry: Mutable<LogLine> = {
      kind: 'line',
      seq: ++this.seq,
      key: this.key,
      ts: line.ts,
      origin: line.origin,
      level: c.level,
      text: line.text,
    };
    if (line.serverLevel !== undefined) entry.serverLevel = line.serverLevel;
    if (line.id !== undefined) entry.serverId = line.id;
    if (c.signature !== undefined) entry.signature = c.signature;
    if (c.continuation) entry.continuation = true;
    this.push(entry);
    this.bufferedLines++;
    this.dedup.noteAppended(line);
    this.counters.recordLine(entry);
    return entry;
  }

  private appendMarker(marker: LogMarker['marker'], reason?: GapReason, missing?: number): LogMarker {
    const entry: Mutable<LogMarker> = { kind: 'marker', seq: ++this.seq, key: this.key, ts: this.clock.now(), marker };
    if (reason !== undefined) entry.reason = reason;
    if (missing !== undefined) entry.missing = missing;
    if (marker === 'gap') {
      this.counters.recordGap();
      // A stack trace does not continue across a gap.
      this.head = null;
    }
    this.push(entry);
    return entry;
  }

  private push(entry: LogEntry): void {
    const evicted = this.ring.push(entry);
    if (evicted) this.noteEvicted(evicted);
  }

  private noteEvicted(e: LogEntry): void {
    this.lastEvictedSeq = e.seq;
    this.lastEvictedAt = this.clock.now();
    if (e.kind !== 'line') return;
    this.bufferedLines--;
    this.evictedLines++;
    this.counters.recordEvicted(1);
  }

  private resetEvictionMarker(): void {
    this.evictedLines = 0;
    this.lastEvictedSeq = 0;
  }

  /** Index of the first buffered entry with seq > afterSeq (seqs ascend through the ring). */
  private firstIndexAfter(afterSeq: number): number {
    let lo = 0;
    let hi = this.ring.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.ring.at(mid);
      if (e && e.seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function normalizeCap(cap: number): number {
  return Number.isFinite(cap) && cap >= 1 ? Math.floor(cap) : DEFAULT_CAP;
}
