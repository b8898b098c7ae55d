// Settings file migrations. Each step takes the previous version's object and returns the next
// version's; the result is validated afterwards, so a step only has to reshape, not check.
import { credentialsFromUrl } from '../credentials.js';
import { SETTINGS_VERSION, defaultSettings } from './defaults.js';
import { isRecord } from '../guards.js';
import { fail, type Result } from '../result.js';

type Json = Record<string, unknown>;

export type MigrationResult = Result<{ readonly value: Json; readonly from: number }>;

/**
 * v1 (the first app release) stored one server URL and intervals in milliseconds, like the seed's
 * command-line testers: `{ version: 1, server, retryInterval (ms), maxAttempts, healthInterval (ms),
 * notifications: boolean, mutedModels: string[] }`.
 */
function v1ToV2(v1: Json): Json {
  const d = defaultSettings();
  const out: Json = { ...d, version: 2 };
  if (typeof v1['server'] === 'string') {
    out['servers'] = [{ id: 'local', name: 'Local', url: v1['server'], headers: {} }];
  }
  const seconds = (ms: unknown): number | undefined =>
    typeof ms === 'number' && Number.isFinite(ms) ? Math.max(1, Math.round(ms / 1000)) : undefined;
  const retry = seconds(v1['retryInterval']);
  if (retry !== undefined) out['retryIntervalSec'] = retry;
  const health = seconds(v1['healthInterval']);
  if (health !== undefined) out['healthIntervalSec'] = health;
  if (retry !== undefined && retry > d.backoffCapSec) out['backoffCapSec'] = retry;
  if (typeof v1['maxAttempts'] === 'number') out['maxAttempts'] = v1['maxAttempts'];
  if (typeof v1['bufferSize'] === 'number') out['bufferSize'] = v1['bufferSize'];
  for (const k of ['language', 'theme', 'launchAtLogin', 'startHidden', 'firstRunDone'] as const) {
    if (k in v1) out[k] = v1[k];
  }
  const mutes: Record<string, null> = {};
  if (Array.isArray(v1['mutedModels'])) {
    for (const m of v1['mutedModels']) if (typeof m === 'string' && m) mutes[m.includes('/') ? m : `local/${m}`] = null;
  }
  const allOn = v1['notifications'] !== false;
  out['notifications'] = {
    ...d.notifications,
    enabled: {
      'error-line': allOn,
      'model-failed': allOn,
      'connection-lost': allOn,
      'model-ready': false,
    },
    mutes,
  };
  return out;
}

/**
 * v3 keeps proxy credentials secret: header values are encrypted in the file (the storage layer,
 * settings/secret-storage.ts, does that on the first write) and a URL's user info moves into an
 * Authorization header, so it is encrypted too and never shown with the URL.
 */
function v2ToV3(v2: Json): Json {
  const out: Json = { ...v2, version: 3 };
  if (Array.isArray(v2['servers'])) {
    out['servers'] = v2['servers'].map((s: unknown) => {
      if (!isRecord(s) || typeof s['url'] !== 'string') return s;
      const headers = isRecord(s['headers']) ? (s['headers'] as Record<string, string>) : {};
      const moved = credentialsFromUrl(s['url'], headers);
      return moved.url === s['url'] ? s : { ...s, url: moved.url, headers: moved.headers };
    });
  }
  return out;
}

const STEPS: Readonly<Record<number, (v: Json) => Json>> = { 1: v1ToV2, 2: v2ToV3 };

/**
 * Brings a stored object to SETTINGS_VERSION. An object without `version` but with the v1 `server`
 * key is v1; an empty object (no file yet) becomes defaults. Missing keys of the current version are
 * filled from defaults, so adding a setting never needs a version bump.
 */
export function migrateSettings(raw: unknown): MigrationResult {
  if (raw === undefined || raw === null) return { ok: true, value: { ...defaultSettings() }, from: SETTINGS_VERSION };
  if (!isRecord(raw)) return fail('settings file does not contain an object');
  let value: Json = raw;
  if (Object.keys(value).length === 0) return { ok: true, value: { ...defaultSettings() }, from: SETTINGS_VERSION };
  let version = value['version'];
  if (version === undefined) version = 'server' in value ? 1 : SETTINGS_VERSION;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(`unknown settings version ${JSON.stringify(version)}`);
  }
  if (version > SETTINGS_VERSION) {
    return fail(`settings version ${version} is newer than this app (${SETTINGS_VERSION})`);
  }
  const from = version;
  for (let v = version; v < SETTINGS_VERSION; v++) {
    const step = STEPS[v];
    if (!step) return fail(`no migration from settings version ${v}`);
    value = step(value);
  }
  const d = defaultSettings();
  const notifications = isRecord(value['notifications'])
    ? { ...d.notifications, ...value['notifications'] }
    : d.notifications;
  return { ok: true, value: { ...d, ...value, notifications, version: SETTINGS_VERSION }, from };
}
