import { afterEach, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../main/demo/server.js';
import { tempUserData, type StandinState } from '../electron-standin/launch.js';
import { chromiumAvailable } from '../e2e/harness/chromium.js';
import { currentTray, seedSettings, startManager, useApps } from './story-helpers.js';

const QWEN = 'local/Qwen3-8B';
const BGE = 'local/bge-m3';

function labels(s: StandinState): string[] {
  return (currentTray(s).menu ?? []).map((i) => i.label);
}

describe.skipIf(!chromiumAvailable())('story 3: the tray menu', () => {
  const apps = useApps();
  let manager: DemoServer | null = null;
  afterEach(async () => {
    await manager?.close();
    manager = null;
  });

  it('opens a model tab, starts and stops models, pauses notifications for 1 h, and Quit stops every connection before the process exits', async () => {
    manager = await startManager([
      { name: 'Qwen3-8B', behavior: 'silent' },
      { name: 'bge-m3', behavior: 'silent', mode: 'Embedding' },
    ]);
    await manager.startModel('Qwen3-8B');
    manager.emit('Qwen3-8B', 'main: server is listening on http://127.0.0.1:10001');
    const userData = tempUserData();
    seedSettings(userData, manager.url);
    const app = await apps.launch({ userData });
    const m = manager;

    await app.waitForState((s) => labels(s).some((l) => l.includes('Qwen3-8B') && l.includes('connected')) && labels(s).some((l) => l.includes('bge-m3')), 'both models in the tray menu');

    // A model's entry opens the window on its tab.
    await app.clickTrayItem(`open:${QWEN}`);
    await app.waitForState((s) => s.windows.some((w) => w.visible), 'the window');
    const page = app.page();
    await page.locator(`[role="tab"][data-key="${QWEN}"][aria-selected="true"]`).waitFor();
    await page.locator('[data-testid="log-scroll"]', { hasText: 'server is listening' }).waitFor();

    // Closing the window only hides it (the app lives in the tray); the menu brings it back.
    await app.call('close-window');
    let st = await app.state();
    expect(st.windows.map((w) => w.visible)).toEqual([false]);
    expect(st.appEvents).not.toContain('before-quit');
    await app.clickTrayItem('Open window');
    st = await app.waitForState((x) => x.windows[0]?.visible === true, 'the window back');
    expect(st.windows).toHaveLength(1);

    // Start the stopped model from the tray; it runs on the server and its tab connects.
    await app.clickTrayItem('Start / stop', 'bge-m3', 'Start');
    await page.locator(`[role="tab"][data-key="${BGE}"][data-connection="connected"]`).waitFor({ timeout: 20_000 });
    expect(m.status('bge-m3')).toBe('routing');

    // Stop the other one: the server stops it (v1-seed keeps a stopped model's stream open silently,
    // so the tab cannot tell; the server's status is the evidence).
    await app.clickTrayItem('Start / stop', 'Qwen3-8B', 'Stop');
    await app.waitForState(() => m.status('Qwen3-8B') === 'stopped', 'Qwen3-8B stopped on the server');

    // Pause notifications for 1 h: the menu offers Resume instead, the tooltip says so, and a
    // following error line raises no notification.
    const before = (await app.state()).notifications.length;
    await app.clickTrayItem('Pause notifications', 'For 1 hour');
    const paused = await app.waitForState((s) => labels(s).includes('Resume notifications'), 'the menu to offer Resume');
    expect(currentTray(paused).tooltip).toContain('notifications paused');
    m.emit('bge-m3', 'CUDA error: out of memory');
    await page.locator(`[role="tab"][data-key="${BGE}"]`).click();
    await page.locator('[data-testid="log-scroll"] .log-line', { hasText: 'CUDA error: out of memory' }).waitFor();
    expect((await app.state()).notifications.slice(before)).toEqual([]);

    // Quit: every stream is closed while the process still runs, then it exits with 0.
    expect(m.subscriberCount('bge-m3')).toBeGreaterThan(0);
    const hold = await app.holdExit();
    await app.clickTrayItem('Quit');
    await hold.exiting;
    const deadline = Date.now() + 5_000;
    while ((m.subscriberCount('bge-m3') > 0 || m.subscriberCount('Qwen3-8B') > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(m.subscriberCount('bge-m3')).toBe(0);
    expect(m.subscriberCount('Qwen3-8B')).toBe(0);
    const last = await app.state();
    expect(last.appEvents.filter((e) => e !== 'will-finish-launching' && e !== 'ready')).toEqual(['before-quit', 'before-quit', 'will-quit', 'quit', 'exit 0']);
    // The tray icon is removed once the streams are stopped (no dead icon left in the panel).
    expect(last.trays.every((t) => t.destroyed)).toBe(true);
    hold.proceed();
    expect(await app.exited).toEqual({ code: 0, signal: null });
  });
});
