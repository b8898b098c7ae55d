// The shapes every part of LLM Log Tray agrees on: core, CLI (--json), IPC contract, renderer.
// The domain types, plus two pure values (LEVELS, modelKey). No imports: this is a leaf the renderer
// shares through contract/ (lint keeps it import-free).

/** LLM-Manager API generations, see ../shared/docs/llm-manager-api.md. */
export type Generation = 'v1-seed' | 'v1-oct' | 'v2' | 'v3';

/** The seed's four indicators. */
export type ConnectionState = 'connected' | 'connecting' | 'not-running' | 'disconnected';

/** The model's own lifecycle, where the server reports it ('unknown' where it does not). */
export type Lifecycle = 'stopped' | 'starting' | 'init_script' | 'health_check' | 'routing' | 'failed' | 'unknown';

/** Our own classification of a line (the server's level is only a hint). */
export type Level = 'error' | 'warning' | 'success' | 'info';
export const LEVELS: readonly Level[] = ['error', 'warning', 'success', 'info'];

export type Origin = 'history' | 'live';

/** `${serverId}/${model}` where model is the primary name: one tab per key. */
export type ModelKey = string;

export function modelKey(serverId: string, model: string): ModelKey {
  return `${serverId}/${model}`;
}

/** Failure signature ids (see main/core/logs/signatures.ts for patterns and hints). */
export type SignatureId =
  | 'cuda-oom'
  | 'host-oom'
  | 'kv-cache'
  | 'port-in-use'
  | 'ggml-assert'
  | 'fatal'
  | 'segfault'
  | 'killed'
  | 'exit-code'
  | 'model-load'
  | 'traceback'
  | 'generic-error';

export interface LogLine {
  readonly kind: 'line';
  /** Per-model sequence number, strictly increasing, assigned by the logbook. */
  readonly seq: number;
  readonly key: ModelKey;
  /** Server timestamp in epoch milliseconds. */
  readonly ts: number;
  readonly origin: Origin;
  readonly level: Level;
  /** Raw text as the server sent it (may contain ANSI escape codes; never HTML). */
  readonly text: string;
  /** Level as the server sent it, if any ('info' | 'error' | 'warn' | 'ok'). */
  readonly serverLevel?: string;
  /** v3 line id, where the generation has one. */
  readonly serverId?: number;
  /** The server's timestamp could not be parsed: `ts` is when we received the line. */
  readonly timeReceived?: true;
  /** Set when this line matches a failure signature. */
  readonly signature?: SignatureId;
  /** True for continuation lines (stack traces …) that took their head line's level. */
  readonly continuation?: boolean;
  /**
   * A line a replay hole swallowed, fetched afterwards (v1/v2). It carries a fresh seq, so it comes
   * after lines newer than it; `fills` is the seq of the gap marker it belongs right after.
   */
  readonly recovered?: true;
  readonly fills?: number;
}

export type GapReason =
  | 'replay-hole' // v1/v2: lines printed during a history replay never reach that connection
  | 'v3-drop' // v3: subscriber queue of 16 dropped lines that could not be refilled
  | 'evicted' // our own buffer cap dropped older lines
  | 'server-cleared' // the server's history no longer contains what we had
  | 'server-restarted' // the server came back with a different history
  | 'disconnected'; // the stream was down; lines produced meanwhile may be missing

/**
 * Why a replay-hole check could not finish. Its gap is then resolved with outcome 'unknown': lines MAY
 * be missing there, and nothing will check again.
 */
export type HoleCheckFailure =
  | 'connection-lost' // the connection dropped before the check finished (and no later replay settled it in time)
  | 'server-down' // the server went away before the check finished
  | 'model-stopped' // the model stopped (the server answered "not running") before the check finished
  | 'model-removed' // the model is no longer on the server
  | 'stopped' // watching stopped before the check finished
  | 'cleared' // the log was cleared before the check finished
  | 'deadline' // the check did not finish in time
  | 'history-changed' // the server's history no longer holds the stretch around the gap
  | 'too-long' // more lines after the gap than a check holds
  | 'too-many'; // too many gaps waiting for a check at once: the oldest is given up

/** How a replay-hole check ended: lines recovered, nothing missing, or it could not be checked. */
export type GapOutcome = 'recovered' | 'complete' | 'unknown';

