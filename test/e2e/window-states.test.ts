// Window states that only show up while something happens — a model starting, a gap marker, the
// "N new lines" pill — in both themes and both languages, checked on screen and photographed.
import { describe, expect, it } from 'vitest';
import { renderedRows, screenshot, waitUntil } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { cutText, lowContrast, orphanLabels, setLook, textContrast, VARIANTS } from './harness/look.js';
import { useE2E } from './harness/suite.js';

// Runs in the page (the Node type-check has no DOM library).
declare const getComputedStyle: (el: unknown) => { opacity: string };

const QWEN = 'local/Qwen3-8B';
const MODELS = [
  { name: 'Qwen3-8B', aliases: ['qwen-8b'], behavior: 'silent' as const },
  { name: 'GLM-4', behavior: 'silent' as const },
];

const TEXT = {
  en: { starting: 'starting', startingFor: /^Starting… \d+s$/, stopWaiting: 'Stop waiting', waitTitle: /holds a start open/, logs: 'Logs' },
  'zh-CN': { starting: '启动中', startingFor: /^正在启动… \d+ ?秒$/, stopWaiting: '停止等待', waitTitle: /保持启动请求/, logs: '日志' },
} as const;

describe.skipIf(!chromiumAvailable())('window states in both themes and languages (Chromium)', () => {
  const e2e = useE2E();

  it('a starting model: amber dot and "starting" on its tab, the start button counts and offers Stop waiting', async () => {
    // The server holds the start open for a minute (as LLM-Manager does until the model is healthy).
    const h = await e2e.harness({ generation: 'v2', models: MODELS, demo: { startupMs: 60_000 } });
    const { page } = await e2e.open({ width: 1280, height: 760 });
    const tab = page.locator(`[data-key="${QWEN}"]`);
    await tab.click();
    await page.locator(`[data-key="${QWEN}"][data-connection="not-running"]`).waitFor({ timeout: 10_000 });
    await page.getByTestId('model-control').click();
    await page.locator(`[data-key="${QWEN}"][data-health="starting"]`).waitFor({ timeout: 10_000 });
    await page.getByTestId('stop-waiting').waitFor();
    // The button counts the wait.
    const control = page.getByTestId('model-control');
    const first = await control.textContent();
    await waitUntil(async () => (await control.textContent()) !== first, 5000, 'the start button to count on');
    for (const v of VARIANTS) {
      await setLook(h, page, v);
      const text = TEXT[v.language];
      await page.getByRole('tab', { name: text.logs }).waitFor();
      expect(await tab.locator('.tab-status').textContent()).toBe(text.starting);
      expect(await tab.locator('.health-dot').getAttribute('class')).toContain('hd-starting');
      await waitUntil(async () => text.startingFor.test((await control.textContent()) ?? ''), 5000, `"${String(text.startingFor)}" on the start button`);
      expect(await page.getByTestId('model-control').isDisabled()).toBe(true);
      expect(await page.getByTestId('stop-waiting').textContent()).toBe(text.stopWaiting);
      expect(await page.getByTestId('stop-waiting').getAttribute('title')).toMatch(text.waitTitle);
      // A progress label, not a faded action: readable while it is disabled.
      expect(await textContrast(page, '[data-testid="model-control"]')).toBeGreaterThanOrEqual(4.5);
      expect(await control.evaluate((e) => Number(getComputedStyle(e).opacity))).toBe(1);
      expect(await page.getByTestId('model-health').textContent()).toBe(text.starting);
      // Amber is distinct from the page behind it, and the words are readable.
      expect(await textContrast(page, `[data-key="${QWEN}"] .tab-status`)).toBeGreaterThanOrEqual(4.5);
      expect(await lowContrast(page, 4.5, '.model-header')).toEqual([]);
      expect(await cutText(page, '.model-header .btn, .model-tab .tab-name')).toEqual([]);
      await screenshot(page, `starting-${v.theme}-${v.language}`);
    }
  });

  it('a gap marker: a swallowed line recovered in place after a v1 replay, the marker says so, the line is tagged', async () => {
    // 40 history lines at 5 ms each: a 0.2 s replay, during which the server sends nothing new to that connection.
    const h = await e2e.harness({ models: MODELS, demo: { replayDelayMs: 5 } });
    await h.demo.startModel('Qwen3-8B');
    h.demo.emitMany('Qwen3-8B', Array.from({ length: 40 }, (_, i) => `history line ${i}`));
    const { page } = await e2e.open({ width: 1280, height: 760 });
    await page.locator(`[data-key="${QWEN}"]`).click();
    await page.locator('[data-testid="log-scroll"]', { hasText: 'history line 39' }).waitFor({ timeout: 10_000 });
    // The first replay's check settles before the cut (nothing was missing then).
    await waitUntil(() => h.wire.some((m) => m.includes('"gap-resolved"')), 10_000, 'the first replay check');
    const checks = h.wire.filter((m) => m.includes('"gap-resolved"')).length;
    h.demo.dropConnections();
    await waitUntil(() => h.demo.replayingCount('Qwen3-8B') > 0, 10_000, 'the reconnect to replay');
    h.demo.emit('Qwen3-8B', 'printed during the replay');
    h.demo.emit('Qwen3-8B', 'ERROR: CUDA error: out of memory');
    const recovered = page.locator('.log-line.recovered', { hasText: 'printed during the replay' });
    await recovered.waitFor({ timeout: 10_000 });
    await waitUntil(() => h.wire.filter((m) => m.includes('"gap-resolved"')).length > checks, 10_000, 'the second replay check');
    const TEXT_GAP = {
      en: { marker: '2 swallowed lines recovered here (server replay)', tag: 'recovered' },
      'zh-CN': { marker: '此处已找回 2 行被吞掉的日志（服务器回放）', tag: '已找回' },
    } as const;
    for (const v of VARIANTS) {
      await setLook(h, page, v);
      const text = TEXT_GAP[v.language];
      const marker = page.locator('.log-marker.marker-gap', { hasText: text.marker });
      await marker.waitFor({ timeout: 5000 });
      // Placed where the line was swallowed: marker, then the recovered line right after it.
      const rows = await renderedRows(page);
      const at = rows.findIndex((r) => r.kind === 'marker' && r.text.includes(text.marker));
      expect(rows[at + 1]?.text).toContain('printed during the replay');
      expect(rows[at + 2]?.text).toContain('CUDA error: out of memory');
      expect(await recovered.locator('.log-recovered').textContent()).toBe(text.tag);
      // The tag sits inside its row (it does not touch the rows above and below).
      const tagBox = await recovered.locator('.log-recovered').boundingBox();
      const rowBox = await recovered.boundingBox();
      expect(tagBox && rowBox && tagBox.y >= rowBox.y && tagBox.y + tagBox.height <= rowBox.y + rowBox.height).toBe(true);
      expect(await lowContrast(page, 4.5, '[data-testid="log-scroll"]')).toEqual([]);
      expect(await cutText(page, '.log-marker .marker-text')).toEqual([]);
      await screenshot(page, `gap-marker-${v.theme}-${v.language}`);
    }
  });

  it('the "N new lines" pill: scrolled up while lines arrive, it counts them, reads well, and brings the view down', async () => {
    const h = await e2e.harness({ models: MODELS });
    await h.demo.startModel('Qwen3-8B');
    h.demo.emitMany('Qwen3-8B', Array.from({ length: 80 }, (_, i) => `earlier line ${i}`));
    const { page } = await e2e.open({ width: 1280, height: 760 });
    await page.locator(`[data-key="${QWEN}"]`).click();
    const scroll = page.getByTestId('log-scroll');
    await scroll.filter({ hasText: 'earlier line 79' }).waitFor({ timeout: 10_000 });
    // Scrolling up switches follow off.
    await scroll.hover();
    await page.mouse.wheel(0, -600);
    await page.getByTestId('follow').and(page.locator('[aria-pressed="false"]')).waitFor({ timeout: 5000 });
    h.demo.emitMany('Qwen3-8B', ['arrived 1', 'arrived 2', 'arrived 3']);
    const pill = page.getByTestId('new-lines');
    await pill.waitFor({ timeout: 10_000 });
    const PILL = { en: '3 new lines ↓', 'zh-CN': '3 行新日志 ↓' } as const;
    // The pill and the status bar's groups: nothing cut, nothing overlapping, no label apart from its chips.
    const statusBarReadsWell = async () => {
      expect(await cutText(page, '[data-testid="new-lines"], .log-statusbar .chip')).toEqual([]);
      // Nothing in the status bar overlaps the pill.
      const overlaps = await page.evaluate(`(() => {
        const pill = document.querySelector('[data-testid="new-lines"]').getBoundingClientRect();
        return [...document.querySelectorAll('.log-statusbar > *')].filter((e) => e.dataset.testid !== 'new-lines').filter((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && r.left < pill.right && r.right > pill.left && r.top < pill.bottom && r.bottom > pill.top;
        }).map((e) => e.className);
      })()`);
      expect(overlaps).toEqual([]);
      expect(await orphanLabels(page)).toEqual([]);
    };
    for (const v of VARIANTS) {
      await setLook(h, page, v);
      await pill.getByText(PILL[v.language], { exact: true }).waitFor({ timeout: 5000 });
      // Still scrolled up: the new lines are not on screen, the pill says how many there are.
      expect((await renderedRows(page)).some((r) => r.text.includes('arrived 3'))).toBe(false);
      expect(await textContrast(page, '[data-testid="new-lines"]')).toBeGreaterThanOrEqual(4.5);
      expect(await lowContrast(page, 4.5, '.log-statusbar')).toEqual([]);
      await statusBarReadsWell();
      await screenshot(page, `new-lines-pill-${v.theme}-${v.language}`);
    }
    // A narrow window (dark, Chinese: the longest labels) still reads well.
    await page.setViewportSize({ width: 900, height: 600 });
    await statusBarReadsWell();
    await screenshot(page, 'new-lines-pill-900-dark-zh-CN');
    await pill.click();
    await page.getByTestId('follow').and(page.locator('[aria-pressed="true"]')).waitFor({ timeout: 5000 });
    await pill.waitFor({ state: 'detached', timeout: 5000 });
    await scroll.filter({ hasText: 'arrived 3' }).waitFor({ timeout: 5000 });
    expect((await renderedRows(page)).some((r) => r.text.includes('arrived 3'))).toBe(true);
  });
});
