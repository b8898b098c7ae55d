import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../main/demo/server.js';
import { tempUserData, type RunningApp } from '../electron-standin/launch.js';
import { chromiumAvailable } from '../e2e/harness/chromium.js';
import { seedSettings, startManager, useApps } from './story-helpers.js';

async function quitAndWait(app: RunningApp): Promise<void> {
  await app.call('quit');
  expect(await app.exited).toEqual({ code: 0, signal: null });
}

describe.skipIf(!chromiumAvailable())('story 4: settings persist in userData', () => {
  const apps = useApps();
  let manager: DemoServer | null = null;
  afterEach(async () => {
    await manager?.close();
    manager = null;
  });

  it('a change in the window is written to the electron-store file, read back by the next launch; a corrupt file is backed up and the user is told', async () => {
    manager = await startManager([{ name: 'Qwen3-8B', behavior: 'silent' }]);
    const userData = tempUserData();
    const file = join(userData, 'settings.json');
    seedSettings(userData, manager.url);

    // First launch: change the health probe interval and the theme in the settings view.
    const first = await apps.launch({ userData });
    await first.waitForState((s) => (s.trays[0]?.menu ?? []).some((i) => i.label === 'Settings…'), 'the tray menu');
    await first.clickTrayItem('Settings…');
    let page = first.page();
    const health = page.getByLabel('Health probe interval (seconds)');
    await health.waitFor();
    await health.fill('7');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('settings-message').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByLabel('Theme').selectOption('dark');
    await first.waitForState(() => (JSON.parse(readFileSync(file, 'utf8')) as { theme?: string }).theme === 'dark', 'the theme in the file');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { healthIntervalSec: number; theme: string; servers: Array<{ url: string }> };
    expect(saved.healthIntervalSec).toBe(7);
    expect(saved.servers[0]?.url).toBe(manager.url);
    await quitAndWait(first);

    // Second launch of the built app: the window shows what was saved.
    const second = await apps.launch({ userData });
    await second.waitForState((s) => (s.trays[0]?.menu ?? []).some((i) => i.label === 'Settings…'), 'the tray menu');
    await second.clickTrayItem('Settings…');
    page = second.page();
    await page.getByLabel('Health probe interval (seconds)').waitFor();
    expect(await page.getByLabel('Health probe interval (seconds)').inputValue()).toBe('7');
    expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
    await quitAndWait(second);

    // A corrupt file: backed up next to it, defaults restored, and the window tells the user.
    writeFileSync(file, '{"version": 2, "servers": [ this is not json');
    const third = await apps.launch({ userData });
    page = third.page();
    const notice = page.getByTestId('settings-notice');
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    const backups = readdirSync(userData).filter((f) => f.startsWith('settings.json.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(userData, backups[0] ?? ''), 'utf8')).toBe('{"version": 2, "servers": [ this is not json');
    expect(text).toContain(backups[0]);
    expect(existsSync(file)).toBe(true);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { healthIntervalSec: number }).healthIntervalSec).toBe(15);
  }, 180_000);
});
