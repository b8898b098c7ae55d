// One model's log: classification, exactly-once across reconnects (replay-dedup.ts), gap and
// history markers, a capped ring buffer and running statistics. Pure: time comes from the Clock.
import type { Clock, EntryPage } from '../ports.js';
import type { GapReason, HoleCheckFailure, LogEntry, LogLine, LogMarker, ModelKey, ModelLastError } from '../types.js';
import { classifyLine, nextHead, type ClassifiedHead } from './classifier.js';
import type { IncomingLine } from './incoming.js';
import { LogStats, type LogbookStats } from './log-stats.js';
import { fingerprint, ReplayDedup, type BeginHint } from './replay-dedup.js';
import { HoleScan, HOLE_SCAN_CAP, type HoleBounds, type HoleLine } from './replay-hole.js';
import { EntryRing } from './entry-ring.js';
import type { Mutable } from '../guards.js';

export type { IncomingLine } from './incoming.js';
export type { LogbookStats } from './log-stats.js';
export type { BeginHint } from './replay-dedup.js';

export const DEFAULT_CAP = 20_000;
/** Unresolved replay holes kept for a later check; an older one is resolved as 'could not be checked'. */
export const MAX_OPEN_HOLES = 8;

export interface LogbookOptions {
  readonly key: ModelKey;
  /** Ring buffer cap in entries (default 20,000). */
  readonly cap: number;
  readonly clock: Clock;
}


export class Logbook {
  readonly key: ModelKey;
  private readonly clock: Clock;
  private ring: EntryRing;
  private readonly dedup: ReplayDedup;
  private readonly counters: LogStats;
  private seq = 0;
  private bufferedLines = 0;
  private head: ClassifiedHead | null = null;
  private historyMarked = false;
  /** v3 lines carry ids; its backfill has no replay hole (the connection layer refills by id). */
  private idsThisConnection = false;
  /** The newest line in server order we hold (recovered lines are older, so they never count). */
  private lastOrdinary: IncomingLine | null = null;
  /** Replay holes not settled yet, oldest first (llm-manager-api.md point 3). */
  private holes: HoleBounds[] = [];
  /** This connection's replay, read for the lines each open hole swallowed. */
  private scans: HoleScan[] = [];
  /** Recovered lines a late live copy of must not be appended again (never duplicate). */
  private recoveredGuard = new Set<string>();
  /** Holes whose first live line (or a run of identical copies of it) is still being counted. */
  private readonly runOpen = new Set<number>();
  // Since the last clear: what the cap pushed out, for the leading 'evicted' marker in entries().
  private evictedLines = 0;
  private lastEvictedSeq = 0;
  private lastEvictedAt = 0;
  /** A drop happened whose time is not read yet (it is read once the synchronous run ends, or when asked). */
  private evictedAtPending = false;
  private readonly readEvictedAt = (): void => {
    if (!this.evictedAtPending) return;
    this.evictedAtPending = false;
    this.lastEvictedAt = this.clock.now();
  };

  constructor(opts: LogbookOptions) {
    this.key = opts.key;
    this.clock = opts.clock;
    const cap = normalizeCap(opts.cap);
    this.ring = new EntryRing(cap, opts.key);
    this.dedup = new ReplayDedup(cap, (seq) => this.ring.textAt(this.ring.indexOfSeq(seq)));
    this.counters = new LogStats(opts.clock);
  }

  /** A new stream connection: v1/v2 will replay the whole history, v3 backfills by id. */
  beginConnection(hint?: BeginHint): void {
    this.dedup.beginConnection(hint);
    this.idsThisConnection = hint?.ids === true;
    this.head = null;
    this.recoveredGuard = new Set();
    // This replay holds whatever earlier replays swallowed: read it for every open hole.
    this.scans = this.holes.map((h) => new HoleScan(h));
  }

  /** Returns the entries appended: [] for a duplicate, possibly markers before the line. */
  ingest(line: IncomingLine): LogEntry[] {
    // The usual line (no replay to end first, no hole scan or recovered guard to consult): the
    // de-dup's quick decision, no intermediate arrays.
    if (line.id !== undefined || (line.origin === 'live' ? !this.dedup.replaying && this.recoveredGuard.size === 0 : this.scans.length === 0)) {
      const q = this.dedup.quick(line);
      if (q !== undefined) {
        if (line.id !== undefined) this.idsThisConnection = true;
        return q ? [this.appendLine(line)] : [];
      }
    }
    const out: LogEntry[] = [];
    if (line.id !== undefined) this.idsThisConnection = true;
    // The first live line ends a replay whose `historical_complete` the caller did not report.
    if (line.origin === 'live' && line.id === undefined && this.dedup.replaying) out.push(...this.historyComplete());
    if (line.id === undefined) {
      if (line.origin === 'history') for (const s of this.scans) s.offer(line);
      else if (this.recoveredGuard.size > 0 && this.recoveredGuard.delete(fingerprint(line.ts, line.text))) return out;
    }
    for (const d of this.dedup.offer(line)) {
      if (d.kind === 'gap') {
        out.push(this.appendMarker('gap', d.reason));
        continue;
      }
      out.push(this.appendLine(d.line));
    }
    return out;
  }

