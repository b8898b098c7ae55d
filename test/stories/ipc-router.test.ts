import { afterEach, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../main/demo/server.js';
import { PRELOAD, tempUserData } from '../electron-standin/launch.js';
import { chromiumAvailable } from '../e2e/harness/chromium.js';
import { seedSettings, startManager, useApps } from './story-helpers.js';

const KEY = 'local/Qwen3-8B';
const TRY_INVOKE = `async () => {
  if (!window.llmLogTray) return 'no api';
  try { await window.llmLogTray.invoke('app:get-state', {}); return 'answered'; } catch (e) { return 'refused: ' + e.message; }
}`;

describe.skipIf(!chromiumAvailable())('story 6: the IPC router', () => {
  const apps = useApps();
  let manager: DemoServer | null = null;
  afterEach(async () => {
    await manager?.close();
    manager = null;
  });

  it('refuses a call from a page that is not ours, and the window still works', async () => {
    manager = await startManager([{ name: 'Qwen3-8B', behavior: 'silent' }]);
    await manager.startModel('Qwen3-8B');
    const userData = tempUserData();
    seedSettings(userData, manager.url);
    const app = await apps.launch({ userData });
    await app.clickTrayItem('Open window');
    const page = app.page();
    await page.locator(`[role="tab"][data-key="${KEY}"][data-connection="connected"]`).waitFor();

    // Another page in the same session that got our preload (another webContents): refused.
    const other = (await app.call('open-window', { preload: PRELOAD, url: 'data:text/html,<title>elsewhere</title><p>not our page</p>' })) as { id: number; webContentsId: number };
    const mainWc = (await app.state()).windows[0]?.webContentsId;
    expect(other.webContentsId).not.toBe(mainWc);
    const answer = await app.page(other.id).evaluate<string>(TRY_INVOKE);
    expect(answer).toMatch(/^refused: Error invoking remote method 'app:get-state': Error: refused app:get-state from sender \d+$/);
    expect(app.output.stderr).toContain('IPC refused');

    // A subframe inside our own window (Electron gives subframes no preload; here one reaches the
    // IPC channel anyway, like a compromised frame would): refused by the frame check.
    const fromSubframe = await page.evaluate<string>(`async () => {
      const f = document.createElement('iframe');
      document.body.append(f);
      await new Promise((r) => setTimeout(r, 200));
      const call = f.contentWindow.__electronStandinIpc;
      if (typeof call !== 'function') return 'no channel in the subframe';
      const r = await call({ kind: 'invoke', channel: 'app:get-state', args: [{}] });
      f.remove();
      return r.ok ? 'answered' : r.error;
    }`);
    expect(fromSubframe).toBe('Error: refused app:get-state from a subframe');

    // Our own page navigated elsewhere is not possible: navigation is denied and handed to the OS browser.
    await page.evaluate(`() => { location.href = 'https://example.com/somewhere'; }`);
    await app.waitForState((s) => s.shell.some((c) => c.kind === 'openExternal' && c.target === 'https://example.com/somewhere'), 'the link in the OS browser');
    expect((await app.state()).windows[0]?.url).toMatch(/\/out\/renderer\/index\.html$/);

    // The window still works: its own calls are answered and live lines keep coming.
    expect(await page.evaluate<string>(TRY_INVOKE)).toBe('answered');
    manager.emit('Qwen3-8B', 'still streaming after the refused call');
    await page.locator('[role="tab"][data-key="local/Qwen3-8B"]').click();
    await page.locator('[data-testid="log-scroll"]', { hasText: 'still streaming after the refused call' }).waitFor();
    const refused = (await app.state()).ipc.filter((c) => !c.ok);
    expect(refused.map((c) => c.senderId)).toEqual([other.webContentsId, mainWc]);
  });
});
