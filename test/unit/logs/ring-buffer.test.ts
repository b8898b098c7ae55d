import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../main/core/logs/ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the newest `cap` items in order and returns what it evicts', () => {
    const r = new RingBuffer<number>(3);
    expect([1, 2, 3].map((n) => r.push(n))).toEqual([undefined, undefined, undefined]);
    expect(r.push(4)).toBe(1);
    expect(r.push(5)).toBe(2);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.toArray(1)).toEqual([4, 5]);
    expect([r.at(0), r.at(2), r.at(3), r.last()]).toEqual([3, 5, undefined, 5]);
    expect(r.size).toBe(3);
  });

  it('shift, clear, retain', () => {
    const r = new RingBuffer<number>(4);
    for (let i = 1; i <= 6; i++) r.push(i);
    expect(r.shift()).toBe(3);
    expect(r.toArray()).toEqual([4, 5, 6]);
    expect(r.retain((n) => n % 2 === 0)).toBe(1);
    expect(r.toArray()).toEqual([4, 6]);
    r.push(7);
    r.push(8);
    expect(r.push(9)).toBe(4);
    r.clear();
    expect(r.size).toBe(0);
    expect(r.shift()).toBeUndefined();
  });

  it('resize keeps the newest and reports the dropped oldest first', () => {
    const r = new RingBuffer<number>(5);
    for (let i = 1; i <= 7; i++) r.push(i);
    expect(r.resize(2)).toEqual([3, 4, 5]);
    expect(r.toArray()).toEqual([6, 7]);
    expect(r.resize(4)).toEqual([]);
    r.push(8);
    r.push(9);
    expect(r.push(10)).toBe(6);
    expect(r.capacity).toBe(4);
  });

  it('matches a plain array model under random operations', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const cap = 7;
    const r = new RingBuffer<number>(cap);
    const model: number[] = [];
    for (let i = 0; i < 2000; i++) {
      if (rnd() < 0.8) {
        const ev = r.push(i);
        model.push(i);
        expect(ev).toBe(model.length > cap ? model.shift() : undefined);
      } else expect(r.shift()).toBe(model.shift());
      expect(r.toArray()).toEqual(model);
    }
  });

  it('rejects a bad capacity', () => {
    expect(() => new RingBuffer<number>(0)).toThrow(RangeError);
  });
});