  /** v1/v2 `historical_complete` (or v3's backfill end). Returns the appended entries. */
  historyComplete(): LogEntry[] {
    const out: LogEntry[] = [];
    for (const d of this.dedup.endReplay()) {
      out.push(d.kind === 'gap' ? this.appendMarker('gap', d.reason) : this.appendLine(d.line));
    }
    if (!this.historyMarked) {
      this.historyMarked = true;
      out.push(this.appendMarker('history-complete'));
    }
    // Settle the holes this replay covered (recovered lines come after everything it appended).
    const scans = this.scans;
    this.scans = [];
    for (const scan of scans) {
      const hole = this.holes.find((h) => h.markerSeq === scan.bounds.markerSeq);
      if (!hole) continue;
      const r = scan.result(hole.after, hole.afterRun);
      // An open tail (no live line after the hole) was delivered by this very replay, after the anchor.
      if (r.kind === 'found') out.push(...this.resolveHole(hole.markerSeq, r.closed ? r.lines : []));
    }
    return out;
  }

  /**
   * v1/v2: this connection's replay just ended and its live feed begins. Whatever the model printed
   * during the replay never reaches this connection: mark that lines MAY be missing here. A later
   * replay settles it (resolveHole) with the lines it finds, or confirms nothing was missing.
   */
  openReplayHole(): LogEntry[] {
    if (this.idsThisConnection) return [];
    const marker = this.appendMarker('gap', 'replay-hole', undefined, true);
    const before = this.lastOrdinary;
    let beforeOcc = 0;
    if (before) {
      const fp = fingerprint(before.ts, before.text);
      for (let i = this.ring.size - 1, seen = 0; i >= 0 && seen < 64; i--) {
        const text = this.ring.textAt(i);
        if (text === undefined || this.ring.isRecoveredAt(i)) continue;
        seen++;
        const ts = this.ring.tsAt(i);
        if (ts === before.ts && fingerprint(ts, text) === fp) beforeOcc++;
      }
    }
    // The replay that just ended covered list positions 0..n-1: the hole starts at n (exact by
    // position, whatever the number of identical lines).
    this.holes.push({ markerSeq: marker.seq, before, beforeOcc: Math.max(1, beforeOcc), startIndex: this.dedup.replayedLines, after: null, afterRun: 0 });
    this.runOpen.add(marker.seq);
    // Too many unsettled holes: the oldest is given up, and says so (it stays a gap).
    const out: LogEntry[] = [marker];
    while (this.holes.length > MAX_OPEN_HOLES) {
      const oldest = this.holes[0];
      if (!oldest) break;
      out.push(...this.abandonHole(oldest.markerSeq, 'too-many'));
    }
    return out;
  }

  /** Holes not settled yet, oldest first. */
  openHoles(): readonly HoleBounds[] {
    return this.holes;
  }

