import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startHarness, type Harness, type HarnessOptions } from './app-harness.js';
import { launchBrowser, openApp, type AppPage } from './browser.js';

export interface Started {
  readonly h: Harness;
  readonly page: Page;
  readonly problems: string[];
}

/**
 * Per-file browser, per-test harness + page. After each test: page and harness closed, and no
 * console error, uncaught exception or CSP violation may have happened.
 */
export function useE2E() {
  let browser: Browser | null = null;
  let harness: Harness | null = null;
  let app: AppPage | null = null;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const problems = app?.problems ?? [];
    await app?.page.close();
    app = null;
    await harness?.close();
    harness = null;
    expect(problems, 'console errors / CSP violations').toEqual([]);
  });
  return {
    /** Harness first (so lines can be prepared), then the page. */
    async harness(opts: HarnessOptions = {}): Promise<Harness> {
      harness = await startHarness(opts);
      return harness;
    },
    async open(viewport?: { width: number; height: number }): Promise<Started> {
      if (!browser || !harness) throw new Error('call harness() first');
      app = await openApp(browser, harness.url, viewport);
      return { h: harness, page: app.page, problems: app.problems };
    },
  };
}
