import { describe, expect, it } from 'vitest';
import { installLifecycle, type LifecycleAppLike } from '../../../main/electron/lifecycle.js';

type Listener = (...args: never[]) => unknown;

class FakeApp implements LifecycleAppLike {
  readonly listeners = new Map<string, Listener[]>();
  quits = 0;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
  /** Like Electron: quit() emits before-quit; the app exits unless a listener prevented it. */
  exited = false;
  quit(): void {
    this.quits++;
    const e = { prevented: false, preventDefault: () => void (e.prevented = true) };
    this.fire('before-quit', e);
    if (!e.prevented) this.exited = true;
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function setup(stop: () => Promise<void> = async () => undefined) {
  const app = new FakeApp();
  const shown: number[] = [];
  const timers: Array<() => void> = [];
  const errors: string[] = [];
  const order: string[] = [];
  const lifecycle = installLifecycle({
    app,
    showWindow: () => void shown.push(1),
    stop: async () => {
      order.push('stop');
      await stop();
      order.push('stopped');
    },
    afterStop: () => void order.push('tray destroyed'),
    setTimeout: (fn) => void timers.push(fn),
    onError: (m) => void errors.push(m),
  });
  return { app, shown, timers, errors, order, lifecycle };
}

describe('app lifecycle (tray app)', () => {
  it('closing the last window does not quit: a window-all-closed listener exists and does nothing', () => {
    const { app } = setup();
    expect(app.listeners.get('window-all-closed')).toHaveLength(1);
    app.fire('window-all-closed');
    expect(app.quits).toBe(0);
    expect(app.exited).toBe(false);
  });

  it('Quit stops the monitor first, then really quits; windows close for real once quitting', async () => {
    const { app, order, lifecycle } = setup();
    expect(lifecycle.isQuitting()).toBe(false);
    app.quit();
    expect(lifecycle.isQuitting()).toBe(true);
    expect(app.exited).toBe(false);
    await flush();
    expect(order).toEqual(['stop', 'stopped', 'tray destroyed']);
    expect(app.quits).toBe(2);
    expect(app.exited).toBe(true);
  });

  it('a second Quit while stopping does not stop twice', async () => {
    const { app, order } = setup();
    app.quit();
    app.quit();
    await flush();
    expect(order.filter((o) => o === 'stop')).toHaveLength(1);
    expect(app.exited).toBe(true);
  });

  it('a failing stop still quits, and says why', async () => {
    const { app, errors } = setup(() => Promise.reject(new Error('boom')));
    app.quit();
    await flush();
    expect(errors).toEqual(['stopping failed']);
    expect(app.exited).toBe(true);
  });

  it('a stop that never settles cannot keep the app alive: the deadline quits', async () => {
    const { app, timers, errors } = setup(() => new Promise<void>(() => undefined));
    app.quit();
    await flush();
    expect(app.exited).toBe(false);
    expect(timers).toHaveLength(1);
    timers[0]?.();
    expect(app.exited).toBe(true);
    expect(errors[0]).toMatch(/quitting anyway/);
  });

  it('a second launch shows the window (queued until startup is done)', () => {
    const { app, shown, lifecycle } = setup();
    app.fire('second-instance');
    expect(shown).toEqual([]);
    lifecycle.markReady();
    expect(shown).toHaveLength(1);
    app.fire('second-instance');
    expect(shown).toHaveLength(2);
  });

  it('macOS activate (dock click) shows a hidden window, but not during startup (keeps start-hidden)', () => {
    const { app, shown, lifecycle } = setup();
    app.fire('activate', {}, false);
    expect(shown).toEqual([]);
    lifecycle.markReady();
    expect(shown).toEqual([]);
    app.fire('activate', {}, true);
    expect(shown).toEqual([]);
    app.fire('activate', {}, false);
    expect(shown).toHaveLength(1);
  });
});
