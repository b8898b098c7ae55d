// Every timer the demo server arms goes through a bag, so close() can cancel all of them at once.
export class TimerBag {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  set(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.max(0, ms));
    this.timers.add(t);
    return t;
  }

  clear(t: ReturnType<typeof setTimeout>): void {
    clearTimeout(t);
    this.timers.delete(t);
  }

  clearAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}

/**
 * Epoch-seconds float timestamps like Python's time.time(): sub-millisecond digits from the seeded
 * random source, never going backwards (a burst gets strictly increasing values).
 */
export function createStamper(now: () => number, random: () => number): () => number {
  let last = 0;
  return () => {
    const candidate = now() / 1000 + random() * 0.0002;
    last = candidate > last ? candidate : last + 0.000001;
    return last;
  };
}
