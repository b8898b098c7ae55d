import { describe, expect, it } from 'vitest';
import { createIpcRouter, type IpcMainLike } from '../../../main/electron/ipc-router.js';
import { commandChannels, type CommandChannel } from '../../../contract/ipc.js';

function setup(windowId: number | null = 3) {
  const handled: Array<[CommandChannel, unknown]> = [];
  const rejected: string[] = [];
  const router = createIpcRouter({
    handleCommand: async (channel, payload) => {
      handled.push([channel, payload]);
      return { ok: true } as never;
    },
    allowedSenderId: () => windowId,
    onRejected: (r) => void rejected.push(r),
  });
  return { router, handled, rejected };
}
const from = (id: number) => ({ sender: { id } });

describe('IPC router', () => {
  it('passes a valid command from our window to handleCommand', async () => {
    const { router, handled } = setup();
    await expect(router.dispatch(from(3), 'model:start', { key: 'local/a' })).resolves.toEqual({ ok: true });
    expect(handled).toEqual([['model:start', { key: 'local/a' }]]);
  });

  it('rejects unknown channels', async () => {
    const { router, handled, rejected } = setup();
    await expect(router.dispatch(from(3), 'shell:exec', { cmd: 'rm -rf /' })).rejects.toThrow(/unknown channel/);
    await expect(router.dispatch(from(3), '__proto__', {})).rejects.toThrow(/unknown channel/);
    await expect(router.dispatch(from(3), 42, {})).rejects.toThrow(/unknown channel/);
    expect(handled).toEqual([]);
    expect(rejected).toHaveLength(3);
  });

  it('rejects senders other than our window, and everything while there is no window', async () => {
    const { router, handled } = setup();
    await expect(router.dispatch(from(4), 'app:get-state', {})).rejects.toThrow(/refused app:get-state from sender 4/);
    const none = setup(null);
    await expect(none.router.dispatch(from(3), 'app:get-state', {})).rejects.toThrow(/refused/);
    expect(handled).toEqual([]);
    expect(none.handled).toEqual([]);
  });

  it('rejects invalid payloads with the validation message', async () => {
    const { router, handled } = setup();
    await expect(router.dispatch(from(3), 'logs:clear-server', { key: 'local/a', keepMinutes: -1 })).rejects.toThrow(
      /invalid payload for logs:clear-server: keepMinutes/,
    );
    await expect(router.dispatch(from(3), 'model:start', { key: 'a', more: true })).rejects.toThrow(/invalid payload/);
    await expect(router.dispatch(from(3), 'app:open-external', { url: 'not a url' })).rejects.toThrow(/invalid payload/);
    expect(handled).toEqual([]);
  });

  it('registers exactly one handler per contract channel and removes them again', async () => {
    const { router, handled } = setup();
    const handlers = new Map<string, (e: { sender: { id: number } }, ...args: unknown[]) => Promise<unknown>>();
    const ipcMain: IpcMainLike = {
      handle: (c, l) => void handlers.set(c, l),
      removeHandler: (c) => void handlers.delete(c),
    };
    const unregister = router.register(ipcMain);
    expect([...handlers.keys()].sort()).toEqual([...commandChannels].sort());
    await handlers.get('settings:get')?.(from(3), {});
    await expect(handlers.get('settings:get')?.(from(9), {})).rejects.toThrow(/refused/);
    expect(handled).toEqual([['settings:get', {}]]);
    unregister();
    expect(handlers.size).toBe(0);
  });
});

describe('IPC router: sender frame', () => {
  const page = 'file:///app/out/renderer/index.html';
  const make = () => {
    const handled: unknown[] = [];
    const rejected: string[] = [];
    const router = createIpcRouter({
      handleCommand: async (channel) => {
        handled.push(channel);
        return { ok: true } as never;
      },
      allowedSenderId: () => 3,
      allowedUrl: (u) => u.startsWith(page),
      onRejected: (r) => void rejected.push(r),
    });
    return { router, handled, rejected };
  };
  it('accepts our top frame showing our page', async () => {
    const { router, handled } = make();
    await router.dispatch({ sender: { id: 3 }, senderFrame: { url: `${page}#x`, parent: null } }, 'settings:get', {});
    expect(handled).toEqual(['settings:get']);
  });
  it('refuses subframes, other pages in our webContents, and a frame that is gone', async () => {
    const { router, handled, rejected } = make();
    await expect(router.dispatch({ sender: { id: 3 }, senderFrame: { url: page, parent: {} } }, 'settings:get', {})).rejects.toThrow(/subframe/);
    await expect(router.dispatch({ sender: { id: 3 }, senderFrame: { url: 'https://evil.example/', parent: null } }, 'settings:get', {})).rejects.toThrow(/evil/);
    await expect(router.dispatch({ sender: { id: 3 }, senderFrame: null }, 'settings:get', {})).rejects.toThrow(/gone/);
    expect(handled).toEqual([]);
    expect(rejected).toHaveLength(3);
  });
});
