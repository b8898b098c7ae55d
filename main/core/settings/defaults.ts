import type { AppSettings, ServerSetting } from '../types.js';
import { DEFAULT_MAX_STREAMS } from './limits.js';

/** Current settings file format. Bump together with a migration in migrations.ts. */
export const SETTINGS_VERSION = 3;

export const DEFAULT_SERVER: ServerSetting = {
  id: 'local',
  name: 'Local',
  url: 'http://127.0.0.1:8080',
  headers: {},
};

/** A fresh object every call: callers may keep it without sharing state. */
export function defaultSettings(): AppSettings {
  return {
    version: SETTINGS_VERSION,
    servers: [{ ...DEFAULT_SERVER, headers: {} }],
    unwatched: [],
    retryIntervalSec: 5,
    maxAttempts: 0,
    backoffCapSec: 60,
    healthIntervalSec: 15,
    bufferSize: 20_000,
    maxStreams: DEFAULT_MAX_STREAMS,
    notifications: {
      enabled: { 'error-line': true, 'model-failed': true, 'connection-lost': true, 'model-ready': false },
      throttleSec: 60,
      gracePeriodSec: 30,
      maxPerMinute: 5,
      mutes: {},
    },
    language: 'system',
    theme: 'system',
    launchAtLogin: false,
    startHidden: false,
    firstRunDone: false,
    credentialStorage: 'ask',
  };
}

/** True when the server list is still the untouched default (imports may replace it). */
export function isDefaultServerList(servers: readonly ServerSetting[]): boolean {
  const only = servers[0];
  return (
    servers.length === 1 &&
    only !== undefined &&
    only.id === DEFAULT_SERVER.id &&
    only.url === DEFAULT_SERVER.url &&
    Object.keys(only.headers).length === 0
  );
}
