// Interfaces the outside world implements for the core. Adapters (Electron, CLI, tests) construct
// these and pass them in; the core never reaches for globals.
import { DEFAULT_MAX_STREAMS } from './settings/limits.js';
import type {
  ControlResult,
  LogEntry,
  ModelKey,
  ModelStats,
  MonitorEvent,
  MonitorSnapshot,
  VitalsSeries,
} from './types.js';

export type TimerHandle = unknown;

/** Injected time. Tests use test/fakes/fake-clock.ts; production uses systemClock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Timers must never keep the CLI alive on their own.
    if (typeof t === 'object' && t && 'unref' in t) (t as { unref(): void }).unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Encryption of secrets at rest (proxy header values in the settings file). The app implements it with
 * Electron's safeStorage (main/electron/secret-cipher.ts); tests with a stand-in.
 */
export interface SecretCipher {
  /**
   * 'keyring': the OS protects the key (Keychain, DPAPI, libsecret, kwallet). 'none': it does not
   * (Linux without a keyring: safeStorage's basic_text backend, or no encryption at all), so an
   * "encrypted" value would be readable by anyone with the file: the user chooses what to do.
   */
  protection(): 'keyring' | 'none';
  /** Base64 ciphertext. Only called when protection() is 'keyring'. */
  encrypt(plain: string): string;
  /** Throws when the value cannot be decrypted here (another computer or user account). */
  decrypt(sealed: string): string;
}

/** Random in [0, 1); injected so backoff jitter is deterministic in tests. */
export type Random = () => number;

/** Diagnostics sink (CLI --verbose prints these to stderr). */
export interface DiagnosticLogger {
  debug(message: string): void;
  /** A fault of ours (a listener threw): must be seen in production too. */
  warn(message: string): void;
}
/** No debug output; warnings still reach stderr (the Electron main process log). */
export const silentLogger: DiagnosticLogger = { debug: () => {}, warn: (message) => console.warn(`[llm-log-tray] ${message}`) };

/** The `fetch` the core uses for all HTTP (wrapped to capture status/body, headers added). */
export type FetchLike = typeof fetch;

export interface ServerConfig {
  readonly id: string;
  readonly name: string;
  /** Base URL, e.g. http://127.0.0.1:8080 (no trailing slash needed). */
  readonly url: string;
  /** Extra request headers for a reverse proxy (e.g. Authorization). Never shown anywhere. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Set when the server needs credentials this run does not have (could not be decrypted, or kept
   * in memory only and not entered yet): the monitor sends no request and shows this as the problem.
   */
  readonly credentialsNeeded?: string;
}

export interface ConnectionPolicy {
  /** Base retry interval in ms (default 5000). */
  readonly retryIntervalMs: number;
  /** 0 = unlimited. */
  readonly maxAttempts: number;
  /** Backoff cap in ms (default 60000). */
  readonly backoffCapMs: number;
  /** Health probe interval in ms (default 15000). */
  readonly healthIntervalMs: number;
  /** Per-model ring buffer cap in lines (default 20000). */
  readonly bufferSize: number;
  /** Coalescing of line events per model. */
  readonly batchMs: number;
  readonly batchMaxLines: number;
  /**
   * Vitals events per model at most one per this many ms (default 250): the first samples go out
   * right after their lines, what comes within the interval goes out together at its end, with one
   * summary (sooner only when VITALS_EVENT_SAMPLES wait: entry-batcher.ts).
   */
  readonly vitalsMs: number;
  /** How often the model list is re-read to discover added/removed models (ms). */
  readonly discoveryIntervalMs: number;
  /**
   * Connection budget: at most this many log streams at once over all servers (default 64). Models
   * already streaming keep their stream, then running models, then the ones named in `watch`, then
   * the rest (stream/connection-budget.ts); the others are not streamed and say why (overBudget).
   */
  readonly maxStreams: number;
  /**
   * Longest a replay-hole check may stay open before its gap is resolved as 'could not be checked'
   * (ms, default 30000), plus three times the replay that opened it (a long history replays slowly).
   */
  readonly holeCheckDeadlineMs: number;
}