export interface LogMarker {
  readonly kind: 'marker';
  readonly seq: number;
  readonly key: ModelKey;
  /** Local wall-clock time the marker was made, epoch ms. */
  readonly ts: number;
  /** 'gap-resolved' settles an unverified gap (see `fills`); UIs fold it into that gap. */
  readonly marker: 'history-complete' | 'gap' | 'gap-resolved';
  readonly reason?: GapReason;
  /** For gaps: how many lines are known to be missing, when known. */
  readonly missing?: number;
  /** Gap: lines MAY be missing here and a check is under way; a 'gap-resolved' marker always settles it, within a bounded time. */
  readonly unverified?: true;
  /** Gap-resolved: the seq of the gap it settles. */
  readonly fills?: number;
  /**
   * Gap-resolved (and a gap once settled, as the logbook and the window then hold it): how many
   * lines were recovered into it; 0 = confirmed complete, nothing was missing.
   */
  readonly recovered?: number;
  /** Gap-resolved (and a gap once settled): how its check ended. */
  readonly outcome?: GapOutcome;
  /** Outcome 'unknown': why the check could not finish (lines MAY be missing there). */
  readonly unchecked?: HoleCheckFailure;
}

export type LogEntry = LogLine | LogMarker;

export interface ErrorGroup {
  readonly signature: SignatureId;
  readonly count: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** The first line that matched, as text. */
  readonly example: string;
  readonly exampleSeq: number;
  /** A one-line English hint; translated by hintKey in UIs. */
  readonly hint: string;
  readonly hintKey: string;
}

export interface ModelStats {
  readonly attempts: number;
  readonly reconnects: number;
  readonly connectedSince: number | null;
  readonly lines: {
    readonly total: number;
    readonly history: number;
    readonly live: number;
    readonly byLevel: Readonly<Record<Level, number>>;
  };
  /** Live lines per second over the last 10 s. */
  readonly linesPerSecond: number;
  readonly lastError: ModelLastError | null;
  readonly errorGroups: readonly ErrorGroup[];
  /**
   * Error lines (block heads, as counted in errorGroups) per minute of the lines' own times, for the
   * last 24 h of those times, oldest first: [minute start (epoch ms), count]. Minutes without errors
   * are left out.
   */
  readonly errorsPerMinute?: readonly (readonly [number, number])[];
  /** Frames that could not be decoded (non-JSON, unknown type, oversize, invalid UTF-8). */
  readonly badFrames: number;
  readonly gaps: number;
  /** Lines held in the buffer now (after the cap). */
  readonly buffered: number;
}

// ---------------------------------------------------------------------------------------------
// Vitals: performance figures read from the model's own log (main/core/logs/vitals/).

/** Which server printed the figures. */
export type VitalsSource = 'llama.cpp' | 'vllm';

/** One measurement: a finished llama.cpp request, or one vLLM engine statistics line. */
export interface VitalsSample {
  readonly kind: 'request' | 'engine';
  readonly source: VitalsSource;
  /** Server time of the line (epoch ms). */
  readonly ts: number;
  /** Seq of the log line it was read from (the first line of a llama.cpp timing block). */
  readonly seq: number;
  /** Whether that line came live or in a replayed history. */
  readonly origin: Origin;
  /** Generation speed, tokens/s (llama.cpp: this request; vLLM: average over the logging interval). */
  readonly genTps: number | null;
  /** Prompt processing speed, tokens/s. */
  readonly promptTps: number | null;
  readonly slot?: number;
  readonly task?: number;
  readonly promptTokens?: number;
  readonly genTokens?: number;
  readonly promptMs?: number;
  readonly genMs?: number;
  readonly totalMs?: number;
  /** vLLM engine index ("Engine 000:"). */
  readonly engine?: number;
  readonly running?: number;
  readonly waiting?: number;
  readonly swapped?: number;
  readonly kvCachePct?: number;
  readonly prefixHitPct?: number;
}

/** One minute of a model's vitals (start of the minute, epoch ms). Null where nothing was measured. */
export interface VitalsBucket {
  readonly t: number;
  readonly genTps: number | null;
  readonly promptTps: number | null;
  /** Finished requests in this minute (llama.cpp timing blocks). */
  readonly requests: number;
  /** Average generated / prompt tokens per finished request. */
  readonly genTokensPerRequest: number | null;
  readonly promptTokensPerRequest: number | null;
  /** vLLM: last value in the minute. */
  readonly running: number | null;
  readonly waiting: number | null;
  readonly kvCachePct: number | null;
}

