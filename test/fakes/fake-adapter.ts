// A ServerAdapter the test drives by hand: its streams (emit events into them), its model list,
// health and log statistics, and v3-style pushed model lists. Shared by the connection and the
// monitor unit tests.
import { isTerminal, type ModelListResult, type RemoteModel, type ServerAdapter, type StreamEvent } from '../../main/core/servers/adapter.js';
import type { Result } from '../../main/core/result.js';
import type { Generation, ServerLogStats } from '../../main/core/types.js';

export interface FakeStream {
  /** Delivers an event; a terminal one ends the stream, as the real adapters do. */
  emit(e: StreamEvent): void;
  readonly model: string;
  closed: boolean;
  /** Opened while another stream of the model was open: the replay-hole check's second connection. */
  readonly check: boolean;
}

export interface FakeAdapterOptions {
  readonly reportsLifecycle?: boolean;
  readonly generation?: Generation;
  readonly logStats?: boolean;
  /** Model lists are pushed (v3's models stream) instead of polled. */
  readonly push?: boolean;
}

export type FakeAdapter = ReturnType<typeof fakeAdapter>;

const done = () => Promise.resolve({ ok: true, message: '' });

export function fakeAdapter(opts: FakeAdapterOptions | boolean = {}) {
  const o: FakeAdapterOptions = typeof opts === 'boolean' ? { reportsLifecycle: opts } : opts;
  const opened: FakeStream[] = [];
  let list: ModelListResult = { ok: true, models: [] };
  let health: Result = { ok: true };
  let stats: ServerLogStats | null = null;
  let pushed: ((models: readonly RemoteModel[]) => void) | null = null;
  const counts = { listModels: 0, health: 0, logStats: 0, close: 0 };
  const adapter: ServerAdapter = {
    generation: o.generation ?? 'v1-seed',
    version: null,
    reportsLifecycle: o.reportsLifecycle ?? false,
    supports: { clear: true, stopAll: true, logStats: o.logStats ?? true },
    listModels: () => {
      counts.listModels++;
      return Promise.resolve(list);
    },
    openLogStream: (model, emit) => {
      const s: FakeStream = {
        model,
        emit: (e) => {
          if (isTerminal(e)) s.closed = true;
          emit(e);
        },
        closed: false,
        check: opened.some((x) => x.model === model && !x.closed && !x.check),
      };
      opened.push(s);
      return { close: () => (s.closed = true) };
    },
    start: done,
    stop: done,
    stopAll: done,
    clear: done,
    logStats: () => {
      counts.logStats++;
      return Promise.resolve(stats);
    },
    health: () => {
      counts.health++;
      return Promise.resolve(health);
    },
    close: () => {
      counts.close++;
    },
    ...(o.push
      ? {
          onModels: (listener: (models: readonly RemoteModel[]) => void) => {
            pushed = listener;
            return () => {
              pushed = null;
            };
          },
        }
      : {}),
  };
  const mains = () => opened.filter((s) => !s.check);
  return {
    adapter,
    counts,
    /** The main connections (replay-hole checks left out). */
    get opened() {
      return mains();
    },
    all: opened,
    main: mains,
    last: () => mains()[mains().length - 1]!,
    check: () => opened.filter((s) => s.check).at(-1),
    /** The open main stream of one model. */
    streamOf: (model: string) => mains().filter((s) => s.model === model && !s.closed).at(-1),
    setModels(models: readonly RemoteModel[]) {
      list = { ok: true, models };
    },
    failList(message: string) {
      list = { ok: false, message };
    },
    setHealth(h: Result) {
      health = h;
    },
    setStats(s: ServerLogStats | null) {
      stats = s;
    },
    /** A pushed list (throws when nothing subscribed: the test expects a subscriber). */
    push(models: readonly RemoteModel[]) {
      if (!pushed) throw new Error('no model-list subscriber');
      pushed(models);
    },
    get subscribed() {
      return pushed !== null;
    },
  };
}

/** A remote model as an adapter lists it. */
export function remote(name: string, more: Partial<RemoteModel> = {}): RemoteModel {
  return { name, aliases: [], lifecycle: 'unknown', failureReason: null, ...more };
}
