import { useLayoutEffect, useState } from 'react';

/** One rendered row: where it starts and how tall it is (fixed, estimated or measured). */
export interface RowItem {
  readonly index: number;
  readonly start: number;
  readonly size: number;
  readonly end: number;
}

export interface RowVirtualizerOptions {
  readonly count: number;
  /** Rows whose height is not the fixed one (hint rows): `estimate` high until measured. */
  readonly estimated: ReadonlyMap<number, unknown>;
  readonly estimate: number;
  /**
   * Where the rows sit in their append-only sequence (see visible-lineage): measured heights are
   * kept by position in it, so a trim at the front (rows move up) keeps each line's own height, and
   * another sequence (a filter, a reload) forgets them. Without it, row i is position i.
   */
  readonly lineage?: { readonly id: object; readonly dropped: number } | undefined;
  /**
   * Which rows are measured: 'all' (wrapping: every row's height comes from its element) or only
   * the `estimated` ones (the hint rows; a height measured for a row that lost its hint, as when its
   * block went on below it, no longer counts). Default 'all'.
   */
  readonly measured?: 'all' | 'estimated';
}

/**
 * The log view's virtualiser. Every row has the fixed height unless it was measured (a hint row, or
 * any row while wrapping) or has an estimate (a hint row before it is measured), so a row's offset is
 * `index × rowHeight` plus the extra height of the few such rows before it: no pass over every row
 * when the count changes, and no layout read to know the scroll range (it is the total size minus the
 * viewport's height, which a ResizeObserver reports after layout).
 *
 * The scroll position is owned here: a scroll command sets the offset at once and the rows are
 * rendered for it; the DOM's scrollTop is written in the rows' layout effect (`flush`), after their
 * commit, so a batch costs one layout. Scroll events from the user move the offset; only a change of
 * the rendered range notifies the subscribers (the rows component alone re-renders, not the view).
 */
export class RowVirtualizer {
  offset = 0;
  /** The viewport's height (the scroll element's client height). */
  height = 0;
  private count = 0;
  private estimated: ReadonlyMap<number, unknown> = new Map();
  private estimate = 0;
  /** Measured heights by lineage position (row index + `base`). */
  private readonly sizes = new Map<number, number>();
  private lineageId: object | null = null;
  /** Lineage position of row 0. */
  private base = 0;
  private measuredAll = true;
  private dirty = true;
  // The rows whose height differs from the fixed one, ascending, and the extra height before each.
  private special: number[] = [];
  private extraBefore: number[] = [0];
  private el: HTMLElement | null = null;
  // The scrollTop last written or reported: a write of the same value is skipped.
  private domTop = 0;
  private pendingWrite: number | null = null;
  private version = 0;
  private readonly listeners = new Set<() => void>();
  private rangeKey = '';
  private rowObserver: ResizeObserver | null = null;
  /** The mounted rows being measured (measure() has them reported again). */
  private readonly measuredRows = new Set<HTMLElement>();

  constructor(
    readonly rowHeight: number,
    readonly overscan: number,
  ) {}

  setOptions(opts: RowVirtualizerOptions): void {
    const id = opts.lineage?.id ?? null;
    const base = opts.lineage?.dropped ?? 0;
    if (id !== this.lineageId) {
      // Other lines (a filter, a reload): their heights are not known yet.
      this.lineageId = id;
      this.sizes.clear();
      this.dirty = true;
    }
    const all = opts.measured !== 'estimated';
    if (opts.count !== this.count || opts.estimated !== this.estimated || opts.estimate !== this.estimate || base !== this.base || all !== this.measuredAll) {
      this.count = opts.count;
      this.estimated = opts.estimated;
      this.estimate = opts.estimate;
      this.base = base;
      this.measuredAll = all;
      this.dirty = true;
    }
  }

  // --- layout ---------------------------------------------------------------------------------

  private rebuild(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const all = new Set<number>();
    for (const i of this.estimated.keys()) if (i < this.count) all.add(i);
    for (const pos of this.sizes.keys()) {
      const i = pos - this.base;
      // Trimmed away: forget it.
      if (i < 0) this.sizes.delete(pos);
      else if (i < this.count && (this.measuredAll || this.estimated.has(i))) all.add(i);
    }
    this.special = [...all].sort((a, b) => a - b);
    const extra = [0];
    let sum = 0;
    for (const i of this.special) {
      sum += this.sizeOf(i) - this.rowHeight;
      extra.push(sum);
    }
    this.extraBefore = extra;
  }