  /**
   * Settle one hole: append the lines it swallowed (flagged `recovered`, a fresh seq, `fills` = the
   * marker's seq), then a 'gap-resolved' marker. An empty list confirms nothing was missing.
   */
  resolveHole(markerSeq: number, lines: readonly HoleLine[], openTail = false): LogEntry[] {
    const idx = this.holes.findIndex((h) => h.markerSeq === markerSeq);
    const hole = this.holes[idx];
    if (!hole) return [];
    this.holes.splice(idx, 1);
    this.runOpen.delete(markerSeq);
    const out: LogEntry[] = [];
    let head: ClassifiedHead | null = null;
    const kept = lines.slice(0, HOLE_SCAN_CAP);
    for (const l of kept) {
      const c = classifyLine(l.text, l.serverLevel, head, l.ts);
      head = nextHead(head, c, l.ts);
      const entry: Mutable<LogLine> = { kind: 'line', seq: ++this.seq, key: this.key, ts: l.ts, origin: 'live', level: c.level, text: l.text };
      if (l.serverLevel !== undefined) entry.serverLevel = l.serverLevel;
      if (c.signature !== undefined) entry.signature = c.signature;
      if (c.continuation) entry.continuation = true;
      entry.recovered = true;
      entry.fills = markerSeq;
      this.push(entry);
      this.bufferedLines++;
      this.counters.recordLine(entry);
      // Taken from an open tail (no live line after the hole yet): a late live copy must not be kept.
      if (openTail) this.recoveredGuard.add(fingerprint(l.ts, l.text));
      out.push(entry);
    }
    // Recovered right after the replay that opened the hole, with no live line since: they are the
    // newest lines in server order, which the next replay must skip and the next hole starts after.
    const last = kept[kept.length - 1];
    if (last && kept.length === lines.length && hole.startIndex !== undefined && this.dedup.noteRecovered(hole.startIndex, kept)) {
      this.lastOrdinary = { origin: 'history', ts: last.ts, text: last.text };
    }
    const outcome = out.length > 0 ? 'recovered' : 'complete';
    const resolved: Mutable<LogMarker> = { kind: 'marker', seq: ++this.seq, key: this.key, ts: this.clock.now(), marker: 'gap-resolved' };
    resolved.fills = markerSeq;
    resolved.recovered = out.length;
    resolved.outcome = outcome;
    this.push(resolved);
    out.push(resolved);
    // The buffered gap now tells the settled truth too (a reload shows it that way).
    this.settleGap(markerSeq, { recovered: out.length - 1, outcome });
    return out;
  }

  /**
   * A hole that cannot be checked (the connection or the model went away before the check finished,
   * its deadline passed, the server's history changed, the log was cleared): it stays a gap, and a
   * 'gap-resolved' marker with outcome 'unknown' says lines MAY be missing there, and why.
   */
  abandonHole(markerSeq: number, why: HoleCheckFailure): LogEntry[] {
    const idx = this.holes.findIndex((h) => h.markerSeq === markerSeq);
    if (idx < 0) return [];
    this.holes.splice(idx, 1);
    this.runOpen.delete(markerSeq);
    this.counters.recordGap();
    const resolved: Mutable<LogMarker> = { kind: 'marker', seq: ++this.seq, key: this.key, ts: this.clock.now(), marker: 'gap-resolved' };
    resolved.fills = markerSeq;
    resolved.outcome = 'unknown';
    resolved.unchecked = why;
    this.push(resolved);
    this.settleGap(markerSeq, { outcome: 'unknown', unchecked: why });
    return [resolved];
  }

  /** Every hole still open is given up (see abandonHole), oldest first. */
  abandonAllHoles(why: HoleCheckFailure): LogEntry[] {
    const out: LogEntry[] = [];
    for (const h of [...this.holes]) out.push(...this.abandonHole(h.markerSeq, why));
    return out;
  }

  gap(reason: GapReason, missing?: number): LogEntry[] {
    return [this.appendMarker('gap', reason, missing)];
  }

  /** "Clear view": drop every entry but keep the dedup state, so a replay cannot bring them back. */
  clearLocal(): void {
    this.ring.clear(this.release);
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
    if (keepMinutes <= 0) this.ring.clear(this.release);
    else this.ring.retainTs((ts) => ts >= cutoff, this.release);
    this.bufferedLines = 0;
    for (let i = 0; i < this.ring.size; i++) if (this.ring.textAt(i) !== undefined) this.bufferedLines++;
    this.resetEvictionMarker();
    const anchorTs = this.dedup.anchorTs();
    this.dedup.serverCleared(keepMinutes > 0 && anchorTs !== null && anchorTs >= cutoff);
  }

