// Electron's `app` for a Linux desktop: ready after Chromium is up, the single-instance lock of
// userData, paths, locale, login items, and quit/exit with the events in Electron's order.
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { closeBrowser, launchBrowser, makeEvent, record, withTimeout } from './runtime.js';
import { acquireSingleInstanceLock, releaseSingleInstanceLock, type SecondInstance } from './singleton.js';

interface PackageInfo {
  dir: string;
  name: string;
  version: string;
}

/** Like `electron .`: the app is the folder whose package.json `main` is the script being run. */
function findPackage(script: string): PackageInfo {
  let dir = dirname(resolve(script));
  for (let i = 0; i < 10; i++) {
    const pkgPath = join(dir, 'package.json');
    if (existsSync(pkgPath)) {
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name?: string; productName?: string; version?: string; main?: string };
      if (pkg.main && resolve(dir, pkg.main) === resolve(script)) {
        return { dir, name: pkg.productName ?? pkg.name ?? 'Electron', version: pkg.version ?? '0.0.0' };
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`electron stand-in: no package.json whose "main" is ${script}`);
}

/** Registered by window.ts: every open window, for quit. */
export interface WindowRegistry {
  all(): Array<{ close(): void; destroy(): void; isDestroyed(): boolean }>;
}
let windows: WindowRegistry = { all: () => [] };
export function setWindowRegistry(r: WindowRegistry): void {
  windows = r;
}

class App extends EventEmitter {
  private ready = false;
  private readyPromise: Promise<void>;
  private resolveReady: () => void = () => undefined;
  private exiting = false;
  private quitRequested = false;
  private readonly pkg = findPackage(process.argv[1] ?? '.');
  private readonly paths: Record<string, string>;
  private name: string;
  private lock: SecondInstance | null = null;
  private pendingNotify: Promise<unknown> = Promise.resolve();
  /** Set by the control channel when a test wants to look at the world between 'quit' and exit. */
  beforeExit: (code: number) => Promise<void> = async () => undefined;
  readonly commandLine = {
    appendSwitch: (_s: string, _v?: string) => undefined,
    hasSwitch: (s: string) => process.argv.includes(`--${s}`),
    getSwitchValue: (_s: string) => '',
  };

  constructor() {
    super();
    this.name = this.pkg.name;
    this.readyPromise = new Promise((r) => (this.resolveReady = r));
    const home = homedir();
    const appData = process.env['XDG_CONFIG_HOME'] ?? join(home, '.config');
    const userData = process.env['STANDIN_USER_DATA'] ?? join(appData, this.name);
    this.paths = {
      home,
      appData,
      userData,
      sessionData: userData,
      temp: tmpdir(),
      exe: process.execPath,
      module: process.execPath,
      desktop: join(home, 'Desktop'),
      documents: join(home, 'Documents'),
      downloads: join(home, 'Downloads'),
      music: join(home, 'Music'),
      pictures: join(home, 'Pictures'),
      videos: join(home, 'Videos'),
      logs: join(userData, 'logs'),
      crashDumps: join(userData, 'Crashpad'),
    };
    mkdirSync(userData, { recursive: true });
    // The main script runs first; 'ready' comes once the browser process is up.
    setImmediate(() => void this.boot());
  }

  private async boot(): Promise<void> {
    this.log('will-finish-launching');
    this.emit('will-finish-launching');
    if (this.quitRequested || this.exiting) return;
    try {
      await launchBrowser();
    } catch (error) {
      process.stderr.write(`electron stand-in: Chromium did not start: ${String(error)}\n`);
      process.exit(1);
    }
    if (this.exiting) return;
    this.ready = true;
    this.log('ready');
    this.emit('ready', makeEvent(), {});
    this.resolveReady();
  }

  private log(event: string): void {
    record.appEvents.push(event);
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return this.ready;
  }
  getName(): string {
    return this.name;
  }
  setName(name: string): void {
    this.name = name;
  }
  getVersion(): string {
    return this.pkg.version;
  }
  getAppPath(): string {
    return this.pkg.dir;
  }
  getPath(name: string): string {
    const p = this.paths[name];
    if (p === undefined) throw new Error(`Failed to get '${name}' path`);
    return p;
  }
  setPath(name: string, path: string): void {
    this.paths[name] = path;
  }
  getLocale(): string {
    return process.env['STANDIN_LOCALE'] ?? 'en-US';
  }
  getSystemLocale(): string {
    return this.getLocale();
  }
  getPreferredSystemLanguages(): string[] {
    return [this.getLocale()];
  }
  get isPackaged(): boolean {
    return process.env['STANDIN_PACKAGED'] === '1';
  }
  setAppUserModelId(_id: string): void {}
  getLoginItemSettings(): { openAtLogin: boolean; openAsHidden: boolean; wasOpenedAtLogin: boolean; wasOpenedAsHidden: boolean; restoreState: boolean; executableWillLaunchAtLogin: boolean; launchItems: [] } {
    return {
      openAtLogin: record.loginItem.openAtLogin,
      openAsHidden: false,
      wasOpenedAtLogin: false,
      wasOpenedAsHidden: false,
      restoreState: false,
      executableWillLaunchAtLogin: record.loginItem.openAtLogin,
      launchItems: [],
    };
  }
  setLoginItemSettings(settings: { openAtLogin?: boolean }): void {
    record.loginItem.setCalls++;
    if (settings.openAtLogin !== undefined) record.loginItem.openAtLogin = settings.openAtLogin;
  }
  focus(): void {}
  hide(): void {}
  show(): void {}
  setBadgeCount(): boolean {
    return false;
  }
  disableHardwareAcceleration(): void {}

  requestSingleInstanceLock(additionalData?: unknown): boolean {
    const result = acquireSingleInstanceLock(this.getPath('userData'), {
      argv: process.argv,
      workingDirectory: process.cwd(),
      additionalData: additionalData ?? null,
      onSecondInstance: (argv, cwd, data) => {
        this.log('second-instance');
        this.emit('second-instance', makeEvent(), argv, cwd, data);
      },
    });
    if (result.acquired) {
      this.lock = result.lock;
      return true;
    }
    this.pendingNotify = result.notified;
    return false;
  }
  hasSingleInstanceLock(): boolean {
    return this.lock !== null;
  }
  releaseSingleInstanceLock(): void {
    if (this.lock) releaseSingleInstanceLock(this.lock);
    this.lock = null;
  }

  /**
   * Electron's order: 'before-quit' (vetoable), then every window gets 'close' (a veto cancels the
   * quit) and 'closed', then 'will-quit' (vetoable), then 'quit', then the process exits with 0.
   * 'window-all-closed' is not emitted while quitting.
   */
  quit(): void {
    if (this.exiting) return;
    this.quitRequested = true;
    const beforeQuit = makeEvent();
    this.log('before-quit');
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) {
      this.quitRequested = false;
      return;
    }
    quittingWindows = true;
    try {
      for (const w of windows.all()) if (!w.isDestroyed()) w.close();
    } finally {
      quittingWindows = false;
    }
    if (windows.all().some((w) => !w.isDestroyed())) {
      this.quitRequested = false;
      return;
    }
    const willQuit = makeEvent();
    this.log('will-quit');
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.quitRequested = false;
      return;
    }
    this.log('quit');
    this.emit('quit', makeEvent(), 0);
    void this.exitProcess(0);
  }

  /** Exits at once: windows destroyed without 'close', no before-quit/will-quit/quit. */
  exit(code = 0): void {
    if (this.exiting) return;
    for (const w of windows.all()) if (!w.isDestroyed()) w.destroy();
    void this.exitProcess(code);
  }

  relaunch(): void {
    this.log('relaunch');
  }

  /** Last window closed by the user (not while quitting): Electron quits unless someone listens. */
  lastWindowClosed(): void {
    if (this.quitRequested || this.exiting) return;
    this.log('window-all-closed');
    if (this.listenerCount('window-all-closed') > 0) this.emit('window-all-closed');
    else this.quit();
  }

  private async exitProcess(code: number): Promise<void> {
    this.exiting = true;
    this.log(`exit ${code}`);
    await withTimeout(this.pendingNotify, 3_000, undefined);
    this.releaseSingleInstanceLock();
    await withTimeout(closeBrowser(), 5_000, undefined);
    await withTimeout(this.beforeExit(code), 30_000, undefined);
    process.exit(code);
  }
}

/** True while app.quit() closes the windows (window.ts then skips 'window-all-closed'). */
export let quittingWindows = false;

export const app = new App();
