// The maxStreams setting (connection budget): default, range, a file from before it, and its way
// into the monitor's policy.
import { describe, expect, it } from 'vitest';
import { MAX_STREAMS_RANGE } from '../../../main/core/settings/limits.js';
import { defaultSettings, migrateSettings, settingsToMonitorOptions, validateSettings, validateSettingsPatch } from '../../../main/core/settings/index.js';
import { appSettingsSchema } from '../../../main/core/settings/schema.js';
import { DEFAULT_POLICY } from '../../../main/core/ports.js';

const issuesOf = (patch: Record<string, unknown>) => {
  const r = validateSettingsPatch(defaultSettings(), patch);
  return r.ok ? [] : r.issues;
};

describe('maxStreams setting', () => {
  it('defaults to 64, the same as the core policy, and validates', () => {
    expect(defaultSettings().maxStreams).toBe(64);
    expect(DEFAULT_POLICY.maxStreams).toBe(64);
    expect(validateSettings(defaultSettings()).ok).toBe(true);
    expect(MAX_STREAMS_RANGE).toEqual({ min: 1, max: 1000 });
  });

  it('accepts 1 … 1000 and refuses the rest with a message key per kind of mistake', () => {
    for (const ok of [1, 20, 1000]) {
      const r = validateSettingsPatch(defaultSettings(), { maxStreams: ok });
      expect(r.ok && r.settings.maxStreams).toBe(ok);
    }
    expect(issuesOf({ maxStreams: 0 })[0]).toMatchObject({ path: 'maxStreams', messageKey: 'settings.number.positive' });
    expect(issuesOf({ maxStreams: -5 })[0]).toMatchObject({ path: 'maxStreams', messageKey: 'settings.number.positive' });
    expect(issuesOf({ maxStreams: 1001 })[0]).toMatchObject({ path: 'maxStreams', messageKey: 'settings.number.tooLarge' });
    expect(issuesOf({ maxStreams: 10_000 })[0]).toMatchObject({ path: 'maxStreams', messageKey: 'settings.number.tooLarge' });
    expect(issuesOf({ maxStreams: 2.5 })[0]).toMatchObject({ path: 'maxStreams', messageKey: 'settings.number.integer' });
    expect(issuesOf({ maxStreams: Number.NaN })[0]?.path).toBe('maxStreams');
    expect(issuesOf({ maxStreams: '64' })[0]?.path).toBe('maxStreams');
    // The schema itself requires it (a current-version file without it is filled in by the migration).
    const { maxStreams: _dropped, ...without } = defaultSettings();
    expect(appSettingsSchema.safeParse(without).success).toBe(false);
  });

  it('a settings file written before the setting existed gets the default, without a version bump', () => {
    const { maxStreams: _dropped, ...old } = defaultSettings();
    const r = migrateSettings({ ...old, retryIntervalSec: 9 });
    expect(r.ok).toBe(true);
    const v = r.ok ? validateSettings(r.value) : null;
    expect(v?.ok && v.settings.maxStreams).toBe(64);
    expect(v?.ok && v.settings.retryIntervalSec).toBe(9);
  });

  it('reaches the monitor policy', () => {
    expect(settingsToMonitorOptions({ ...defaultSettings(), maxStreams: 7 }).policy).toMatchObject({ maxStreams: 7 });
  });
});
