// The tray app's core process without Electron, for the fan-in and idle benchmarks: the real app
// controller (monitor with the app's policy, alerts, unread tracking, tray state, the 50 ms event
// batcher to the window) on in-memory settings, with the Electron ports replaced by stand-ins. What
// goes to the window is serialised with the V8 serializer, as Electron's IPC (structured clone) does
// in the main process, and handed to `onSend`.
import { serialize } from 'node:v8';
import { createAppController, type AppController } from '../../main/app/index.js';
import type { RendererSink } from '../../main/app/ports.js';
import { createMonitor } from '../../main/core/monitor.js';
import { systemClock, type Monitor } from '../../main/core/ports.js';
import { defaultSettings } from '../../main/core/settings/defaults.js';
import { createSettingsService } from '../../main/core/settings/service.js';
import { createMemoryStorage } from '../../main/core/settings/storage.js';
import type { EventChannel, EventPayloads } from '../../contract/ipc.js';

export interface AppCoreOptions {
  readonly url: string;
  /** Log lines held per model (the app's default: 20,000). */
  readonly bufferSize?: number;
  /** Read vitals from the logs (MonitorOptions.vitals; the app always does). */
  readonly vitals?: boolean;
  /** Models the user unwatched (keys `b/<model>`): not streamed. */
  readonly unwatched?: readonly string[];
  /** The monitor the controller created, before it starts (to listen to the core's own events). */
  onMonitor?(monitor: Monitor): void;
  /** Every message to the window, after it was serialised. */
  onSend?<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void;
}

export interface AppCore {
  readonly controller: AppController;
  /** Milliseconds spent serialising messages to the window (the IPC stand-in). */
  serializeMs(): number;
  stop(): Promise<void>;
}

export async function startAppCore(opts: AppCoreOptions): Promise<AppCore> {
  let serializeMs = 0;
  const sink: RendererSink = {
    send(channel, payload) {
      const t0 = performance.now();
      serialize(payload);
      serializeMs += performance.now() - t0;
      opts.onSend?.(channel, payload);
    },
  };
  const settings = createSettingsService(
    createMemoryStorage({
      ...defaultSettings(),
      servers: [{ id: 'b', name: 'bench', url: opts.url, headers: {} }],
      ...(opts.bufferSize !== undefined ? { bufferSize: opts.bufferSize } : {}),
      ...(opts.unwatched ? { unwatched: [...opts.unwatched] } : {}),
      firstRunDone: true,
      startHidden: true,
      language: 'en',
    }),
  );
  const controller = createAppController({
    createMonitor: (options) => {
      const monitor = createMonitor(opts.vitals === false ? { ...options, vitals: false } : options);
      opts.onMonitor?.(monitor);
      return monitor;
    },
    settings,
    notifier: { show: () => undefined },
    tray: { update: () => undefined },
    window: { show: () => undefined },
    sink,
    clock: systemClock,
    systemLocale: () => 'en-US',
  });
  await controller.start();
  return { controller, serializeMs: () => serializeMs, stop: () => controller.stop() };
}
