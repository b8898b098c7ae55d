// Proxy header values at rest: encrypted with (a stand-in of) Electron's safeStorage, migrated from
// plain text on the first start of settings v3, failing clearly on another machine, and chosen by
// the user where there is no keyring. Every file written is searched for the secrets.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfStorage } from '../../../main/app/conf-storage.js';
import {
  createSecretStorage,
  createSettingsService,
  defaultSettings,
  publicSettings,
  settingsToServers,
  SETTINGS_VERSION,
} from '../../../main/core/settings/index.js';
import type { AppSettings } from '../../../main/core/types.js';
import { createSafeStorageCipher } from '../../../main/electron/secret-cipher.js';
import { FakeSafeStorage } from '../../fakes/fake-safe-storage.js';

const TOKEN = 'tok-5ecret-Ab12';
const BEARER = `Bearer ${TOKEN}`;
const PASSWORD = 'pw-5ecret-Cd34';
const BASIC = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;

let dir: string;
const file = () => join(dir, 'config.json');
const fileText = () => readFileSync(file(), 'utf8');
const fileJson = () => JSON.parse(fileText()) as { version: number; servers: Array<{ id: string; url: string; headers: Record<string, unknown> }> };

function open(safe: FakeSafeStorage | null, platform: NodeJS.Platform = 'linux') {
  const storage = createSecretStorage(
    createConfStorage(() => new Conf<Record<string, unknown>>({ cwd: dir, projectName: 'test' }), file(), () => Date.UTC(2026, 0, 2)),
    safe ? createSafeStorageCipher(safe, platform) : null,
  );
  return { storage, settings: createSettingsService(storage) };
}

function expectNoSecretInFile(): void {
  const text = fileText();
  for (const s of [TOKEN, PASSWORD, BASIC, Buffer.from(`alice:${PASSWORD}`).toString('base64')]) expect(text).not.toContain(s);
}

