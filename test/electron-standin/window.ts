// BrowserWindow + webContents over a real Chromium page (playwright-core), and ipcMain. A window is
// one page of the shared context (Electron's default session); the app's preload runs before the
// page's scripts (see preload-script.ts); invoke/send arrive with sender and senderFrame as in Electron.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame, Page } from 'playwright-core';
import { app, quittingWindows, setWindowRegistry } from './app.js';
import { BINDING, DELIVER, preloadInitScript } from './preload-script.js';
import { defaultContext, makeEvent, record } from './runtime.js';
import { nativeTheme } from './system.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export interface WebFrameMainLike {
  readonly url: string;
  readonly parent: WebFrameMainLike | null;
  readonly top: WebFrameMainLike | null;
  readonly name: string;
  readonly isDestroyed: () => boolean;
}

export interface IpcMainInvokeEvent {
  readonly sender: WebContents;
  readonly senderFrame: WebFrameMainLike | null;
  readonly processId: number;
  readonly frameId: number;
  returnValue?: unknown;
  reply?: (channel: string, ...args: unknown[]) => void;
}

class IpcMain extends EventEmitter {
  private readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  handleOnce(channel: string, handler: Handler): void {
    this.handle(channel, (e, ...a) => {
      this.removeHandler(channel);
      return handler(e, ...a);
    });
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Renderer → main invoke, as Electron answers it (errors become "Error: message" strings). */
  async invoke(event: IpcMainInvokeEvent, channel: string, args: unknown[]): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
    const handler = this.handlers.get(channel);
    const base = { channel, senderId: event.sender.id, frameUrl: event.senderFrame?.url ?? '' };
    if (!handler) {
      record.ipc.push({ ...base, ok: false, error: 'no handler' });
      return { ok: false, error: `Error: No handler registered for '${channel}'` };
    }
    try {
      const value = await handler(event, ...args);
      record.ipc.push({ ...base, ok: true });
      return { ok: true, value };
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      record.ipc.push({ ...base, ok: false, error: text });
      return { ok: false, error: text };
    }
  }
}

export const ipcMain = new IpcMain();

let nextWindowId = 1;
let nextContentsId = 1;
const allWindows: BrowserWindow[] = [];
setWindowRegistry({ all: () => allWindows.filter((w) => !w.isDestroyed()) });

nativeTheme.on('updated', () => {
  const colorScheme = nativeTheme.shouldUseDarkColors ? 'dark' : 'light';
  for (const w of allWindows) if (!w.isDestroyed()) void w.webContents.pageReady.then((p) => p.emulateMedia({ colorScheme })).catch(() => undefined);
});

function frameInfo(frame: Frame): WebFrameMainLike {
  const parentFrame = frame.parentFrame();
  const parent = parentFrame ? frameInfo(parentFrame) : null;
  let top: WebFrameMainLike | null = null;
  for (let f: Frame | null = frame; f; f = f.parentFrame()) if (!f.parentFrame()) top = f === frame ? null : frameInfo(f);
  return { url: frame.url(), parent, top, name: frame.name(), isDestroyed: () => frame.isDetached() };
}

interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
}

interface Session {
  permissionRequestHandler: unknown;
  permissionCheckHandler: unknown;
  setPermissionRequestHandler(h: unknown): void;
  setPermissionCheckHandler(h: unknown): void;
}