  /** How many special rows come before `index` (binary search). */
  private specialBefore(index: number): number {
    let lo = 0;
    let hi = this.special.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.special[mid] ?? 0) < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  sizeOf(index: number): number {
    if (this.measuredAll) return this.sizes.get(index + this.base) ?? (this.estimated.has(index) ? this.estimate : this.rowHeight);
    return this.estimated.has(index) ? (this.sizes.get(index + this.base) ?? this.estimate) : this.rowHeight;
  }

  /** Lineage position of a row (what its measured height is kept by). */
  positionOf(index: number): number {
    return index + this.base;
  }

  startOf(index: number): number {
    this.rebuild();
    return index * this.rowHeight + (this.extraBefore[this.specialBefore(index)] ?? 0);
  }

  totalSize(): number {
    return this.count === 0 ? 0 : this.startOf(this.count);
  }

  maxOffset(): number {
    return Math.max(0, this.totalSize() - this.height);
  }

  /** The row at a scroll offset (the last row whose start is at or above it). */
  indexAt(offset: number): number {
    if (this.count === 0) return -1;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.startOf(mid) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The rows to render for the current offset: the visible ones plus the overscan either side. */
  items(): RowItem[] {
    if (this.count === 0) return [];
    const first = Math.max(0, this.indexAt(this.offset) - this.overscan);
    const last = Math.min(this.count - 1, this.indexAt(this.offset + Math.max(this.height, this.rowHeight) - 1) + this.overscan);
    const out: RowItem[] = [];
    let start = this.startOf(first);
    for (let i = first; i <= last; i++) {
      const size = this.sizeOf(i);
      out.push({ index: i, start, size, end: start + size });
      start += size;
    }
    this.rangeKey = `${first}:${last}`;
    return out;
  }

  // --- scrolling -------------------------------------------------------------------------------

  /** Scroll so the row is at the start, end or centre of the viewport ('auto': only if it is out of view). */
  scrollToIndex(index: number, align: 'start' | 'center' | 'end' | 'auto' = 'auto'): void {
    if (this.count === 0) return;
    const i = Math.max(0, Math.min(this.count - 1, index));
    const start = this.startOf(i);
    const end = start + this.sizeOf(i);
    let to: number;
    if (align === 'start') to = start;
    else if (align === 'end') to = end - this.height;
    else if (align === 'center') to = start + (end - start) / 2 - this.height / 2;
    else if (start < this.offset) to = start;
    else if (end > this.offset + this.height) to = end - this.height;
    else return;
    this.scrollToOffset(to);
  }

  scrollToOffset(to: number): void {
    const offset = Math.round(Math.max(0, Math.min(this.maxOffset(), to)));
    if (offset === this.offset && offset === this.domTop) return;
    this.offset = offset;
    this.pendingWrite = offset;
    this.notify();
  }

  /** Following: the offset is the end, decided while rendering, so the rows are the last ones at once. */
  pinToEnd(): void {
    const offset = this.maxOffset();
    this.offset = offset;
    this.pendingWrite = offset;
  }

  /**
   * Writes the offset to the element once the rows for it are committed (called from their layout
   * effect), in the next animation frame: the write needs the layout, which the frame computes
   * anyway, so the batch's task does not also lay the page out. The frame paints rows and position
   * together (animation frame callbacks run before the paint).
   */
  flush(): void {
    if (this.pendingWrite === null || this.frame !== null || !this.el) return;
    const win = this.el.ownerDocument.defaultView;
    if (!win?.requestAnimationFrame) {
      this.write();
      return;
    }
    this.frame = win.requestAnimationFrame(() => {
      this.frame = null;
      this.write();
    });
  }

  private frame: number | null = null;

  private write(): void {
    const to = this.pendingWrite;
    this.pendingWrite = null;
    if (to === null || !this.el || to === this.domTop) return;
    this.domTop = to;
    this.el.scrollTop = to;
  }

  // --- the element ------------------------------------------------------------------------------

  attach(el: HTMLElement): () => void {
    this.el = el;
    this.height = el.clientHeight;
    this.domTop = el.scrollTop;
    this.offset = el.scrollTop;
    const onScroll = () => {
      const top = el.scrollTop;
      // Nothing moved since our last write (its own event, or one from before a write still pending).
      if (top === this.domTop) return;
      // The user scrolled: their position wins over a write not made yet.
      this.domTop = top;
      this.pendingWrite = null;
      if (top === this.offset) return;
      this.offset = top;
      this.notifyIfRangeMoved();
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    let ro: ResizeObserver | null = null;
    if (typeof ResizeObserver !== 'undefined') {
      ro = new ResizeObserver((entries) => {
        const h = Math.round(entries[entries.length - 1]?.contentRect.height ?? this.height);
        if (h === this.height) return;
        this.height = h;
        this.notify();
      });
      ro.observe(el);
      this.rowObserver = new ResizeObserver((entries) => this.onRowsResized(entries));
    }
    this.notify();
    return () => {
      if (this.frame !== null) el.ownerDocument.defaultView?.cancelAnimationFrame(this.frame);
      this.frame = null;
      el.removeEventListener('scroll', onScroll);
      ro?.disconnect();
      this.rowObserver?.disconnect();
      this.rowObserver = null;
      this.el = null;
    };
  }

  /** Ref for a row whose height is measured: observed while mounted (its `data-pos`, else `data-index`, says which row). */
  readonly measureElement = (node: HTMLElement | null): (() => void) | undefined => {
    const ro = this.rowObserver;
    if (!node || !ro) return undefined;
    ro.observe(node);
    this.measuredRows.add(node);
    return () => {
      ro.unobserve(node);
      this.measuredRows.delete(node);
    };
  };

  private onRowsResized(entries: ResizeObserverEntry[]): void {
    // Every report against the layout before them (one rebuild for the batch, not one per row).
    const changes: Array<[number, number]> = [];
    let shift = 0;
    for (const entry of entries) {
      const target = entry.target as HTMLElement;
      if (!target.isConnected) continue;
      const pos = target.dataset['pos'] !== undefined ? Number(target.dataset['pos']) : Number(target.dataset['index']) + this.base;
      const index = pos - this.base;
      if (!Number.isInteger(index) || index < 0 || index >= this.count) continue;
      const size = Math.round(entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height);
      const before = this.sizeOf(index);
      if (size === before && this.sizes.has(pos)) continue;
      // A row above the viewport changed height: move the offset with it so the view does not jump.
      if (size !== before && this.startOf(index) < this.offset) shift += size - before;
      changes.push([pos, size]);
    }
    if (changes.length === 0) return;
    for (const [pos, size] of changes) this.sizes.set(pos, size);
    this.dirty = true;
    if (shift !== 0) {
      this.offset = Math.max(0, this.offset + shift);
      this.pendingWrite = this.offset;
    }
    this.notify();
  }

  /** Forget the measured heights (rows moved or changed width: a trim, a filter, wrapping). */
  measure(): void {
    if (this.sizes.size === 0) return;
    this.sizes.clear();
    // A mounted row keeps its ref, and a ResizeObserver only reports changes: a row whose new line is
    // as tall as its old one would never be reported again and stay at the estimate (wrapped rows
    // overlapping after a trim). Observing anew makes the observer report each one's current size.
    const ro = this.rowObserver;
    if (ro) {
      for (const node of this.measuredRows) {
        ro.unobserve(node);
        ro.observe(node);
      }
    }
    this.dirty = true;
    this.notify();
  }

  // --- subscription (the rows component) ---------------------------------------------------------

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getVersion = (): number => this.version;

  private notify(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  private notifyIfRangeMoved(): void {
    if (this.count === 0) return;
    const first = Math.max(0, this.indexAt(this.offset) - this.overscan);
    const last = Math.min(this.count - 1, this.indexAt(this.offset + Math.max(this.height, this.rowHeight) - 1) + this.overscan);
    if (`${first}:${last}` !== this.rangeKey) this.notify();
  }
}

/** The view's virtualiser, attached to its scroll element for as long as the view is mounted. */
export function useRowVirtualizer(opts: RowVirtualizerOptions & { rowHeight: number; overscan: number; getScrollElement: () => HTMLElement | null }): RowVirtualizer {
  const [v] = useState(() => new RowVirtualizer(opts.rowHeight, opts.overscan));
  v.setOptions(opts);
  const { getScrollElement } = opts;
  useLayoutEffect(() => {
    const el = getScrollElement();
    return el ? v.attach(el) : undefined;
    // The scroll element is mounted with the view and stays.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [v]);
  return v;
}
