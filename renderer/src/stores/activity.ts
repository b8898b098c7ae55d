// What the window saw of each model since it started: health over time (for uptime and the status
// history bar) and lines / errors per minute by the lines' own times (history included), for the
// statistics cards. Fed by sync from the monitor events; nothing here talks to the main process.
import { modelHealth } from '../../../contract/domain.js';
import type { ModelHealth } from '../../../main/core/model-health.js';
import type { LogEntry, ModelKey, ModelStatus } from '../../../main/core/types.js';

export interface HealthPoint {
  readonly ts: number;
  readonly health: ModelHealth;
}

interface Minute {
  lines: number;
  errors: number;
}

const KEEP_MINUTES = 24 * 60;

export class Activity {
  private readonly health = new Map<ModelKey, HealthPoint[]>();
  private readonly minutes = new Map<ModelKey, Map<number, Minute>>();
  private version = 0;

  constructor(private readonly now: () => number) {}

  /** Record the health of each model (only changes are kept). */
  observe(models: readonly ModelStatus[]): void {
    const ts = this.now();
    for (const m of models) {
      const h = modelHealth(m);
      const list = this.health.get(m.key) ?? [];
      if (list[list.length - 1]?.health !== h) {
        list.push({ ts, health: h });
        this.health.set(m.key, list);
        this.version++;
      }
    }
  }

  /** Count lines and error heads per minute of their timestamps. */
  record(key: ModelKey, entries: readonly LogEntry[]): void {
    let map = this.minutes.get(key);
    if (!map) {
      map = new Map();
      this.minutes.set(key, map);
    }
    for (const e of entries) {
      if (e.kind !== 'line') continue;
      const minute = Math.floor(e.ts / 60_000);
      const b = map.get(minute) ?? { lines: 0, errors: 0 };
      b.lines++;
      if (e.level === 'error' && !e.continuation) b.errors++;
      map.set(minute, b);
    }
    if (map.size > KEEP_MINUTES) {
      const cutoff = Math.floor(this.now() / 60_000) - KEEP_MINUTES;
      for (const k of map.keys()) if (k < cutoff) map.delete(k);
    }
    this.version++;
  }

  changes(): number {
    return this.version;
  }

  healthHistory(key: ModelKey): readonly HealthPoint[] {
    return this.health.get(key) ?? [];
  }

  /** Share of the observed time (since the first observation) the model was ready, 0..1, or null. */
  uptime(key: ModelKey): number | null {
    const list = this.health.get(key);
    const first = list?.[0];
    if (!list || !first) return null;
    const end = this.now();
    const total = end - first.ts;
    if (total <= 0) return first.health === 'ready' ? 1 : 0;
    let ready = 0;
    list.forEach((p, i) => {
      const until = list[i + 1]?.ts ?? end;
      if (p.health === 'ready') ready += until - p.ts;
    });
    return ready / total;
  }

  /** Errors and lines per minute over the last `count` minutes (oldest first). */
  perMinute(key: ModelKey, count: number): { xs: number[]; errors: number[]; lines: number[] } {
    const map = this.minutes.get(key);
    const last = Math.floor(this.now() / 60_000);
    const xs: number[] = [];
    const errors: number[] = [];
    const lines: number[] = [];
    for (let m = last - count + 1; m <= last; m++) {
      const b = map?.get(m);
      xs.push(m * 60_000);
      errors.push(b?.errors ?? 0);
      lines.push(b?.lines ?? 0);
    }
    return { xs, errors, lines };
  }
}
