// Running statistics of one model's log (product.md §4 "Statistics"): cumulative counters, a
// 10-second live rate on the injected clock, the last error and error groups by signature.
import type { Clock } from '../ports.js';
import type { ErrorGroup, Level, LogLine, ModelLastError, ModelStats, SignatureId } from '../types.js';
import { signatureDef } from './signatures.js';

/** The part of ModelStats the logbook knows, plus what it evicted and what is unread. */
export type LogbookStats = Pick<ModelStats, 'lines' | 'linesPerSecond' | 'lastError' | 'errorGroups' | 'gaps' | 'buffered'> & {
  readonly errorsPerMinute: NonNullable<ModelStats['errorsPerMinute']>;
  readonly evicted: number;
  readonly unreadErrors: number;
};

const RATE_WINDOW_S = 10;
const MINUTE_MS = 60_000;
/** Error minutes kept: a day's worth (only minutes that had errors take room). */
const KEEP_MINUTES = 24 * 60;

interface MutableGroup {
  signature: SignatureId;
  count: number;
  firstSeen: number;
  lastSeen: number;
  example: string;
  exampleSeq: number;
}

export class LogStats {
  private total = 0;
  private history = 0;
  private live = 0;
  private readonly byLevel: Record<Level, number> = { error: 0, warning: 0, success: 0, info: 0 };
  private lastError: ModelLastError | null = null;
  private readonly groups = new Map<SignatureId, MutableGroup>();
  // Error heads per minute of their own timestamps (errors are rare: a map, touched only for them).
  private readonly errorMinutes = new Map<number, number>();
  private newestErrorMinute = -Infinity;
  private gapCount = 0;
  private evictedCount = 0;
  private unread = 0;
  // One bucket per wall-clock second, RATE_WINDOW_S of them, reused round-robin.
  private readonly bucketSecond = new Float64Array(RATE_WINDOW_S).fill(-1);
  private readonly bucketCount = new Uint32Array(RATE_WINDOW_S);

  constructor(private readonly clock: Clock) {}

  recordLine(line: LogLine): void {
    this.total++;
    if (line.origin === 'history') this.history++;
    else {
      this.live++;
      this.tickRate();
    }
    this.byLevel[line.level]++;
    // Continuations (stack frames) belong to their head: one error, not twenty.
    if (line.level !== 'error' || line.continuation === true) return;
    this.unread++;
    const sig = line.signature ?? 'generic-error';
    this.lastError = { ts: line.ts, text: line.text, seq: line.seq, signature: sig };
    this.countErrorMinute(line.ts);
    const g = this.groups.get(sig);
    if (g) {
      g.count++;
      g.firstSeen = Math.min(g.firstSeen, line.ts);
      g.lastSeen = Math.max(g.lastSeen, line.ts);
    } else {
      this.groups.set(sig, { signature: sig, count: 1, firstSeen: line.ts, lastSeen: line.ts, example: line.text, exampleSeq: line.seq });
    }
  }

  private countErrorMinute(ts: number): void {
    const minute = Math.floor(ts / MINUTE_MS);
    this.newestErrorMinute = Math.max(this.newestErrorMinute, minute);
    // Older than the day kept (by the newest error's time): not worth a bucket.
    if (minute <= this.newestErrorMinute - KEEP_MINUTES) return;
    this.errorMinutes.set(minute, (this.errorMinutes.get(minute) ?? 0) + 1);
    if (this.errorMinutes.size > KEEP_MINUTES) {
      for (const m of this.errorMinutes.keys()) if (m <= this.newestErrorMinute - KEEP_MINUTES) this.errorMinutes.delete(m);
    }
  }

  recordGap(): void {
    this.gapCount++;
  }

  recordEvicted(n: number): void {
    this.evictedCount += n;
  }

  get evicted(): number {
    return this.evictedCount;
  }

  unreadErrors(): number {
    return this.unread;
  }

  latestError(): ModelLastError | null {
    return this.lastError;
  }

  acknowledge(): void {
    this.unread = 0;
  }

  private tickRate(): void {
    const sec = Math.floor(this.clock.now() / 1000);
    const i = ((sec % RATE_WINDOW_S) + RATE_WINDOW_S) % RATE_WINDOW_S;
    if (this.bucketSecond[i] !== sec) {
      this.bucketSecond[i] = sec;
      this.bucketCount[i] = 0;
    }
    this.bucketCount[i] = (this.bucketCount[i] ?? 0) + 1;
  }

  linesPerSecond(): number {
    const now = Math.floor(this.clock.now() / 1000);
    let sum = 0;
    for (let i = 0; i < RATE_WINDOW_S; i++) {
      const sec = this.bucketSecond[i] ?? -1;
      if (sec > now - RATE_WINDOW_S && sec <= now) sum += this.bucketCount[i] ?? 0;
    }
    return sum / RATE_WINDOW_S;
  }

  snapshot(buffered: number): LogbookStats {
    const errorGroups: ErrorGroup[] = [...this.groups.values()]
      .map((g) => {
        const d = signatureDef(g.signature);
        return { ...g, hint: d.hint, hintKey: d.hintKey };
      })
      .sort((a, b) => b.lastSeen - a.lastSeen);
    return {
      lines: { total: this.total, history: this.history, live: this.live, byLevel: { ...this.byLevel } },
      linesPerSecond: this.linesPerSecond(),
      lastError: this.lastError ? { ...this.lastError } : null,
      errorGroups,
      errorsPerMinute: [...this.errorMinutes].sort((a, b) => a[0] - b[0]).map(([m, n]) => [m * MINUTE_MS, n] as const),
      gaps: this.gapCount,
      buffered,
      evicted: this.evictedCount,
      unreadErrors: this.unread,
    };
  }
}
