// The renderer API the preload exposes (window.llmLogTray), built over an ipcRenderer-like object
// so it can be tested without Electron. Bundled into the CommonJS preload: only the channel names
// are runtime code here; payloads are validated in main (the IPC router), so no zod in the preload.
import { isCommandChannel, isEventChannel } from '../contract/channels.js';
import type { CommandChannel, CommandPayload, CommandResults, RendererApi } from '../contract/ipc.js';

export interface IpcRendererLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function createRendererApi(ipc: IpcRendererLike): RendererApi {
  const invoke = <C extends CommandChannel>(channel: C, payload: CommandPayload<C>): Promise<CommandResults[C]> => {
    if (!isCommandChannel(channel)) return Promise.reject(new Error(`unknown channel: ${String(channel)}`));
    return ipc.invoke(channel, payload) as Promise<CommandResults[C]>;
  };
  return {
    invoke,
    on(channel, listener) {
      if (!isEventChannel(channel)) throw new Error(`unknown event channel: ${String(channel)}`);
      // The IpcRendererEvent (with its sender) never reaches the page.
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
  };
}
