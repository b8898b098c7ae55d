// One interface over every LLM-Manager API generation. The monitor and the model connections only
// ever talk to this; each generation family implements it (v1-adapter.ts, v3-adapter.ts).
import type { ControlResult, GapReason, Generation, Lifecycle, Origin, ServerLogStats } from '../types.js';
import type { BadFrameKind } from '../stream/frame-decoder.js';
import type { Result } from '../result.js';

export interface RemoteModel {
  /** Primary name (v1/v2: the `all-models` key or `/v1/models` id; v3: the alias). */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly mode?: string;
  readonly lifecycle: Lifecycle;
  readonly failureReason: string | null;
}

/** Normalised events of one model log stream, whatever the generation. */
export type StreamEvent =
  /** HTTP 200 event stream is open (history replay starts). */
  | { readonly kind: 'open' }
  | {
      readonly kind: 'line';
      readonly origin: Origin;
      /** Epoch ms. */
      readonly ts: number;
      readonly text: string;
      readonly serverLevel?: string;
      readonly id?: number;
    }
  | { readonly kind: 'history-complete' }
  /** Lines known to be lost that could not be recovered (v3 refill failed). */
  | { readonly kind: 'gap'; readonly reason: GapReason; readonly missing?: number }
  | { readonly kind: 'bad-frame'; readonly bad: BadFrameKind; readonly detail: string }
  /** The model's lifecycle, as far as this stream knows it (v1-seed 400 body, v3 session). */
  | { readonly kind: 'lifecycle'; readonly lifecycle: Lifecycle; readonly failureReason?: string | null }
  // Terminal events: exactly one of these ends every stream.
  /** Server `error` frame (v1/v2 shutdown). */
  | { readonly kind: 'server-error'; readonly message: string }
  /** HTTP 400 "not running" (v1/v2) or no running session (v3). */
  | { readonly kind: 'not-running'; readonly lifecycle: Lifecycle; readonly message: string }
  /** HTTP 404 unknown alias. */
  | { readonly kind: 'unknown-model'; readonly message: string }
  /** Any other non-stream answer (5xx, HTML page, wrong content type). */
  | { readonly kind: 'http-error'; readonly status: number; readonly message: string }
  /** Refused, reset, closed by the server. */
  | { readonly kind: 'dropped'; readonly message: string }
  /** v3: the session ended and a new one runs already: reconnect at once to follow it. */
  | { readonly kind: 'session-ended'; readonly message: string };

export type TerminalStreamEvent = Extract<
  StreamEvent,
  { kind: 'server-error' | 'not-running' | 'unknown-model' | 'http-error' | 'dropped' | 'session-ended' }
>;

export function isTerminal(e: StreamEvent): e is TerminalStreamEvent {
  return (
    e.kind === 'server-error' ||
    e.kind === 'not-running' ||
    e.kind === 'unknown-model' ||
    e.kind === 'http-error' ||
    e.kind === 'dropped' ||
    e.kind === 'session-ended'
  );
}

export interface LogStream {
  close(): void;
}

export type ModelListResult = Result<{ readonly models: readonly RemoteModel[] }>;

export interface ServerAdapter {
  readonly generation: Generation;
  readonly version: string | null;
  /** Whether the generation reports per-model lifecycle without a stream (v1-oct, v2, v3). */
  readonly reportsLifecycle: boolean;
  readonly supports: { readonly clear: boolean; readonly stopAll: boolean; readonly logStats: boolean };
  listModels(): Promise<ModelListResult>;
  /** Open one model's log stream; `emit` receives events until (and including) one terminal event. */
  openLogStream(model: string, emit: (event: StreamEvent) => void): LogStream;
  start(model: string): Promise<ControlResult>;
  stop(model: string): Promise<ControlResult>;
  /** `models` is used where the generation has no stop-all endpoint (v3 stops each one). */
  stopAll(models: readonly string[]): Promise<ControlResult>;
  clear(model: string, keepMinutes: number): Promise<ControlResult>;
  logStats(): Promise<ServerLogStats | null>;
  /** ok = healthy; a failure says what is wrong. */
  health(): Promise<Result>;
  /** Pushes model lists as the server reports changes (v3 models stream); returns unsubscribe. */
  onModels?(listener: (models: readonly RemoteModel[]) => void): () => void;
  close(): void;
}

const LIFECYCLES: readonly Lifecycle[] = ['stopped', 'starting', 'init_script', 'health_check', 'routing', 'failed'];

export function toLifecycle(status: unknown): Lifecycle {
  return typeof status === 'string' && (LIFECYCLES as readonly string[]).includes(status) ? (status as Lifecycle) : 'unknown';
}

/** `(当前状态: stopped)` in a v1/v2 400 body. */
export function lifecycleFromNotRunning(message: string): Lifecycle {
  const m = /当前状态[:：]\s*([a-z_]+)/.exec(message) ?? /status[=:]\s*([a-z_]+)/i.exec(message);
  return m?.[1] ? toLifecycle(m[1]) : 'stopped';
}

/** Lifecycles in which a log stream can be opened (v1/v2 accept these; v3 has a running session). */
export function isRunningLifecycle(l: Lifecycle): boolean {
  return l === 'starting' || l === 'init_script' || l === 'health_check' || l === 'routing';
}
