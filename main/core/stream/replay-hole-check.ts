// Settles the replay hole a v1/v2 connection just opened (llm-manager-api.md point 3), while that
// connection stays live: a second connection to the same stream replays the server's history, which
// holds whatever the first replay swallowed; the first connection's live feed covers the second's own
// hole. The second connection is closed as soon as its replay ends.
//
// The swallowed lines sit in the second replay between the last line held before the hole and the
// first live line after it. When no live line has arrived yet, the end of that stretch is not known:
// a line printed after the first connection subscribed is on its way there. We then wait a moment
// (SETTLE_MS) for the first connection's live feed before deciding; a late live copy of a line we
// recovered is still dropped by the logbook, so nothing is ever shown twice.
//
// Every hole ends with a resolving record within a bounded time (the deadline below), whatever
// happens: recovered, confirmed complete, or outcome 'unknown' with the reason the check could not
// finish (Logbook.abandonHole). A check connection that drops while the main connection is live is
// tried again; a main connection that drops leaves the hole to the next replay, until the deadline.
import type { Clock, DiagnosticLogger, TimerHandle } from '../ports.js';
import type { HoleCheckFailure, LogEntry } from '../types.js';
import type { Logbook } from '../logs/logbook.js';
import { cutAt, HoleScan, type HoleLine } from '../logs/replay-hole.js';
import { isTerminal, type LogStream, type ServerAdapter, type StreamEvent } from '../servers/adapter.js';

/** How long the live feed gets to deliver lines the check found after the hole, before they count as swallowed. */
export const SETTLE_MS = 500;
/** A check connection that dropped while the main connection is live is opened again after this long. */
export const CHECK_RETRY_MS = 1000;
/** The deadline grows by this many times the replay that opened the hole (the check replays as long). */
export const DEADLINE_REPLAY_FACTOR = 3;

export interface ReplayHoleCheckOptions {
  readonly model: string;
  readonly clock: Clock;
  readonly logbook: Logbook;
  readonly logger: DiagnosticLogger;
  readonly emit: (entries: readonly LogEntry[]) => void;
  /** The base deadline of a hole's check (ConnectionPolicy.holeCheckDeadlineMs). */
  readonly deadlineMs: () => number;
}

/** One hole's deadline, and the first thing that got in its check's way (the reason if it passes). */
interface Deadline {
  readonly timer: TimerHandle;
  why: HoleCheckFailure | null;
}

export class ReplayHoleCheck {
  private stream: LogStream | null = null;
  private token = 0;
  private scans: HoleScan[] = [];
  private readonly settles = new Set<TimerHandle>();
  private retryTimer: TimerHandle | null = null;
  private readonly deadlines = new Map<number, Deadline>();

  constructor(private readonly opts: ReplayHoleCheckOptions) {}

  /** Whether a check connection is open now. */
  running(): boolean {
    return this.stream !== null;
  }

  /**
   * The main connection's replay just ended and its live feed runs: open the check connection for
   * every hole still open (closing a check already running). `replayMs`: how long that replay took.
   */
  start(adapter: ServerAdapter, replayMs = 0): void {
    this.close();
    this.sweep();
    const holes = this.opts.logbook.openHoles();
    if (holes.length === 0) return;
    const ms = Math.max(0, this.opts.deadlineMs()) + DEADLINE_REPLAY_FACTOR * Math.max(0, replayMs);
    for (const h of holes) if (!this.deadlines.has(h.markerSeq)) this.armDeadline(h.markerSeq, ms);
    this.open(adapter);
  }

