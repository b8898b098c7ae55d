import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RowVirtualizer } from '../../../renderer/src/features/logs/view/row-virtualizer.js';

const H = 20;

// happy-dom has no layout and its ResizeObserver never reports: a stand-in that the test drives.
class FakeResizeObserver {
  static all: FakeResizeObserver[] = [];
  readonly observed = new Set<Element>();
  /** Times each element was observed: a real observer reports an element's size on every observe(). */
  readonly observeCalls = new Map<Element, number>();
  constructor(readonly cb: (entries: ResizeObserverEntry[]) => void) {
    FakeResizeObserver.all.push(this);
  }
  observe(el: Element): void {
    this.observed.add(el);
    this.observeCalls.set(el, (this.observeCalls.get(el) ?? 0) + 1);
  }
  unobserve(el: Element): void {
    this.observed.delete(el);
  }
  disconnect(): void {
    this.observed.clear();
  }
  report(el: Element, height: number): void {
    this.cb([{ target: el, contentRect: { height } as DOMRectReadOnly, borderBoxSize: [{ blockSize: height, inlineSize: 0 }] } as unknown as ResizeObserverEntry]);
  }
}

let realRO: typeof ResizeObserver | undefined;
beforeEach(() => {
  realRO = globalThis.ResizeObserver;
  FakeResizeObserver.all = [];
  globalThis.ResizeObserver = FakeResizeObserver as unknown as typeof ResizeObserver;
});
afterEach(() => {
  if (realRO) globalThis.ResizeObserver = realRO;
  document.body.innerHTML = '';
});

/** A scroll element with a viewport of `height` px; scrollTop writes and layout reads are counted. */
function scroller(height: number) {
  const el = document.createElement('div');
  document.body.append(el);
  let top = 0;
  const counts = { writes: 0, layoutReads: 0 };
  Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(el, 'scrollTop', {
    configurable: true,
    get: () => top,
    set: (v: number) => {
      counts.writes++;
      top = v;
    },
  });
  Object.defineProperty(el, 'scrollHeight', {
    configurable: true,
    get: () => {
      counts.layoutReads++;
      return 0;
    },
  });
  return { el, counts, setTop: (v: number) => (top = v) };
}

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

function make(count: number, estimated: ReadonlyMap<number, unknown> = new Map(), viewport = 200) {
  const v = new RowVirtualizer(H, 5);
  v.setOptions({ count, estimated, estimate: 2 * H });
  const s = scroller(viewport);
  const detach = v.attach(s.el);
  return { v, ...s, detach };
}

describe('row virtualiser', () => {
  it('fixed rows: offsets by arithmetic, the rendered window follows the offset, the range is the visible rows plus overscan', () => {
    const { v } = make(200_000);
    expect(v.totalSize()).toBe(200_000 * H);
    expect(v.startOf(123_456)).toBe(123_456 * H);
    expect(v.indexAt(123_456 * H + 19)).toBe(123_456);
    const items = v.items();
    expect(items.map((i) => i.index)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    v.scrollToIndex(100_000, 'start');
    const moved = v.items();
    expect(moved[0]?.index).toBe(100_000 - 5);
    expect(moved.at(-1)?.index).toBe(100_000 + 10 + 4);
    expect(moved.every((i) => i.start === i.index * H && i.size === H)).toBe(true);
  });

  it('following: the offset pins to the end after each append and is written to the element in the next frame, without reading the layout', async () => {
    const { v, el, counts } = make(50);
    for (const count of [50, 300, 550, 800]) {
      v.setOptions({ count, estimated: new Map(), estimate: 2 * H });
      v.pinToEnd();
      const items = v.items();
      // The last line is among the rendered rows, at the bottom of the viewport.
      expect(items.at(-1)?.index).toBe(count - 1);
      expect(v.offset).toBe(count * H - 200);
      v.flush();
      await nextFrame();
      expect(el.scrollTop).toBe(count * H - 200);
    }
    expect(counts.layoutReads).toBe(0);
    // A scroll event that only echoes our write changes nothing; one from the user moves the offset.
    el.dispatchEvent(new Event('scroll'));
    expect(v.offset).toBe(800 * H - 200);
    el.scrollTop = 1000;
    el.dispatchEvent(new Event('scroll'));
    expect(v.offset).toBe(1000);
    expect(v.items()[0]?.index).toBe(50 - 5);
  });

  it('a hint row is estimated, then measured; the rows after it move by the difference and a row above the viewport keeps the view still', () => {
    const hints = new Map([[10, 'sig'], [500, 'sig']]);
    const { v } = make(1000, hints);
    expect(v.startOf(11)).toBe(11 * H + H);
    expect(v.totalSize()).toBe(1000 * H + 2 * H);
    // Measured at 57 px by the row's ResizeObserver.
    const row = document.createElement('div');
    row.dataset['index'] = '10';
    document.body.append(row);
    v.measureElement(row);
    const ro = FakeResizeObserver.all.find((o) => o.observed.has(row));
    expect(ro).toBeDefined();
    v.scrollToOffset(5000);
    const before = v.offset;
    ro?.report(row, 57);
    expect(v.sizeOf(10)).toBe(57);
    expect(v.startOf(11)).toBe(11 * H + 57 - H);
    expect(v.startOf(501)).toBe(501 * H + (57 - H) + H);
    expect(v.totalSize()).toBe(1000 * H + (57 - H) + H);
    // Row 10 is above the viewport: the offset moved with it.
    expect(v.offset).toBe(before + 57 - 2 * H);
    // measure() forgets it (back to the estimate) and observes the mounted row anew, so the observer
    // reports its size again even when it did not change (a same-height line after a trim).
    v.measure();
    expect(v.sizeOf(10)).toBe(2 * H);
    expect(ro?.observeCalls.get(row)).toBe(2);
    ro?.report(row, 57);
    expect(v.sizeOf(10)).toBe(57);
  });

  it('wrapped rows (all measured): indexAt agrees with startOf for random heights', () => {
    const { v } = make(2000);
    const ro = FakeResizeObserver.all.at(-1);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i += 1 + Math.floor(rand() * 5)) {
      const row = document.createElement('div');
      row.dataset['index'] = String(i);
      document.body.append(row);
      ro?.report(row, H * (1 + Math.floor(rand() * 4)));
    }
    let start = 0;
    for (let i = 0; i < 2000; i++) {
      expect(v.startOf(i)).toBe(start);
      expect(v.indexAt(start)).toBe(i);
      expect(v.indexAt(start + v.sizeOf(i) - 1)).toBe(i);
      start += v.sizeOf(i);
    }
    expect(v.totalSize()).toBe(start);
  });

  it('scrollToIndex: centre, end, and auto only when out of view', () => {
    const { v } = make(1000);
    v.scrollToIndex(500, 'center');
    expect(v.offset).toBe(500 * H + H / 2 - 100);
    v.scrollToIndex(500, 'end');
    expect(v.offset).toBe(501 * H - 200);
    const at = v.offset;
    v.scrollToIndex(495, 'auto');
    expect(v.offset).toBe(at);
    v.scrollToIndex(10, 'auto');
    expect(v.offset).toBe(10 * H);
    v.scrollToIndex(999, 'center');
    expect(v.offset).toBe(v.maxOffset());
  });
});
