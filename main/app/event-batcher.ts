// Coalesces monitor events for the renderer: at most one `monitor:events` message per interval,
// each with a sequence number one higher than the last so the renderer can detect a gap.
import type { Clock, TimerHandle } from '../core/ports.js';
import type { MonitorEvent } from '../core/types.js';

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
