// What the user has not looked at yet: live error lines per model and failures not yet seen.
// Opening a model's tab acknowledges both.
import type { TrayUnread } from '../core/tray-state.js';
import type { ModelKey, MonitorEvent } from '../core/types.js';

export interface UnreadTracker extends TrayUnread {
  handle(event: MonitorEvent): void;
  acknowledge(key: ModelKey, failedNow: boolean): void;
}

export function createUnreadTracker(): UnreadTracker {
  const errors = new Map<ModelKey, number>();
  const acknowledgedFailed = new Set<ModelKey>();
  const onStatus = (key: ModelKey, failed: boolean) => {
    // A new failure after a restart must alert again.
    if (!failed) acknowledgedFailed.delete(key);
  };
  return {
    errors,
    acknowledgedFailed,
    handle(event) {
      if (event.type === 'lines') {
        let n = 0;
        for (const e of event.entries) {
          if (e.kind === 'line' && e.origin === 'live' && e.level === 'error' && !e.continuation) n++;
        }
        if (n > 0) errors.set(event.key, (errors.get(event.key) ?? 0) + n);
      } else if (event.type === 'status') {
        onStatus(event.status.key, event.status.lifecycle === 'failed');
      } else if (event.type === 'models') {
        for (const s of event.models) onStatus(s.key, s.lifecycle === 'failed');
      }
    },
    acknowledge(key, failedNow) {
      errors.delete(key);
      if (failedNow) acknowledgedFailed.add(key);
    },
  };
}
