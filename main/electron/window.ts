// The one app window: secure defaults, navigation/new windows/permissions denied, external links
// only for http(s) URLs, and close → hide (the app lives in the tray).
import { pathToFileURL } from 'node:url';
import type { EventPayloads } from '../../contract/ipc.js';
import type { WindowPort, WindowView } from '../app/ports.js';
import type { ModelKey } from '../core/types.js';
import { httpUrl } from '../core/guards.js';

export interface WebContentsLike {
  readonly id: number;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
  isLoading(): boolean;
  readonly session: {
    setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
    setPermissionCheckHandler(handler: () => boolean): void;
  };
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  /** Windows: logoff/shutdown. before-quit is NOT emitted then, and a hidden-on-close window would block it. */
  on(event: 'session-end', listener: () => void): unknown;
  show(): void;
  hide(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
  loadFile(path: string): Promise<void>;
}

export interface SecureWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  icon?: string;
  autoHideMenuBar: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    spellcheck: false;
  };
}

export interface WindowDeps {
  createWindow(options: SecureWindowOptions): BrowserWindowLike;
  openExternal(url: string): Promise<void> | void;
  readonly preloadPath: string;
  /** Dev server URL or the built renderer's index.html. */
  readonly load: { readonly url: string } | { readonly file: string };
  readonly icon?: string;
  /** True once the app is quitting: then close really closes. */
  isQuitting(): boolean;
}

export function secureWindowOptions(preloadPath: string, icon?: string): SecureWindowOptions {
  return {
    width: 1180,
    height: 760,
    minWidth: 640,
    minHeight: 400,
    show: false,
    title: 'LLM Log Tray',
    ...(icon !== undefined ? { icon } : {}),
    autoHideMenuBar: true,
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Only http(s) URLs, parsed with URL, ever reach the OS browser. */
export function externalUrl(raw: string): string | null {
  return httpUrl(raw)?.toString() ?? null;
}

/**
 * Whether a frame URL is our own page: the dev server's origin, or the built index.html (any
 * hash/query; drive-letter case and percent-encoding differences ignored).
 */
export function appPageMatcher(load: { readonly url: string } | { readonly file: string }): (url: string) => boolean {
  if ('url' in load) {
    const origin = new URL(load.url).origin;
    return (raw) => {
      try {
        return new URL(raw).origin === origin;
      } catch {
        return false;
      }
    };
  }
  const expected = decodeURIComponent(pathToFileURL(load.file).pathname).toLowerCase();
  return (raw) => {
    try {
      const u = new URL(raw);
      return u.protocol === 'file:' && decodeURIComponent(u.pathname).toLowerCase() === expected;
    } catch {
      return false;
    }
  };
}

export interface WindowManager extends WindowPort {
  /** The webContents id IPC is accepted from (null while there is no window). */
  webContentsId(): number | null;
  send<E extends keyof EventPayloads>(channel: E, payload: EventPayloads[E]): void;
}

export function createWindowManager(deps: WindowDeps): WindowManager {
  let win: BrowserWindowLike | null = null;
  let loaded = false;
  let queued: EventPayloads['app:navigate'] | null = null;
  let sessionEnding = false;
  /** The renderer crashed: the page is reloaded on the next show (user-driven, so never a crash loop). */
  let crashed = false;

  const load = (w: BrowserWindowLike) => {
    loaded = false;
    const loading = 'url' in deps.load ? w.loadURL(deps.load.url) : w.loadFile(deps.load.file);
    void loading.catch(() => undefined);
  };

  const harden = (w: BrowserWindowLike) => {
    const wc = w.webContents;
    const openOutside = (url: string) => {
      const safe = externalUrl(url);
      if (safe) void Promise.resolve(deps.openExternal(safe)).catch(() => undefined);
    };
    wc.on('will-navigate', (event, url) => {
      event.preventDefault();
      openOutside(url);
    });
    wc.on('will-redirect', (event) => event.preventDefault());
    wc.on('will-attach-webview', (event) => event.preventDefault());
    wc.setWindowOpenHandler(({ url }) => {
      openOutside(url);
      return { action: 'deny' };
    });
    wc.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    wc.session.setPermissionCheckHandler(() => false);
    wc.on('did-finish-load', () => {
      loaded = true;
      if (queued) {
        wc.send('app:navigate', queued);
        queued = null;
      }
    });
    wc.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit') return;
      loaded = false;
      crashed = true;
    });
    w.on('session-end', () => {
      sessionEnding = true;
    });
    w.on('close', (event) => {
      if (!deps.isQuitting() && !sessionEnding) {
        event.preventDefault();
        w.hide();
      }
    });
    w.on('closed', () => {
      win = null;
      loaded = false;
    });
  };

  const ensure = (): BrowserWindowLike => {
    if (win && !win.isDestroyed()) return win;
    const w = deps.createWindow(secureWindowOptions(deps.preloadPath, deps.icon));
    win = w;
    harden(w);
    load(w);
    return w;
  };

  return {
    show(view: WindowView, key?: ModelKey, seq?: number) {
      const w = ensure();
      if (crashed) {
        crashed = false;
        load(w);
      }
      if (w.isMinimized()) w.restore();
      w.show();
      w.focus();
      const nav: EventPayloads['app:navigate'] = { view, ...(key !== undefined ? { key } : {}), ...(seq !== undefined ? { seq } : {}) };
      if (loaded && !w.webContents.isLoading()) w.webContents.send('app:navigate', nav);
      else queued = nav;
    },
    webContentsId: () => (win && !win.isDestroyed() ? win.webContents.id : null),
    send(channel, payload) {
      if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
      win.webContents.send(channel, payload);
    },
  };
}
