// Renderer → main commands. One ipcMain.handle per contract channel; every call is checked for its
// channel, its sender (only our window's webContents) and its payload before reaching the handler.
import {
  commandChannels,
  isCommandChannel,
  validateCommand,
  type CommandChannel,
  type CommandResults,
} from '../../contract/ipc.js';

export interface IpcInvokeEventLike {
  readonly sender: { readonly id: number };
  /** Electron's WebFrameMain of the sender; null once that frame navigated away or was destroyed. */
  readonly senderFrame?: { readonly url: string; readonly parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcRouterDeps {
  handleCommand<C extends CommandChannel>(channel: C, payload: unknown): Promise<CommandResults[C]>;
  /** webContents id of our window; anything else is refused. */
  allowedSenderId(): number | null;
  /**
   * When given, the sending frame must be the window's top frame showing our page (an iframe or a
   * page navigated elsewhere inside our webContents is refused).
   */
  allowedUrl?(url: string): boolean;
  /** Refusals are logged, never thrown at the sender as internals. */
  onRejected?(reason: string): void;
}

export interface IpcRouter {
  dispatch(event: IpcInvokeEventLike, channel: unknown, payload: unknown): Promise<unknown>;
  register(ipcMain: IpcMainLike): () => void;
}

export function createIpcRouter(deps: IpcRouterDeps): IpcRouter {
  const reject = (reason: string): Promise<never> => {
    deps.onRejected?.(reason);
    return Promise.reject(new Error(reason));
  };
  const dispatch = (event: IpcInvokeEventLike, channel: unknown, payload: unknown): Promise<unknown> => {
    if (!isCommandChannel(channel)) return reject(`unknown channel: ${String(channel).slice(0, 100)}`);
    const allowed = deps.allowedSenderId();
    if (allowed === null || event.sender.id !== allowed) return reject(`refused ${channel} from sender ${event.sender.id}`);
    if (deps.allowedUrl) {
      const frame = event.senderFrame;
      if (!frame) return reject(`refused ${channel}: sender frame is gone`);
      if (frame.parent !== null) return reject(`refused ${channel} from a subframe`);
      if (!deps.allowedUrl(frame.url)) return reject(`refused ${channel} from ${frame.url.slice(0, 100)}`);
    }
    const valid = validateCommand(channel, payload);
    if (!valid.ok) return reject(valid.error);
    return deps.handleCommand(channel, valid.payload);
  };
  return {
    dispatch,
    register(ipcMain) {
      for (const channel of commandChannels) {
        ipcMain.handle(channel, (event, payload) => dispatch(event, channel, payload));
      }
      return () => {
        for (const channel of commandChannels) ipcMain.removeHandler(channel);
      };
    },
  };
}
