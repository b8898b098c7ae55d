// What every part of the monitor shares: the injected ports, the current policy and the one event
// stream. Built once by createMonitor (monitor.ts) and handed to each unit; nothing here is global.
import type { Clock, ConnectionPolicy, DiagnosticLogger, FetchLike, Random } from '../ports.js';
import type { MonitorEvent } from '../types.js';

export interface MonitorContext {
  readonly clock: Clock;
  readonly random: Random;
  readonly fetch: FetchLike;
  /** For start/stop/clear requests (see MonitorOptions.controlFetch). */
  readonly controlFetch: FetchLike | undefined;
  readonly logger: DiagnosticLogger;
  /** Whether models read vitals from their logs (MonitorOptions.vitals). */
  readonly vitals: boolean;
  /** Whether vitals events carry their samples (MonitorOptions.vitalsSamples). */
  readonly vitalsSamples: boolean;
  /** The policy now: settings may change it while the monitor runs. */
  policy(): ConnectionPolicy;
  /** Between start() and stop(): timers re-arm only while this holds. */
  running(): boolean;
  emit(event: MonitorEvent): void;
}
