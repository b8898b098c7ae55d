import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../test-results/screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface AppPage {
  readonly page: Page;
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  readonly problems: string[];
}

/** Opens the app; every console error, page error and CSP violation is collected in `problems`. */
export async function openApp(browser: Browser, url: string, viewport = { width: 1180, height: 720 }): Promise<AppPage> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  await page.exposeFunction('__reportCsp', (text: string) => problems.push(`csp: ${text}`));
  // Page-side code as a string: the Node type-check has no DOM library.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => { window.__reportCsp(e.violatedDirective + ' ' + e.blockedURI); });`,
  });
  await page.goto(url);
  await page.waitForSelector('.app', { timeout: 10_000 });
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`) });
}

/** Poll a Node-side condition (real I/O) with a deadline; never a bare sleep. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, label: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Rows currently rendered by the virtualised log (text, level, origin, seq). */
export async function renderedRows(page: Page): Promise<Array<{ seq: number; text: string; level: string | null; origin: string | null; kind: string }>> {
  return page.evaluate(`[...document.querySelectorAll('[data-testid="log-scroll"] [data-seq]')].map((h) => ({
    seq: Number(h.dataset.seq),
    text: (h.querySelector('.log-text') || h).textContent || '',
    level: h.dataset.level || null,
    origin: h.dataset.origin || null,
    kind: h.dataset.kind || 'line',
  }))`);
}
