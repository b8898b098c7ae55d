// What the window may know about the settings: everything except header values (it gets "set" or
// "missing" per header). New values travel one way, in a settings patch.
import type { AppSettings, PublicSettings, PublicSettingsResult, SettingsResult } from '../types.js';

export function publicSettings(s: AppSettings): PublicSettings {
  return {
    ...s,
    servers: s.servers.map((srv) => ({
      id: srv.id,
      name: srv.name,
      url: srv.url,
      headers: Object.fromEntries(Object.entries(srv.headers).map(([k, v]) => [k, v === null ? 'missing' : 'set'] as const)),
    })),
  };
}

export function publicSettingsResult(r: SettingsResult): PublicSettingsResult {
  return r.ok ? { ok: true, settings: publicSettings(r.settings) } : r;
}

/** The server's problem while its credentials are missing; the window translates it by this shape. */
export function credentialsNeededMessage(serverName: string): string {
  return `Re-enter the credentials for server ${serverName} in Settings`;
}
