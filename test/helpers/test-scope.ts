// What a test starts, stopped after it: one afterEach that runs every cleanup the test registered,
// in reverse order of starting (a monitor stops before the server it watches closes). The leak
// check (leak-check.ts) then finds nothing left.
import { afterEach } from 'vitest';
import { createMonitor } from '../../main/core/monitor.js';
import type { Monitor, MonitorOptions } from '../../main/core/ports.js';
import type { MonitorEvent } from '../../main/core/types.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../main/demo/server.js';

export interface TestScope {
  /** Runs `cleanup` after the test. */
  defer(cleanup: () => unknown): void;
  /** Anything with a close() (a server, a proxy): closed after the test. */
  closeAfter<T extends { close(): unknown }>(thing: T): T;
  /** A demo server (`port: 0` unless given), closed after the test. */
  demo(opts: DemoServerOptions): Promise<DemoServer>;
  /** A started monitor with every event it emits recorded; stopped after the test. */
  monitor(opts: MonitorOptions): Promise<{ readonly monitor: Monitor; readonly events: MonitorEvent[] }>;
}

/** Call once at the top of a test file (it registers the afterEach hook). */
export function testScope(): TestScope {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const defer = (cleanup: () => unknown): void => {
    cleanups.push(cleanup);
  };
  const closeAfter = <T extends { close(): unknown }>(thing: T): T => {
    defer(() => thing.close());
    return thing;
  };
  return {
    defer,
    closeAfter,
    async demo(opts) {
      return closeAfter(await startDemoServer({ port: 0, ...opts }));
    },
    async monitor(opts) {
      const monitor = createMonitor(opts);
      const events: MonitorEvent[] = [];
      monitor.subscribe((e) => events.push(e));
      defer(() => monitor.stop());
      await monitor.start();
      return { monitor, events };
    },
  };
}
