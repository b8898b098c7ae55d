import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fakes/fake-clock.js';

describe('FakeClock', () => {
  it('fires timers in time order and only when due', () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    const c = clock.setTimeout(() => fired.push('c'), 15);
    clock.clearTimeout(c);
    clock.advance(12);
    expect(fired).toEqual(['a']);
    clock.advance(10);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(22);
  });
});
