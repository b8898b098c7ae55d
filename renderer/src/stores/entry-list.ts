// A tab holds up to 200,000 entries and appends a batch / trims as many at the front up to 20 times
// a second. Copying the whole list per batch (a new array for React to compare, `splice(0, n)` at
// the front) made megabytes of garbage a second and the major GCs were the view's longest tasks.
// Here a list is a window [start, start + length) of an append-only backing array: appending pushes
// at the end, trimming moves the start, and a snapshot is a small object over the same backing.
// Nothing below a backing's length is ever written again, so a snapshot stays valid (and immutable)
// while the log goes on; a change in the middle writes a new backing (copy on write).
import type { LogEntry } from '../../../main/core/types.js';

/** What the view reads: a length and an accessor (a plain array is one too). */
export interface EntryList extends Iterable<LogEntry> {
  readonly length: number;
  /** The entry at `index` (negative counts from the end, as Array.prototype.at). */
  at(index: number): LogEntry | undefined;
}

/** Where a list sits in an append-only sequence (see visible-lineage). */
export interface Lineage {
  /** Identity of the append-only sequence. */
  readonly id: object;
  /** Position of the list's first entry in it. */
  readonly dropped: number;
}

/** An immutable window of a backing array that is only ever appended to. */
export class EntrySlice implements EntryList {
  constructor(
    private readonly items: readonly LogEntry[],
    private readonly start: number,
    readonly length: number,
    readonly lineage?: Lineage,
  ) {}

  at(index: number): LogEntry | undefined {
    const i = index < 0 ? index + this.length : index;
    return i >= 0 && i < this.length ? this.items[this.start + i] : undefined;
  }

  *[Symbol.iterator](): Iterator<LogEntry> {
    const end = this.start + this.length;
    for (let i = this.start; i < end; i++) yield this.items[i] as LogEntry;
  }

  toArray(): LogEntry[] {
    return this.items.slice(this.start, this.start + this.length);
  }
}

export const emptyList: EntryList = new EntrySlice([], 0, 0);

/** An array's elements as a plain array (a copy of a slice's window). */
export function toArray(list: EntryList): LogEntry[] {
  return list instanceof EntrySlice ? list.toArray() : [...list];
}

/**
 * A growing list of T trimmed at the front without moving the rest: `head` is the index of the
 * first live item. Once the dead prefix is a quarter of what is live (and at least `minCompact`),
 * the live part moves to a new array (an O(n) copy every n/4 trims, not n per batch); an old array
 * is then only read by the snapshots made from it, never written again.
 */
export class FrontTrimmed<T> {
  items: T[] = [];
  head = 0;

  constructor(private readonly minCompact = 4096) {}

  get length(): number {
    return this.items.length - this.head;
  }

  get(i: number): T | undefined {
    return this.items[this.head + i];
  }

  push(x: T): void {
    this.items.push(x);
  }

  /** Drop the first `n` live items. */
  trim(n: number): void {
    this.head = Math.min(this.items.length, this.head + n);
    if (this.head >= this.minCompact && this.head * 4 >= this.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Start over with `items` (owned from now on). */
  reset(items: T[] = []): void {
    this.items = items;
    this.head = 0;
  }

  /** The live items as a new array (for a change in the middle: copy on write). */
  copy(): T[] {
    return this.items.slice(this.head);
  }
}
