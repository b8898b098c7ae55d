// v3.x: statuses from the long-lived `/api/models/stream`, logs per *session*. The live tail drops
// lines (16 per subscriber flush) and never pushes lines flushed at session end, so this adapter
// refills id gaps from `/lines?before=` before emitting, fetches the tail when the session ends,
// and emits lines strictly in id order so the logbook only ever appends.
import type { Clock } from '../ports.js';
import type { ControlResult, Lifecycle, ServerLogStats } from '../types.js';
import { asV3Line, decodeV3Line, decodeV3Models, type V3Line, type V3ModelInfo } from '../stream/frame-decoder.js';
import { describeReply, pathSegment, type HttpClient } from '../stream/http-client.js';
import { openSse, type SseHandle } from '../stream/sse-connection.js';
import {
  isRunningLifecycle,
  toLifecycle,
  type LogStream,
  type ModelListResult,
  type RemoteModel,
  type ServerAdapter,
  type StreamEvent,
} from './adapter.js';
import { v3ControlResult } from './control-result.js';

export interface V3AdapterOptions {
  readonly version: string | null;
  readonly http: HttpClient;
  readonly clock: Clock;
  /** Most history lines fetched per (re)connection. */
  readonly historyCap?: number;
}

// Model ids as path segments: dot segments percent-encoded (http-client.ts).
const enc = pathSegment;
const PAGE = 5000;
/** First page of a refill: a few flushes' worth of lines. */
const TAIL_PAGE = 200;

function toRemote(m: V3ModelInfo): RemoteModel {
  const aliases = m.aliases && m.aliases.length > 0 ? [...m.aliases] : [m.alias];
  return {
    name: m.alias,
    aliases,
    ...(m.mode !== undefined ? { mode: m.mode } : {}),
    lifecycle: toLifecycle(m.status),
    failureReason: m.failure_reason,
  };
}

function parseLines(json: unknown): V3Line[] | null {
  if (!Array.isArray(json)) return null;
  const out: V3Line[] = [];
  for (const v of json) {
    const l = asV3Line(v);
    if (l) out.push(l);
  }
  return out;
}

