import { describe, expect, it } from 'vitest';
import { createWindowManager, externalUrl, type BrowserWindowLike, type SecureWindowOptions, type WebContentsLike } from '../../../main/electron/window.js';

type Listener = (...args: never[]) => unknown;

class FakeWebContents implements WebContentsLike {
  readonly id = 7;
  readonly listeners = new Map<string, Listener[]>();
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  permissionHandler: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
  permissionCheck: (() => boolean) | null = null;
  readonly sent: Array<[string, unknown]> = [];
  loading = true;
  readonly session = {
    setPermissionRequestHandler: (h: (wc: unknown, p: string, cb: (g: boolean) => void) => void) => {
      this.permissionHandler = h;
    },
    setPermissionCheckHandler: (h: () => boolean) => {
      this.permissionCheck = h;
    },
  };
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }): void {
    this.openHandler = h;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed = () => false;
  isLoading = () => this.loading;
}

class FakeWindow implements BrowserWindowLike {
  readonly webContents = new FakeWebContents();
  readonly listeners = new Map<string, Listener[]>();
  visible = false;
  loaded: string[] = [];
  constructor(readonly options: SecureWindowOptions) {}
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
  show = () => void (this.visible = true);
  hide = () => void (this.visible = false);
  focus = () => undefined;
  isMinimized = () => false;
  restore = () => undefined;
  isDestroyed = () => false;
  loadURL = async (u: string) => void this.loaded.push(u);
  loadFile = async (f: string) => void this.loaded.push(f);
}

function setup(quitting = false) {
  const windows: FakeWindow[] = [];
  const opened: string[] = [];
  const mgr = createWindowManager({
    createWindow: (o) => {
      const w = new FakeWindow(o);
      windows.push(w);
      return w;
    },
    openExternal: (u) => void opened.push(u),
    preloadPath: '/app/out/preload/index.cjs',
    load: { file: '/app/out/renderer/index.html' },
    isQuitting: () => quitting,
  });
  mgr.show('logs');
  const w = windows[0];
  if (!w) throw new Error('no window');
  return { mgr, w, windows, opened };
}

const prevented = () => {
  const e = { defaultPrevented: false, preventDefault() {
    e.defaultPrevented = true;
  } };
  return e;
};

describe('window adapter', () => {
  it('creates the window with secure web preferences and the CommonJS preload', () => {
    const { w } = setup();
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(w.options.show).toBe(false);
    expect(w.loaded).toEqual(['/app/out/renderer/index.html']);
  });

  it('denies navigation, opening only http(s) links in the OS browser', () => {
    const { w, opened } = setup();
    const e1 = prevented();
    w.webContents.fire('will-navigate', e1, 'https://example.com/docs');
    const e2 = prevented();
    w.webContents.fire('will-navigate', e2, 'file:///etc/passwd');
    const e3 = prevented();
    w.webContents.fire('will-redirect', e3, 'http://evil.test');
    expect([e1.defaultPrevented, e2.defaultPrevented, e3.defaultPrevented]).toEqual([true, true, true]);
    expect(opened).toEqual(['https://example.com/docs']);
  });

  it('denies window.open, webviews and every permission request', () => {
    const { w, opened } = setup();
    expect(w.webContents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(w.webContents.openHandler?.({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/']);
    const grants: boolean[] = [];
    w.webContents.permissionHandler?.(null, 'media', (g) => grants.push(g));
    w.webContents.permissionHandler?.(null, 'notifications', (g) => grants.push(g));
    expect(grants).toEqual([false, false]);
    expect(w.webContents.permissionCheck?.()).toBe(false);
    const e = prevented();
    w.webContents.fire('will-attach-webview', e);
    expect(e.defaultPrevented).toBe(true);
  });

  it('close hides instead of quitting, unless the app is quitting', () => {
    const { w } = setup();
    expect(w.visible).toBe(true);
    const e = prevented();
    w.fire('close', e);
    expect(e.defaultPrevented).toBe(true);
    expect(w.visible).toBe(false);
    const q = setup(true);
    const e2 = prevented();
    q.w.fire('close', e2);
    expect(e2.defaultPrevented).toBe(false);
  });

  it('navigates after load, reuses the window and reports its webContents id', () => {
    const { mgr, w, windows } = setup();
    mgr.show('logs', 'local/a', 42);
    expect(w.webContents.sent).toEqual([]);
    w.webContents.loading = false;
    w.webContents.fire('did-finish-load');
    expect(w.webContents.sent).toEqual([['app:navigate', { view: 'logs', key: 'local/a', seq: 42 }]]);
    mgr.show('settings');
    expect(w.webContents.sent.at(-1)).toEqual(['app:navigate', { view: 'settings' }]);
    expect(windows).toHaveLength(1);
    expect(mgr.webContentsId()).toBe(7);
  });

  it('externalUrl accepts only parsed http(s) URLs', () => {
    expect(externalUrl('https://a.b/c')).toBe('https://a.b/c');
    expect(externalUrl('HTTP://A.B')).toBe('http://a.b/');
    expect(externalUrl('file:///x')).toBeNull();
    expect(externalUrl('javascript:alert(1)')).toBeNull();
    expect(externalUrl('not a url')).toBeNull();
  });

  it('Windows logoff/shutdown (session-end) lets the window close instead of hiding and blocking it', () => {
    const { w } = setup();
    w.fire('session-end');
    const e = prevented();
    w.fire('close', e);
    expect(e.defaultPrevented).toBe(false);
  });

  it('a crashed renderer is reloaded on the next show, and gets the navigation after loading', () => {
    const { mgr, w, windows } = setup();
    expect(w.loaded).toEqual(['/app/out/renderer/index.html']);
    w.webContents.loading = false;
    w.webContents.fire('did-finish-load');
    w.webContents.sent.length = 0;
    w.webContents.fire('render-process-gone', {}, { reason: 'crashed' });
    mgr.show('logs', 'local/a');
    expect(windows).toHaveLength(1);
    expect(w.loaded).toHaveLength(2);
    expect(w.webContents.sent).toEqual([]);
    w.webContents.fire('did-finish-load');
    expect(w.webContents.sent).toEqual([['app:navigate', { view: 'logs', key: 'local/a' }]]);
    mgr.show('logs');
    expect(w.loaded).toHaveLength(2);
  });
});
