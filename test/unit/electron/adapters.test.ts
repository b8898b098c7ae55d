import { describe, expect, it } from 'vitest';
import type { AlertNotification } from '../../../main/core/alerts/notifier.js';
import type { TrayAction, TrayState } from '../../../main/core/tray-state.js';
import { createElectronNotifier, type NotificationOptions } from '../../../main/electron/notifier.js';
import { createElectronTray, type MenuTemplateItem } from '../../../main/electron/tray.js';
import { createRendererApi } from '../../../preload/api.js';
import { createRendererSink } from '../../../main/electron/renderer-sink.js';

const state = (icon: TrayState['icon'], label: string): TrayState => ({
  icon,
  tooltip: `tip ${label}`,
  menu: [
    { type: 'item', id: 'open:local/a', label, enabled: true, action: { kind: 'open-model', key: 'local/a' } },
    { type: 'separator', id: 's' },
    { type: 'submenu', id: 'pause', label: 'Pause', items: [{ type: 'item', id: 'pause:60', label: '1 h', enabled: true, action: { kind: 'pause', minutes: 60 } }] },
    { type: 'item', id: 'quit', label: 'Quit', enabled: true, action: { kind: 'quit' } },
  ],
});

function fakeTray(platform: string) {
  const calls: Array<[string, unknown]> = [];
  const clicks: Array<() => void> = [];
  const menus: MenuTemplateItem[][] = [];
  const actions: TrayAction[] = [];
  const tray = createElectronTray({
    createTray: (image: string) => {
      calls.push(['create', image]);
      return {
        setImage: (i: never) => void calls.push(['image', i]),
        setToolTip: (t: string) => void calls.push(['tooltip', t]),
        setContextMenu: (m: never) => void calls.push(['menu', m]),
        on: (_e: 'click', l: () => void) => void clicks.push(l),
        destroy: () => void calls.push(['destroy', null]),
      };
    },
    buildMenu: (t) => {
      menus.push(t);
      return { built: menus.length };
    },
    iconFor: (icon) => `/icons/${icon}.png`,
    onAction: (a) => void actions.push(a),
    platform,
  });
  return { tray, calls, clicks, menus, actions };
}

describe('tray adapter', () => {
  it('rebuilds a fresh menu on every update and switches the icon per state', () => {
    const { tray, calls, menus, actions } = fakeTray('win32');
    tray.update(state('ready', '● a — connected'));
    tray.update(state('failed', '● a — connected (1 error)'));
    expect(menus).toHaveLength(2);
    expect(menus[0]).not.toBe(menus[1]);
    expect(calls.filter(([k]) => k === 'menu').map(([, m]) => m)).toEqual([{ built: 1 }, { built: 2 }]);
    expect(calls.filter(([k]) => k === 'image').map(([, i]) => i)).toEqual(['/icons/ready.png', '/icons/failed.png']);
    expect(calls.filter(([k]) => k === 'tooltip').at(-1)).toEqual(['tooltip', 'tip ● a — connected (1 error)']);
    const last = menus[1] ?? [];
    expect(last.map((i) => i.type)).toEqual(['normal', 'separator', 'submenu', 'normal']);
    last[0]?.click?.();
    last[2]?.submenu?.[0]?.click?.();
    last[3]?.click?.();
    expect(actions).toEqual([{ kind: 'open-model', key: 'local/a' }, { kind: 'pause', minutes: 60 }, { kind: 'quit' }]);
  });

  it('a click opens the window on Windows; on macOS (click shows the menu) and Linux everything is in the menu', () => {
    const win = fakeTray('win32');
    win.clicks[0]?.();
    expect(win.actions).toEqual([{ kind: 'open-window' }]);
    const linux = fakeTray('linux');
    expect(linux.clicks).toHaveLength(0);
    // Electron ≥ 10 emits 'click' on macOS even with a menu set: a handler would open the window under the menu.
    expect(fakeTray('darwin').clicks).toHaveLength(0);
  });
});

describe('notifier adapter', () => {
  it('shows notifications and routes clicks to the model and line', () => {
    const created: Array<{ options: NotificationOptions; fire: (e: string) => void; shown: boolean }> = [];
    const clicked: AlertNotification[] = [];
    const notifier = createElectronNotifier({
      createNotification: (options) => {
        const handlers = new Map<string, () => void>();
        const rec = { options, shown: false, fire: (e: string) => handlers.get(e)?.() };
        created.push(rec);
        return {
          on: (e: 'click' | 'close', l: () => void) => void handlers.set(e, l),
          show: () => void (rec.shown = true),
        };
      },
      isSupported: () => true,
      onClick: (n) => void clicked.push(n),
    });
    const n: AlertNotification = { id: 'x', title: 'Qwen3-8B crashed', body: 'Segmentation fault', key: 'local/Qwen3-8B', seq: 12, urgency: 'critical' };
    notifier.show(n);
    expect(created[0]?.shown).toBe(true);
    expect(created[0]?.options).toMatchObject({ title: 'Qwen3-8B crashed', body: 'Segmentation fault', urgency: 'critical', timeoutType: 'never' });
    created[0]?.fire('click');
    expect(clicked).toEqual([n]);
  });
});

describe('renderer sink and preload API', () => {
  it('sends to the window when there is one', () => {
    const sent: unknown[] = [];
    let target: { send: (c: string, p: unknown) => void } | null = null;
    const sink = createRendererSink(() => target);
    sink.send('app:navigate', { view: 'logs' });
    target = { send: (c, p) => void sent.push([c, p]) };
    sink.send('app:navigate', { view: 'stats' });
    expect(sent).toEqual([['app:navigate', { view: 'stats' }]]);
  });

  it('invoke validates channel and payload before IPC; on returns an unsubscribe', async () => {
    const invoked: unknown[] = [];
    const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
    const api = createRendererApi({
      invoke: async (c, p) => {
        invoked.push([c, p]);
        return { ok: true };
      },
      on: (c, l) => listeners.set(c, (listeners.get(c) ?? new Set()).add(l)),
      removeListener: (c, l) => listeners.get(c)?.delete(l),
    });
    await expect(api.invoke('model:start', { key: 'local/a' })).resolves.toEqual({ ok: true });
    await expect(api.invoke('evil:channel' as 'model:start', { key: 'x' })).rejects.toThrow(/unknown channel/);
    // Payloads are validated in main (the router, test/unit/ipc): the preload forwards them as they are.
    await expect(api.invoke('model:start', { key: 5 } as never)).resolves.toEqual({ ok: true });
    expect(invoked).toEqual([['model:start', { key: 'local/a' }], ['model:start', { key: 5 }]]);

    const got: unknown[] = [];
    const off = api.on('app:navigate', (p) => got.push(p));
    for (const l of listeners.get('app:navigate') ?? []) l({ sender: 'secret' }, { view: 'logs' });
    off();
    for (const l of listeners.get('app:navigate') ?? []) l({}, { view: 'stats' });
    expect(got).toEqual([{ view: 'logs' }]);
    expect(() => api.on('nope' as 'app:navigate', () => undefined)).toThrow(/unknown event channel/);
  });
});
