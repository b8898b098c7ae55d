// One model's connection state machine (the seed's four indicators) driving one log stream:
// connecting → (history replay) → connected; 400 → not-running (keep retrying: startup detection);
// drop / error frame / HTTP error → disconnected (retry with backoff); 404 → stop until rediscovered.
// It feeds the logbook and owns the connection counters that complete ModelStats.
import type { Clock, ConnectionPolicy, DiagnosticLogger, Random } from '../ports.js';
import type { ConnectionState, HoleCheckFailure, LogEntry, Lifecycle, ModelStats } from '../types.js';
import type { Logbook, LogbookStats } from '../logs/logbook.js';
import type { IncomingLine } from '../logs/incoming.js';
import type { Mutable } from '../guards.js';
import { isRunningLifecycle, type LogStream, type ServerAdapter, type StreamEvent } from '../servers/adapter.js';
import { RetryScheduler } from './backoff.js';
import type { BadFrameKind } from './frame-decoder.js';
import { ReplayHoleCheck } from './replay-hole-check.js';
import { noteForCrash } from '../logs/crash-evidence.js';

export interface ConnectionCounters {
  readonly attempts: number;
  readonly reconnects: number;
  readonly connectedSince: number | null;
  readonly badFrames: number;
}

export function buildModelStats(counters: ConnectionCounters, log: LogbookStats): ModelStats {
  return {
    attempts: counters.attempts,
    reconnects: counters.reconnects,
    connectedSince: counters.connectedSince,
    lines: log.lines,
    linesPerSecond: log.linesPerSecond,
    lastError: log.lastError,
    errorGroups: log.errorGroups,
    errorsPerMinute: log.errorsPerMinute,
    badFrames: counters.badFrames,
    gaps: log.gaps,
    buffered: log.buffered,
  };
}


/** The error frame v1/v2 send on every open stream when the server shuts down (llm-manager-api.md). */
const SHUTTING_DOWN = /cannot schedule new futures after/;

export interface ModelConnectionOptions {
  readonly model: string;
  readonly clock: Clock;
  readonly random: Random;
  readonly policy: () => ConnectionPolicy;
  readonly adapter: () => ServerAdapter | null;
  readonly logbook: Logbook;
  readonly logger: DiagnosticLogger;
  onEntries(entries: readonly LogEntry[]): void;
  onStatus(): void;
  onProblem(message: string): void;
}

export class ModelConnection {
  private stateNow: ConnectionState = 'disconnected';
  private stateSince: number;
  private lifecycleNow: Lifecycle = 'unknown';
  private failureReasonNow: string | null = null;
  private lifecycleChangedAt: number;
  private problem: string | null = null;
  /**
   * v1/v2 never notice a crash: the model stays `routing` with its dead pid. A live crash line
   * (GGML_ASSERT, FATAL, segfault, non-zero exit) is the only sign, so we report it ourselves until the
   * model shows signs of life again (a success line) or the server reports a lifecycle change.
   * `Killed` is left out: the shell prints it on an ordinary stop too.
   */
  private crashLine: string | null = null;
  private readonly holeCheck: ReplayHoleCheck;

  private attempts = 0;
  /** The health probe saw the server gone since our last stream: a changed history is a restart. */
  private serverWasDown = false;
  private reconnects = 0;
  private everConnected = false;
  private connectedSince: number | null = null;
  /** When the current stream was opened (local clock): its replay's length scales the hole check's deadline. */
  private streamOpenedAt = 0;
  private badFrames = 0;
  private readonly reportedBad = new Set<BadFrameKind>();
  private stream: LogStream | null = null;
  private streamToken = 0;
  private active = false;
  /** A 404 stops retrying until discovery finds the model again. */
  private unknown = false;
  /** Discovery re-checks an unknown model: stay "unknown model" on screen until the answer changes. */
  private quietRecheck = false;
  private readonly retry: RetryScheduler;

  constructor(private readonly opts: ModelConnectionOptions) {
    this.stateSince = opts.clock.now();
    this.lifecycleChangedAt = opts.clock.now();
    this.retry = new RetryScheduler(opts.clock, opts.random, opts.policy);
    this.holeCheck = new ReplayHoleCheck({
      model: opts.model,
      clock: opts.clock,
      logbook: opts.logbook,
      logger: opts.logger,
      emit: (entries) => this.emit(entries),
      deadlineMs: () => opts.policy().holeCheckDeadlineMs,
    });
  }

  get state(): ConnectionState {
    return this.stateNow;
  }
  /** When `state` last changed (local clock). */
  get connectionSince(): number {
    return this.stateSince;
  }
  get lifecycle(): Lifecycle {
    return this.lifecycleNow;
  }
  get failureReason(): string | null {
    return this.failureReasonNow;
  }
  get lifecycleSince(): number {
    return this.lifecycleChangedAt;
  }
  get lastProblem(): string | null {
    return this.problem;
  }
  /** The crash line seen in the live log (v1/v2, whose server never notices a crash), or null. */
  get crashedFromLog(): string | null {
    return this.crashLine;
  }

