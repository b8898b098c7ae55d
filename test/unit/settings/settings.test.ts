import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfStorage } from '../../../main/app/conf-storage.js';
import {
  createMemoryStorage,
  createSettingsService,
  defaultSettings,
  migrateSettings,
  settingsToMonitorOptions,
  validateSettings,
  validateSettingsPatch,
  importLlmManagerConfig,
  SETTINGS_VERSION,
} from '../../../main/core/settings/index.js';

let dir: string;
const confStorage = () =>
  createConfStorage(
    () => new Conf<Record<string, unknown>>({ cwd: dir, projectName: 'test' }),
    join(dir, 'config.json'),
    () => Date.UTC(2026, 0, 2, 3, 4, 5),
  );

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'llt-settings-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('defaults', () => {
  it('match the product defaults and validate', () => {
    const d = defaultSettings();
    expect(d.servers).toEqual([{ id: 'local', name: 'Local', url: 'http://127.0.0.1:8080', headers: {} }]);
    expect(d.retryIntervalSec).toBe(5);
    expect(d.maxAttempts).toBe(0);
    expect(d.backoffCapSec).toBe(60);
    expect(d.healthIntervalSec).toBe(15);
    expect(d.bufferSize).toBe(20_000);
    expect(d.notifications.enabled).toEqual({ 'error-line': true, 'model-failed': true, 'connection-lost': true, 'model-ready': false });
    expect(d.notifications.throttleSec).toBe(60);
    expect(d.notifications.gracePeriodSec).toBe(30);
    expect(d.notifications.maxPerMinute).toBe(5);
    expect(d.language).toBe('system');
    expect(d.theme).toBe('system');
    expect(d.startHidden).toBe(false);
    expect(validateSettings(d).ok).toBe(true);
  });
});

describe('validateSettingsPatch', () => {
  const d = defaultSettings();
  const issuesOf = (patch: unknown) => {
    const r = validateSettingsPatch(d, patch);
    if (r.ok) throw new Error('expected refusal');
    return r.issues;
  };

  it('refuses a bad URL with a clear message', () => {
    const issues = issuesOf({ servers: [{ id: 'a', name: 'A', url: 'not a url', headers: {} }] });
    expect(issues[0]).toMatchObject({ path: 'servers.0.url', messageKey: 'settings.url.invalid' });
    expect(issues[0]?.message).toMatch(/valid URL/);
    expect(issuesOf({ servers: [{ id: 'a', name: 'A', url: 'ftp://x:21', headers: {} }] })[0]?.messageKey).toBe('settings.url.protocol');
  });

  it('refuses negative and zero intervals', () => {
    expect(issuesOf({ retryIntervalSec: -1 })[0]).toMatchObject({ path: 'retryIntervalSec', messageKey: 'settings.number.positive' });
    expect(issuesOf({ maxAttempts: -3 })[0]).toMatchObject({ path: 'maxAttempts', messageKey: 'settings.number.negative' });
    expect(issuesOf({ notifications: { throttleSec: -5 } })[0]).toMatchObject({ path: 'notifications.throttleSec' });
    expect(issuesOf({ healthIntervalSec: 1.5 })[0]?.messageKey).toBe('settings.number.integer');
  });

  it('refuses duplicate server ids, unknown keys, version changes and non-objects', () => {
    const s = { id: 'x', name: 'X', url: 'http://a:1', headers: {} };
    expect(issuesOf({ servers: [s, { ...s, name: 'Y' }] })[0]).toMatchObject({ path: 'servers.1.id', messageKey: 'settings.server.duplicateId' });
    expect(issuesOf({ bogus: 1 })[0]).toMatchObject({ path: 'bogus', messageKey: 'settings.unknownKey' });
    expect(issuesOf({ version: 9 })[0]?.messageKey).toBe('settings.unknownKey');
    expect(issuesOf('nope')[0]?.messageKey).toBe('settings.notObject');
    expect(issuesOf({ servers: [] })[0]?.messageKey).toBe('settings.server.none');
    expect(issuesOf({ servers: [{ ...s, headers: { 'Bad Header': 'v' } }] })[0]?.messageKey).toBe('settings.header.invalid');
    expect(issuesOf({ backoffCapSec: 2, retryIntervalSec: 10 })[0]?.messageKey).toBe('settings.backoff.belowRetry');
  });

  it('merges notifications one level deep', () => {
    const r = validateSettingsPatch(d, { notifications: { enabled: { 'model-ready': true }, throttleSec: 10 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.notifications.enabled).toEqual({ ...d.notifications.enabled, 'model-ready': true });
    expect(r.settings.notifications.throttleSec).toBe(10);
    expect(r.settings.notifications.gracePeriodSec).toBe(30);
  });
});

describe('migrations', () => {
  it('migrates v1 (single server string, millisecond intervals) to the current version', () => {
    const r = migrateSettings({
      version: 1,
      server: 'http://gpu-box:8000',
      retryInterval: 10_000,
      healthInterval: 30_000,
      maxAttempts: 7,
      notifications: false,
      mutedModels: ['Qwen3-8B'],
      language: 'zh-CN',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.from).toBe(1);
    const v = validateSettings(r.value);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.settings.version).toBe(SETTINGS_VERSION);
    expect(v.settings.servers).toEqual([{ id: 'local', name: 'Local', url: 'http://gpu-box:8000', headers: {} }]);
    expect(v.settings.retryIntervalSec).toBe(10);
    expect(v.settings.healthIntervalSec).toBe(30);
    expect(v.settings.maxAttempts).toBe(7);
    expect(v.settings.language).toBe('zh-CN');
    expect(v.settings.notifications.enabled['error-line']).toBe(false);
    expect(v.settings.notifications.mutes).toEqual({ 'local/Qwen3-8B': null });
  });

  it('treats a version-less object with `server` as v1 and refuses future versions', () => {
    const r = migrateSettings({ server: 'http://h:1' });
    expect(r.ok && r.from).toBe(1);
    const f = migrateSettings({ version: SETTINGS_VERSION + 1 });
    expect(f.ok).toBe(false);
  });
});

describe('SettingsService on conf', () => {
  it('starts from defaults on an empty directory and saves them', () => {
    const svc = createSettingsService(confStorage());
    expect(svc.get()).toEqual(defaultSettings());
    expect(svc.notice()).toBeNull();
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toMatchObject({ version: SETTINGS_VERSION });
  });

  it('saves valid updates, refuses invalid ones without touching the file', () => {
    const svc = createSettingsService(confStorage());
    const seen: number[] = [];
    svc.subscribe((s) => seen.push(s.retryIntervalSec));
    expect(svc.update({ retryIntervalSec: 9 }).ok).toBe(true);
    const before = readFileSync(join(dir, 'config.json'), 'utf8');
    const bad = svc.update({ retryIntervalSec: -1, theme: 'dark' });
    expect(bad.ok).toBe(false);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(before);
    expect(svc.get().theme).toBe('system');
    expect(seen).toEqual([9]);
    // A second service reads what the first saved.
    expect(createSettingsService(confStorage()).get().retryIntervalSec).toBe(9);
  });

  it('migrates a v1 file on disk and writes it back as the current version', () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ version: 1, server: 'http://10.0.0.5:8080', retryInterval: 3000 }));
    const svc = createSettingsService(confStorage());
    expect(svc.get().servers[0]?.url).toBe('http://10.0.0.5:8080');
    expect(svc.get().retryIntervalSec).toBe(3);
    expect(svc.notice()).toBeNull();
    const onDisk = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { version: number; retryIntervalSec: number };
    expect(onDisk.version).toBe(SETTINGS_VERSION);
    expect(onDisk.retryIntervalSec).toBe(3);
  });

  it('backs up a corrupt (non-JSON) file, resets to defaults and tells the user', () => {
    writeFileSync(join(dir, 'config.json'), '{"version": 2, "servers": [ oops');
    const svc = createSettingsService(confStorage());
    expect(svc.get()).toEqual(defaultSettings());
    expect(svc.notice()).toMatch(/could not be used.*defaults were restored/);
    const backups = readdirSync(dir).filter((f) => f.includes('.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0] ?? ''), 'utf8')).toBe('{"version": 2, "servers": [ oops');
    expect(svc.notice()).toContain(backups[0]);
    // The app keeps working: updates save to a fresh file.
    expect(svc.update({ theme: 'dark' }).ok).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toMatchObject({ theme: 'dark' });
  });

  it('backs up a JSON file with invalid values and resets', () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...defaultSettings(), retryIntervalSec: -4 }));
    const svc = createSettingsService(confStorage());
    expect(svc.get().retryIntervalSec).toBe(5);
    expect(svc.notice()).toMatch(/retryIntervalSec/);
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(true);
  });

  it('reset restores defaults but remembers the first run is done', () => {
    const svc = createSettingsService(createMemoryStorage());
    svc.update({ firstRunDone: true, theme: 'light' });
    const r = svc.reset();
    expect(r.ok && r.settings.theme).toBe('system');
    expect(svc.get().firstRunDone).toBe(true);
  });
});

