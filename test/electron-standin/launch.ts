// Test side: starts the BUILT app (out/main/index.js) in a child Node process with the Electron
// stand-in, and talks to the stand-in over the child's IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const MAIN = join(ROOT, 'out/main/index.js');
export const PRELOAD = join(ROOT, 'out/preload/index.cjs');
export const RENDERER_HTML = join(ROOT, 'out/renderer/index.html');
const REGISTER = join(import.meta.dirname, 'register.mjs');

export interface LaunchOptions {
  /** userData folder (a fresh temp folder when omitted). */
  readonly userData?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly locale?: string;
  /** Another built main script (default out/main/index.js), e.g. a copy laid out like a broken package. */
  readonly main?: string;
  /** Wait until the stand-in says 'ready' (default true; a second instance may quit before). */
  readonly waitReady?: boolean;
}

export interface TrayRecord {
  image: string | null;
  imageEmpty: boolean;
  images: Array<string | null>;
  tooltip: string;
  tooltips: string[];
  menu: MenuRecord[] | null;
  destroyed: boolean;
}
export interface MenuRecord {
  id?: string;
  label: string;
  type: string;
  enabled: boolean;
  submenu?: MenuRecord[];
}
export interface NotificationRecord {
  index: number;
  title: string;
  body: string;
  urgency: string;
  shown: boolean;
  clicks: number;
}
export interface StandinState {
  ready: boolean;
  pid: number;
  appEvents: string[];
  uncaught: string[];
  dialogs: Array<{ kind: string; title: string; content: string }>;
  shell: Array<{ kind: string; target: string }>;
  console: Array<{ windowId: number; type: string; text: string }>;
  ipc: Array<{ channel: string; senderId: number; frameUrl: string; ok: boolean; error?: string }>;
  trays: TrayRecord[];
  notifications: NotificationRecord[];
  windows: Array<{ id: number; webContentsId: number; visible: boolean; url: string; title: string; options: Record<string, unknown> }>;
}

type Step = [string, unknown[]];

function encode(v: unknown): unknown {
  if (v instanceof RegExp) return { $regex: v.source, flags: v.flags };
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}

/** A Playwright locator in the app's window, driven through the stand-in. */
export class RemoteLocator {
  constructor(
    private readonly app: RunningApp,
    private readonly steps: Step[],
    private readonly window?: number,
  ) {}
  private then_(method: string, ...args: unknown[]): RemoteLocator {
    return new RemoteLocator(this.app, [...this.steps, [method, args.map(encode)]], this.window);
  }
  private run<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.app.call('page', { window: this.window, steps: [...this.steps, [method, args.map(encode)]] }) as Promise<T>;
  }
  locator(selector: string, options?: { hasText?: string | RegExp }): RemoteLocator {
    return options ? this.then_('locator', selector, options) : this.then_('locator', selector);
  }
  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean }): RemoteLocator {
    return options ? this.then_('getByRole', role, options) : this.then_('getByRole', role);
  }
  getByTestId(id: string): RemoteLocator {
    return this.then_('getByTestId', id);
  }
  getByText(text: string | RegExp): RemoteLocator {
    return this.then_('getByText', text);
  }
  getByLabel(text: string | RegExp): RemoteLocator {
    return this.then_('getByLabel', text);
  }
  filter(options: { hasText?: string | RegExp }): RemoteLocator {
    return this.then_('filter', options);
  }
  first(): RemoteLocator {
    return this.then_('first');
  }
  nth(i: number): RemoteLocator {
    return this.then_('nth', i);
  }
  click(options: Record<string, unknown> = {}): Promise<void> {
    return this.run('click', options);
  }
  fill(value: string): Promise<void> {
    return this.run('fill', value);
  }
  press(key: string): Promise<void> {
    return this.run('press', key);
  }
  check(): Promise<void> {
    return this.run('check');
  }
  selectOption(value: string): Promise<void> {
    return this.run('selectOption', value);
  }
  waitFor(options: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number } = {}): Promise<void> {
    return this.run('waitFor', { timeout: 15_000, ...options });
  }
  textContent(): Promise<string | null> {
    return this.run('textContent');
  }
  innerText(): Promise<string> {
    return this.run('innerText');
  }
  getAttribute(name: string): Promise<string | null> {
    return this.run('getAttribute', name);
  }
  inputValue(): Promise<string> {
    return this.run('inputValue');
  }
  count(): Promise<number> {
    return this.run('count');
  }
  isVisible(): Promise<boolean> {
    return this.run('isVisible');
  }
  /** fn is page-side source, e.g. '(el) => el.scrollTop'. */
  evaluate<T>(fn: string, arg?: unknown): Promise<T> {
    return this.run('evaluate', fn, arg);
  }
}

