// Coalesces monitor events for the renderer: at most one `monitor:events` message per interval,
// each with a sequence number one higher than the last so the renderer can detect a gap.
import type { Clock, TimerHandle } from '../core/ports.js';
import type { MonitorEvent } from '../core/types.js';

/**
 * What the window gets of an event. It reads a vitals event's summary only (the tab's sparkline; the
 * Vitals view fetches the series itself, `vitals:get`): the samples are left out. At 20 models × 1,000
 * lines/s they were about 1,200 sample objects a second for the IPC to copy, and held until the batch
 * went they outlived young-generation collections (BENCHMARKS.md, vitals).
 */
export function forWindow(event: MonitorEvent): MonitorEvent {
  return event.type === 'vitals' && event.samples.length > 0 ? { ...event, samples: [] } : event;
}

export interface EventBatcher {
  push(event: MonitorEvent): void;
  /** Sends what is pending now (before a state snapshot is taken). */
  flush(): void;
  /** Sequence number of the last batch sent (0 = none yet). */
  seq(): number;
  dispose(): void;
}

export function createEventBatcher(
  clock: Clock,
  intervalMs: number,
  send: (batch: { readonly seq: number; readonly events: readonly MonitorEvent[] }) => void,
): EventBatcher {
  let pending: MonitorEvent[] = [];
  let timer: TimerHandle | null = null;
  let seq = 0;
  const flush = () => {
    if (timer !== null) {
      clock.clearTimeout(timer);
      timer = null;
    }
    if (pending.length === 0) return;
    const events = pending;
    pending = [];
    seq += 1;
    send({ seq, events });
  };
  return {
    push(event) {
      pending.push(event);
      timer ??= clock.setTimeout(flush, intervalMs);
    },
    flush,
    seq: () => seq,
    dispose() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}