  /**
   * Buffered entries in seq order (only seq > afterSeq when given; of those, only seq < beforeSeq and
   * the newest `limit` when a page is asked for — only those are built). When the cap dropped lines,
   * a synthetic 'evicted' gap marker leads, carrying the seq of the last dropped entry; it counts
   * towards the limit like any entry.
   */
  entries(afterSeq?: number, page?: EntryPage): readonly LogEntry[] {
    let from = afterSeq === undefined ? 0 : this.ring.firstIndexAfter(afterSeq);
    const beforeSeq = page?.beforeSeq;
    const to = beforeSeq === undefined ? this.ring.size : Math.max(from, this.ring.firstIndexAfter(beforeSeq - 1));
    let evicted =
      this.evictedLines > 0 && (afterSeq === undefined || afterSeq < this.lastEvictedSeq) && (beforeSeq === undefined || this.lastEvictedSeq < beforeSeq);
    const limit = page?.limit;
    if (limit !== undefined && to - from + (evicted ? 1 : 0) > limit) {
      evicted = false;
      from = Math.max(from, to - limit);
    }
    const list = this.ring.toArray(from, to);
    if (evicted) {
      const marker: LogMarker = {
        kind: 'marker',
        seq: this.lastEvictedSeq,
        key: this.key,
        ts: this.evictedAt(),
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
    this.ring.resize(normalizeCap(cap), this.evict);
  }

  unreadErrors(): number {
    return this.counters.unreadErrors();
  }

  acknowledge(): void {
    this.counters.acknowledge();
  }

  lastError(): ModelLastError | null {
    return this.counters.latestError();
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
      ts: line.receivedAt ?? line.ts,
      origin: line.origin,
      level: c.level,
      text: line.text,
    };
    if (line.serverLevel !== undefined) entry.serverLevel = line.serverLevel;
    if (line.id !== undefined) entry.serverId = line.id;
    if (c.signature !== undefined) entry.signature = c.signature;
    if (c.continuation) entry.continuation = true;
    if (line.receivedAt !== undefined) entry.timeReceived = true;
    this.push(entry);
    this.bufferedLines++;
    this.dedup.noteAppended(line, entry.seq);
    this.lastOrdinary = line;
    if (line.origin === 'live' && line.id === undefined && this.runOpen.size > 0) this.noteLiveAfterHoles(line);
    this.counters.recordLine(entry);
    return entry;
  }

  private appendMarker(marker: LogMarker['marker'], reason?: GapReason, missing?: number, unverified = false): LogMarker {
    const entry: Mutable<LogMarker> = { kind: 'marker', seq: ++this.seq, key: this.key, ts: this.clock.now(), marker };
    if (reason !== undefined) entry.reason = reason;
    if (missing !== undefined) entry.missing = missing;
    if (unverified) entry.unverified = true;
    if (marker === 'gap') {
      // An unverified gap counts only once it turns out to be a real one (abandonHole).
      if (!unverified) this.counters.recordGap();
      // A stack trace does not continue across a gap.
      this.head = null;
    }
    this.push(entry);
    return entry;
  }

  private push(entry: LogEntry): void {
    this.ring.push(entry, this.evict);
  }

  /** The cap (or a smaller cap) drops the oldest entry. */
  private readonly evict = (seq: number, ts: number, text: string | undefined): void => {
    this.lastEvictedSeq = seq;
    // The marker's time is that of the last drop: the clock is read once after the synchronous run
    // that dropped (a read of the stream drops hundreds of entries at the cap; a clock read for each
    // was ~2 % of the core's CPU), or when the marker is asked for before that.
    if (!this.evictedAtPending) {
      this.evictedAtPending = true;
      queueMicrotask(this.readEvictedAt);
    }
    if (text === undefined) return;
    this.dedup.releaseHeld(seq, ts, text);
    this.bufferedLines--;
    this.evictedLines++;
    this.counters.recordEvicted(1);
  };

  /** A held line is dropped (clear, server clear): the de-dup keeps what it still counts. */
  private readonly release = (seq: number, ts: number, text: string | undefined): void => {
    if (text !== undefined) this.dedup.releaseHeld(seq, ts, text);
  };

  private evictedAt(): number {
    this.readEvictedAt();
    return this.lastEvictedAt;
  }

  private resetEvictionMarker(): void {
    this.evictedLines = 0;
    this.lastEvictedSeq = 0;
  }

  /** The first live line after each hole (and identical copies right after it) bound the hole. */
  private noteLiveAfterHoles(line: IncomingLine): void {
    for (let i = 0; i < this.holes.length; i++) {
      const h = this.holes[i];
      if (!h || !this.runOpen.has(h.markerSeq)) continue;
      if (h.after === null) {
        this.holes[i] = { ...h, after: line, afterRun: 1 };
      } else if (h.after.ts === line.ts && h.after.text === line.text) {
        this.holes[i] = { ...h, afterRun: h.afterRun + 1 };
      } else {
        this.runOpen.delete(h.markerSeq);
      }
    }
  }

  /** The buffered gap (if still held) stops saying a check is under way and tells how it ended. */
  private settleGap(markerSeq: number, settled: Pick<LogMarker, 'recovered' | 'outcome' | 'unchecked'>): void {
    const at = this.ring.indexOfSeq(markerSeq);
    const gap = at < 0 ? undefined : this.ring.at(at);
    if (gap && gap.kind === 'marker') {
      const { unverified: _unverified, ...rest } = gap;
      this.ring.setMarker(at, { ...rest, ...settled });
    }
  }
}

function normalizeCap(cap: number): number {
  return Number.isFinite(cap) && cap >= 1 ? Math.floor(cap) : DEFAULT_CAP;
}
