// Fixed-capacity FIFO with O(1) push and evict-oldest (a 20k-entry array with shift() per line would
// copy the whole array on every line). The storage grows with use (doubling up to the capacity), so
// 10,000 models that never print cost nothing: memory follows what is held, not the cap.

const MIN_STORAGE = 16;

export class RingBuffer<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(private cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${cap}`);
    this.items = [];
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Appends; returns the evicted oldest item when full, else undefined. */
  push(item: T): T | undefined {
    if (this.count === this.items.length && this.count < this.cap) this.grow();
    if (this.count < this.cap) {
      this.items[(this.head + this.count) % this.items.length] = item;
      this.count++;
      return undefined;
    }
    const evicted = this.items[this.head];
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.items.length;
    return evicted;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return item;
  }

  /** i = 0 is the oldest. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + i) % this.items.length];
  }

  /** Replace the item at i (i = 0 is the oldest); false when out of range. */
  set(i: number, item: T): boolean {
    if (i < 0 || i >= this.count) return false;
    this.items[(this.head + i) % this.items.length] = item;
    return true;
  }

  last(): T | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1);
  }

  /** Items from index `from` (oldest = 0) to the newest, as a new array. */
  toArray(from = 0): T[] {
    const start = Math.max(0, from);
    const out = new Array<T>(Math.max(0, this.count - start));
    for (let i = start; i < this.count; i++) out[i - start] = this.items[(this.head + i) % this.items.length] as T;
    return out;
  }

  /** Storage doubles (linearised, oldest first) up to the capacity. */
  private grow(): void {
    const next = Math.min(this.cap, Math.max(MIN_STORAGE, this.items.length * 2));
    const all: (T | undefined)[] = this.toArray();
    this.items = all;
    this.items.length = next;
    this.head = 0;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.count = 0;
  }

  /** Changes capacity keeping the newest items; returns the items dropped (oldest first). */
  resize(cap: number): T[] {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${cap}`);
    const all = this.toArray();
    const dropped = all.length > cap ? all.slice(0, all.length - cap) : [];
    const kept = all.length > cap ? all.slice(all.length - cap) : all;
    this.cap = cap;
    this.items = kept.slice();
    this.head = 0;
    this.count = kept.length;
    return dropped;
  }

  /** Keeps only items passing `keep` (order preserved); returns how many were removed. */
  retain(keep: (item: T) => boolean): number {
    const all = this.toArray();
    const kept = all.filter(keep);
    this.items = kept;
    this.head = 0;
    this.count = kept.length;
    return all.length - kept.length;
  }
}
