import { describe, expect, it } from 'vitest';
import { launchApp, tempUserData } from '../electron-standin/launch.js';
import { chromiumAvailable } from '../e2e/harness/chromium.js';
import { closedPortUrl } from '../e2e/harness/app-harness.js';
import { seedSettings, useApps } from './story-helpers.js';

describe.skipIf(!chromiumAvailable())('story 5: a second instance', () => {
  const apps = useApps();

  it('hands over to the first (its window shows) and exits', async () => {
    const userData = tempUserData();
    seedSettings(userData, await closedPortUrl());
    const first = await apps.launch({ userData });
    await first.waitForState((s) => s.trays.length === 1, 'the tray icon');
    expect((await first.state()).windows.filter((w) => w.visible)).toEqual([]);

    const second = apps.track(await launchApp({ userData, waitReady: false, args: ['--from-second'] }));
    expect(await second.exited).toEqual({ code: 0, signal: null });
    // The second never became a tray app of its own.
    expect(second.output.stderr).not.toMatch(/Error/);

    const s = await first.waitForState((st) => st.windows.some((w) => w.visible), 'the first instance to show its window');
    expect(s.appEvents).toContain('second-instance');
    await first.page().locator('.app').waitFor();
  });
});
