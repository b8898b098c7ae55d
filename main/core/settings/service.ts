import type { AppSettings, SettingsResult } from '../types.js';
import { defaultSettings } from './defaults.js';
import { NOTICE_REASON_NOT_JSON, settingsResetNotice, settingsSaveFailedNotice, settingsUnreadableNotice } from './messages.js';
import { migrateSettings } from './migrations.js';
import { UnreadableSettingsError, type SettingsStorage } from './storage.js';
import { validateSettings, validateSettingsPatch } from './validate.js';

export interface SettingsService {
  get(): AppSettings;
  /**
   * Set when the stored file was corrupt or invalid and defaults were restored, could not be read, or
   * the last save failed (then the settings live in memory until the app quits): tell the user.
   */
  notice(): string | null;
  /**
   * Validates and saves a partial update; nothing changes when it is refused. A valid update whose
   * save fails still applies in memory, and notice() says it was not saved.
   */
  update(patch: unknown): SettingsResult;
  reset(): SettingsResult;
  subscribe(listener: (settings: AppSettings) => void): () => void;
  readonly path: string | null;
}

/** Loads once (migrating and recovering as needed) and keeps the validated settings in memory. */
export function createSettingsService(storage: SettingsStorage): SettingsService {
  const listeners = new Set<(s: AppSettings) => void>();
  let notice: string | null = null;
  let saveNotice: string | null = null;
  const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
  let current: AppSettings;

  const recover = (reason: string, raw: unknown): AppSettings => {
    const backup = storage.backupCorrupt(raw);
    const fresh = defaultSettings();
    notice = settingsResetNotice(reason, backup);
    try {
      storage.write(fresh);
    } catch {
      // The notice already tells the user something is wrong; keep running on defaults.
    }
    return fresh;
  };

  const load = (): AppSettings => {
    let raw: unknown;
    try {
      raw = storage.read();
    } catch (error) {
      if (error instanceof UnreadableSettingsError && error.io) {
        notice = settingsUnreadableNotice(error.message);
        return defaultSettings();
      }
      const rawText = error instanceof UnreadableSettingsError ? error.raw : null;
      return recover(NOTICE_REASON_NOT_JSON, rawText ?? undefined);
    }
    const migrated = migrateSettings(raw);
    if (!migrated.ok) return recover(migrated.message, raw);
    const valid = validateSettings(migrated.value);
    if (!valid.ok) {
      const first = valid.issues[0];
      return recover(first ? `${first.path}: ${first.message}` : 'invalid content', raw);
    }
    if (JSON.stringify(valid.settings) !== JSON.stringify(raw) || storage.needsRewrite?.() === true) {
      try {
        storage.write(valid.settings);
      } catch {
        // Saving the migrated form is an optimisation; the next save will retry it.
      }
    }
    return valid.settings;
  };

  current = load();

  const commit = (next: SettingsResult): SettingsResult => {
    if (!next.ok) return next;
    try {
      storage.write(next.settings);
      saveNotice = null;
    } catch (error) {
      // Read-only disk, no permission …: keep running on the new settings in memory, and say so.
      saveNotice = settingsSaveFailedNotice(storage.path ?? null, reason(error));
    }
    current = next.settings;
    for (const l of [...listeners]) l(current);
    return next;
  };

  return {
    path: storage.path ?? null,
    get: () => current,
    notice: () => saveNotice ?? notice,
    update: (patch) => commit(validateSettingsPatch(current, patch)),
    // Reset keeps firstRunDone: a reset should not re-open the window at every later start.
    reset: () => commit(validateSettings({ ...defaultSettings(), firstRunDone: current.firstRunDone })),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
