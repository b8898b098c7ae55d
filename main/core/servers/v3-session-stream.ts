// One v3 model log stream: the running session's SSE tail, made whole from the database.
//
// The live tail drops lines (16 per subscriber flush) and never pushes the lines flushed as a session
// ends; those reach the database up to ~1 s AFTER the status stream says the session ended
// (llm-manager-api.md point 9). So: every live batch is completed from `/lines` before it is emitted,
// lines are emitted strictly in id order (the logbook only appends), and when a session ends its
// lines are read again until the server's view stops growing.
import type { Clock } from '../ports.js';
import type { Lifecycle } from '../types.js';
import { decodeV3Line, type V3Line } from '../stream/frame-decoder.js';
import { describeReply, type HttpClient } from '../stream/http-client.js';
import { openSse, type SseHandle } from '../stream/sse-connection.js';
import { isRunningLifecycle, type StreamEvent } from './adapter.js';
import type { V3LinesApi } from './v3-lines.js';
import type { V3ModelsFeed } from './v3-models.js';

/** After a session ends, its last lines can reach the database this long after we notice. */
export const FINAL_WINDOW_MS = 2_000;
/** Pause between two reads of an ended session's lines. */
export const FINAL_POLL_MS = 250;

/** The newest line delivered for a model: where it was, so the server can be asked if it still has it. */
export interface V3Anchor {
  readonly sid: number;
  readonly id: number;
  readonly ts: number;
}

/**
 * What is remembered per model across connections and re-probes of one server (ids are global and only
 * grow, as long as the server keeps its database). Checked against the server before each use: a server
 * that came back with an empty database starts its ids again, and our old ids would hide its new lines.
 */
export class V3Progress {
  private readonly seen = new Map<string, V3Anchor>();
  private readonly done = new Map<string, number>();

  /** Highest line id delivered for the model (-1: none). */
  seenUpTo(model: string): number {
    return this.seen.get(model)?.id ?? -1;
  }
  anchor(model: string): V3Anchor | null {
    return this.seen.get(model) ?? null;
  }
  noteSeen(model: string, anchor: V3Anchor): void {
    if (anchor.id > this.seenUpTo(model)) this.seen.set(model, anchor);
  }
  /** The server no longer holds what we delivered: start over as on a first connection. */
  forget(model: string): void {
    this.seen.delete(model);
    this.done.delete(model);
  }
  /**
   * Highest session id whose lines are all delivered (or predate the first connection). A session
   * that starts and ends while we are not streaming it can no longer be streamed: it comes from `/lines`.
   */
  doneUpTo(model: string): number {
    return this.done.get(model) ?? -1;
  }
  markDone(model: string, sid: number): void {
    if (sid > this.doneUpTo(model)) this.done.set(model, sid);
  }
}

/** Runs `drain` one at a time; a call while it runs asks for one more round (forced if any asked). */
class SerialPump {
  private running: Promise<void> | null = null;
  private again = false;
  private force = false;

  constructor(
    private readonly drain: (force: boolean) => Promise<void>,
    private readonly stopped: () => boolean,
  ) {}

  run(force = false): Promise<void> {
    this.force ||= force;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const f = this.force;
        this.force = false;
        await this.drain(f);
      } while (this.again && !this.stopped());
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}

export interface SessionStreamDeps {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly lines: V3LinesApi;
  readonly models: V3ModelsFeed;
  readonly progress: V3Progress;
  readonly historyCap: number;
}

