import { afterEach, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../main/demo/server.js';
import { tempUserData } from '../electron-standin/launch.js';
import { chromiumAvailable } from '../e2e/harness/chromium.js';
import { screenshotPath, seedSettings, startManager, useApps } from './story-helpers.js';

const KEY = 'local/Qwen3-8B';

describe.skipIf(!chromiumAvailable())('story 2: a model crashes', () => {
  const apps = useApps();
  let manager: DemoServer | null = null;
  afterEach(async () => {
    await manager?.close();
    manager = null;
  });

  it('a notification names the model and the error; clicking it shows the window on that tab, scrolled to the line', async () => {
    manager = await startManager([
      { name: 'Qwen3-8B', behavior: 'silent' },
      { name: 'bge-m3', behavior: 'silent', mode: 'Embedding' },
    ]);
    await manager.startModel('Qwen3-8B');
    await manager.startModel('bge-m3');
    manager.emitMany('Qwen3-8B', Array.from({ length: 300 }, (_, i) => `slot ${String(i).padStart(3, '0')}: prompt processing done`));
    const userData = tempUserData();
    seedSettings(userData, manager.url);
    const app = await apps.launch({ userData });

    // A returning user: the app starts in the tray, no window.
    await app.waitForState((s) => s.trays.length === 1, 'the tray icon');
    expect((await app.state()).windows.filter((w) => w.visible)).toEqual([]);
    await app.waitForState((s) => s.ipc.length === 0 && s.trays[0]?.tooltip.includes('2 connected') === true, 'both models connected');

    manager.crashModel('Qwen3-8B', ['CUDA error: out of memory', 'current device: 0, in function ggml_cuda_op_mul_mat', 'Killed']);
    const s = await app.waitForState((st) => st.notifications.some((n) => n.shown && /CUDA error: out of memory/.test(n.body)), 'a notification about the error');
    const note = s.notifications.find((n) => n.shown && /CUDA error: out of memory/.test(n.body));
    expect(note?.title).toContain('Qwen3-8B');

    await app.clickNotification(note?.index ?? -1);
    await app.waitForState((st) => st.windows.some((w) => w.visible), 'the window to show');
    const page = app.page();
    const tab = page.locator(`[role="tab"][data-key="${KEY}"]`);
    await page.locator(`[role="tab"][data-key="${KEY}"][aria-selected="true"]`).waitFor();
    const focused = page.locator('.log-line.focused');
    await focused.waitFor();
    expect(await focused.locator('.log-text').textContent()).toContain('CUDA error: out of memory');
    // Scrolled to it: the line is inside the log's viewport although 300 lines came before it.
    const inView = await focused.evaluate<boolean>(`(el) => {
      const box = el.getBoundingClientRect();
      const view = document.querySelector('[data-testid="log-scroll"]').getBoundingClientRect();
      return box.top >= view.top && box.bottom <= view.bottom;
    }`);
    expect(inView).toBe(true);
    expect(await page.locator('[data-testid="log-scroll"]').evaluate<number>('(el) => el.scrollTop')).toBeGreaterThan(0);
    expect(await tab.getAttribute('aria-selected')).toBe('true');
    await app.screenshot(screenshotPath('app-crash-notification'));
  });
});