describe('settingsToMonitorOptions and config import', () => {
  it('converts seconds to the policy in milliseconds', () => {
    const o = settingsToMonitorOptions({ ...defaultSettings(), retryIntervalSec: 7, unwatched: ['local/x'] });
    expect(o.policy).toMatchObject({ retryIntervalMs: 7000, backoffCapMs: 60_000, healthIntervalMs: 15_000, bufferSize: 20_000, maxAttempts: 0 });
    expect(o.servers).toEqual([{ id: 'local', name: 'Local', url: 'http://127.0.0.1:8080', headers: {} }]);
    expect(o.unwatched).toEqual(['local/x']);
  });

  it('imports config.json, mapping 0.0.0.0 to 127.0.0.1 and replacing the untouched default', () => {
    const r = importLlmManagerConfig(defaultSettings(), JSON.stringify({ program: { openai_host: '0.0.0.0', openai_port: 8000 } }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.url).toBe('http://127.0.0.1:8000');
    expect(r.patch.servers).toEqual([{ id: 'local', name: 'LLM-Manager (127.0.0.1:8000)', url: 'http://127.0.0.1:8000', headers: {} }]);
  });

  it('adds to a customised server list and refuses garbage', () => {
    const s = { ...defaultSettings(), servers: [{ id: 'gpu', name: 'GPU', url: 'http://10.0.0.2:8080', headers: {} }] };
    const r = importLlmManagerConfig(s, JSON.stringify({ program: { openai_host: '192.168.1.9', openai_port: 9000 } }));
    expect(r.ok && r.patch.servers?.map((x) => x.url)).toEqual(['http://10.0.0.2:8080', 'http://192.168.1.9:9000']);
    const bad = importLlmManagerConfig(s, 'not json');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]?.messageKey).toBe('settings.import.invalid');
  });
});
