import { credentialsFromUrl } from '../credentials.js';
import type { AppSettings, SettingsResult, ValidationIssue } from '../types.js';
import { defaultSettings } from './defaults.js';
import { settingsMessage } from './messages.js';
import { appSettingsSchema } from './schema.js';
import { isRecord } from '../guards.js';

const SETTINGS_KEYS = new Set<string>(Object.keys(defaultSettings()));

function issue(path: string, messageKey: string): ValidationIssue {
  return { path, messageKey, message: settingsMessage(messageKey) };
}

/** Validates a complete settings object. */
export function validateSettings(value: unknown): SettingsResult {
  const parsed = appSettingsSchema.safeParse(value);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issues = parsed.error.issues.map((i) => {
    const key = i.message.startsWith('settings.') ? i.message : i.code === 'unrecognized_keys' ? 'settings.unknownKey' : 'settings.invalid';
    const path = i.path.map(String).join('.');
    const extra = i.code === 'unrecognized_keys' ? i.keys.join(',') : '';
    return issue([path, extra].filter(Boolean).join('.') || '(root)', key);
  });
  return { ok: false, issues };
}

/**
 * The window never has header values: in a servers patch, null means "keep the value this server
 * already has for this header". User info typed into a URL becomes an Authorization header.
 */
function resolveServers(current: AppSettings, servers: unknown): { servers: unknown; issues: ValidationIssue[] } {
  if (!Array.isArray(servers)) return { servers, issues: [] };
  const issues: ValidationIssue[] = [];
  const out = servers.map((s: unknown, i) => {
    if (!isRecord(s) || !isRecord(s['headers'])) return s;
    const before = current.servers.find((c) => c.id === s['id']);
    const headers: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(s['headers'])) {
      if (value !== null) headers[name] = value;
      else if (before && name in before.headers) headers[name] = before.headers[name];
      else issues.push(issue(`servers.${i}.headers.${name}`, 'settings.header.valueRequired'));
    }
    if (typeof s['url'] !== 'string') return { ...s, headers };
    const moved = credentialsFromUrl<unknown>(s['url'], headers);
    return { ...s, url: moved.url, headers: moved.headers };
  });
  return { servers: out, issues };
}

/**
 * Applies a partial update on top of `current` and validates the whole result, so a patch can
 * never produce an inconsistent file (e.g. backoff cap below the retry interval). `version` and
 * unknown keys are refused. `notifications` merges one level deep because the UI edits it piecemeal.
 */
export function validateSettingsPatch(current: AppSettings, patch: unknown): SettingsResult {
  if (!isRecord(patch)) return { ok: false, issues: [issue('(root)', 'settings.notObject')] };
  const unknown = Object.keys(patch).filter((k) => !SETTINGS_KEYS.has(k) || k === 'version');
  if (unknown.length > 0) return { ok: false, issues: unknown.map((k) => issue(k, 'settings.unknownKey')) };
  const next: Record<string, unknown> = { ...current, ...patch };
  if ('servers' in patch) {
    const resolved = resolveServers(current, patch['servers']);
    if (resolved.issues.length > 0) return { ok: false, issues: resolved.issues };
    next['servers'] = resolved.servers;
  }
  const notifications = patch['notifications'];
  if (isRecord(notifications)) {
    const merged: Record<string, unknown> = { ...current.notifications, ...notifications };
    if (isRecord(notifications['enabled'])) {
      merged['enabled'] = { ...current.notifications.enabled, ...notifications['enabled'] };
    }
    // An explicit undefined means "no longer paused" (exact optional property: drop the key).
    if ('pausedUntil' in notifications && notifications['pausedUntil'] === undefined) delete merged['pausedUntil'];
    next['notifications'] = merged;
  }
  return validateSettings(next);
}