  counters(): ConnectionCounters {
    return { attempts: this.attempts, reconnects: this.reconnects, connectedSince: this.connectedSince, badFrames: this.badFrames };
  }

  stats(): ModelStats {
    return buildModelStats(this.counters(), this.opts.logbook.stats());
  }

  nextRetryAt(): number | null {
    return this.retry.nextAt();
  }

  isActive(): boolean {
    return this.active;
  }

  /** Begin (or resume) watching. */
  start(): void {
    if (this.active && !this.unknown) return;
    this.active = true;
    this.quietRecheck = this.unknown;
    this.unknown = false;
    this.retry.resetBudget();
    this.connect();
  }

  /**
   * Stop watching: close the stream and every timer. A replay-hole check still under way cannot
   * finish: its gap is resolved as 'could not be checked', for `why` (default: watching stopped).
   */
  stop(why: HoleCheckFailure = 'stopped'): void {
    this.active = false;
    this.closeStream();
    this.holeCheck.abandonAll(why);
    this.retry.cancel();
    this.setState('disconnected');
  }

  /** The log was cleared (here or on the server): a replay-hole check under way is given up. */
  logCleared(): void {
    this.holeCheck.abandonAll('cleared');
  }

  /** Reconnect now if waiting (model started, server back, user asked). */
  nudge(): void {
    if (!this.active || this.stream) return;
    this.quietRecheck = this.unknown;
    this.unknown = false;
    this.retry.resetBudget();
    this.connect();
  }

  /** Drop the stream and reconnect now. */
  reconnect(): void {
    if (!this.active) return;
    this.unknown = false;
    this.closeStream();
    this.retry.resetBudget();
    this.connect();
  }

  /** The server's health probe failed: abort and wait for serverUp(). */
  serverDown(problem: string): void {
    if (!this.active) return;
    this.closeStream();
    this.holeCheck.noteObstacle('server-down');
    this.retry.cancel();
    this.serverWasDown = true;
    this.problem = problem;
    this.setState('disconnected', true);
  }

  setLifecycle(lifecycle: Lifecycle, failureReason: string | null): void {
    if (lifecycle === this.lifecycleNow && failureReason === this.failureReasonNow) return;
    const changed = lifecycle !== this.lifecycleNow;
    if (changed) {
      this.lifecycleChangedAt = this.opts.clock.now();
      this.crashLine = null;
    }
    this.lifecycleNow = lifecycle;
    this.failureReasonNow = failureReason;
    this.opts.onStatus();
    // Startup detection without waiting for the next retry tick. Every step of a start counts, not
    // only the first: v3 opens the log session at spawn, which can come after `starting` was seen.
    if (changed && isRunningLifecycle(lifecycle) && this.stateNow === 'not-running') this.nudge();
  }

  private connect(): void {
    const quiet = this.quietRecheck;
    this.quietRecheck = false;
    const adapter = this.opts.adapter();
    this.retry.cancel();
    if (!adapter || !this.active) return;
    this.closeStream();
    this.attempts++;
    this.retry.noteAttempt();
    const token = ++this.streamToken;
    this.streamOpenedAt = this.opts.clock.now();
    this.opts.logbook.beginConnection({
      ...(this.serverWasDown ? { serverRestarted: true } : {}),
      ...(adapter.generation === 'v3' ? { ids: true } : {}),
    });
    if (!quiet) this.setState('connecting', true);
    this.stream = adapter.openLogStream(this.opts.model, (e) => {
      if (token === this.streamToken) this.onEvent(e);
    });
  }

  /** Live lines only: history may hold an old run's crash, which `diagnose` weighs (crashInLog). */
  private watchForCrash(entries: readonly LogEntry[]): void {
    const scan = { crash: this.crashLine };
    let changed = false;
    for (const entry of entries) {
      if (entry.kind === 'line' && entry.origin === 'live' && !entry.recovered) changed = noteForCrash(scan, entry, { runStarts: false }) || changed;
    }
    this.crashLine = scan.crash;
    if (changed) this.opts.onStatus();
  }

  private closeStream(): void {
    this.streamToken++;
    this.stream?.close();
    this.stream = null;
    this.holeCheck.close();
  }

  /** The stream ended by itself (terminal event): it is closed already; the hole check goes with it. */
  private streamEnded(): void {
    this.stream = null;
    this.holeCheck.close();
  }

