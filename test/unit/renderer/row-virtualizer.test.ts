import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

/**
 * A scroll element with a viewport of `height` px. scrollTop writes are counted, and every read of
 * the layout (any size, offset or scroll position of the element or its rows, a bounding rect, a
 * computed style) is logged by name: in a browser each one may force a layout.
 */
function scroller(height: number) {
  const el = document.createElement('div');
  document.body.append(el);
  let top = 0;
  const counts = { writes: 0, layoutReads: 0 };
  const reads: string[] = [];
  const read = (name: string) => {
    counts.layoutReads++;
    reads.push(name);
  };
  const sizes: Record<string, () => number> = {
    clientHeight: () => height,
    clientWidth: () => 800,
    clientTop: () => 0,
    offsetHeight: () => height,
    offsetWidth: () => 800,
    offsetTop: () => 0,
    scrollHeight: () => 0,
    scrollWidth: () => 800,
  };
  for (const [name, value] of Object.entries(sizes)) {
    Object.defineProperty(el, name, {
      configurable: true,
      get: () => {
        read(name);
        return value();
      },
    });
  }
  Object.defineProperty(el, 'scrollTop', {
    configurable: true,
    get: () => {
      read('scrollTop');
      return top;
    },
    set: (v: number) => {
      counts.writes++;
      top = v;
    },
  });
  // Rows (and anything else in the document) report their reads too.
  const proto = HTMLElement.prototype;
  const rect = vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(() => {
    read('getBoundingClientRect');
    return new DOMRect();
  });
  const rects = vi.spyOn(Element.prototype, 'getClientRects').mockImplementation(() => {
    read('getClientRects');
    return [] as unknown as DOMRectList;
  });
  const style = vi.spyOn(window, 'getComputedStyle').mockImplementation(() => {
    read('getComputedStyle');
    return {} as CSSStyleDeclaration;
  });
  const offsetHeight = Object.getOwnPropertyDescriptor(proto, 'offsetHeight');
  Object.defineProperty(proto, 'offsetHeight', {
    configurable: true,
    get: () => {
      read('offsetHeight');
      return 20;
    },
  });
  restoreLayout.push(() => {
    rect.mockRestore();
    rects.mockRestore();
    style.mockRestore();
    if (offsetHeight) Object.defineProperty(proto, 'offsetHeight', offsetHeight);
    else delete (proto as { offsetHeight?: number }).offsetHeight;
  });
  return { el, counts, reads, setTop: (v: number) => (top = v) };
}

const restoreLayout: Array<() => void> = [];
afterEach(() => {
  for (const r of restoreLayout.splice(0)) r();
});

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

