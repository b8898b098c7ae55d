// Ports the app controller drives. Electron implements them in main/electron/**; the e2e harness and
// the tests implement them with recording fakes.
import type { EventChannel, EventPayloads } from '../../contract/ipc.js';
import type { TrayState } from '../core/tray-state.js';
import type { ModelKey } from '../core/types.js';

export type WindowView = 'logs' | 'stats' | 'settings';

export interface TrayPort {
  update(state: TrayState): void;
}

export interface WindowPort {
  /** Shows (creating if needed) and focuses the window, then navigates. */
  show(view: WindowView, key?: ModelKey, seq?: number): void;
}

/** main → renderer events (webContents.send in Electron, the WebSocket bridge in e2e). */
export interface RendererSink {
  send<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void;
}

export interface DemoServerHandle {
  readonly url: string;
  close(): Promise<void>;
}