export function createV3Adapter(opts: V3AdapterOptions): ServerAdapter {
  const { http, clock } = opts;
  const historyCap = opts.historyCap ?? 20_000;
  let snapshot: Map<string, RemoteModel> | null = null;
  const raw = new Map<string, V3ModelInfo>();
  let modelsStream: SseHandle | null = null;
  let closed = false;
  const listeners = new Set<(models: readonly RemoteModel[]) => void>();
  const firstSnapshotWaiters = new Set<() => void>();
  let lastStreamProblem: string | null = null;

  const ensureModelsStream = (): void => {
    if (modelsStream || closed) return;
    let handle: SseHandle | null = null;
    handle = openSse(
      { url: http.url('/api/models/stream'), fetch: http.fetch, headers: http.headers },
      {
        onOpen: () => {
          lastStreamProblem = null;
        },
        onData: (data) => {
          const d = decodeV3Models(data);
          if (d.kind === 'bad') return;
          const next = new Map<string, RemoteModel>();
          raw.clear();
          for (const m of d.frame) {
            next.set(m.alias, toRemote(m));
            raw.set(m.alias, m);
          }
          snapshot = next;
          const list = [...next.values()];
          for (const w of [...firstSnapshotWaiters]) w();
          for (const l of [...listeners]) l(list);
        },
        onEnd: (e) => {
          lastStreamProblem =
            e.kind === 'dropped' ? e.message : describeReply({ kind: 'reply', status: e.status, json: e.json, text: e.text });
          if (modelsStream === handle) modelsStream = null;
          for (const w of [...firstSnapshotWaiters]) w();
        },
      },
    );
    modelsStream = handle;
  };

  const listModels = async (): Promise<ModelListResult> => {
    ensureModelsStream();
    if (!snapshot) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          firstSnapshotWaiters.delete(done);
          clock.clearTimeout(timer);
          resolve();
        };
        const timer = clock.setTimeout(done, 5_000);
        firstSnapshotWaiters.add(done);
      });
    }
    if (!snapshot) return { ok: false, message: `model stream: ${lastStreamProblem ?? 'no snapshot received'}` };
    return { ok: true, models: [...snapshot.values()] };
  };

  const lifecycleOf = (model: string): { lifecycle: Lifecycle; failureReason: string | null } => {
    const m = snapshot?.get(model) ?? [...(snapshot?.values() ?? [])].find((x) => x.aliases.includes(model));
    return m ? { lifecycle: m.lifecycle, failureReason: m.failureReason } : { lifecycle: 'unknown', failureReason: null };
  };

  /** Highest line id seen per model, across connections (ids are global and only grow). */
  const seenUpTo = new Map<string, number>();
  /**
   * Highest session id per model whose lines are all delivered (or predate the first connection).
   * A session that starts and ends while we are not streaming it (retry wait, server unreachable,
   * a restart between two retries) can no longer be streamed: its lines come from `/lines`.
   */
  const sessionsDone = new Map<string, number>();

  const fetchLines = async (sid: number, before: number | null, limit: number): Promise<V3Line[] | string> => {
    const q = `limit=${Math.max(1, Math.min(PAGE, limit))}${before !== null ? `&before=${before}` : ''}`;
    const reply = await http.get(`/api/logs/sessions/${sid}/lines?${q}`);
    if (reply.kind !== 'reply' || reply.status !== 200) return describeReply(reply);
    return parseLines(reply.json) ?? 'lines: unexpected answer';
  };

  const openLogStream = (model: string, emit: (e: StreamEvent) => void): LogStream => {
    let ended = false;
    let sse: SseHandle | null = null;
    let unsubscribe: (() => void) | null = null;
    let historyDone = false;
    let lastId = -1;
    const queue: V3Line[] = [];
    let sessionEnding = false;
    let sid = -1;
    const previousMax = seenUpTo.get(model) ?? -1;

    const end = (e: StreamEvent): void => {
      if (ended) return;
      ended = true;
      sse?.close();
      unsubscribe?.();
      emit(e);
    };

    const emitLine = (l: V3Line, origin: 'history' | 'live'): void => {
      lastId = Math.max(lastId, l.id);
      if (l.id > (seenUpTo.get(model) ?? -1)) seenUpTo.set(model, l.id);
      emit({
        kind: 'line',
        origin,
        ts: Math.round(l.ts * 1000),
        text: l.text,
        id: l.id,
        ...(l.level !== undefined ? { serverLevel: l.level } : {}),
      });
    };

    /**
     * Everything the DB holds for this session with id > lastId: the newest page first, then older
     * pages back to lastId. Ids are global, so a jump alone proves nothing; the DB is the truth.
     */
    const fetchAfter = async (session: number, floor: number): Promise<V3Line[] | string> => {
      const collected: V3Line[][] = [];
      let before: number | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const limit: number = before === null ? TAIL_PAGE : Math.min(PAGE, before - floor - 1);
        if (limit <= 0) break;
        const page = await fetchLines(session, before, limit);
        if (typeof page === 'string') return page;
        const newer = page.filter((l) => l.id > floor);
        collected.unshift(newer);
        const oldest = page[0]?.id;
        if (oldest === undefined || page.length < limit || newer.length < page.length) break;
        before = oldest;
      }
      return collected.flat();
    };
    const fetchNewer = (): Promise<V3Line[] | string> => fetchAfter(sid, lastId);

    /**
     * Drains the live queue in id order. After each live batch the DB is asked for what the live
     * tail dropped (16 per subscriber flush) before anything newer is emitted. `force` drains even
     * with nothing queued (session end: the last lines are stored but never pushed).
     */
    const drain = async (force: boolean): Promise<void> => {
      let first = true;
      while (!ended && (queue.length > 0 || (force && first))) {
        first = false;
        const refill = await fetchNewer();
        if (ended) return;
        if (typeof refill === 'string') {
          queue.sort((a, b) => a.id - b.id);
          const head = queue[0];
          if (head && head.id > lastId + 1) emit({ kind: 'gap', reason: 'v3-drop' });
        } else {
          const have = new Set(queue.map((q) => q.id));
          for (const l of refill) if (!have.has(l.id)) queue.push(l);
        }
        const batch = queue.splice(0, queue.length).sort((a, b) => a.id - b.id);
        for (const l of batch) if (l.id > lastId) emitLine(l, 'live');
      }
    };

    let pumpRun: Promise<void> | null = null;
    let pumpAgain = false;
    let forceNext = false;
    const pump = (force = false): Promise<void> => {
      if (!historyDone) return Promise.resolve();
      forceNext ||= force;
      if (pumpRun) {
        pumpAgain = true;
        return pumpRun;
      }
      pumpRun = (async () => {
        do {
          pumpAgain = false;
          const f = forceNext;
          forceNext = false;
          await drain(f);
        } while (pumpAgain && !ended);
      })().finally(() => {
        pumpRun = null;
      });
      return pumpRun;
    };

    const fetchHistory = async (): Promise<V3Line[] | string> => {
      const pages: V3Line[][] = [];
      let before: number | null = null;
      let total = 0;
      while (total < historyCap) {
        const page = await fetchLines(sid, before, Math.min(PAGE, historyCap - total));
        if (typeof page === 'string') return page;
        if (page.length === 0) break;
        pages.unshift(page);
        total += page.length;
        const firstId = page[0]?.id;
        if (page.length < Math.min(PAGE, historyCap - total + page.length) || firstId === undefined) break;
        before = firstId;
      }
      return pages.flat();
    };

    /** The session ended: the DB holds lines the live tail never pushed. */
    const finishSession = async (
      lifecycle: Lifecycle,
      failureReason: string | null,
      replaced: boolean,
    ): Promise<void> => {
      if (sessionEnding || ended) return;
      sessionEnding = true;
      sse?.close();
      if (historyDone) await pump(true);
      if (ended) return;
      if (historyDone) sessionsDone.set(model, Math.max(sid, sessionsDone.get(model) ?? -1));
      // A restart may already be under way: follow it at once instead of waiting for a retry.
      const current = lifecycleOf(model);
      if (replaced || isRunningLifecycle(current.lifecycle)) {
        return end({ kind: 'session-ended', message: 'a new log session started' });
      }
      emit({ kind: 'lifecycle', lifecycle, failureReason });
      end({ kind: 'not-running', lifecycle, message: failureReason ?? `session ended (${lifecycle})` });
    };

    const run = async (): Promise<void> => {
      ensureModelsStream();
      const reply = await http.get(`/api/logs/sessions?type=model&model=${enc(model)}&limit=5`);
      if (ended) return;
      if (reply.kind === 'network') return end({ kind: 'dropped', message: reply.message });
      if (reply.status === 404) return end({ kind: 'unknown-model', message: describeReply(reply) });
      if (reply.status !== 200 || !Array.isArray(reply.json)) {
        return end({ kind: 'http-error', status: reply.status, message: describeReply(reply) });
      }
      const sessions = (reply.json as unknown[]).filter(
        (s): s is { id: number; status: unknown } => typeof s === 'object' && s !== null && typeof (s as { id?: unknown }).id === 'number',
      );
      const running = sessions.find((s) => s.status === 'running');
      const finished = sessions.filter((s) => s.status !== 'running' && (!running || s.id < running.id));
      const done = sessionsDone.get(model) ?? -1;
      const latestEnded = Math.max(done, ...finished.map((s) => s.id));
      if (previousMax >= 0) {
        // Sessions that ran and ended while we were not streaming: deliver their lines, in id order.
        for (const s of finished.filter((x) => x.id > done).sort((a, b) => a.id - b.id)) {
          const lines = await fetchAfter(s.id, Math.max(lastId, previousMax));
          if (ended) return;
          if (typeof lines === 'string') return end({ kind: 'dropped', message: `history: ${lines}` });
          for (const l of lines) emitLine(l, 'history');
        }
      }
      sessionsDone.set(model, latestEnded);
      if (!running) {
        const { lifecycle, failureReason } = lifecycleOf(model);
        const l = lifecycle === 'unknown' || isRunningLifecycle(lifecycle) ? 'stopped' : lifecycle;
        if (lifecycle !== 'unknown') emit({ kind: 'lifecycle', lifecycle, failureReason });
        return end({ kind: 'not-running', lifecycle: l, message: failureReason ?? 'no running log session' });
      }
      sid = running.id;
      let startedAt = raw.get(model)?.started_at ?? null;

      unsubscribe = addListener((models) => {
        const m = models.find((x) => x.name === model || x.aliases.includes(model));
        if (!m) return;
        if (!isRunningLifecycle(m.lifecycle) && m.lifecycle !== 'unknown') {
          void finishSession(m.lifecycle, m.failureReason, false);
          return;
        }
        // Stop + start between two snapshots: the status never left "running", but the process changed.
        const now = raw.get(m.name)?.started_at ?? null;
        if (now !== null && startedAt !== null && now !== startedAt) void finishSession(m.lifecycle, null, true);
        else if (now !== null) startedAt = now;
      });

      await new Promise<void>((resolveOpen) => {
        sse = openSse(
          { url: http.url(`/api/logs/sessions/${sid}/stream`), fetch: http.fetch, headers: http.headers },
          {
            onOpen: () => {
              emit({ kind: 'open' });
              resolveOpen();
            },
            onData: (data) => {
              if (ended) return;
              const d = decodeV3Line(data);
              if (d.kind === 'bad') {
                emit({ kind: 'bad-frame', bad: d.bad, detail: d.detail });
                return;
              }
              if (d.invalidUtf8) emit({ kind: 'bad-frame', bad: 'invalid-utf8', detail: 'a line contained invalid UTF-8' });
              if (d.frame.id <= lastId) return;
              queue.push(d.frame);
              // A flush arrives as one chunk: let the whole chunk queue up before one refill.
              queueMicrotask(() => void pump());
            },
            onEnd: (e) => {
              resolveOpen();
              if (sessionEnding) return;
              if (e.kind === 'dropped') return end({ kind: 'dropped', message: e.message });
              if (e.status === 404) {
                // The session ended between listing and subscribing.
                const { lifecycle, failureReason } = lifecycleOf(model);
                void finishSession(isRunningLifecycle(lifecycle) || lifecycle === 'unknown' ? 'stopped' : lifecycle, failureReason, false);
                return;
              }
              end({ kind: 'http-error', status: e.status, message: describeReply({ kind: 'reply', status: e.status, json: e.json, text: e.text }) });
            },
          },
        );
      });
      if (ended) return;

      const history = await fetchHistory();
      if (ended) return;
      if (typeof history === 'string') return end({ kind: 'dropped', message: `history: ${history}` });
      for (const l of history) emitLine(l, l.id <= previousMax || previousMax < 0 ? 'history' : 'live');
      historyDone = true;
      emit({ kind: 'history-complete' });
      await pump();
    };

    void run().catch((err: unknown) => end({ kind: 'dropped', message: err instanceof Error ? err.message : String(err) }));

    return {
      close() {
        ended = true;
        sse?.close();
        unsubscribe?.();
      },
    };
  };

  const addListener = (l: (models: readonly RemoteModel[]) => void): (() => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  };

  const health = async (): Promise<true | string> => {
    const reply = await http.get('/health', 5_000);
    if (reply.kind !== 'reply') return reply.message;
    if (reply.status === 200 && typeof reply.json === 'object' && reply.json !== null) {
      ensureModelsStream();
      return true;
    }
    return describeReply(reply);
  };

  const stopAll = async (models: readonly string[]): Promise<ControlResult> => {
    const targets = models.length > 0 ? models : [...(snapshot?.values() ?? [])].filter((m) => isRunningLifecycle(m.lifecycle)).map((m) => m.name);
    const failures: string[] = [];
    for (const m of targets) {
      const r = v3ControlResult(await http.post(`/api/models/${enc(m)}/stop`), 'stopping');
      if (!r.ok) failures.push(`${m}: ${r.message}`);
    }
    return failures.length === 0
      ? { ok: true, message: `stopping ${targets.length} model(s)` }
      : { ok: false, message: failures.join('; ') };
  };

  return {
    generation: 'v3',
    version: opts.version,
    reportsLifecycle: true,
    supports: { clear: false, stopAll: true, logStats: false },
    listModels,
    openLogStream,
    start: async (m) => v3ControlResult(await http.post(`/api/models/${enc(m)}/start`), 'starting'),
    stop: async (m) => v3ControlResult(await http.post(`/api/models/${enc(m)}/stop`), 'stopping'),
    stopAll,
    clear: () =>
      Promise.resolve({ ok: false, message: 'This server (LLM-Manager v3) has no endpoint to clear logs.' }),
    logStats: (): Promise<ServerLogStats | null> => Promise.resolve(null),
    health,
    onModels: addListener,
    close() {
      closed = true;
      modelsStream?.close();
      modelsStream = null;
      listeners.clear();
      for (const w of [...firstSnapshotWaiters]) w();
    },
  };
}
