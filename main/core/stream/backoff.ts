// The one reconnect policy: base interval, exponential growth with jitter for failures, capped;
// a flat (jittered) interval while the model is simply not running, so startup is noticed promptly;
// max attempts (0 = unlimited); reset after a successful connection.
import type { Clock, ConnectionPolicy, Random, TimerHandle } from '../ports.js';

export type RetryKind = 'failure' | 'not-running';

/** Delay before retry number `failures` (1 = first retry). Pure, for tests and the scheduler. */
export function retryDelay(failures: number, kind: RetryKind, policy: ConnectionPolicy, random: Random): number {
  const base = Math.max(1, policy.retryIntervalMs);
  const cap = Math.max(base, policy.backoffCapMs);
  const growth = kind === 'failure' ? 2 ** Math.min(30, Math.max(0, failures - 1)) : 1;
  const exp = Math.min(cap, base * growth);
  // ±20 % jitter keeps many models (and many tray apps) from retrying in lock-step.
  const jittered = exp * (0.8 + 0.4 * clamp01(random()));
  return Math.max(1, Math.round(Math.min(cap, jittered)));
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(Math.max(x, 0), 0.999_999) : 0.5;
}

export class RetryScheduler {
  private timer: TimerHandle | null = null;
  private failuresInRow = 0;
  private attemptsSinceSuccess = 0;
  private due: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly policy: () => ConnectionPolicy,
  ) {}

  /** Counts a connection attempt (call when one starts). */
  noteAttempt(): void {
    this.attemptsSinceSuccess++;
  }

  /** The connection worked: next failure starts from the base interval again. */
  noteSuccess(): void {
    this.failuresInRow = 0;
    this.attemptsSinceSuccess = 0;
  }

  /** True when max attempts is set and used up. */
  exhausted(): boolean {
    const max = this.policy().maxAttempts;
    return max > 0 && this.attemptsSinceSuccess >= max;
  }

  /**
   * Schedule `fn` after the policy's delay. Returns the due time, or null when the attempts are
   * used up (nothing scheduled).
   */
  schedule(kind: RetryKind, fn: () => void): number | null {
    this.cancel();
    if (this.exhausted()) return null;
    if (kind === 'failure') this.failuresInRow++;
    else this.failuresInRow = 0;
    const delay = retryDelay(Math.max(1, this.failuresInRow), kind, this.policy(), this.random);
    this.due = this.clock.now() + delay;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.due = null;
      fn();
    }, delay);
    return this.due;
  }

  /** Forget the attempt budget (user asked to reconnect, or the model re-appeared). */
  resetBudget(): void {
    this.attemptsSinceSuccess = 0;
    this.failuresInRow = 0;
  }

  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.due = null;
  }

  nextAt(): number | null {
    return this.due;
  }
}
