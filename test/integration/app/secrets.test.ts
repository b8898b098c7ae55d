// The app with the real Monitor behind an authenticating proxy: the credentials reach the proxy, and
// nothing the window, the tray or a notification gets contains them (every payload is searched).
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createSecretStorage, createSettingsService, defaultSettings } from '../../../main/core/settings/index.js';
import type { AppSettings } from '../../../main/core/types.js';
import { createSafeStorageCipher } from '../../../main/electron/secret-cipher.js';
import { startAuthProxy } from '../../helpers/auth-proxy.js';
import { FakeSafeStorage } from '../../fakes/fake-safe-storage.js';
import { waitFor } from '../core/helpers.js';
import { startRecordedApp } from '../../helpers/recorded-app.js';
import { testScope } from '../../helpers/test-scope.js';

const until = <T>(check: () => T | undefined | null | false, what: string): Promise<T> => waitFor(check, 8000, what);

const scope = testScope();

const PASSWORD = 'pw-5ecret-Ef56';
const BASIC = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;
const TOKEN = 'tok-5ecret-Gh78';
const SECRETS = [PASSWORD, BASIC, Buffer.from(`alice:${PASSWORD}`).toString('base64'), TOKEN];

function expectNoSecret(what: string, value: unknown): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  for (const s of SECRETS) expect(text, `${what} contains a secret`).not.toContain(s);
}

describe('secrets in the app', () => {
  it('IPC payloads, tray states and notifications never contain header values or URL user info', async () => {
    const demo = await scope.demo({ generation: 'v1-seed', replayDelayMs: 0, startupMs: 0, models: [{ name: 'alpha' }] });
    await demo.startModel('alpha');
    demo.emit('alpha', 'hello through the proxy');
    const proxy = await startAuthProxy(demo.url, BASIC);
    let proxyOpen = true;
    scope.defer(async () => {
      if (proxyOpen) await proxy.close();
    });

    const initial: AppSettings = {
      ...defaultSettings(),
      firstRunDone: true,
      servers: [
        { id: 'gpu', name: 'GPU box', url: proxy.url, headers: { Authorization: BASIC, 'X-Api-Key': TOKEN } },
        // A second server (never answering) so the tray labels name servers.
        { id: 'lab', name: 'Lab', url: 'http://127.0.0.1:9', headers: { 'X-Api-Key': TOKEN } },
      ],
      notifications: { ...defaultSettings().notifications, gracePeriodSec: 0, throttleSec: 0 },
    };
    const storage = createSecretStorage(createMemoryStorage(initial), createSafeStorageCipher(new FakeSafeStorage('m'), 'linux'));
    const settings = createSettingsService(storage);
    const { app, tray, notifier, sink } = await startRecordedApp(scope, {
      settings,
      credentialProtection: () => storage.protection(),
      monitorOptions: { policy: { discoveryIntervalMs: 100, healthIntervalMs: 300 } },
    });

    const results: unknown[] = [];
    const call = async (channel: Parameters<typeof app.handleCommand>[0], payload: unknown) => {
      const r = await app.handleCommand(channel, payload);
      results.push(r);
      return r;
    };
    await until(() => sink.of('monitor:events').some((b) => JSON.stringify(b).includes('hello through the proxy')), 'a line through the proxy');
    expect(proxy.seen.every((h) => h === BASIC)).toBe(true);

    const state = await call('app:get-state', {});
    expect(state).toMatchObject({ credentialProtection: 'keyring', settings: { servers: [{ id: 'gpu', headers: { Authorization: 'set', 'X-Api-Key': 'set' } }, { id: 'lab', headers: { 'X-Api-Key': 'set' } }] } });
    await call('settings:get', {});
    // The window renames the server and keeps the saved values (null) without ever seeing them.
    const lab = { id: 'lab', name: 'Lab', url: 'http://127.0.0.1:9', headers: { 'X-Api-Key': null } };
    const renamed = await call('settings:update', { patch: { servers: [{ id: 'gpu', name: 'GPU', url: proxy.url, headers: { Authorization: null, 'X-Api-Key': null } }, lab] } });
    expect(renamed).toMatchObject({ ok: true, settings: { servers: [{ name: 'GPU', headers: { Authorization: 'set' } }, { name: 'Lab' }] } });
    expect(settings.get().servers[0]?.headers).toEqual({ Authorization: BASIC, 'X-Api-Key': TOKEN });
    // A URL typed with user info is accepted as Basic auth, and the answer shows it without.
    const typed = await call('settings:update', {
      patch: { servers: [{ id: 'gpu', name: 'GPU', url: proxy.url.replace('http://', `http://alice:${PASSWORD}@`), headers: { 'X-Api-Key': null } }, lab] },
    });
    expect(typed).toMatchObject({ ok: true, settings: { servers: [{ url: proxy.url, headers: { Authorization: 'set', 'X-Api-Key': 'set' } }, { id: 'lab' }] } });
    expect(settings.get().servers[0]?.headers['Authorization']).toBe(BASIC);
    await call('model:mute', { key: 'gpu/alpha', minutes: 60 });
    await call('notifications:pause', { minutes: 0 });

    await until(() => app.getState().snapshot.servers.find((x) => x.id === 'gpu')?.health === 'healthy', 'healthy again after the settings change');
    // The proxy goes away: the "server lost" notification names the server, never its credentials.
    await proxy.close();
    proxyOpen = false;
    await until(() => notifier.shown.find((n) => n.title.includes('GPU')), 'server-lost notification');
    await until(() => tray.states.some((s) => JSON.stringify(s).includes('alpha (GPU)')), 'tray names the server');

    expect(notifier.shown.length).toBeGreaterThan(0);
    expectNoSecret('notifications', notifier.shown);
    expectNoSecret('tray states', tray.states);
    expectNoSecret('events sent to the window', sink.sent);
    expectNoSecret('command results', results);
    expectNoSecret('final state', await app.handleCommand('app:get-state', {}));
  });
});
