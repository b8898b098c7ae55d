// Shared by the user-story tests: one app per test, closed (and checked for main-process errors)
// after it; screenshots next to the browser tests' ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, expect } from 'vitest';
import { startDemoServer, type DemoModelSpec, type DemoServer } from '../../main/demo/server.js';
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

/**
 * A settings file as a returning user has it (written before the app starts): the given server,
 * first run done, short retry/health intervals so the stories do not wait on 5 s/15 s timers.
 * Only keys the app has had since settings v2; the app fills in the rest (and migrates it).
 */
export function seedSettings(userData: string, serverUrl: string, extra: Record<string, unknown> = {}): void {
  writeFileSync(
    join(userData, 'settings.json'),
    JSON.stringify(
      {
        version: 2,
        servers: [{ id: 'local', name: 'Home GPU', url: serverUrl, headers: {} }],
        retryIntervalSec: 1,
        backoffCapSec: 2,
        healthIntervalSec: 1,
        language: 'en',
        theme: 'light',
        firstRunDone: true,
        ...extra,
      },
      null,
      2,
    ),
  );
}

/** The test's own LLM-Manager (the demo server), with models that only do what the test says. */
export async function startManager(models: DemoModelSpec[]): Promise<DemoServer> {
  return startDemoServer({ generation: 'v1-seed', port: 0, replayDelayMs: 0, startupMs: 0, scripted: false, models, startupLogs: false });
}
