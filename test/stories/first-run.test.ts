import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../e2e/harness/chromium.js';
import { base, currentTray, screenshotPath, useApps } from './story-helpers.js';

describe.skipIf(!chromiumAvailable())('story 1: first start with no configured server', () => {
  const apps = useApps();

  it('the window offers the demo; accepting it shows models live; the tray goes from idle to connected (stopped → ready icon)', async () => {
    const app = await apps.launch();
    const page = app.page();

    // First start: the window opens by itself and offers the built-in demo (no server answers).
    const useDemo = page.getByRole('button', { name: /demo server/i });
    await useDemo.waitFor();
    let s = await app.state();
    expect(s.windows).toHaveLength(1);
    expect(s.windows[0]?.visible).toBe(true);
    expect(s.windows[0]?.url).toMatch(/\/out\/renderer\/index\.html$/);
    const tray = currentTray(s);
    // Nothing watched yet: the "stopped" icon (idle), no connected model in the tooltip.
    expect(base(tray.images[0])).toBe('stopped.png');
    expect(tray.imageEmpty).toBe(false);
    expect(tray.tooltip).toMatch(/^LLM Log Tray\n/);
    expect(tray.tooltip).not.toMatch(/connected/);

    await useDemo.click();

    // Models of the demo show up as tabs and go live; the first one's log streams into the view.
    const chat = page.getByRole('tab', { name: /fake-chat-a/ });
    await chat.waitFor({ timeout: 20_000 });
    await page.locator('[role="tab"][data-key="demo/fake-chat-a"][data-connection="connected"]').waitFor({ timeout: 30_000 });
    await chat.click();
    await page.locator('[data-testid="log-scroll"] .log-line').first().waitFor({ timeout: 20_000 });
    const before = await page.locator('[data-testid="log-scroll"] .log-line').count();
    expect(before).toBeGreaterThan(0);

    s = await app.waitForState((st) => currentTray(st).images.some((i) => base(i) === 'ready.png'), 'the tray icon to show running, connected models', 30_000);
    const connectedTooltip = currentTray(s).tooltips.find((t) => /\d+ connected/.test(t));
    expect(connectedTooltip, currentTray(s).tooltips.join(' | ')).toBeDefined();
    const images = currentTray(s).images.map(base);
    expect(images.indexOf('ready.png')).toBeGreaterThan(0);

    // The choice is kept: the settings file in userData now names the demo server.
    const file = join(app.userData, 'settings.json');
    expect(existsSync(file)).toBe(true);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { servers: Array<{ id: string; url: string }>; firstRunDone: boolean };
    expect(saved.firstRunDone).toBe(true);
    expect(saved.servers.map((x) => x.id)).toEqual(['demo']);

    // The window shows what the app now watches: the demo only, not the unreachable default it replaced.
    const deadline = Date.now() + 10_000;
    while ((await page.getByText(/unreachable/).count()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await page.getByText(/unreachable/).count()).toBe(0);

    await app.screenshot(screenshotPath('app-first-run-demo'));

    // Theme "system" follows the OS while the window is open.
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await app.call('system-dark', { dark: true });
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
  });
});