/** What llama.cpp printed while loading the model (the latest run). */
export interface VitalsLoad {
  readonly nCtx?: number;
  readonly kvMiB?: number;
  /** llama.cpp's own `load time`, or the time between `loading model` and `model loaded`. */
  readonly loadMs?: number;
}

/** The small per-model summary carried in ModelStatus (tab sparkline, tray, CLI). */
export interface VitalsSummary {
  /** Null until the first sample (load figures may come first). */
  readonly source: VitalsSource | null;
  readonly lastTs: number | null;
  readonly lastSeq: number | null;
  /** Latest generation / prompt speed. */
  readonly genTps: number | null;
  readonly promptTps: number | null;
  /** Median generation speed over the 5 minutes before the latest sample. */
  readonly genTpsMedian5m: number | null;
  /** Per-minute generation speed, the last 30 minutes up to the latest sample (oldest first). */
  readonly spark: readonly (number | null)[];
  /** Samples held (raw, at most 1,000) and requests counted over the last 24 h. */
  readonly samples: number;
  readonly requests24h: number;
  readonly running: number | null;
  readonly waiting: number | null;
  readonly kvCachePct: number | null;
  readonly load: VitalsLoad | null;
}

/** Everything held for one model: per-minute buckets (24 h) and the last 1,000 raw samples. */
export interface VitalsSeries {
  readonly key: ModelKey;
  readonly summary: VitalsSummary | null;
  readonly buckets: readonly VitalsBucket[];
  readonly samples: readonly VitalsSample[];
}

export interface ModelStatus {
  readonly key: ModelKey;
  readonly serverId: string;
  /** Primary model name on the server. */
  readonly model: string;
  readonly aliases: readonly string[];
  readonly mode?: string;
  readonly watched: boolean;
  readonly connection: ConnectionState;
  readonly lifecycle: Lifecycle;
  readonly failureReason: string | null;
  /** When `lifecycle` last changed (epoch ms, local clock). */
  readonly lifecycleSince: number;
  /** When `connection` last changed (epoch ms, local clock). */
  readonly connectionSince: number;
  /** Last connection problem in plain words (HTTP status + body, network error), if any. */
  readonly lastProblem: string | null;
  /** Errors not yet acknowledged (opening the model's tab acknowledges). */
  readonly unreadErrors: number;
  /** Next retry time (epoch ms), when waiting to retry. */
  readonly nextRetryAt: number | null;
  /**
   * Watched, but not streamed: over the connection budget (ConnectionPolicy.maxStreams). Its
   * `connection` is `disconnected` and `lastProblem` says why; no stream was lost.
   */
  readonly overBudget?: boolean;
  /** The newest error line (head, not continuation) with its signature: names a failure at a glance. */
  readonly lastError?: ModelLastError | null;
  /** Performance read from the log, once a timing or statistics line was seen. */
  readonly vitals?: VitalsSummary;
}

export interface ModelLastError {
  readonly ts: number;
  readonly seq: number;
  readonly text: string;
  readonly signature?: SignatureId;
}

export type ServerHealth = 'unknown' | 'healthy' | 'unreachable';

export interface ServerLogStats {
  readonly totalEntries: number;
  readonly totalSubscribers: number;
  readonly perModel: Readonly<Record<string, { readonly entries: number; readonly subscribers: number }>>;
}

export interface ServerStatus {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly generation: Generation | null;
  readonly version: string | null;
  readonly health: ServerHealth;
  readonly healthSince: number;
  readonly lastProblem: string | null;
  readonly logStats: ServerLogStats | null;
}

/** Result of start / stop / stop-all / clear, shown plainly to the user. */
export interface ControlResult {
  readonly ok: boolean;
  readonly message: string;
  /** HTTP status the server answered with, when it answered. */
  readonly status?: number;
}

