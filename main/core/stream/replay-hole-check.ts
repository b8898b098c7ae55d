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
import type { Clock, DiagnosticLogger, TimerHandle } from '../ports.js';
import type { LogEntry } from '../types.js';
import type { Logbook } from '../logs/logbook.js';
import { cutAt, HoleScan, type HoleLine } from '../logs/replay-hole.js';
import { isTerminal, type LogStream, type ServerAdapter, type StreamEvent } from '../servers/adapter.js';

/** How long the live feed gets to deliver lines the check found after the hole, before they count as swallowed. */
export const SETTLE_MS = 500;

export interface ReplayHoleCheckOptions {
  readonly model: string;
  readonly clock: Clock;
  readonly logbook: Logbook;
  readonly logger: DiagnosticLogger;
  readonly emit: (entries: readonly LogEntry[]) => void;
}

export class ReplayHoleCheck {
  private stream: LogStream | null = null;
  private token = 0;
  private scans: HoleScan[] = [];
  private readonly settles = new Set<TimerHandle>();

  constructor(private readonly opts: ReplayHoleCheckOptions) {}

  /** Whether a check connection is open now. */
  running(): boolean {
    return this.stream !== null;
  }

  /** Open the check connection for every hole still open (closing a check already running). */
  start(adapter: ServerAdapter): void {
    this.close();
    const holes = this.opts.logbook.openHoles();
    if (holes.length === 0) return;
    this.scans = holes.map((h) => new HoleScan(h));
    const token = ++this.token;
    this.opts.logger.debug(`${this.opts.model}: checking the replay for swallowed lines (${holes.length} open)`);
    this.stream = adapter.openLogStream(this.opts.model, (e) => {
      if (token === this.token) this.onEvent(e);
    });
  }

  /** Stop the check (the main connection went away): the holes stay open for the next replay. */
  close(): void {
    this.token++;
    this.stream?.close();
    this.stream = null;
    this.scans = [];
    for (const t of this.settles) this.opts.clock.clearTimeout(t);
    this.settles.clear();
  }

  private onEvent(e: StreamEvent): void {
    if (e.kind === 'line' && e.origin === 'history') {
      const line: HoleLine = e.serverLevel !== undefined ? { ts: e.ts, text: e.text, serverLevel: e.serverLevel } : { ts: e.ts, text: e.text };
      for (const s of this.scans) s.offer(line);
      return;
    }
    if (e.kind === 'history-complete' || (e.kind === 'line' && e.origin === 'live')) {
      this.finish();
      return;
    }
    if (isTerminal(e)) {
      this.opts.logger.debug(`${this.opts.model}: replay check ended early (${e.kind})`);
      this.stream = null;
      this.close();
    }
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
        logbook.abandonHole(seq);
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
      }, SETTLE_MS);
      this.settles.add(timer);
    }
  }
}
