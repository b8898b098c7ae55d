// Process-wide state of the stand-in: what the app did (recorded for tests), the Chromium that
// backs every BrowserWindow, and Electron-style events with preventDefault.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Electron lets a file:// page load its own file:// scripts (electron-vite's module scripts with
  // crossorigin); plain Chromium refuses them as cross-origin (origin "null") without this switch.
  '--allow-file-access-from-files',
];

/** Electron's Event: listeners call preventDefault() to veto. */
export interface StandinEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
  [key: string]: unknown;
}

export function makeEvent(extra: Record<string, unknown> = {}): StandinEvent {
  const event: StandinEvent = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
    ...extra,
  };
  return event;
}

/** What happened, for tests (read through the control channel as one JSON snapshot). */
export const record = {
  appEvents: [] as string[],
  uncaught: [] as string[],
  dialogs: [] as Array<{ kind: string; title: string; content: string }>,
  shell: [] as Array<{ kind: string; target: string }>,
  loginItem: { openAtLogin: false, setCalls: 0 },
  console: [] as Array<{ windowId: number; type: string; text: string }>,
  ipc: [] as Array<{ channel: string; senderId: number; frameUrl: string; ok: boolean; error?: string }>,
};

let browser: Promise<Browser> | null = null;
let context: Promise<BrowserContext> | null = null;

export function launchBrowser(): Promise<Browser> {
  browser ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  return browser;
}

/** One browser context = Electron's default session, shared by every window. */
export function defaultContext(): Promise<BrowserContext> {
  context ??= launchBrowser().then((b) => b.newContext({ viewport: null }));
  return context;
}

export async function closeBrowser(): Promise<void> {
  if (!browser) return;
  const b = await browser.catch(() => null);
  browser = null;
  context = null;
  if (b) await b.close().catch(() => undefined);
}

export function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(fallback), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(fallback);
      },
    );
  });
}
