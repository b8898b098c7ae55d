import type { ConnectionPolicy, MonitorOptions, ServerConfig } from '../ports.js';
import type { AppSettings } from '../types.js';
import { credentialsNeededMessage } from './public-settings.js';

export function settingsToServers(settings: AppSettings): ServerConfig[] {
  return settings.servers.map((s) => {
    const headers: Record<string, string> = {};
    let missing = false;
    for (const [name, value] of Object.entries(s.headers)) {
      if (value === null) missing = true;
      else headers[name] = value;
    }
    return { id: s.id, name: s.name, url: s.url, headers, ...(missing ? { credentialsNeeded: credentialsNeededMessage(s.name) } : {}) };
  });
}

export function settingsToPolicy(settings: AppSettings): Partial<ConnectionPolicy> {
  return {
    retryIntervalMs: settings.retryIntervalSec * 1000,
    maxAttempts: settings.maxAttempts,
    backoffCapMs: settings.backoffCapSec * 1000,
    healthIntervalMs: settings.healthIntervalSec * 1000,
    bufferSize: settings.bufferSize,
    maxStreams: settings.maxStreams,
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
