// What the window, the tray and the CLI are told about a model: a pure projection of what the
// connection, the logbook and the connection budget know. No state, no clock: the same facts always
// give the same status, so each rule below has its own test (test/unit/core/status-projection.test.ts).
import { isRunningLifecycle } from './servers/adapter.js';
import { overBudgetText } from './stream/connection-budget.js';
import type { ConnectionState, Lifecycle, ModelKey, ModelLastError, ModelStatus, VitalsSummary } from './types.js';

/** The facts a status is made of, read from the model's connection, logbook and vitals. */
export interface ModelFacts {
  readonly key: ModelKey;
  readonly serverId: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly mode: string | undefined;
  readonly watched: boolean;
  /** Watched but not streamed: over the connection budget of `maxStreams`. */
  readonly overBudget: boolean;
  readonly maxStreams: number;
  readonly connection: {
    readonly state: ConnectionState;
    readonly since: number;
    readonly lastProblem: string | null;
    readonly nextRetryAt: number | null;
  };
  readonly lifecycle: {
    readonly state: Lifecycle;
    readonly since: number;
    readonly failureReason: string | null;
  };
  /** The crash line seen in the live log while the server did not notice the crash (v1/v2), or null. */
  readonly crashedFromLog: string | null;
  readonly unreadErrors: number;
  readonly lastError: ModelLastError | null;
  readonly vitals: VitalsSummary | null;
}

export function projectModelStatus(f: ModelFacts): ModelStatus {
  const crashed = f.crashedFromLog !== null;
  return {
    key: f.key,
    serverId: f.serverId,
    model: f.name,
    aliases: f.aliases,
    ...(f.mode !== undefined ? { mode: f.mode } : {}),
    watched: f.watched,
    // "Not running" means the server says stopped or failed; while it reports a start in progress
    // (v3 opens the log session only at spawn) we are still connecting.
    connection: f.connection.state === 'not-running' && isRunningLifecycle(f.lifecycle.state) ? 'connecting' : f.connection.state,
    // The server still says routing after a crash it did not notice (v1/v2): say what the log shows.
    lifecycle: crashed ? 'failed' : f.lifecycle.state,
    failureReason: crashed
      ? `crashed (seen in the log; the server still reports ${f.lifecycle.state}): ${f.crashedFromLog}`
      : f.lifecycle.failureReason,
    lifecycleSince: f.lifecycle.since,
    connectionSince: f.connection.since,
    lastProblem: f.overBudget ? overBudgetText(f.maxStreams) : f.connection.lastProblem,
    ...(f.overBudget ? { overBudget: true } : {}),
    unreadErrors: f.unreadErrors,
    nextRetryAt: f.connection.nextRetryAt,
    lastError: f.lastError,
    ...(f.vitals ? { vitals: f.vitals } : {}),
  };
}
