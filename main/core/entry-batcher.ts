// One model's log entries on their way out of the core: queued and sent as one `lines` event per
// batch (at most `batchMaxLines`, or after `batchMs`; with `batchMs` 0 on the next turn of the event
// loop — a microtask at the end of the read was tried and reordered the window's first lines, see
// BENCHMARKS.md), the vitals read from them sent right after their lines, at most one `vitals` event
// per `vitalsMs` (what comes within it goes out together at its end, with one summary), and the
// unread-error count re-announced when it changed. The window gets ≤ 1/batchMs batches a second per
// model whatever the input rate (issue 13, target 4), and ≤ 1/vitalsMs vitals events: each carries a
// summary (the 5-minute median of up to 1,000 samples) that the app serialises, checks for the slow
// alert and shows in the tray, which at a batch every 50 ms cost the app more than reading the lines
// (issue 14, BENCHMARKS.md).
import type { Clock, TimerHandle } from './ports.js';
import type { LogEntry, VitalsSample, VitalsSummary } from './types.js';
import { RAW_SAMPLES } from './logs/vitals/series.js';

/**
 * A vitals event goes out at once when this many samples are waiting, whatever the interval: they are
 * read back from the store, which holds the newest RAW_SAMPLES (only a stream read far faster than
 * any server prints gets there). A line completes at most one sample and a batch is never longer than
 * this, so fewer than RAW_SAMPLES ever wait.
 */
export const VITALS_EVENT_SAMPLES = RAW_SAMPLES / 2;

export interface EntryBatcherDeps {
  readonly clock: Clock;
  readonly policy: () => { readonly batchMs: number; readonly batchMaxLines: number; readonly vitalsMs: number };
  /** Reads vitals from the entries (each once): how many samples they added (0: only load figures changed), -1 when nothing changed. */
  readonly observeVitals: (entries: readonly LogEntry[]) => number;
  /**
   * The newest `n` samples read (n ≤ VITALS_EVENT_SAMPLES), oldest first. Absent when the vitals
   * events carry no samples (MonitorOptions.vitalsSamples): then they go out at most once per vitalsMs
   * whatever the rate (nothing can be pushed out of the store before it is sent).
   */
  readonly newestSamples?: ((n: number) => VitalsSample[]) | undefined;
  readonly vitalsSummary: () => VitalsSummary | null;
  readonly unreadErrors: () => number;
  readonly onLines: (entries: LogEntry[]) => void;
  readonly onVitals: (samples: VitalsSample[], summary: VitalsSummary) => void;
  readonly onUnreadChanged: () => void;
}

export class EntryBatcher {
  private pending: LogEntry[] = [];
  private timer: TimerHandle | null = null;
  private lastUnread = 0;
  /** How many samples were read and not sent yet (-1: nothing to send; 0: only the load figures changed). */
  private vitalsPending = -1;
  private vitalsTimer: TimerHandle | null = null;
  private vitalsSentAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: EntryBatcherDeps) {}

  queue(entries: readonly LogEntry[]): void {
    for (const e of entries) this.pending.push(e);
    const { batchMaxLines, batchMs } = this.deps.policy();
    if (this.pending.length >= (this.deps.newestSamples ? Math.min(batchMaxLines, VITALS_EVENT_SAMPLES) : batchMaxLines)) this.send();
    else if (this.timer === null) this.timer = this.deps.clock.setTimeout(() => this.send(), batchMs);
  }

  /**
   * Sends what is queued now, and the vitals waiting for their interval (a status, a clear or the
   * model's removal must not overtake the lines or the samples it comes after).
   */
  flush(): void {
    this.send();
    if (this.vitalsTimer === null) return;
    this.deps.clock.clearTimeout(this.vitalsTimer);
    this.sendVitals();
  }

  /** One batch: its lines, and its vitals at most one event per vitalsMs. */
  private send(): void {
    this.cancelTimer();
    if (this.pending.length === 0) return;
    const entries = this.pending;
    this.pending = [];
    // Vitals read the lines the logbook accepted, each once (a replayed history adds nothing), a
    // whole batch at a time: one call and one tight loop instead of a call for every line.
    const added = this.deps.observeVitals(entries);
    this.deps.onLines(entries);
    if (added >= 0) {
      this.vitalsPending = Math.max(this.vitalsPending, 0) + added;
      if (this.vitalsPending >= VITALS_EVENT_SAMPLES && this.deps.newestSamples) {
        // The samples are read back from the store, which holds the last RAW_SAMPLES: they go before
        // newer ones push them out, whatever the interval.
        if (this.vitalsTimer !== null) this.deps.clock.clearTimeout(this.vitalsTimer);
        this.sendVitals();
      } else if (this.vitalsTimer === null) {
        const wait = this.vitalsSentAt + this.deps.policy().vitalsMs - this.deps.clock.now();
        if (wait > 0) this.vitalsTimer = this.deps.clock.setTimeout(() => this.sendVitals(), wait);
        else this.sendVitals();
      }
    }
    const unread = this.deps.unreadErrors();
    if (unread !== this.lastUnread) {
      this.lastUnread = unread;
      this.deps.onUnreadChanged();
    }
  }

  /** The user read the errors: the next change is counted from zero. */
  acknowledged(): void {
    this.lastUnread = 0;
  }

  /** Drops the timers (the model or its server goes away); what is queued is not sent. */
  dispose(): void {
    this.cancelTimer();
    if (this.vitalsTimer !== null) this.deps.clock.clearTimeout(this.vitalsTimer);
    this.vitalsTimer = null;
    this.vitalsPending = -1;
  }

  private sendVitals(): void {
    this.vitalsTimer = null;
    const n = this.vitalsPending;
    this.vitalsPending = -1;
    if (n < 0) return;
    this.vitalsSentAt = this.deps.clock.now();
    const summary = this.deps.vitalsSummary();
    const newest = this.deps.newestSamples;
    if (summary) this.deps.onVitals(n > 0 && newest ? newest(n) : [], summary);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
