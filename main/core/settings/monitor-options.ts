import type { ConnectionPolicy, MonitorOptions, ServerConfig } from '../ports.js';
import type { AppSettings } from '../types.js';

export function settingsToServers(settings: AppSettings): ServerConfig[] {
  return settings.servers.map((s) => ({ id: s.id, name: s.name, url: s.url, headers: { ...s.headers } }));
}

export function settingsToPolicy(settings: AppSettings): Partial<ConnectionPolicy> {
  return {
    retryIntervalMs: settings.retryIntervalSec * 1000,
    maxAttempts: settings.maxAttempts,
    backoffCapMs: settings.backoffCapSec * 1000,
    healthIntervalMs: settings.healthIntervalSec * 1000,
    bufferSize: settings.bufferSize,
  };
}

/** The Monitor options the settings describe; clock/fetch/etc. are added by the caller. */
export function settingsToMonitorOptions(settings: AppSettings): MonitorOptions {
  return {
    servers: settingsToServers(settings),
    policy: settingsToPolicy(settings),
    unwatched: [...settings.unwatched],
  };
}
