// The test's hand on the stand-in: a request/answer protocol over the child-process IPC channel
// (present only when a test forked the app). Tests read what happened and act as the user and the
// OS would: click tray items and notifications, raise power/theme events, drive a window's page.
import type { Page } from 'playwright-core';
import { app } from './app.js';
import { record } from './runtime.js';
import { dialog, nativeTheme, notifications, powerMonitor } from './system.js';
import { trays, type MenuItem } from './tray.js';
import { BrowserWindow } from './window.js';

export interface ControlRequest {
  readonly __standin: number;
  readonly op: string;
  readonly args?: Record<string, unknown>;
}

type Step = [method: string, args: unknown[]];

/** RegExp cannot cross process boundaries as JSON: { $regex, flags } is turned back into one. */
function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['$regex'] === 'string') return new RegExp(o['$regex'], typeof o['flags'] === 'string' ? o['flags'] : '');
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
  }
  return v;
}

function windowFor(args: Record<string, unknown>): BrowserWindow {
  const all = BrowserWindow.getAllWindows();
  const w = typeof args['window'] === 'number' ? BrowserWindow.fromId(args['window']) : all[0];
  if (!w) throw new Error('no such window');
  return w;
}

/** Playwright calls on a window's page: [['getByRole', ['tab', {name}]], ['click', []]]. */
async function runSteps(page: Page, steps: Step[]): Promise<unknown> {
  let target: unknown = page;
  for (const [method, args] of steps) {
    const fn = (target as Record<string, unknown>)[method];
    if (typeof fn !== 'function') throw new Error(`not a function: ${method}`);
    const real = revive(args) as unknown[];
    // Page-side source arrives as text; Playwright would eval() a string, which the page's CSP
    // refuses. Made into a function here, it runs through CDP's callFunctionOn instead.
    if ((method === 'evaluate' || method === 'evaluateAll') && typeof real[0] === 'string') {
      real[0] = new Function(`return (${real[0]});`)() as unknown;
    }
    target = await (fn as (...a: unknown[]) => unknown).apply(target, real);
  }
  return target === page || (target && typeof target === 'object' && !Array.isArray(target) && Object.getPrototypeOf(target) !== Object.prototype) ? null : target;
}

function findItem(items: readonly MenuItem[], path: readonly string[]): MenuItem {
  const [head, ...rest] = path;
  const item = items.find((i) => i.visible && (i.label === head || i.id === head));
  if (!item) throw new Error(`no menu item "${String(head)}" among ${items.map((i) => JSON.stringify(i.label)).join(', ')}`);
  if (rest.length === 0) return item;
  if (!item.submenu) throw new Error(`"${String(head)}" has no submenu`);
  return findItem(item.submenu.items, rest);
}

export function snapshot(): Record<string, unknown> {
  return {
    ready: app.isReady(),
    pid: process.pid,
    ...record,
    trays: trays.map((t) => t.describe()),
    notifications: notifications.map((n) => ({ ...n.rec })),
    windows: BrowserWindow.getAllWindows().map((w) => ({
      id: w.id,
      webContentsId: w.webContents.id,
      visible: w.isVisible(),
      url: w.webContents.getURL(),
      title: w.getTitle(),
      options: JSON.parse(JSON.stringify(w.options)) as unknown,
    })),
    theme: { shouldUseDarkColors: nativeTheme.shouldUseDarkColors },
  };
}

async function handle(op: string, args: Record<string, unknown>): Promise<unknown> {
  switch (op) {
    case 'state':
      return snapshot();
    case 'page': {
      const page = await windowFor(args).webContents.pageReady;
      return runSteps(page, args['steps'] as Step[]);
    }
    case 'screenshot': {
      const page = await windowFor(args).webContents.pageReady;
      await page.screenshot({ path: String(args['path']) });
      return null;
    }
    case 'tray-menu-click': {
      const tray = trays.filter((t) => !t.isDestroyed()).at(-1);
      const menu = tray?.contextMenu();
      if (!menu) throw new Error('the tray has no menu');
      const item = findItem(menu.items, args['path'] as string[]);
      if (!item.enabled) throw new Error(`menu item "${item.label}" is disabled`);
      item.click();
      return null;
    }
    case 'tray-click': {
      trays.filter((t) => !t.isDestroyed()).at(-1)?.emit('click', { defaultPrevented: false, preventDefault() {} }, {});
      return null;
    }
    case 'notification-click': {
      const n = notifications[Number(args['index'])];
      if (!n) throw new Error(`no notification #${String(args['index'])}`);
      n.userClick();
      return null;
    }
    case 'power':
      powerMonitor.emit(String(args['event']));
      return null;
    case 'system-dark':
      nativeTheme.setSystemDark(Boolean(args['dark']));
      return null;
    case 'open-window': {
      // A second page in the app's session, e.g. one that is not ours trying the IPC channels.
      const w = new BrowserWindow({ show: false, webPreferences: { preload: args['preload'] as string, contextIsolation: true, sandbox: true } });
      if (typeof args['url'] === 'string') await w.loadURL(args['url']);
      else if (typeof args['file'] === 'string') await w.loadFile(args['file']);
      return { id: w.id, webContentsId: w.webContents.id };
    }
    case 'close-window':
      // The user clicks the window's close button.
      windowFor(args).close();
      return null;
    case 'quit':
      app.quit();
      return null;
    case 'exit':
      setImmediate(() => app.exit(Number(args['code'] ?? 0)));
      return null;
    case 'hold-exit':
      app.beforeExit = (code) =>
        new Promise<void>((resolve) => {
          process.send?.({ __standinEvent: 'exiting', code });
          const onMessage = (m: unknown) => {
            if (m && typeof m === 'object' && (m as { __standinEvent?: string }).__standinEvent === 'proceed') {
              process.off('message', onMessage);
              resolve();
            }
          };
          process.on('message', onMessage);
        });
      return null;
    default:
      throw new Error(`unknown stand-in op: ${op}`);
  }
}

export function installControl(): void {
  if (!process.send) return;
  process.on('message', (msg: unknown) => {
    if (!msg || typeof msg !== 'object' || typeof (msg as ControlRequest).__standin !== 'number') return;
    const { __standin: id, op, args } = msg as ControlRequest;
    handle(op, args ?? {}).then(
      (result) => process.send?.({ __standin: id, ok: true, result }),
      (error: unknown) => process.send?.({ __standin: id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('uncaughtException', (error) => {
    // Electron shows "A JavaScript error occurred in the main process" and keeps running.
    record.uncaught.push(error.stack ?? String(error));
    process.stderr.write(`Uncaught Exception: ${error.stack ?? String(error)}\n`);
  });
  process.on('unhandledRejection', (reason) => {
    record.uncaught.push(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
  void dialog;
}
