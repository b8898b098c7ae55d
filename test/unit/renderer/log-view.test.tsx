import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../../../main/core/types.js';
import { FakeApi, line, makeModel, makeSettings } from './fake-api.js';
import { fakeLayout, renderApp } from './render-app.js';
import { formatTime } from '../../../renderer/src/features/logs/log-filter.js';
import { searchSlice } from '../../../renderer/src/features/logs/view/use-visible-entries.js';
import { FIRST_PAGE } from '../../../renderer/src/stores/sync.js';

const K = 's1/Qwen3-8B';

beforeAll(() => fakeLayout());
afterEach(() => cleanup());

function scroller(): HTMLElement {
  return screen.getByTestId('log-scroll');
}

function rows(): HTMLElement[] {
  return [...scroller().querySelectorAll<HTMLElement>('[data-seq]')];
}

async function withLines(entries: LogEntry[]) {
  const api = new FakeApi();
  api.entries.set(K, entries);
  return renderApp(api);
}

describe('log view', () => {
  it('renders history, the history-complete marker, live lines and a gap marker in order', async () => {
    await withLines([
      line(K, 1, 'llama_model_loader: loaded meta data', { origin: 'history' }),
      { kind: 'marker', seq: 2, key: K, ts: 0, marker: 'history-complete' },
      line(K, 3, 'main: server is listening'),
      { kind: 'marker', seq: 4, key: K, ts: 0, marker: 'gap', reason: 'replay-hole' },
    ]);
    const r = rows();
    const r0ts = line(K, 1, '').ts;
    expect(r.map((e) => e.dataset.seq)).toEqual(['1', '2', '3', '4']);
    // Origin is a thin left edge per row (data-origin), not a word repeated on every row.
    expect(r[0]?.dataset.origin).toBe('history');
    expect(r[0]?.textContent).toBe(`${formatTime(r0ts)}llama_model_loader: loaded meta data`);
    expect(r[1]?.textContent).toBe('── history complete ──');
    expect(r[2]?.dataset.origin).toBe('live');
    expect(r[3]?.textContent).toContain('lines may be missing here (server replay)');
  });

  it('shows a recovered line in place with its tag, and a settled gap no longer says lines may be missing', async () => {
    await withLines([
      line(K, 1, 'before the replay', { origin: 'history' }),
      { kind: 'marker', seq: 2, key: K, ts: 0, marker: 'gap', reason: 'replay-hole', recovered: 1 },
      line(K, 3, 'first live line'),
      { ...line(K, 4, 'swallowed tick'), recovered: true, fills: 2 },
      { kind: 'marker', seq: 5, key: K, ts: 0, marker: 'gap-resolved', fills: 2, recovered: 1 },
    ]);
    const r = rows();
    expect(r.map((e) => e.dataset.seq)).toEqual(['1', '2', '4', '3']);
    expect(r[1]?.textContent).toContain('1 swallowed line recovered here (server replay)');
    expect(r[1]?.textContent).not.toContain('may be missing');
    expect(r[2]?.querySelector('.log-recovered')?.textContent).toBe('recovered');
    expect(r[3]?.querySelector('.log-recovered')).toBeNull();
  });

  it('an unverified gap says it is being checked; confirmed complete says nothing is missing', async () => {
    await withLines([
      { kind: 'marker', seq: 1, key: K, ts: 0, marker: 'gap', reason: 'replay-hole', unverified: true },
      { kind: 'marker', seq: 2, key: K, ts: 0, marker: 'gap', reason: 'replay-hole', recovered: 0 },
    ]);
    const r = rows();
    expect(r[0]?.textContent).toContain('lines may be missing here (server replay), checking');
    expect(r[1]?.textContent).toContain('checked: nothing missing here (server replay)');
  });

  it('a check that cannot finish: the marker turns from checking into "may be missing, could not check" with the reason', async () => {
    const { api } = await withLines([
      line(K, 1, 'before the replay', { origin: 'history' }),
      { kind: 'marker', seq: 2, key: K, ts: 0, marker: 'gap', reason: 'replay-hole', unverified: true },
      line(K, 3, 'first live line'),
    ]);
    const gapRow = () => rows().find((r) => r.dataset.seq === '2');
    expect(gapRow()?.textContent).toContain('checking');
    act(() => {
      api.emit('monitor:events', {
        seq: 1,
        events: [{ type: 'lines', key: K, entries: [{ kind: 'marker', seq: 4, key: K, ts: 0, marker: 'gap-resolved', fills: 2, outcome: 'unknown', unchecked: 'connection-lost' }] }],
      });
    });
    expect(rows().map((r) => r.dataset.seq)).toEqual(['1', '2', '3']);
    expect(gapRow()?.textContent).toBe(
      '┄┄ lines may be missing here (server replay): could not check, the connection was lost before the check finished ┄┄',
    );
    expect(gapRow()?.textContent).not.toContain('checking');
    expect(gapRow()?.className).toContain('unchecked');
    expect(gapRow()?.className).not.toContain('settled');
    // In Chinese too.
    await act(async () => {
      api.emit('settings:changed', makeSettings({ language: 'zh-CN' }));
    });
    expect(gapRow()?.textContent).toBe('┄┄ 此处可能缺少日志（服务器回放）：无法核对，核对完成前连接已断开 ┄┄');
  });

  it('a reload shows a gap the core already settled as unchecked the same way', async () => {
    await withLines([
      { kind: 'marker', seq: 1, key: K, ts: 0, marker: 'gap', reason: 'replay-hole', outcome: 'unknown', unchecked: 'deadline' },
      { kind: 'marker', seq: 2, key: K, ts: 0, marker: 'gap-resolved', fills: 1, outcome: 'unknown', unchecked: 'deadline' },
    ]);
    expect(rows().map((r) => r.textContent)).toEqual(['┄┄ lines may be missing here (server replay): could not check, the check did not finish in time ┄┄']);
  });

  it('takes the language from settings (system → OS locale) and switches live', async () => {
    const api = new FakeApi({ systemLocale: 'zh-CN', settings: makeSettings({ language: 'system' }) });
    api.entries.set(K, [line(K, 1, 'x', { origin: 'history' }), line(K, 2, 'y')]);
    await renderApp(api, 'en');
    expect([...document.querySelectorAll('.origin-chip')].map((c) => c.textContent)).toEqual(['历史', '实时']);
    expect(screen.getByTestId('model-status').textContent).toBe('已连接');
    await act(async () => {
      api.emit('settings:changed', makeSettings({ language: 'en' }));
    });
    expect([...document.querySelectorAll('.origin-chip')].map((c) => c.textContent)).toEqual(['history', 'live']);
    expect(screen.getByTestId('model-status').textContent).toBe('connected');
  });

  it('renders ANSI colours as styled spans, never raw escape codes', async () => {
    await withLines([line(K, 1, 'load \u001b[33mwarn\u001b[0m done \u001b[1;31mbad\u001b[0m \u001b[38;5;208mo\u001b[0m')]);
    const text = rows()[0]?.querySelector('.log-text') as HTMLElement;
    expect(text.textContent).toBe('load warn done bad o');
    expect(text.textContent).not.toContain('\u001b');
    expect(text.querySelector('.ansi-yellow-fg')?.textContent).toBe('warn');
    const red = text.querySelector('.ansi-red-fg');
    expect(red?.textContent).toBe('bad');
    expect(red?.className).toContain('ansi-bold');
    expect((text.querySelector('span[style]') as HTMLElement | null)?.style.color).not.toBe('');
  });

  it('shows an XSS payload as text', async () => {
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    await withLines([line(K, 1, payload)]);
    const text = rows()[0]?.querySelector('.log-text') as HTMLElement;
    expect(text.textContent).toBe(payload);
    expect(text.querySelector('img')).toBeNull();
    expect(text.querySelector('script')).toBeNull();
    expect((window as unknown as { __xss?: number }).__xss).toBeUndefined();
  });

  it('colours levels and shows the failure hint as a full row under its error block', async () => {
    await withLines([
      line(K, 1, 'ERROR: CUDA error: out of memory', { level: 'error', signature: 'cuda-oom' }),
      line(K, 2, '  current device: 0', { level: 'error', continuation: true }),
      line(K, 3, 'warn: slow', { level: 'warning' }),
      line(K, 4, 'ready', { level: 'success' }),
    ]);
    const [err, cont, warn, ok] = rows();
    expect(err?.className).toContain('level-error');
    expect(warn?.className).toContain('level-warning');
    expect(ok?.className).toContain('level-success');
    // One hint, after the continuation line (the end of the block), with an SVG icon, not a glyph.
    const hints = [...scroller().querySelectorAll<HTMLElement>('[data-testid="log-hint"]')];
    expect(hints).toHaveLength(1);
    expect(hints[0]?.textContent).toContain('lower the context size');
    expect(hints[0]?.querySelector('svg')).not.toBeNull();
    expect(hints[0]?.previousElementSibling).toBe(cont);
    expect(err?.querySelector('[data-testid="log-hint"]')).toBeNull();
  });

  it('filters by level and origin (multi-select)', async () => {
    await withLines([
      line(K, 1, 'old info', { origin: 'history' }),
      line(K, 2, 'old error', { origin: 'history', level: 'error' }),
      line(K, 3, 'new info'),
      line(K, 4, 'new warn', { level: 'warning' }),
    ]);
    const toolbar = screen.getByRole('toolbar');
    fireEvent.click(within(toolbar).getByRole('button', { name: 'info' }));
    expect(rows().map((r) => r.dataset.seq)).toEqual(['2', '4']);
    fireEvent.click(within(toolbar).getByRole('button', { name: 'history' }));
    expect(rows().map((r) => r.dataset.seq)).toEqual(['4']);
    expect(screen.getByTestId('line-count').textContent).toBe('1 of 4 lines');
    fireEvent.click(within(toolbar).getByRole('button', { name: 'info' }));
    fireEvent.click(within(toolbar).getByRole('button', { name: 'history' }));
    expect(rows()).toHaveLength(4);
  });

  it('highlights search matches, counts them and steps next/previous', async () => {
    await withLines([line(K, 1, 'alpha beta'), line(K, 2, 'gamma'), line(K, 3, 'Beta beta'), line(K, 4, 'delta')]);
    const input = screen.getByLabelText('Search');
    fireEvent.change(input, { target: { value: 'beta' } });
    // A new search selects its first match at once.
    expect(screen.getByTestId('match-count').textContent).toBe('1/2');
    expect(scroller().querySelectorAll('mark.search-hit')).toHaveLength(3);
    expect(scroller().querySelector('.current-match')?.getAttribute('data-seq')).toBe('1');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByTestId('match-count').textContent).toBe('2/2');
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(screen.getByTestId('match-count').textContent).toBe('1/2');
    // Match case narrows, "only matches" filters the rows.
    fireEvent.click(screen.getByTitle('Match case'));
    expect(scroller().querySelectorAll('mark.search-hit')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Only matches' }));
    expect(rows().map((r) => r.dataset.seq)).toEqual(['1', '3']);
  });

  it('a search over a big buffer shows its partial results with "Searching… N%" and then the full count; a new query cancels it', async () => {
    const entries = Array.from({ length: 3000 }, (_, i) => line(K, i + 1, i % 100 === 42 ? `needle ${i}` : i === 2999 ? 'haystack end' : `hay ${i}`));
    await withLines(entries);
    // Each slice tests one block of 256 lines: 12 slices for 3,000 lines.
    const saved = searchSlice.budgetMs;
    searchSlice.budgetMs = 0;
    try {
      const input = screen.getByLabelText('Search');
      fireEvent.change(input, { target: { value: 'needle' } });
      const count = screen.getByTestId('match-count');
      expect(count.textContent).toMatch(/^Searching… \d+% \(\d+ found\)$/);
      expect(count.getAttribute('aria-busy')).toBe('true');
      const [, percent, found] = /(\d+)% \((\d+) found/.exec(count.textContent ?? '') ?? [];
      expect(Number(percent)).toBeLessThan(100);
      expect(Number(found)).toBeLessThan(30);
      // The first match found is selected and shown while the rest is searched.
      expect(Number(found)).toBeGreaterThan(0);
      expect(scroller().querySelector('.current-match')?.getAttribute('data-seq')).toBe('43');
      await vi.waitFor(() => expect(count.textContent).toBe('1/30'), { timeout: 5000 });
      expect(count.getAttribute('aria-busy')).toBeNull();

      // A query changed during a search: only the new query's matches are counted.
      fireEvent.change(input, { target: { value: 'needle 4' } });
      expect(count.textContent).toMatch(/^Searching…/);
      fireEvent.change(input, { target: { value: 'haystack' } });
      expect(count.textContent).toMatch(/^Searching… \d+% \(0 found\)$/);
      await vi.waitFor(() => expect(count.textContent).toBe('1/1'), { timeout: 5000 });
    } finally {
      searchSlice.budgetMs = saved;
    }
  });

  it('the overview strip names each interval in its tooltip, with times and counts', async () => {
    await withLines([line(K, 1, 'first', { ts: 1_700_000_000_000 }), line(K, 2, 'ERROR boom', { level: 'error', ts: 1_700_000_001_000 })]);
    const titles = [...document.querySelectorAll('.overview-bucket')].map((g) => g.querySelector('title')?.textContent ?? '');
    expect(titles).toHaveLength(120);
    const t0 = formatTime(1_700_000_000_000);
    expect(titles[0]).toMatch(new RegExp(`^${t0}–\\d\\d:\\d\\d:\\d\\d: 1 lines, 0 errors, 0 warnings$`));
    expect(titles[119]).toMatch(/^\d\d:\d\d:\d\d–\d\d:\d\d:\d\d: 1 lines, 1 errors, 0 warnings$/);
    expect(titles[60]).toMatch(/: 0 lines, 0 errors, 0 warnings$/);
  });

  it('searches with a regex and explains an invalid one', async () => {
    await withLines([line(K, 1, 'port 8080'), line(K, 2, 'port abc')]);
    fireEvent.click(screen.getByTitle('Treat the search as a regular expression'));
    const input = screen.getByLabelText('Search');
    fireEvent.change(input, { target: { value: 'port \\d+' } });
    expect(screen.getByTestId('match-count').textContent).toBe('1/1');
    fireEvent.change(input, { target: { value: 'port (' } });
    expect(screen.getByRole('alert').textContent).toMatch(/Invalid regular expression/);
    expect(scroller().querySelectorAll('mark')).toHaveLength(0);
  });

  it('"show in context" clears filters and focuses the match', async () => {
    await withLines([line(K, 1, 'a'), line(K, 2, 'needle', { level: 'error' }), line(K, 3, 'b')]);
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'needle' } });
    fireEvent.click(screen.getByRole('button', { name: 'Only matches' }));
    expect(rows()).toHaveLength(1);
    fireEvent.keyDown(screen.getByLabelText('Search'), { key: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: 'Show in context' }));
    expect(rows()).toHaveLength(3);
    expect(scroller().querySelector('.focused')?.getAttribute('data-seq')).toBe('2');
  });

  it('follow: new lines scroll to the end; scrolling up pauses follow and shows the new-lines pill', async () => {
    const { api } = await withLines(Array.from({ length: 50 }, (_, i) => line(K, i + 1, `l${i + 1}`)));
    const el = scroller();
    let top = 0;
    Object.defineProperty(el, 'scrollTop', { configurable: true, get: () => top, set: (v: number) => { top = v; } });
    Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => 1000 });
    el.scrollTo = ((opts: ScrollToOptions) => { top = opts.top ?? top; }) as typeof el.scrollTo;
    expect(screen.getByTestId('follow').getAttribute('aria-pressed')).toBe('true');
    // The user scrolls up.
    top = 600;
    fireEvent.scroll(el);
    top = 100;
    fireEvent.scroll(el);
    expect(screen.getByTestId('follow').getAttribute('aria-pressed')).toBe('false');
    act(() => {
      api.emit('monitor:events', { seq: 1, events: [{ type: 'lines', key: K, entries: [line(K, 51, 'x'), line(K, 52, 'y')] }] });
    });
    expect(screen.getByTestId('new-lines').textContent).toBe('2 new lines ↓');
    fireEvent.click(screen.getByTestId('new-lines'));
    expect(screen.getByTestId('follow').getAttribute('aria-pressed')).toBe('true');
    expect(screen.queryByTestId('new-lines')).toBeNull();
    // End toggles follow.
    fireEvent.keyDown(window, { key: 'End' });
    expect(screen.getByTestId('follow').getAttribute('aria-pressed')).toBe('false');
  });

  it('following with fixed row heights: after each batch the last line is rendered and the view scrolled to the end, without reading the layout', async () => {
    const { api } = await withLines(Array.from({ length: 50 }, (_, i) => line(K, i + 1, `l${i + 1}`)));
    const el = scroller();
    let top = 0;
    let layoutReads = 0;
    Object.defineProperty(el, 'scrollTop', { configurable: true, get: () => top, set: (v: number) => { top = v; } });
    Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => { layoutReads++; return 0; } });
    let seq = 50;
    for (let batch = 0; batch < 4; batch++) {
      const entries = Array.from({ length: 250 }, () => { seq++; return line(K, seq, `l${seq}`); });
      act(() => {
        api.emit('monitor:events', { seq: batch + 1, events: [{ type: 'lines', key: K, entries }] });
      });
      // The rows for the end are committed with the batch; the scroll position follows in the next frame.
      expect(rows().at(-1)?.dataset.seq).toBe(String(seq));
      expect(rows().length).toBeLessThan(100);
      await act(() => new Promise<void>((r) => requestAnimationFrame(() => r())));
      // fakeLayout: a 400 px viewport, 20 px rows.
      expect(top).toBe(seq * 20 - 400);
      expect(screen.getByTestId('follow').getAttribute('aria-pressed')).toBe('true');
    }
    expect(layoutReads).toBe(0);
  });

  it('scrolling up with the wheel pauses follow even while streaming lines keep changing the content height', async () => {
    await withLines(Array.from({ length: 50 }, (_, i) => line(K, i + 1, `l${i + 1}`)));
    const el = scroller();
    let top = 0;
    let height = 1000;
    Object.defineProperty(el, 'scrollTop', { configurable: true, get: () => top, set: (v: number) => { top = v; } });
    Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => height });
    el.scrollTo = ((opts: ScrollToOptions) => { top = opts.top ?? top; }) as typeof el.scrollTo;
    top = 600;
    fireEvent.scroll(el);
    expect(screen.getByTestId('follow').getAttribute('aria-pressed')).toBe('true');
    // The user's wheel, then a scroll event in which the list also grew (a batch landed meanwhile).
    fireEvent.wheel(el, { deltaY: -400 });
    height = 1400;
    top = 200;
    fireEvent.scroll(el);
    expect(screen.getByTestId('follow').getAttribute('aria-pressed')).toBe('false');
  });

  it('pause holds new lines back until resumed', async () => {
    const { api } = await withLines([line(K, 1, 'a')]);
    fireEvent.click(screen.getByTestId('pause'));
    act(() => {
      api.emit('monitor:events', { seq: 1, events: [{ type: 'lines', key: K, entries: [line(K, 2, 'b'), line(K, 3, 'c')] }] });
    });
    expect(rows().map((r) => r.dataset.seq)).toEqual(['1']);
    expect(screen.getByText('View frozen: 2 new lines held back')).toBeTruthy();
    fireEvent.click(screen.getByTestId('pause'));
    expect(rows().map((r) => r.dataset.seq)).toEqual(['1', '2', '3']);
  });

  it('shows tabs with status, lifecycle and the unread-error badge; opening a tab acknowledges', async () => {
    const api = new FakeApi();
    api.state = {
      ...api.state,
      snapshot: {
        servers: api.state.snapshot.servers,
        models: [makeModel('Qwen3-8B'), makeModel('bge-m3', { connection: 'not-running', lifecycle: 'stopped', unreadErrors: 2 })],
      },
    };
    const { appStore } = await renderApp(api);
    const tab = document.querySelector<HTMLElement>('[data-key="s1/bge-m3"]');
    // The dot speaks health: a stopped model is hollow grey, not red.
    expect(tab?.querySelector('.tab-status')?.textContent).toBe('stopped');
    expect(tab?.querySelector('[data-testid="unread-badge"]')?.textContent).toBe('2');
    expect(tab?.querySelector('.health-dot')?.className).toContain('hd-stopped');
    expect(document.querySelector('[data-key="s1/Qwen3-8B"] .health-dot')?.className).toContain('hd-ready');
    fireEvent.click(tab as HTMLElement);
    expect(appStore.getState().selectedKey).toBe('s1/bge-m3');
    expect(api.callsTo('model:acknowledge')).toContainEqual({ key: 's1/bge-m3' });
    expect(api.callsTo('logs:get-entries')).toContainEqual({ key: 's1/bge-m3', limit: FIRST_PAGE });
  });

  it('copy puts the selected text on the clipboard, and says so when nothing is selected', async () => {
    const writeText = vi.fn((_text: string) => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await withLines([line(K, 1, 'first line'), line(K, 2, 'second line')]);
    window.getSelection()?.removeAllRanges();
    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Copy' }));
    expect(writeText).not.toHaveBeenCalled();
    expect(document.querySelector('.status-notice')?.textContent).toBe('Select some lines first, then copy');

    const row = rows().find((r) => r.textContent?.includes('second line'));
    if (!row) throw new Error('row not rendered');
    window.getSelection()?.selectAllChildren(row);
    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('menuitem', { name: 'Copy' }));
    });
    expect(writeText).toHaveBeenCalledTimes(1);
    expect(writeText.mock.calls[0]?.[0]).toContain('second line');
    expect(document.querySelector('.status-notice')?.textContent).toBe('Copied');
    window.getSelection()?.removeAllRanges();
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('clear on server asks first, then shows the result plainly', async () => {
    const api = new FakeApi();
    api.entries.set(K, [line(K, 1, 'a')]);
    api.handle('logs:clear-server', () => ({ ok: false, message: "模型别名 'x' 未找到", status: 200 }));
    await renderApp(api);
    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Clear on server…' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByRole('spinbutton'), { target: { value: '5' } });
    expect(api.callsTo('logs:clear-server')).toHaveLength(0);
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Clear on server' }));
    });
    expect(api.callsTo('logs:clear-server')).toEqual([{ key: K, keepMinutes: 5 }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.querySelector('.status-notice')?.textContent).toContain("Failed: 模型别名 'x' 未找到");
  });

  it('shows the first-run state with the demo server when nothing is reachable', async () => {
    const api = new FakeApi();
    api.state = { ...api.state, snapshot: { servers: [], models: [] } };
    api.handle('app:use-demo-server', () => ({ ok: true, settings: api.state.settings }));
    await renderApp(api);
    await act(async () => {
      fireEvent.click(screen.getByTestId('use-demo'));
    });
    expect(api.callsTo('app:use-demo-server')).toEqual([{}]);
  });
});