/** Everything the monitor emits. The CLI's --json prints exactly these, one per line. */
export type MonitorEvent =
  | { readonly type: 'server'; readonly server: ServerStatus }
  | { readonly type: 'models'; readonly serverId: string; readonly models: readonly ModelStatus[] }
  | { readonly type: 'status'; readonly status: ModelStatus }
  | {
      readonly type: 'lines';
      readonly key: ModelKey;
      /** Ascending by seq; contiguous with the previous batch for the same key unless `reset`. */
      readonly entries: readonly LogEntry[];
    }
  | { readonly type: 'cleared'; readonly key: ModelKey; readonly scope: 'local' | 'server' }
  /** New performance samples read from lines the logbook accepted (each line once, so replays never count twice). */
  | {
      readonly type: 'vitals';
      readonly key: ModelKey;
      /** The samples read since the model's last vitals event, oldest first (none when the monitor was made without them: MonitorOptions.vitalsSamples). */
      readonly samples: readonly VitalsSample[];
      /** How many of those came from live lines and carry a generation speed (whether or not the event carries them). */
      readonly liveSpeeds: number;
      readonly summary: VitalsSummary;
    }
  | { readonly type: 'problem'; readonly key: ModelKey | null; readonly serverId: string | null; readonly message: string };

export interface MonitorSnapshot {
  readonly servers: readonly ServerStatus[];
  readonly models: readonly ModelStatus[];
}

// ---------------------------------------------------------------------------------------------
// Settings (product.md §7). Validation, defaults and migrations: main/core/settings/.

export type ThemeSetting = 'system' | 'light' | 'dark';
export type LanguageSetting = 'system' | 'zh-CN' | 'en';
export type NotificationKind = 'error-line' | 'model-failed' | 'connection-lost' | 'model-ready';

export interface ServerSetting {
  readonly id: string;
  readonly name: string;
  /** Never with user info: that is moved into an Authorization header on save (and by migration). */
  readonly url: string;
  /**
   * Extra request headers for a reverse proxy. The values are secrets: encrypted in the file, never
   * sent to the window. null = the value is needed but unknown in this run (it could not be decrypted
   * on this computer, or it is kept in memory only and was not entered since the start): the server
   * is then not contacted and asks for the credentials to be entered again.
   */
  readonly headers: Readonly<Record<string, string | null>>;
}

/**
 * What to do with header values where the OS offers no keyring: 'ask' (not chosen yet; values are
 * kept in memory only until the user decides), 'plain-text' (stored as they are), 'memory-only'
 * (re-entered on each start). Where there is a keyring, values are always stored encrypted.
 */
export type CredentialStorage = 'ask' | 'plain-text' | 'memory-only';

/** What the window gets instead of a header value: whether it is set, never the value. */
export type HeaderState = 'set' | 'missing';

export interface PublicServerSetting {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, HeaderState>>;
}

/** AppSettings as the window sees them: header values replaced by their state. */
export type PublicSettings = Omit<AppSettings, 'servers'> & { readonly servers: readonly PublicServerSetting[] };

export type PublicSettingsResult =
  | { readonly ok: true; readonly settings: PublicSettings }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export interface AppSettings {
  readonly version: number;
  readonly servers: readonly ServerSetting[];
  /** Keys of models the user unwatched (everything else is watched). */
  readonly unwatched: readonly ModelKey[];
  readonly retryIntervalSec: number;
  /** 0 = unlimited. */
  readonly maxAttempts: number;
  readonly backoffCapSec: number;
  readonly healthIntervalSec: number;
  readonly bufferSize: number;
  /** Connection budget: log streams open at once over all servers (MAX_STREAMS_RANGE). */
  readonly maxStreams: number;
  readonly notifications: {
    readonly enabled: Readonly<Record<NotificationKind, boolean>>;
    readonly throttleSec: number;
    readonly gracePeriodSec: number;
    readonly maxPerMinute: number;
    /** key → epoch ms until which the model is muted (null = until resumed). */
    readonly mutes: Readonly<Record<ModelKey, number | null>>;
    /** Pause-all: epoch ms, null = until resumed; absent = not paused. */
    readonly pausedUntil?: number | null;
    /** Alert when a model's 5-minute median generation speed drops below this (tokens/s); 0 or absent = off. */
    readonly slowGenerationTps?: number;
  };
  readonly language: LanguageSetting;
  readonly theme: ThemeSetting;
  readonly launchAtLogin: boolean;
  readonly startHidden: boolean;
  /** False until the first window has been shown once. */
  readonly firstRunDone: boolean;
  readonly credentialStorage: CredentialStorage;
}

export type SettingsPatch = { readonly [K in keyof AppSettings]?: AppSettings[K] };

export interface ValidationIssue {
  /** Dotted path, e.g. "servers.0.url". */
  readonly path: string;
  /** Message key for i18n plus an English fallback. */
  readonly messageKey: string;
  readonly message: string;
}

export type SettingsResult =
  | { readonly ok: true; readonly settings: AppSettings }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };
