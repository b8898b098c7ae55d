import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../main/demo/server.js';
import { tempUserData, type RunningApp } from '../electron-standin/launch.js';
import { chromiumAvailable } from '../e2e/harness/chromium.js';
import { startAuthProxy, type AuthProxy } from '../helpers/auth-proxy.js';
import { seedSettings, startManager, useApps } from './story-helpers.js';

const TOKEN = 'tok-5ecret-Mn90';
const BEARER = `Bearer ${TOKEN}`;

async function quitAndWait(app: RunningApp): Promise<void> {
  await app.call('quit');
  expect(await app.exited).toEqual({ code: 0, signal: null });
}

describe.skipIf(!chromiumAvailable())('story: proxy credentials in the built app', () => {
  const apps = useApps();
  let manager: DemoServer | null = null;
  let proxy: AuthProxy | null = null;
  afterEach(async () => {
    await proxy?.close();
    proxy = null;
    await manager?.close();
    manager = null;
  });

  it('a v2 file with a plain Authorization header is encrypted with safeStorage at first start; where it cannot be decrypted the server asks for it and is not contacted', async () => {
    manager = await startManager([{ name: 'Qwen3-8B', behavior: 'silent' }]);
    await manager.startModel('Qwen3-8B');
    proxy = await startAuthProxy(manager.url, BEARER);
    const userData = tempUserData();
    const file = join(userData, 'settings.json');
    seedSettings(userData, proxy.url, { servers: [{ id: 'local', name: 'Home GPU', url: proxy.url, headers: { Authorization: BEARER } }] });

    const first = await apps.launch({ userData });
    await first.waitForState(() => (proxy?.seen ?? []).includes(BEARER), 'a request through the proxy with the header');
    await first.waitForState(() => (JSON.parse(readFileSync(file, 'utf8')) as { version: number }).version === 3, 'the migrated file');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { servers: Array<{ headers: Record<string, unknown> }> };
    expect(stored.servers[0]?.headers['Authorization']).toEqual({ encrypted: expect.any(String) });
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    await first.waitForState((s) => (s.trays[0]?.menu ?? []).some((i) => i.label === 'Settings…'), 'the tray menu');
    await first.clickTrayItem('Settings…');
    const page = first.page();
    await page.getByTestId('credential-storage').waitFor();
    expect(await page.getByTestId('credential-storage').textContent()).toContain('encrypted by the system keyring');
    expect(await page.locator('.header-row .header-name').inputValue()).toBe('Authorization');
    expect(await page.locator('.header-row .header-value').inputValue()).toBe('');
    expect(JSON.stringify(await first.state())).not.toContain(TOKEN);
    await quitAndWait(first);

    // The same file where safeStorage cannot decrypt it (as on another computer).
    const before = proxy.seen.length;
    const second = await apps.launch({ userData, env: { STANDIN_SAFE_STORAGE_BACKEND: 'unknown' } });
    await second.waitForState((s) => (s.trays[0]?.menu ?? []).some((i) => i.label === 'Settings…'), 'the tray menu');
    await second.clickTrayItem('Settings…');
    const page2 = second.page();
    await page2.getByTestId('credentials-needed').waitFor();
    await page2.locator('.server-chip[title*="Re-enter the credentials for server Home GPU"]').waitFor();
    expect(proxy.seen.length).toBe(before);
    // The ciphertext stays in the file for when it is back where it can be read.
    expect((JSON.parse(readFileSync(file, 'utf8')) as { servers: Array<{ headers: Record<string, unknown> }> }).servers[0]?.headers['Authorization']).toEqual(
      stored.servers[0]?.headers['Authorization'],
    );
    await quitAndWait(second);
  }, 180_000);
});
