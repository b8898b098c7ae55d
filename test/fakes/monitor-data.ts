// Builders for monitor data shapes used by the app-side tests (tray, alerts, controller).
import type { LogLine, ModelStats, ModelStatus, ServerStatus } from '../../main/core/types.js';

export function modelStatus(key: string, over: Partial<ModelStatus> = {}): ModelStatus {
  const slash = key.indexOf('/');
  return {
    key,
    serverId: key.slice(0, slash),
    model: key.slice(slash + 1),
    aliases: [],
    watched: true,
    connection: 'connected',
    lifecycle: 'routing',
    failureReason: null,
    lifecycleSince: 0,
    connectionSince: 0,
    lastProblem: null,
    unreadErrors: 0,
    nextRetryAt: null,
    ...over,
  };
}

export function serverStatus(id: string, over: Partial<ServerStatus> = {}): ServerStatus {
  return {
    id,
    name: id,
    url: `http://127.0.0.1:1/${id}`,
    generation: 'v1-seed',
    version: null,
    health: 'healthy',
    healthSince: 0,
    lastProblem: null,
    logStats: null,
    ...over,
  };
}

let seqCounter = 1000;
export function logLine(key: string, text: string, over: Partial<LogLine> = {}): LogLine {
  return { kind: 'line', seq: ++seqCounter, key, ts: 0, origin: 'live', level: 'info', text, ...over };
}

/** A model's statistics with nothing counted yet. */
export function modelStats(over: Partial<ModelStats> = {}): ModelStats {
  return {
    attempts: 0,
    reconnects: 0,
    connectedSince: null,
    lines: { total: 0, history: 0, live: 0, byLevel: { error: 0, warning: 0, success: 0, info: 0 } },
    linesPerSecond: 0,
    lastError: null,
    errorGroups: [],
    badFrames: 0,
    gaps: 0,
    buffered: 0,
    ...over,
  };
}