  private onEvent(e: StreamEvent): void {
    const adapter = this.opts.adapter();
    switch (e.kind) {
      case 'open':
        if (adapter && !adapter.reportsLifecycle && !isRunningLifecycle(this.lifecycleNow)) this.setLifecycle('routing', null);
        return;
      case 'line': {
        // The per-line path (every line of every model): no clock read, no copy — the event is the
        // logbook's IncomingLine (the logbook keeps no reference it would change).
        let line: IncomingLine = e;
        if (!Number.isFinite(e.ts)) {
          // A server time that is there but not a time: shown at the receive time, marked, reported once.
          this.reportBad('bad-timestamp', 'a line\'s timestamp is not a time; it is shown at the time it was received');
          const fixed: Mutable<IncomingLine> = { origin: e.origin, ts: 0, text: e.text, receivedAt: this.opts.clock.now() };
          if (e.serverLevel !== undefined) fixed.serverLevel = e.serverLevel;
          if (e.id !== undefined) fixed.id = e.id;
          line = fixed;
        }
        const entries = this.opts.logbook.ingest(line);
        // Crash lines are looked for in the live log only (not in a replayed history).
        if (line.origin === 'live' && adapter && adapter.generation !== 'v3') this.watchForCrash(entries);
        this.emit(entries);
        return;
      }
      case 'history-complete': {
        const now = this.opts.clock.now();
        // A full replay was read: the restart (if any) is behind us. Attempts that ended before this
        // (the model not running yet on the restarted server) keep the hint for the replay that counts.
        this.serverWasDown = false;
        this.emit(this.opts.logbook.historyComplete());
        // v1/v2: whatever the model printed during this replay never reaches this connection. Mark
        // it, and settle it at once through a second connection while this one is live.
        if (adapter && adapter.generation !== 'v3') {
          this.emit(this.opts.logbook.openReplayHole());
          this.holeCheck.start(adapter, now - this.streamOpenedAt);
        }
        if (this.stateNow !== 'connected') {
          if (this.everConnected) this.reconnects++;
          this.everConnected = true;
          this.connectedSince = now;
          this.problem = null;
          this.retry.noteSuccess();
          this.setState('connected');
        }
        return;
      }
      case 'gap':
        this.emit(this.opts.logbook.gap(e.reason, e.missing));
        return;
      case 'bad-frame':
        this.reportBad(e.bad, e.detail);
        return;
      case 'lifecycle':
        this.setLifecycle(e.lifecycle, e.failureReason ?? null);
        return;
      case 'not-running':
        this.streamEnded();
        // No replay can come before the model runs again: a hole still waiting cannot be checked.
        this.holeCheck.abandonAll('model-stopped');
        this.connectedSince = null;
        if (adapter && !adapter.reportsLifecycle) this.setLifecycle(e.lifecycle, this.failureReasonNow);
        this.problem = e.message;
        this.setState('not-running', true);
        this.scheduleRetry('not-running');
        return;
      case 'session-ended':
        // Follow the new session now; its history fetch brings what we have not seen yet.
        this.streamEnded();
        this.connect();
        return;
      case 'unknown-model':
        this.streamEnded();
        this.holeCheck.abandonAll('model-removed');
        this.connectedSince = null;
        this.unknown = true;
        this.retry.cancel();
        this.problem = `unknown model: ${e.message}`;
        this.setState('disconnected', true);
        return;
      case 'server-error':
      case 'http-error':
      case 'dropped':
        this.streamEnded();
        // The next replay may still settle an open hole, until its deadline.
        this.holeCheck.noteObstacle('connection-lost');
        this.connectedSince = null;
        this.problem = e.kind === 'server-error' ? `server error: ${e.message}` : e.message;
        // v1/v2 shutting down (SIGTERM) end every stream with this error frame: the next history may
        // be a new server's, even when a quick restart is never seen by the health probe.
        if (e.kind === 'server-error' && SHUTTING_DOWN.test(e.message)) this.serverWasDown = true;
        this.opts.logger.debug(`${this.opts.model}: ${this.problem}`);
        this.setState('disconnected', true);
        this.scheduleRetry('failure');
        return;
    }
  }

  private scheduleRetry(kind: 'failure' | 'not-running'): void {
    if (!this.active) return;
    const at = this.retry.schedule(kind, () => this.connect());
    if (at === null) {
      const max = this.opts.policy().maxAttempts;
      this.problem = `${this.problem ?? 'not connected'} (gave up after ${max} attempts)`;
    }
    this.opts.onStatus();
  }

  /**
   * Counts a bad frame (or line) and reports each kind once per connection. The count is read with
   * the stats; nothing in the status changes, so no status goes out: a server that sends every line
   * with a bad timestamp would otherwise cost a status event (and an early batch) per line.
   */
  private reportBad(bad: BadFrameKind, detail: string): void {
    this.badFrames++;
    if (!this.reportedBad.has(bad)) {
      this.reportedBad.add(bad);
      this.opts.onProblem(`bad frame (${bad}): ${detail}`);
    }
  }

  private emit(entries: readonly LogEntry[]): void {
    if (entries.length > 0) this.opts.onEntries(entries);
  }

  private setState(state: ConnectionState, forceNotify = false): void {
    if (state === this.stateNow) {
      if (forceNotify) this.opts.onStatus();
      return;
    }
    this.stateNow = state;
    this.stateSince = this.opts.clock.now();
    this.opts.onStatus();
  }
}
