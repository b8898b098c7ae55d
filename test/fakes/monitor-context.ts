// The MonitorContext the monitor's units share (main/core/monitor/context.ts), for unit tests: a
// FakeClock, a policy the test can change, a running flag, and every emitted event recorded.
import type { MonitorContext } from '../../main/core/monitor/context.js';
import { DEFAULT_POLICY, type ConnectionPolicy } from '../../main/core/ports.js';
import type { MonitorEvent } from '../../main/core/types.js';
import { FakeClock } from './fake-clock.js';

type EventOf<T extends MonitorEvent['type']> = Extract<MonitorEvent, { type: T }>;

export function testContext(policy: Partial<ConnectionPolicy> = {}) {
  const clock = new FakeClock(1_000_000);
  const events: MonitorEvent[] = [];
  const warnings: string[] = [];
  let current: ConnectionPolicy = { ...DEFAULT_POLICY, ...policy };
  let running = true;
  const ctx: MonitorContext = {
    clock,
    random: () => 0.5,
    fetch: () => Promise.reject(new Error('no network in a unit test')),
    controlFetch: undefined,
    vitalsSamples: true,
    logger: { debug: () => {}, warn: (m) => warnings.push(m) },
    vitals: true,
    policy: () => current,
    running: () => running,
    emit: (e) => events.push(e),
  };
  return {
    ctx,
    clock,
    events,
    warnings,
    of<T extends MonitorEvent['type']>(type: T): Array<EventOf<T>> {
      return events.filter((e): e is EventOf<T> => e.type === type);
    },
    setPolicy(patch: Partial<ConnectionPolicy>) {
      current = { ...current, ...patch };
    },
    setRunning(on: boolean) {
      running = on;
    },
  };
}

/** Lets every pending promise callback run (the fakes answer in microtasks). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