describe('log view navigation', () => {
  it('steps through errors and warnings with keys and buttons, marks them beside the scrollbar, jumps to a time', async () => {
    const entries = Array.from({ length: 40 }, (_, i) => line(K, i + 1, `line ${i + 1}`));
    entries[9] = line(K, 10, 'ERROR: one', { level: 'error' });
    entries[29] = line(K, 30, 'ERROR: two', { level: 'error' });
    entries[19] = line(K, 20, 'warn: three', { level: 'warning' });
    await withLines(entries);
    const view = () => document.querySelector('.log-view')?.getAttribute('data-focus-seq');
    expect(screen.getByTestId('nav-error').textContent).toContain('2 errors');
    expect(screen.getByTestId('nav-warning').textContent).toContain('1 warning');
    fireEvent.click(screen.getByTestId('next-error'));
    const first = view();
    expect(['10', '30']).toContain(first);
    fireEvent.keyDown(window, { key: 'e' });
    expect(view()).toBe(first === '10' ? '30' : '10');
    fireEvent.keyDown(window, { key: 'E' });
    expect(view()).toBe(first);
    fireEvent.keyDown(window, { key: 'w' });
    expect(view()).toBe('20');
    expect(screen.getByTestId('follow').getAttribute('aria-pressed')).toBe('false');
    // Marks beside the scrollbar: two errors, one warning.
    const marks = [...screen.getByTestId('scroll-marks').querySelectorAll<HTMLElement>('.scroll-mark')].map((m) => m.dataset.kind);
    expect(marks.filter((k) => k === 'error')).toHaveLength(2);
    expect(marks.filter((k) => k === 'warning')).toHaveLength(1);
    // Jump to a time: the first line at or after it.
    const t5 = new Date(line(K, 5, '').ts);
    const hhmmss = [t5.getHours(), t5.getMinutes(), t5.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    const input = screen.getByTestId('time-jump');
    fireEvent.change(input, { target: { value: hhmmss } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(view()).toBe('5');
    fireEvent.change(input, { target: { value: 'later' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(input.className).toContain('invalid');
  });
});