export class V3SessionStream {
  private ended = false;
  private sse: SseHandle | null = null;
  private unsubscribe: (() => void) | null = null;
  private historyDone = false;
  private sessionEnding = false;
  private lastId = -1;
  private sid = -1;
  private startedAt: number | null = null;
  private readonly queue: V3Line[] = [];
  /** Highest id delivered by earlier connections (-1: none, or the server's database is not the same). */
  private previousMax = -1;
  private readonly pump: SerialPump;
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly deps: SessionStreamDeps,
    private readonly model: string,
    private readonly emit: (e: StreamEvent) => void,
  ) {
    this.pump = new SerialPump((force) => this.drain(force), () => this.ended);
    void this.run().catch((err: unknown) => this.end({ kind: 'dropped', message: err instanceof Error ? err.message : String(err) }));
  }

  close(): void {
    this.ended = true;
    this.sse?.close();
    this.unsubscribe?.();
    for (const w of [...this.wakers]) w();
  }

  // ---- the connection ------------------------------------------------------------------------

  private async run(): Promise<void> {
    const { models, lines, progress } = this.deps;
    models.ensure();
    const anchor = progress.anchor(this.model);
    if (anchor) {
      const held = await lines.holds(anchor.sid, anchor.id, anchor.ts);
      if (this.ended) return;
      if (!held.ok) return this.end({ kind: 'dropped', message: held.message });
      if (!held.held) progress.forget(this.model);
    }
    this.previousMax = progress.seenUpTo(this.model);
    const listed = await lines.sessions(this.model);
    if (this.ended) return;
    if (listed.kind === 'network') return this.end({ kind: 'dropped', message: listed.message });
    if (listed.kind === 'unknown-model') return this.end({ kind: 'unknown-model', message: listed.message });
    if (listed.kind === 'http-error') return this.end({ kind: 'http-error', status: listed.status, message: listed.message });
    const running = listed.sessions.find((s) => s.running);
    const finished = listed.sessions.filter((s) => !s.running && (!running || s.id < running.id));
    const done = progress.doneUpTo(this.model);
    if (this.previousMax >= 0) {
      // Sessions that ran and ended while we were not streaming: deliver their lines, in id order.
      for (const s of finished.filter((x) => x.id > done).sort((a, b) => a.id - b.id)) {
        // Ended less than FINAL_WINDOW_MS ago: its last lines may still be on their way to the DB.
        const until = s.endTime === null ? 0 : Math.min(s.endTime * 1000, this.deps.clock.now()) + FINAL_WINDOW_MS;
        const ok = until > this.deps.clock.now() ? await this.readUntilFinal(s.id, until) : (await this.readNewer(s.id, 'history')) !== false;
        if (this.ended) return;
        if (!ok) return this.end({ kind: 'dropped', message: 'history: could not read an ended session' });
      }
    }
    progress.markDone(this.model, Math.max(done, ...finished.map((s) => s.id)));
    if (!running) {
      const { lifecycle, failureReason } = models.lifecycleOf(this.model);
      const l = lifecycle === 'unknown' || isRunningLifecycle(lifecycle) ? 'stopped' : lifecycle;
      if (lifecycle !== 'unknown') this.emit({ kind: 'lifecycle', lifecycle, failureReason });
      return this.end({ kind: 'not-running', lifecycle: l, message: failureReason ?? 'no running log session' });
    }
    this.sid = running.id;
    this.startedAt = models.startedAt(this.model);
    this.unsubscribe = models.subscribe(() => this.onModels());
    await this.openTail();
    if (this.ended) return;

    const history = await lines.history(this.sid, this.deps.historyCap);
    if (this.ended) return;
    if (!history.ok) return this.end({ kind: 'dropped', message: `history: ${history.message}` });
    for (const l of history.lines) this.emitLine(l, this.sid, l.id <= this.previousMax || this.previousMax < 0 ? 'history' : 'live');
    this.historyDone = true;
    this.emit({ kind: 'history-complete' });
    await this.pump.run();
  }

  /** Subscribe to the session's live tail (its own backfill is ignored: `/lines` is read instead). */
  private openTail(): Promise<void> {
    const { http } = this.deps;
    return new Promise<void>((resolveOpen) => {
      this.sse = openSse(
        { url: http.url(`/api/logs/sessions/${this.sid}/stream`), source: http.streamSource, headers: http.headers },
        {
          onOpen: () => {
            this.emit({ kind: 'open' });
            resolveOpen();
          },
          onData: (data) => this.onTailData(data),
          onEnd: (e) => {
            resolveOpen();
            if (this.sessionEnding) return;
            if (e.kind === 'dropped') return this.end({ kind: 'dropped', message: e.message });
            if (e.status === 404) {
              // The session ended between listing and subscribing.
              const { lifecycle, failureReason } = this.deps.models.lifecycleOf(this.model);
              void this.finishSession(isRunningLifecycle(lifecycle) || lifecycle === 'unknown' ? 'stopped' : lifecycle, failureReason, false);
              return;
            }
            this.end({ kind: 'http-error', status: e.status, message: describeReply({ kind: 'reply', status: e.status, json: e.json, text: e.text }) });
          },
        },
      );
    });
  }

  private onTailData(data: string): void {
    if (this.ended) return;
    const d = decodeV3Line(data);
    if (d.kind === 'bad') {
      this.emit({ kind: 'bad-frame', bad: d.bad, detail: d.detail });
      return;
    }
    if (d.invalidUtf8) this.emit({ kind: 'bad-frame', bad: 'invalid-utf8', detail: 'a line contained invalid UTF-8' });
    if (d.frame.id <= this.lastId) return;
    this.queue.push(d.frame);
    // A flush arrives as one chunk: let the whole chunk queue up before one refill.
    if (this.historyDone) queueMicrotask(() => void this.pump.run());
  }

  /** The models stream changed: did our session end, or was the process replaced? */
  private onModels(): void {
    const m = this.deps.models.find(this.model);
    if (!m) return;
    if (!isRunningLifecycle(m.lifecycle) && m.lifecycle !== 'unknown') {
      void this.finishSession(m.lifecycle, m.failureReason, false);
      return;
    }
    // Stop + start between two snapshots: the status never left "running", but the process changed.
    const now = this.deps.models.startedAt(m.name);
    if (now !== null && this.startedAt !== null && now !== this.startedAt) void this.finishSession(m.lifecycle, null, true);
    else if (now !== null) this.startedAt = now;
  }

  // ---- lines ---------------------------------------------------------------------------------

  private emitLine(l: V3Line, sid: number, origin: 'history' | 'live'): void {
    this.lastId = Math.max(this.lastId, l.id);
    this.deps.progress.noteSeen(this.model, { sid, id: l.id, ts: l.ts });
    this.emit({
      kind: 'line',
      origin,
      ts: Math.round(l.ts * 1000),
      text: l.text,
      id: l.id,
      ...(l.level !== undefined ? { serverLevel: l.level } : {}),
    });
  }

  /**
   * Drains the live queue in id order. After each live batch the DB is asked for what the live tail
   * dropped before anything newer is emitted. `force` drains even with nothing queued.
   */
  private async drain(force: boolean): Promise<void> {
    let first = true;
    while (!this.ended && (this.queue.length > 0 || (force && first))) {
      first = false;
      const refill = await this.deps.lines.after(this.sid, this.lastId);
      if (this.ended) return;
      if (!refill.ok) {
        this.queue.sort((a, b) => a.id - b.id);
        const head = this.queue[0];
        if (head && head.id > this.lastId + 1) this.emit({ kind: 'gap', reason: 'v3-drop' });
      } else {
        const have = new Set(this.queue.map((q) => q.id));
        for (const l of refill.lines) if (!have.has(l.id)) this.queue.push(l);
      }
      const batch = this.queue.splice(0, this.queue.length).sort((a, b) => a.id - b.id);
      for (const l of batch) if (l.id > this.lastId) this.emitLine(l, this.sid, 'live');
    }
  }

  /** Emits what the DB holds for a session beyond lastId; false when it could not be read. */
  private async readNewer(sid: number, origin: 'history' | 'live'): Promise<number | false> {
    const floor = Math.max(this.lastId, this.previousMax);
    const found = await this.deps.lines.after(sid, floor);
    if (this.ended || !found.ok) return false;
    for (const l of found.lines) if (l.id > this.lastId) this.emitLine(l, sid, origin);
    return found.lines.length;
  }

  /**
   * An ended session's last lines reach the DB up to ~1 s after the end: read until `until` (epoch ms)
   * has passed and the last read brought nothing new. Bounded: at most FINAL_WINDOW_MS / FINAL_POLL_MS + 2 reads.
   */
  private async readUntilFinal(sid: number, until: number): Promise<boolean> {
    for (let guard = 0; guard < Math.ceil(FINAL_WINDOW_MS / FINAL_POLL_MS) + 2; guard++) {
      const got = await this.readNewer(sid, this.historyDone ? 'live' : 'history');
      if (got === false) return false;
      if (this.deps.clock.now() >= until && got === 0) return true;
      await this.sleep(FINAL_POLL_MS);
      if (this.ended) return false;
    }
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        this.wakers.delete(wake);
        this.deps.clock.clearTimeout(timer);
        resolve();
      };
      const timer = this.deps.clock.setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  // ---- the end ---------------------------------------------------------------------------------

  /** The session ended: fetch what the live tail never pushed, until the server's view is final. */
  private async finishSession(lifecycle: Lifecycle, failureReason: string | null, replaced: boolean): Promise<void> {
    if (this.sessionEnding || this.ended) return;
    this.sessionEnding = true;
    this.sse?.close();
    const { models, progress } = this.deps;
    // A restart may already be under way: then the new session is followed right after.
    const restarting = replaced || isRunningLifecycle(models.lifecycleOf(this.model).lifecycle);
    if (!restarting) this.emit({ kind: 'lifecycle', lifecycle, failureReason });
    if (this.historyDone) {
      await this.pump.run(true);
      if (this.ended) return;
      await this.readUntilFinal(this.sid, this.deps.clock.now() + FINAL_WINDOW_MS);
      if (this.ended) return;
      progress.markDone(this.model, this.sid);
    }
    if (restarting || isRunningLifecycle(models.lifecycleOf(this.model).lifecycle)) {
      return this.end({ kind: 'session-ended', message: 'a new log session started' });
    }
    this.end({ kind: 'not-running', lifecycle, message: failureReason ?? `session ended (${lifecycle})` });
  }

  private end(e: StreamEvent): void {
    if (this.ended) return;
    this.ended = true;
    this.sse?.close();
    this.unsubscribe?.();
    for (const w of [...this.wakers]) w();
    this.emit(e);
  }
}