export interface RunningApp {
  readonly pid: number;
  readonly userData: string;
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  call(op: string, args?: Record<string, unknown>): Promise<unknown>;
  state(): Promise<StandinState>;
  /** Polls the stand-in's state until `check` passes (bounded). */
  waitForState(check: (s: StandinState) => boolean, label: string, timeoutMs?: number): Promise<StandinState>;
  /** The app's main window (the first window) or another by id. */
  page(window?: number): RemoteLocator;
  screenshot(path: string, window?: number): Promise<void>;
  clickTrayItem(...path: string[]): Promise<void>;
  clickNotification(index: number): Promise<void>;
  /** Next 'exiting' report (app.quit/exit reached the end); the process waits until proceed(). */
  holdExit(): Promise<{ exiting: Promise<number>; proceed(): void }>;
  /** Ends the app if it still runs (app.exit, then SIGTERM, then SIGKILL) and waits for it. */
  close(): Promise<void>;
}

export function tempUserData(): string {
  return mkdtempSync(join(tmpdir(), 'llm-log-tray-standin-'));
}

export async function launchApp(opts: LaunchOptions = {}): Promise<RunningApp> {
  if (!existsSync(MAIN) || !existsSync(PRELOAD) || !existsSync(RENDERER_HTML)) {
    throw new Error('the built app is missing: run `npm run build` first');
  }
  const userData = opts.userData ?? tempUserData();
  const child: ChildProcess = fork(opts.main ?? MAIN, [...(opts.args ?? [])], {
    cwd: ROOT,
    execArgv: ['--import', REGISTER],
    env: {
      ...process.env,
      STANDIN_USER_DATA: userData,
      STANDIN_LOCALE: opts.locale ?? 'en-US',
      ELECTRON_RENDERER_URL: '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (output.stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (output.stderr += d));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const exitingWaiters: Array<(code: number) => void> = [];
  let nextId = 1;
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    child.on('exit', (code, signal) => {
      alive = false;
      for (const p of pending.values()) p.reject(new Error(`the app exited (code ${code}, signal ${signal})\n${output.stderr.slice(-2000)}`));
      pending.clear();
      res({ code, signal });
    });
  });
  child.on('message', (msg: unknown) => {
    if (!msg || typeof msg !== 'object') return;
    const m = msg as { __standin?: number; ok?: boolean; result?: unknown; error?: string; __standinEvent?: string; code?: number };
    if (typeof m.__standin === 'number') {
      const p = pending.get(m.__standin);
      pending.delete(m.__standin);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new Error(m.error));
    } else if (m.__standinEvent === 'exiting') {
      for (const w of exitingWaiters.splice(0)) w(m.code ?? 0);
    }
  });

  const call = (op: string, args: Record<string, unknown> = {}): Promise<unknown> =>
    new Promise((res, rej) => {
      if (!alive) {
        rej(new Error(`the app is not running\n${output.stderr.slice(-2000)}`));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve: res, reject: rej });
      child.send({ __standin: id, op, args });
    });
  const state = () => call('state') as Promise<StandinState>;

  const running: RunningApp = {
    pid: child.pid ?? -1,
    userData,
    output,
    exited,
    call,
    state,
    async waitForState(check, label, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: StandinState | null = null;
      for (;;) {
        last = await state();
        if (check(last)) return last;
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${label}; last state: ${JSON.stringify({ trays: last.trays.map((t) => ({ image: t.image, tooltip: t.tooltip })), notifications: last.notifications, windows: last.windows.map((w) => ({ id: w.id, visible: w.visible, url: w.url })), appEvents: last.appEvents })}\nstderr: ${output.stderr.slice(-1500)}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    page: (window?: number) => new RemoteLocator(running, [], window),
    async screenshot(path, window) {
      await call('screenshot', { path, window });
    },
    async clickTrayItem(...path) {
      await call('tray-menu-click', { path });
    },
    async clickNotification(index) {
      await call('notification-click', { index });
    },
    async holdExit() {
      await call('hold-exit');
      const exiting = new Promise<number>((r) => exitingWaiters.push(r));
      return { exiting, proceed: () => child.send({ __standinEvent: 'proceed' }) };
    },
    async close() {
      if (!alive) return;
      const wait = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
      await call('exit', { code: 0 }).catch(() => undefined);
      if (await wait(10_000)) return;
      // Playwright's SIGTERM handler closes Chromium before the process ends.
      child.kill('SIGTERM');
      if (await wait(5_000)) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  if (opts.waitReady === false) return running;
  await running.waitForState((s) => s.ready, 'the app to be ready', 30_000).catch(async (error: unknown) => {
    await running.close();
    throw error;
  });
  return running;
}