  /**
   * Stop the check connection (the main connection went away): the holes stay open for the next
   * replay, which settles them if it comes before their deadline.
   */
  close(): void {
    this.token++;
    this.stream?.close();
    this.stream = null;
    this.scans = [];
    for (const t of this.settles) this.opts.clock.clearTimeout(t);
    this.settles.clear();
    if (this.retryTimer !== null) this.opts.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Something got in the way of the checks (the connection dropped, the server went away). */
  noteObstacle(why: HoleCheckFailure): void {
    for (const d of this.deadlines.values()) d.why ??= why;
  }

  /** No check can finish any more (stopped, model gone, log cleared): resolve every open hole now. */
  abandonAll(why: HoleCheckFailure): void {
    this.close();
    for (const d of this.deadlines.values()) this.opts.clock.clearTimeout(d.timer);
    this.deadlines.clear();
    const entries = this.opts.logbook.abandonAllHoles(why);
    if (entries.length > 0) this.opts.logger.debug(`${this.opts.model}: replay check abandoned (${why})`);
    this.opts.emit(entries);
  }

  private open(adapter: ServerAdapter): void {
    const holes = this.opts.logbook.openHoles();
    if (holes.length === 0) return;
    this.scans = holes.map((h) => new HoleScan(h));
    const token = ++this.token;
    this.opts.logger.debug(`${this.opts.model}: checking the replay for swallowed lines (${holes.length} open)`);
    this.stream = adapter.openLogStream(this.opts.model, (e) => {
      if (token === this.token) this.onEvent(e, adapter);
    });
  }

  private armDeadline(markerSeq: number, ms: number): void {
    const timer = this.opts.clock.setTimeout(() => {
      const d = this.deadlines.get(markerSeq);
      this.deadlines.delete(markerSeq);
      const why = d?.why ?? 'deadline';
      const entries = this.opts.logbook.abandonHole(markerSeq, why);
      if (entries.length > 0) this.opts.logger.debug(`${this.opts.model}: replay check gave up (${why})`);
      this.opts.emit(entries);
      if (this.opts.logbook.openHoles().length === 0) this.close();
    }, ms);
    this.deadlines.set(markerSeq, { timer, why: null });
  }

  /** Deadlines of holes settled meanwhile (by the check, or by a later replay) are not needed any more. */
  private sweep(): void {
    if (this.deadlines.size === 0) return;
    const open = new Set(this.opts.logbook.openHoles().map((h) => h.markerSeq));
    for (const [seq, d] of this.deadlines) {
      if (open.has(seq)) continue;
      this.opts.clock.clearTimeout(d.timer);
      this.deadlines.delete(seq);
    }
  }

  private onEvent(e: StreamEvent, adapter: ServerAdapter): void {
    if (e.kind === 'line' && e.origin === 'history') {
      const line: HoleLine = e.serverLevel !== undefined ? { ts: e.ts, text: e.text, serverLevel: e.serverLevel } : { ts: e.ts, text: e.text };
      for (const s of this.scans) s.offer(line);
      return;
    }
    if (e.kind === 'history-complete' || (e.kind === 'line' && e.origin === 'live')) {
      this.finish();
      return;
    }
    if (!isTerminal(e)) return;
    this.opts.logger.debug(`${this.opts.model}: replay check ended early (${e.kind})`);
    this.stream = null;
    this.close();
    if (e.kind === 'not-running') return this.abandonAll('model-stopped');
    if (e.kind === 'unknown-model') return this.abandonAll('model-removed');
    // The main connection is still live: try again in a moment (the holes' deadlines bound this).
    this.noteObstacle('connection-lost');
    this.retryTimer = this.opts.clock.setTimeout(() => {
      this.retryTimer = null;
      this.open(adapter);
    }, CHECK_RETRY_MS);
  }

  private finish(): void {
    const scans = this.scans;
    this.token++;
    this.stream?.close();
    this.stream = null;
    this.scans = [];
    const { logbook } = this.opts;
    for (const scan of scans) {
      const seq = scan.bounds.markerSeq;
      const hole = logbook.openHoles().find((h) => h.markerSeq === seq);
      if (!hole) continue;
      const r = scan.result(hole.after, hole.afterRun);
      if (r.kind === 'lost') {
        this.opts.emit(logbook.abandonHole(seq, r.why));
        continue;
      }
      if (r.closed || r.lines.length === 0) {
        this.opts.emit(logbook.resolveHole(seq, r.lines));
        continue;
      }
      // No live line after the hole yet: give the live feed a moment to deliver what it will.
      const candidates = r.lines;
      const timer = this.opts.clock.setTimeout(() => {
        this.settles.delete(timer);
        const now = logbook.openHoles().find((h) => h.markerSeq === seq);
        if (!now) return;
        const settled = cutAt(candidates, now.after, now.afterRun);
        if (settled.kind === 'found') this.opts.emit(logbook.resolveHole(seq, settled.lines, now.after === null));
        this.sweep();
      }, SETTLE_MS);
      this.settles.add(timer);
    }
    this.sweep();
  }
}
