// Shared by the user-story tests: one app per test, closed (and checked for main-process errors)
// after it; screenshots next to the browser tests' ones.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, expect } from 'vitest';
import { launchApp, type LaunchOptions, type RunningApp, type StandinState } from '../electron-standin/launch.js';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return resolve(SCREENSHOT_DIR, `${name}.png`);
}

export const base = (p: string | null | undefined): string => (p ?? '').split('/').pop() ?? '';

export function currentTray(s: StandinState): StandinState['trays'][number] {
  const tray = s.trays.filter((t) => !t.destroyed).at(-1);
  if (!tray) throw new Error('no tray icon');
  return tray;
}

/** Every app launched in a test is ended after it; no uncaught main-process error may have happened. */
export function useApps() {
  const apps: RunningApp[] = [];
  afterEach(async () => {
    const all = apps.splice(0);
    const errors: string[] = [];
    for (const app of all) {
      const s = await app.state().catch(() => null);
      if (s) errors.push(...s.uncaught, ...s.console.filter((c) => c.type === 'error' || c.type === 'pageerror').map((c) => `window ${c.windowId}: ${c.text}`));
      await app.close();
    }
    expect(errors, 'uncaught main-process errors / window console errors').toEqual([]);
  });
  return {
    async launch(opts: LaunchOptions = {}): Promise<RunningApp> {
      const app = await launchApp(opts);
      apps.push(app);
      return app;
    },
    /** For apps that are expected to end by themselves (console errors are still checked by the test). */
    track(app: RunningApp): RunningApp {
      apps.push(app);
      return app;
    },
  };
}