export class WebContents extends EventEmitter {
  readonly id = nextContentsId++;
  private destroyed = false;
  private loading = false;
  private url = '';
  private programmaticUrl: string | null = null;
  private sendChain: Promise<unknown> = Promise.resolve();
  private windowOpenHandler: ((d: { url: string; frameName: string; features: string; disposition: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly session: Session = {
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    setPermissionRequestHandler(h) {
      this.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h) {
      this.permissionCheckHandler = h;
    },
  };
  readonly pageReady: Promise<Page>;

  constructor(
    readonly owner: BrowserWindow,
    prefs: WebPreferences,
    size: { width: number; height: number },
  ) {
    super();
    this.pageReady = this.createPage(prefs, size);
    this.pageReady.catch(() => undefined);
  }

  private async createPage(prefs: WebPreferences, size: { width: number; height: number }): Promise<Page> {
    const context = await defaultContext();
    const page = await context.newPage();
    await page.setViewportSize(size);
    // Electron's pages follow nativeTheme for prefers-color-scheme.
    await page.emulateMedia({ colorScheme: nativeTheme.shouldUseDarkColors ? 'dark' : 'light' });
    await page.exposeBinding(BINDING, (source, msg: { kind: string; channel: string; args: unknown[] }) => this.fromRenderer(source.frame, msg));
    let source: string | null = null;
    let readError: string | null = null;
    if (prefs.preload) {
      try {
        if (!isAbsolute(prefs.preload)) throw new Error(`preload path must be absolute: ${prefs.preload}`);
        source = readFileSync(prefs.preload, 'utf8');
      } catch (error) {
        readError = error instanceof Error ? error.message : String(error);
      }
      await page.addInitScript({
        content: preloadInitScript({ path: prefs.preload, source, readError, contextIsolation: prefs.contextIsolation ?? true, platform: process.platform }),
      });
    }
    // window.open → setWindowOpenHandler (Electron asks before creating the window).
    page.on('popup', (popup) => {
      const url = popup.url();
      const decision = this.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'foreground-tab' }) ?? { action: 'allow' };
      this.emit('did-create-window-decision', decision);
      if (decision.action === 'deny') void popup.close().catch(() => undefined);
    });
    page.on('domcontentloaded', () => this.emit('dom-ready', makeEvent()));
    page.on('load', () => {
      this.loading = false;
      this.emit('did-stop-loading', makeEvent());
      this.emit('did-finish-load', makeEvent());
      this.owner.firstLoad();
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) {
        this.url = frame.url();
        this.emit('did-navigate', makeEvent(), frame.url(), 200, 'OK');
      } else {
        this.emit('did-frame-navigate', makeEvent(), frame.url(), 200, 'OK', false);
      }
    });
    page.on('crash', () => {
      this.loading = false;
      this.emit('render-process-gone', makeEvent(), { reason: 'crashed', exitCode: 139 });
    });
    page.on('console', (msg) => {
      record.console.push({ windowId: this.owner.id, type: msg.type(), text: msg.text() });
      const level = ({ debug: 0, log: 1, info: 1, warning: 2, error: 3 } as Record<string, number>)[msg.type()] ?? 1;
      this.emit('console-message', makeEvent({ level, message: msg.text(), lineNumber: msg.location().lineNumber, sourceId: msg.location().url }));
    });
    page.on('pageerror', (err) => record.console.push({ windowId: this.owner.id, type: 'pageerror', text: err.message }));
    // Renderer-initiated navigation of the main frame: 'will-navigate', vetoable (a programmatic load is not).
    await page.route('**/*', async (route, request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame() && request.url() !== this.programmaticUrl) {
        const event = makeEvent({ url: request.url(), isMainFrame: true });
        this.emit('will-navigate', event, request.url());
        if (event.defaultPrevented) return route.abort('aborted');
      }
      return route.continue();
    });
    return page;
  }

  private async fromRenderer(frame: Frame, msg: { kind: string; channel: string; args: unknown[] }): Promise<unknown> {
    const event: IpcMainInvokeEvent = { sender: this, senderFrame: frameInfo(frame), processId: 1, frameId: 1 };
    if (msg.kind === 'invoke') return ipcMain.invoke(event, msg.channel, Array.isArray(msg.args) ? msg.args : []);
    if (msg.kind === 'send') ipcMain.emit(msg.channel, { ...event, reply: (c: string, ...a: unknown[]) => this.send(c, ...a) }, ...(msg.args ?? []));
    return undefined;
  }

  /** Main → renderer, in order; dropped (like Electron) when no page can take it. */
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) return;
    this.sendChain = this.sendChain
      .then(() => this.pageReady)
      // A function (not a string) so Chromium runs it without eval, which the page's CSP forbids.
      .then((page) =>
        page.evaluate(([name, c, a]) => {
          const deliver = (globalThis as unknown as Record<string, ((c: string, a: unknown[]) => void) | undefined>)[name];
          if (deliver) deliver(c, a);
        }, [DELIVER, channel, args] as [string, string, unknown[]]),
      )
      .catch(() => undefined);
  }

  async load(url: string): Promise<void> {
    const page = await this.pageReady;
    this.loading = true;
    this.programmaticUrl = url;
    this.emit('did-start-loading', makeEvent());
    try {
      await page.goto(url, { waitUntil: 'load' });
    } catch (error) {
      this.loading = false;
      const text = error instanceof Error ? error.message : String(error);
      const code = /net::(ERR_[A-Z_]+)/.exec(text)?.[1] ?? 'ERR_FAILED';
      this.emit('did-fail-load', makeEvent(), -6, code, url, true);
      throw new Error(`${code} (-6) loading '${url}'`);
    } finally {
      this.programmaticUrl = null;
    }
  }

  setWindowOpenHandler(handler: WebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  isLoading(): boolean {
    return this.loading;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isCrashed(): boolean {
    return false;
  }
  openDevTools(): void {}
  async executeJavaScript(code: string): Promise<unknown> {
    return (await this.pageReady).evaluate(code);
  }
  reload(): void {
    void this.pageReady.then((p) => p.reload()).catch(() => undefined);
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
    void this.pageReady.then((p) => p.close()).catch(() => undefined);
  }
}

interface WindowOptions {
  width?: number;
  height?: number;
  show?: boolean;
  title?: string;
  icon?: unknown;
  webPreferences?: WebPreferences;
  [key: string]: unknown;
}

export class BrowserWindow extends EventEmitter {
  readonly id = nextWindowId++;
  readonly webContents: WebContents;
  private visible = false;
  private minimized = false;
  private destroyed = false;
  private shownOnce = false;
  private title: string;

  constructor(readonly options: WindowOptions = {}) {
    super();
    if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.title = options.title ?? app.getName();
    this.webContents = new WebContents(this, options.webPreferences ?? {}, { width: options.width ?? 800, height: options.height ?? 600 });
    allWindows.push(this);
    app.emit('browser-window-created', makeEvent(), this);
    if (options.show !== false) this.show();
  }

  static getAllWindows(): BrowserWindow[] {
    return allWindows.filter((w) => !w.isDestroyed());
  }
  static getFocusedWindow(): BrowserWindow | null {
    return allWindows.find((w) => !w.isDestroyed() && w.visible) ?? null;
  }
  static fromWebContents(wc: WebContents): BrowserWindow | null {
    return allWindows.find((w) => w.webContents === wc) ?? null;
  }
  static fromId(id: number): BrowserWindow | null {
    return allWindows.find((w) => w.id === id && !w.isDestroyed()) ?? null;
  }

  /** 'ready-to-show' once, after the first load (when the window was created hidden). */
  firstLoad(): void {
    if (this.shownOnce) return;
    this.shownOnce = true;
    this.emit('ready-to-show');
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.load(url);
  }
  loadFile(path: string, options: { query?: Record<string, string>; search?: string; hash?: string } = {}): Promise<void> {
    const u = pathToFileURL(path);
    if (options.query) for (const [k, v] of Object.entries(options.query)) u.searchParams.set(k, v);
    if (options.search) u.search = options.search;
    if (options.hash) u.hash = options.hash;
    return this.webContents.load(u.href);
  }
  show(): void {
    if (this.destroyed) return;
    const was = this.visible;
    this.visible = true;
    this.minimized = false;
    void this.webContents.pageReady.then((p) => p.bringToFront()).catch(() => undefined);
    if (!was) this.emit('show');
    this.emit('focus');
  }
  showInactive(): void {
    this.show();
  }
  hide(): void {
    if (this.destroyed || !this.visible) return;
    this.visible = false;
    this.emit('hide');
    this.emit('blur');
  }
  focus(): void {
    if (!this.destroyed) this.emit('focus');
  }
  blur(): void {}
  isVisible(): boolean {
    return this.visible && !this.minimized;
  }
  isFocused(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
    this.emit('minimize');
  }
  restore(): void {
    if (!this.minimized) return;
    this.minimized = false;
    this.emit('restore');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getTitle(): string {
    return this.title;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setMenu(): void {}
  setMenuBarVisibility(): void {}
  removeMenu(): void {}
  /** Like a click on the window's close button (or app.quit closing it): 'close' can be vetoed. */
  close(): void {
    if (this.destroyed) return;
    const event = makeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroy();
    this.emit('closed');
    if (!quittingWindows && allWindows.every((w) => w.isDestroyed())) app.lastWindowClosed();
  }
}

export const webContents = {
  getAllWebContents: () => allWindows.filter((w) => !w.isDestroyed()).map((w) => w.webContents),
  fromId: (id: number) => allWindows.find((w) => w.webContents.id === id)?.webContents,
  getFocusedWebContents: () => BrowserWindow.getFocusedWindow()?.webContents ?? null,
};
