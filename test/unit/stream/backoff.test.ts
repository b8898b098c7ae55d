import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type ConnectionPolicy } from '../../../main/core/ports.js';
import { retryDelay, RetryScheduler } from '../../../main/core/stream/backoff.js';
import { FakeClock } from '../../fakes/fake-clock.js';

const policy: ConnectionPolicy = { ...DEFAULT_POLICY, retryIntervalMs: 1000, backoffCapMs: 10_000, maxAttempts: 0 };

describe('retryDelay', () => {
  it('grows exponentially for failures and stays within the jitter band and the cap', () => {
    expect(retryDelay(1, 'failure', policy, () => 0.5)).toBe(1000);
    expect(retryDelay(2, 'failure', policy, () => 0.5)).toBe(2000);
    expect(retryDelay(3, 'failure', policy, () => 0.5)).toBe(4000);
    expect(retryDelay(10, 'failure', policy, () => 0.5)).toBe(10_000);
    expect(retryDelay(10, 'failure', policy, () => 0.999)).toBe(10_000);
    expect(retryDelay(1, 'failure', policy, () => 0)).toBe(800);
    expect(retryDelay(1, 'failure', policy, () => 0.999)).toBe(1200);
  });

  it('does not grow while the model is just not running (startup detection stays prompt)', () => {
    expect(retryDelay(1, 'not-running', policy, () => 0.5)).toBe(1000);
    expect(retryDelay(50, 'not-running', policy, () => 0.5)).toBe(1000);
  });
});

describe('RetryScheduler with the fake clock', () => {
  it('fires after the delay, grows, resets after success', () => {
    const clock = new FakeClock(0);
    const s = new RetryScheduler(clock, () => 0.5, () => policy);
    const fired: number[] = [];
    s.noteAttempt();
    expect(s.schedule('failure', () => fired.push(clock.now()))).toBe(1000);
    expect(s.nextAt()).toBe(1000);
    clock.advance(999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([1000]);
    expect(s.nextAt()).toBeNull();
    s.noteAttempt();
    s.schedule('failure', () => fired.push(clock.now()));
    clock.advance(2000);
    expect(fired).toEqual([1000, 3000]);
    s.noteSuccess();
    s.noteAttempt();
    s.schedule('failure', () => fired.push(clock.now()));
    clock.advance(1000);
    expect(fired).toEqual([1000, 3000, 4000]);
  });

  it('stops after max attempts and can be re-armed', () => {
    const clock = new FakeClock(0);
    const s = new RetryScheduler(clock, () => 0.5, () => ({ ...policy, maxAttempts: 3 }));
    let runs = 0;
    const attempt = (): void => {
      runs++;
      s.noteAttempt();
      s.schedule('failure', attempt);
    };
    attempt();
    clock.advance(1_000_000);
    expect(runs).toBe(3);
    expect(s.exhausted()).toBe(true);
    expect(s.schedule('failure', attempt)).toBeNull();
    expect(clock.pending()).toBe(0);
    s.resetBudget();
    expect(s.schedule('failure', attempt)).not.toBeNull();
    clock.advance(1_000_000);
    expect(runs).toBe(6);
  });

  it('cancel clears the timer', () => {
    const clock = new FakeClock(0);
    const s = new RetryScheduler(clock, () => 0.5, () => policy);
    let fired = false;
    s.schedule('not-running', () => (fired = true));
    s.cancel();
    clock.advance(100_000);
    expect(fired).toBe(false);
    expect(clock.pending()).toBe(0);
  });

  it('reads the policy live', () => {
    const clock = new FakeClock(0);
    let p = policy;
    const s = new RetryScheduler(clock, () => 0.5, () => p);
    p = { ...policy, retryIntervalMs: 300 };
    expect(s.schedule('not-running', () => {})).toBe(300);
  });
});