export const DEFAULT_POLICY: ConnectionPolicy = {
  retryIntervalMs: 5000,
  maxAttempts: 0,
  backoffCapMs: 60_000,
  healthIntervalMs: 15_000,
  bufferSize: 20_000,
  batchMs: 50,
  batchMaxLines: 500,
  vitalsMs: 250,
  discoveryIntervalMs: 30_000,
  maxStreams: DEFAULT_MAX_STREAMS,
  holeCheckDeadlineMs: 30_000,
};

export interface MonitorOptions {
  readonly servers: readonly ServerConfig[];
  readonly policy?: Partial<ConnectionPolicy>;
  /** Only these model names (primary or alias) are watched; undefined = all models. */
  readonly watch?: readonly string[];
  /** Models the user unwatched (by key). */
  readonly unwatched?: readonly ModelKey[];
  readonly clock?: Clock;
  readonly random?: Random;
  /** Default: a transport of the monitor's own, without the 300 s body timeout of Node's fetch
   * (stream/transport.ts), closed on stop. */
  readonly fetch?: FetchLike;
  /**
   * Fetch for control requests (start/stop/clear), which a v1/v2 server may hold open for minutes:
   * Node's built-in fetch stops waiting for headers after 300 s. Default: `fetch`.
   */
  readonly controlFetch?: FetchLike;
  readonly logger?: DiagnosticLogger;
  /**
   * Read vitals from the logs (default true). Off: no `vitals` events and no vitals in the status, for
   * a front end that shows none; the vitals benchmark measures the extraction's cost against it.
   */
  readonly vitals?: boolean;
  /**
   * Whether `vitals` events carry their samples (default true: `watch --json` prints each). Off, an
   * event carries the summary and how many live samples with a speed came (`liveSpeeds`), at most one
   * per model every `vitalsMs` whatever the rate, and no sample object is made for it: the app's
   * window and tray read only the summary and fetch a model's series when they show it.
   */
  readonly vitalsSamples?: boolean;
}

/** A page of a model's buffered entries: those with seq < beforeSeq, and of them the newest `limit`. */
export interface EntryPage {
  readonly beforeSeq?: number | undefined;
  readonly limit?: number | undefined;
}

/** What every front end (Electron main, CLI, e2e harness) drives. */
export interface Monitor {
  start(): Promise<void>;
  stop(): Promise<void>;
  subscribe(listener: (event: MonitorEvent) => void): () => void;
  snapshot(): MonitorSnapshot;
  /**
   * Buffered entries for a model in seq order, optionally only those with seq > afterSeq, and of those
   * only the page asked for (seq < beforeSeq, the newest `limit`): only the page is built.
   */
  entries(key: ModelKey, afterSeq?: number, page?: EntryPage): readonly LogEntry[];
  stats(key: ModelKey): ModelStats | null;
  /** Vitals read from the model's log: per-minute buckets (24 h) and raw samples, from sinceTs when given. */
  vitals(key: ModelKey, sinceTs?: number): VitalsSeries | null;
  /** Resume from sleep, network change: drop every stream and reconnect now. */
  reconnectAll(): void;
  setWatched(key: ModelKey, watched: boolean): void;
  acknowledge(key: ModelKey): void;
  clearLocal(key: ModelKey): void;
  clearOnServer(key: ModelKey, keepMinutes: number): Promise<ControlResult>;
  startModel(key: ModelKey): Promise<ControlResult>;
  stopModel(key: ModelKey): Promise<ControlResult>;
  stopAll(serverId: string): Promise<ControlResult>;
  refreshServerStats(serverId: string): Promise<void>;
  updateServers(servers: readonly ServerConfig[]): Promise<void>;
  updatePolicy(policy: Partial<ConnectionPolicy>): void;
}