function v2File(): Record<string, unknown> {
  const { credentialStorage: _, ...v3 } = defaultSettings();
  return {
    ...v3,
    version: 2,
    firstRunDone: true,
    servers: [
      { id: 'gpu', name: 'GPU box', url: 'http://10.0.0.5:8080', headers: { Authorization: BEARER, 'X-Team': 'ml' } },
      { id: 'lab', name: 'Lab', url: `http://alice:${PASSWORD}@10.0.0.6:8080`, headers: {} },
    ],
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'llt-secrets-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the safeStorage adapter', () => {
  it('reports a keyring only when encryption is available and, on Linux, the backend is not basic_text', () => {
    const p = (safe: FakeSafeStorage, platform: NodeJS.Platform) => createSafeStorageCipher(safe, platform).protection();
    expect(p(new FakeSafeStorage('m'), 'linux')).toBe('keyring');
    expect(p(new FakeSafeStorage('m', 'kwallet5'), 'linux')).toBe('keyring');
    expect(p(new FakeSafeStorage('m', 'basic_text'), 'linux')).toBe('none');
    expect(p(new FakeSafeStorage('m', 'unknown'), 'linux')).toBe('none');
    expect(p(new FakeSafeStorage('m', 'basic_text', false), 'darwin')).toBe('none');
    // macOS / Windows have no backend choice: availability is enough.
    expect(p(new FakeSafeStorage('m', 'basic_text'), 'win32')).toBe('keyring');
    const c = createSafeStorageCipher(new FakeSafeStorage('m'), 'darwin');
    expect(c.decrypt(c.encrypt('héllo'))).toBe('héllo');
    expect(() => createSafeStorageCipher(new FakeSafeStorage('other'), 'darwin').decrypt(c.encrypt('x'))).toThrow();
  });
});

describe('with a keyring', () => {
  it('migrates a v2 file: plain header values and URL user info are encrypted on the first start', () => {
    writeFileSync(file(), JSON.stringify(v2File()));
    const safe = new FakeSafeStorage('machine-A');
    const { settings } = open(safe);
    const s = settings.get();
    expect(s.version).toBe(SETTINGS_VERSION);
    expect(s.credentialStorage).toBe('ask');
    expect(s.servers).toEqual([
      { id: 'gpu', name: 'GPU box', url: 'http://10.0.0.5:8080', headers: { Authorization: BEARER, 'X-Team': 'ml' } },
      { id: 'lab', name: 'Lab', url: 'http://10.0.0.6:8080', headers: { Authorization: BASIC } },
    ]);
    expect(fileJson().version).toBe(3);
    expect(fileJson().servers[0]?.headers['Authorization']).toEqual({ encrypted: expect.any(String) });
    expect(fileJson().servers[1]?.url).toBe('http://10.0.0.6:8080');
    expectNoSecretInFile();

    // The next start on the same machine reads them back and does not rewrite the file.
    const before = fileText();
    const again = open(new FakeSafeStorage('machine-A')).settings.get();
    expect(again.servers.map((x) => x.headers)).toEqual([{ Authorization: BEARER, 'X-Team': 'ml' }, { Authorization: BASIC }]);
    expect(fileText()).toBe(before);
    expect(settingsToServers(again)[0]).toEqual({ id: 'gpu', name: 'GPU box', url: 'http://10.0.0.5:8080', headers: { Authorization: BEARER, 'X-Team': 'ml' } });
  });

  it('a file copied to another machine fails clearly: the server stays, asks for its credentials and gets no request', () => {
    writeFileSync(file(), JSON.stringify(v2File()));
    open(new FakeSafeStorage('machine-A'));
    const sealed = fileJson().servers[0]?.headers['Authorization'];

    const { settings } = open(new FakeSafeStorage('machine-B'));
    const s = settings.get();
    expect(s.servers.map((x) => x.id)).toEqual(['gpu', 'lab']);
    expect(s.servers[0]?.headers).toEqual({ Authorization: null, 'X-Team': null });
    expect(settings.notice()).toBeNull();
    const [gpu] = settingsToServers(s);
    expect(gpu).toEqual({ id: 'gpu', name: 'GPU box', url: 'http://10.0.0.5:8080', headers: {}, credentialsNeeded: 'Re-enter the credentials for server GPU box in Settings' });
    expect(publicSettings(s).servers[0]?.headers).toEqual({ Authorization: 'missing', 'X-Team': 'missing' });

    // Unrelated saves keep the ciphertext (the file may go back to machine A)…
    expect(settings.update({ retryIntervalSec: 7 }).ok).toBe(true);
    expect(fileJson().servers[0]?.headers['Authorization']).toEqual(sealed);
    // …until the user enters the value again; an untouched (null) header keeps its state.
    const r = settings.update({ servers: s.servers.map((x) => (x.id === 'gpu' ? { ...x, headers: { Authorization: 'Bearer new-5ecret', 'X-Team': null } } : x)) });
    expect(r.ok).toBe(true);
    expect(settings.get().servers[0]?.headers).toEqual({ Authorization: 'Bearer new-5ecret', 'X-Team': null });
    expect(settingsToServers(settings.get())[0]?.credentialsNeeded).toBeDefined();
    expect(fileText()).not.toContain('new-5ecret');
    expect(open(new FakeSafeStorage('machine-B')).settings.get().servers[0]?.headers['Authorization']).toBe('Bearer new-5ecret');
  });

  it('a corrupt settings file is backed up as it was on disk (sealed), not with decrypted values', () => {
    writeFileSync(file(), JSON.stringify(v2File()));
    open(new FakeSafeStorage('machine-A'));
    const good = fileJson();
    writeFileSync(file(), JSON.stringify({ ...good, retryIntervalSec: -5 }));
    const { settings } = open(new FakeSafeStorage('machine-A'));
    expect(settings.notice()).toMatch(/defaults were restored/);
    const backup = readFileSync(join(dir, 'config.json.corrupt-2026-01-02T00-00-00-000Z.json'), 'utf8');
    expect(backup).toContain('"encrypted"');
    expect(backup).not.toContain(TOKEN);
  });
});

describe('without a keyring (Linux basic_text)', () => {
  const noKeyring = () => new FakeSafeStorage('machine-A', 'basic_text');

  it('until the user chooses, values are kept in memory only; after a restart the server asks for them', () => {
    writeFileSync(file(), JSON.stringify(v2File()));
    const { settings, storage } = open(noKeyring());
    expect(storage.protection()).toBe('none');
    expect(settings.get().servers[0]?.headers['Authorization']).toBe(BEARER);
    expect(fileJson().servers[0]?.headers).toEqual({ Authorization: { notStored: true }, 'X-Team': { notStored: true } });
    expectNoSecretInFile();
    const next = open(noKeyring()).settings.get();
    expect(next.servers[0]?.headers).toEqual({ Authorization: null, 'X-Team': null });
    expect(settingsToServers(next)[1]?.credentialsNeeded).toBe('Re-enter the credentials for server Lab in Settings');
  });

  it('"store in plain text" writes the values as they are; "re-enter on each start" drops them again', () => {
    const { settings } = open(noKeyring());
    const servers: AppSettings['servers'] = [{ id: 'gpu', name: 'GPU box', url: 'http://10.0.0.5:8080', headers: { Authorization: BEARER } }];
    expect(settings.update({ servers }).ok).toBe(true);
    expect(fileText()).not.toContain(TOKEN);
    expect(settings.update({ credentialStorage: 'plain-text' }).ok).toBe(true);
    expect(fileJson().servers[0]?.headers).toEqual({ Authorization: BEARER });
    expect(open(noKeyring()).settings.get().servers[0]?.headers).toEqual({ Authorization: BEARER });
    const again = open(noKeyring()).settings;
    expect(again.update({ credentialStorage: 'memory-only' }).ok).toBe(true);
    expectNoSecretInFile();
    expect(again.get().servers[0]?.headers).toEqual({ Authorization: BEARER });
  });

  it('a keyring that appears later encrypts plain-text values on the next start', () => {
    const { settings } = open(noKeyring());
    settings.update({ credentialStorage: 'plain-text', servers: [{ id: 'gpu', name: 'GPU', url: 'http://h:1', headers: { Authorization: BEARER } }] });
    expect(fileText()).toContain(TOKEN);
    expect(open(new FakeSafeStorage('machine-A')).settings.get().servers[0]?.headers).toEqual({ Authorization: BEARER });
    expectNoSecretInFile();
  });

  it('without any cipher (the CLI, tests) nothing secret is written either', () => {
    const { settings } = open(null);
    settings.update({ servers: [{ id: 'gpu', name: 'GPU', url: 'http://h:1', headers: { Authorization: BEARER } }] });
    expectNoSecretInFile();
  });
});

describe('patches from the window', () => {
  it('null keeps the saved value, a new header needs one, URL user info becomes an Authorization header', () => {
    const { settings } = open(new FakeSafeStorage('m'));
    settings.update({ servers: [{ id: 'gpu', name: 'GPU', url: 'http://h:1', headers: { Authorization: BEARER } }] });
    const keep = settings.update({ servers: [{ id: 'gpu', name: 'GPU 2', url: 'http://h:1', headers: { Authorization: null } }] });
    expect(keep.ok && keep.settings.servers[0]).toEqual({ id: 'gpu', name: 'GPU 2', url: 'http://h:1', headers: { Authorization: BEARER } });
    const fresh = settings.update({ servers: [{ id: 'gpu', name: 'GPU', url: 'http://h:1', headers: { 'X-Key': null } }] });
    expect(fresh).toEqual({ ok: false, issues: [{ path: 'servers.0.headers.X-Key', messageKey: 'settings.header.valueRequired', message: 'Enter a value for this header' }] });
    const moved = settings.update({ servers: [{ id: 'lab', name: 'Lab', url: `http://alice:${PASSWORD}@h:2`, headers: {} }] });
    expect(moved.ok && moved.settings.servers[0]).toEqual({ id: 'lab', name: 'Lab', url: 'http://h:2', headers: { Authorization: BASIC } });
    expectNoSecretInFile();
    expect(JSON.stringify(publicSettings(settings.get()))).not.toContain(PASSWORD);
    expect(publicSettings(settings.get()).servers[0]?.headers).toEqual({ Authorization: 'set' });
  });
});
