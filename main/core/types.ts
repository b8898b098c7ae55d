// The shapes every part of LLM Log Tray agrees on: core, CLI (--json), IPC contract, renderer.
// Pure types, no runtime code, no imports: the renderer's type-check includes this file too.

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
  /** Gap: lines MAY be missing here and a check is under way; a 'gap-resolved' marker settles it. */
  readonly unverified?: true;
  /** Gap-resolved: the seq of the gap it settles. */
  readonly fills?: number;
  /**
   * Gap-resolved (and a gap once settled, as the logbook and the window then hold it): how many
   * lines were recovered into it; 0 = confirmed complete, nothing was missing.
   */
  readonly recovered?: number;
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
  /** Frames that could not be decoded (non-JSON, unknown type, oversize, invalid UTF-8). */
  readonly badFrames: number;
  readonly gaps: number;
  /** Lines held in the buffer now (after the cap). */
  readonly buffered: number;
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
  /** The newest error line (head, not continuation) with its signature: names a failure at a glance. */
  readonly lastError?: ModelLastError | null;
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
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

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
  readonly notifications: {
    readonly enabled: Readonly<Record<NotificationKind, boolean>>;
    readonly throttleSec: number;
    readonly gracePeriodSec: number;
    readonly maxPerMinute: number;
    /** key → epoch ms until which the model is muted (null = until resumed). */
    readonly mutes: Readonly<Record<ModelKey, number | null>>;
    /** Pause-all: epoch ms, null = until resumed; absent = not paused. */
    readonly pausedUntil?: number | null;
  };
  readonly language: LanguageSetting;
  readonly theme: ThemeSetting;
  readonly launchAtLogin: boolean;
  readonly startHidden: boolean;
  /** False until the first window has been shown once. */
  readonly firstRunDone: boolean;
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
