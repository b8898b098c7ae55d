// main → renderer events. Sending to a hidden window is fine (it keeps its state current); with no
// window nothing is sent and the renderer catches up through app:get-state when it opens.
import type { EventChannel, EventPayloads } from '../../contract/ipc.js';
import type { RendererSink } from '../app/ports.js';

export interface WebContentsTarget {
  send<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void;
}

export function createRendererSink(target: () => WebContentsTarget | null): RendererSink {
  return {
    send(channel, payload) {
      target()?.send(channel, payload);
    },
  };
}