function make(count: number, estimated: ReadonlyMap<number, unknown> = new Map(), viewport = 200) {
  const v = new RowVirtualizer(H, 5);
  v.setOptions({ count, estimated, estimate: 2 * H });
  const s = scroller(viewport);
  const detach = v.attach(s.el);
  // Attaching reads the viewport once; what is counted is what comes after.
  s.counts.layoutReads = 0;
  s.reads.length = 0;
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

  it('following: the offset pins to the end after each append and is written to the element in the next frame, without reading the layout; a scroll event reads only scrollTop', async () => {
    const { v, el, counts, reads, setTop } = make(50);
    for (const count of [50, 300, 550, 800]) {
      v.setOptions({ count, estimated: new Map(), estimate: 2 * H });
      v.pinToEnd();
      const items = v.items();
      // The last line is among the rendered rows, at the bottom of the viewport.
      expect(items.at(-1)?.index).toBe(count - 1);
      expect(v.offset).toBe(count * H - 200);
      v.flush();
      await nextFrame();
      // Our own write comes back as a scroll event (the browser's echo).
      el.dispatchEvent(new Event('scroll'));
    }
    expect(counts.writes).toBe(4);
    // The echoes: one scrollTop read each, nothing else.
    expect(reads).toEqual(['scrollTop', 'scrollTop', 'scrollTop', 'scrollTop']);
    reads.length = 0;
    // A scroll event that only echoes our write changes nothing; one from the user moves the offset.
    el.dispatchEvent(new Event('scroll'));
    expect(v.offset).toBe(800 * H - 200);
    setTop(1000);
    el.dispatchEvent(new Event('scroll'));
    expect(v.offset).toBe(1000);
    expect(v.items()[0]?.index).toBe(50 - 5);
    // The user scrolls on while lines keep coming (not following): the rows move, nothing reads the layout but the events' scrollTop.
    for (let k = 1; k <= 20; k++) {
      setTop(1000 + k * 37);
      el.dispatchEvent(new Event('scroll'));
      v.setOptions({ count: 800 + k * 10, estimated: new Map(), estimate: 2 * H });
      v.items();
      v.scrollToIndex(60 + k, 'auto');
      v.flush();
    }
    await nextFrame();
    expect(reads.filter((r) => r !== 'scrollTop')).toEqual([]);
    expect(reads.length).toBe(22);
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

  it('measured heights belong to the line (its lineage position): a trim moves them with it, another lineage forgets them', () => {
    const { v } = make(100);
    const ro = FakeResizeObserver.all.at(-1);
    const lineage = { id: {}, dropped: 0 };
    v.setOptions({ count: 100, estimated: new Map(), estimate: 2 * H, lineage });
    const row = document.createElement('div');
    row.dataset['pos'] = '10';
    document.body.append(row);
    ro?.report(row, 60);
    expect(v.sizeOf(10)).toBe(60);
    // Three lines trimmed at the front: that line is now row 7, and row 10 is another line.
    v.setOptions({ count: 100, estimated: new Map(), estimate: 2 * H, lineage: { id: lineage.id, dropped: 3 } });
    expect(v.sizeOf(7)).toBe(60);
    expect(v.sizeOf(10)).toBe(H);
    expect(v.startOf(8)).toBe(8 * H + 40);
    expect(v.totalSize()).toBe(100 * H + 40);
    // Trimmed past it: gone.
    v.setOptions({ count: 100, estimated: new Map(), estimate: 2 * H, lineage: { id: lineage.id, dropped: 20 } });
    expect(v.totalSize()).toBe(100 * H);
    ro?.report(row, 60);
    expect(v.totalSize()).toBe(100 * H);
    // A new lineage (a filter): a measurement of the old one does not carry over.
    const row2 = document.createElement('div');
    row2.dataset['pos'] = '30';
    document.body.append(row2);
    ro?.report(row2, 80);
    expect(v.sizeOf(10)).toBe(80);
    v.setOptions({ count: 100, estimated: new Map(), estimate: 2 * H, lineage: { id: {}, dropped: 20 } });
    expect(v.sizeOf(10)).toBe(H);
  });

  it("without wrapping only the hint rows' heights count: a row whose hint moved on to the next line is back to the fixed height", () => {
    const { v } = make(100);
    const ro = FakeResizeObserver.all.at(-1);
    const id = {};
    v.setOptions({ count: 100, estimated: new Map([[10, 'sig']]), estimate: 2 * H, lineage: { id, dropped: 0 }, measured: 'estimated' });
    const row = document.createElement('div');
    row.dataset['pos'] = '10';
    document.body.append(row);
    ro?.report(row, 57);
    expect(v.sizeOf(10)).toBe(57);
    // The block went on: the hint is under row 11 now.
    v.setOptions({ count: 101, estimated: new Map([[11, 'sig']]), estimate: 2 * H, lineage: { id, dropped: 0 }, measured: 'estimated' });
    expect(v.sizeOf(10)).toBe(H);
    expect(v.sizeOf(11)).toBe(2 * H);
    expect(v.totalSize()).toBe(101 * H + H);
  });

  it('a batch of row reports is laid out once, and rows above the viewport move the offset by their total change', () => {
    const { v, el } = make(1000);
    const ro = FakeResizeObserver.all.at(-1);
    v.scrollToOffset(5000);
    // Count the rebuilds that do work (the layout was dirty).
    const inner = v as unknown as { rebuild: () => void; dirty: boolean };
    const rebuild = inner.rebuild.bind(v);
    let builds = 0;
    inner.rebuild = () => {
      if (inner.dirty) builds++;
      rebuild();
    };
    const rows = Array.from({ length: 50 }, (_, i) => {
      const r = document.createElement('div');
      r.dataset['index'] = String(i * 10);
      el.append(r);
      return r;
    });
    const before = v.offset;
    ro?.cb(rows.map((target) => ({ target, contentRect: { height: 2 * H } as DOMRectReadOnly, borderBoxSize: [{ blockSize: 2 * H, inlineSize: 0 }] }) as unknown as ResizeObserverEntry));
    // Rows 0, 10, … 240 start above offset 5000 (25 of them), each 20 px taller.
    expect(v.offset).toBe(before + 25 * H);
    // Every row was placed with the layout from before the report: none rebuilt it meanwhile.
    expect(builds).toBe(0);
    expect(v.totalSize()).toBe(1000 * H + 50 * H);
    expect(v.startOf(11)).toBe(11 * H + 2 * H);
    // One rebuild for the whole report.
    expect(builds).toBe(1);
  });
});
