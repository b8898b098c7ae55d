// Builders for monitor data used by the CLI unit tests.
import type { LogLine, LogMarker, ModelStatus, ServerStatus } from '../../../main/core/types.js';
import { modelStatus, serverStatus } from '../../fakes/monitor-data.js';

export const T0 = new Date(2026, 0, 2, 14, 2, 11).getTime();

export function line(over: Partial<LogLine> = {}): LogLine {
  return { kind: 'line', seq: 1, key: 'cli/Qwen3-8B', ts: T0, origin: 'history', level: 'info', text: 'loading model', ...over };
}

export function marker(over: Partial<LogMarker> = {}): LogMarker {
  return { kind: 'marker', seq: 2, key: 'cli/Qwen3-8B', ts: T0, marker: 'history-complete', ...over };
}

export function status(over: Partial<ModelStatus> = {}): ModelStatus {
  return modelStatus('cli/Qwen3-8B', { aliases: ['qwen'], lifecycleSince: T0, connectionSince: T0, ...over });
}

export function server(over: Partial<ServerStatus> = {}): ServerStatus {
  return serverStatus('cli', { name: 'http://127.0.0.1:8080', url: 'http://127.0.0.1:8080', healthSince: T0, ...over });
}
