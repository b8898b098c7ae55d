// Builders for monitor data shapes used by the app-side tests (tray, alerts, controller).
import type { LogLine, ModelStatus, ServerStatus } from '../../main/core/types.js';

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
