// The Vitals view in Chromium, driven by the real core: 24 h of llama.cpp timing lines (history with
// server timestamps) become charts whose legend shows exactly the core's series values, hover moves
// the legend to the hovered request, clicking a point opens its log line, the tab shows a sparkline;
// light and dark screenshots, English and Chinese labels.
import { describe, expect, it } from 'vitest';
import type { VitalsSample } from '../../main/core/types.js';
import type { ModelDef } from '../../main/demo/demo-types.js';
import { llamaTimingLines, vllmStatsLine } from '../../main/demo/vitals-output.js';
import { defaultFormat } from '../../renderer/src/components/number-format.js';
import { median, percentile } from '../../renderer/src/features/vitals/vitals-figures.js';
import { screenshot, waitUntil } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { useE2E } from './harness/suite.js';

const KEY = 'local/Qwen3-8B';
const VKEY = 'local/vllm-70b';
const DEF: ModelDef = { name: 'Qwen3-8B', aliases: ['Qwen3-8B'], mode: 'Chat', behavior: 'healthy', autoStart: false, failToStart: null, port: 1 };
const HOUR = 3_600_000;

describe.skipIf(!chromiumAvailable())('vitals view (Chromium)', () => {
  const e2e = useE2E();

  for (const theme of ['light', 'dark'] as const) {
    it(`charts a day of timing lines with the core's exact values (${theme})`, async () => {
      const end = Date.now();
      let clock = end - 24 * HOUR;
      const h = await e2e.harness({
        models: [
          { name: 'Qwen3-8B', behavior: 'silent' },
          { name: 'vllm-70b', behavior: 'silent' },
        ],
        settings: { theme },
        demo: { now: () => clock },
      });
      await h.demo.startModel('Qwen3-8B');
      await h.demo.startModel('vllm-70b');
      // A request every 6 minutes for 23 h, then one a minute for the last hour (24 h of history).
      let tick = 0;
      let task = 0;
      while (clock < end - 60_000) {
        // The per-minute phase starts 30 s inside the last hour, so no sample sits on the window's edge
        // while the test runs.
        const step = clock < end - HOUR + 30_000 - 6 * 60_000 ? 6 * 60_000 : clock < end - HOUR + 30_000 ? end - HOUR + 30_000 - clock : 60_000;
        h.demo.emitMany('Qwen3-8B', ['srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200', ...llamaTimingLines(DEF, tick, task++, 40 + (tick % 300))]);
        h.demo.emit('vllm-70b', vllmStatsLine({ ...DEF, name: 'vllm-70b' }, tick, clock));
        tick += 7;
        clock += step;
      }
      clock = end;
      const { page } = await e2e.open({ width: 1280, height: 900 });
      await page.locator(`[data-key="${KEY}"] [data-testid="tab-vitals"]`).waitFor({ timeout: 15_000 });
      await page.locator(`[data-key="${KEY}"]`).click();
      await page.getByRole('tab', { name: 'Vitals' }).click();
      await page.getByTestId('vitals-view').waitFor();
      // Wait until the view shows every sample the core holds.
      const series = (await h.controller.handleCommand('vitals:get', { key: KEY }))!;
      // The samples of the view's window (it ends at the window's own clock).
      const from = Number(await page.getByTestId('vitals-view').getAttribute('data-from'));
      expect(from).toBeGreaterThanOrEqual(end - HOUR);
      const inHour = series.samples.filter((s) => s.ts >= from);
      expect(inHour.length).toBeGreaterThanOrEqual(55);
      const legendIndex = async () => Number(await page.getByTestId('chart-gen-legend').getAttribute('data-index'));
      const hoverIndex = async () => (await page.getByTestId('chart-gen').getAttribute('data-hover-index')) ?? '';
      await waitUntil(async () => (await legendIndex()) >= inHour.length - 1, 10_000, 'every sample in the chart').catch(async (e: unknown) => {
        throw new Error(`${String(e)}: legend ${await legendIndex()} of ${inHour.length} (${series.samples.length} held)`);
      });
      const shownIndex = Number(await page.getByTestId('chart-gen-legend').getAttribute('data-index'));
      const last = series.samples.at(-1)!;
      expect(shownIndex).toBe(inHour.length - 1);
      expect(await page.locator('[data-testid="chart-gen-legend"] .chart-legend-value').textContent()).toBe(defaultFormat(last.genTps!, 'tok/s'));
      // Figures: last / median / p10 over the window equal those of the core's samples.
      const gens = inHour.map((s: VitalsSample) => s.genTps!);
      const cells = await page.locator('[data-figure="gen"] td').allTextContents();
      expect(cells).toEqual([defaultFormat(last.genTps!, 'tok/s'), defaultFormat(median(gens)!, 'tok/s'), defaultFormat(percentile(gens, 0.1)!, 'tok/s')]);
      // The uPlot canvas is there and drawn at the container's width.
      const canvas = page.locator('[data-testid="chart-gen"] canvas').first();
      expect((await canvas.boundingBox())!.width).toBeGreaterThan(400);

      // Hover the middle of the plot: the legend shows the hovered request's exact value.
      const over = page.locator('[data-testid="chart-gen"] .u-over');
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await waitUntil(async () => (await hoverIndex()) !== '', 5_000, 'hover');
      const hovered = Number(await page.getByTestId('chart-gen').getAttribute('data-hover-index'));
      expect(hovered).toBeGreaterThan(0);
      expect(hovered).toBeLessThan(inHour.length - 1);
      const hs = inHour[hovered]!;
      expect(await page.locator('[data-testid="chart-gen-legend"] .chart-legend-value').textContent()).toBe(defaultFormat(hs.genTps!, 'tok/s'));
      await screenshot(page, `vitals-1h-${theme}`);

      // 24 h: per-minute values from the core's buckets.
      await page.locator('[data-window="24h"]').click();
      const from24 = Number(await page.getByTestId('vitals-view').getAttribute('data-from'));
      const buckets = series.buckets.filter((b) => b.t + 60_000 > from24);
      await page.mouse.move(0, 0);
      await waitUntil(async () => (await legendIndex()) === buckets.length - 1, 10_000, 'the per-minute values');
      expect(await page.locator('[data-testid="chart-gen-legend"] .chart-legend-value').textContent()).toBe(defaultFormat(buckets.at(-1)!.genTps!, 'tok/s'));
      await screenshot(page, `vitals-24h-${theme}`);

      // Click a request in the 1 h view: its log line opens.
      await page.locator('[data-window="1h"]').click();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await waitUntil(async () => (await hoverIndex()) !== '', 5_000, 'hover');
      const target = inHour[Number(await page.getByTestId('chart-gen').getAttribute('data-hover-index'))]!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.locator(`[data-seq="${target.seq}"]`).waitFor({ timeout: 10_000 });
      expect(await page.locator(`[data-seq="${target.seq}"]`).textContent()).toContain(`task ${target.task} | prompt eval time`);

      // vLLM: queue and KV cache charts, the last KV value from the core.
      await page.locator(`[data-key="${VKEY}"]`).click();
      await page.getByRole('tab', { name: 'Vitals' }).click();
      await page.getByTestId('chart-kv').waitFor();
      const v = (await h.controller.handleCommand('vitals:get', { key: VKEY }))!;
      await waitUntil(async () => (await page.locator('[data-testid="chart-kv-legend"] .chart-legend-value').textContent()) !== '—', 10_000, 'KV values');
      expect(await page.locator('[data-testid="chart-kv-legend"] .chart-legend-value').textContent()).toBe(defaultFormat(v.samples.at(-1)!.kvCachePct!, '%'));
      await screenshot(page, `vitals-vllm-${theme}`);
    });
  }

  it('follows the language: Chinese labels in the view and the tab sparkline', async () => {
    const h = await e2e.harness({ models: [{ name: 'Qwen3-8B', behavior: 'silent' }], settings: { language: 'zh-CN' } });
    await h.demo.startModel('Qwen3-8B');
    h.demo.emitMany('Qwen3-8B', llamaTimingLines(DEF, 3, 1, 120));
    const { page } = await e2e.open();
    await page.locator(`[data-key="${KEY}"] [data-testid="tab-vitals"]`).waitFor({ timeout: 15_000 });
    await page.locator(`[data-key="${KEY}"]`).click();
    await page.getByRole('tab', { name: '性能' }).click();
    await page.getByTestId('vitals-figures').waitFor();
    expect(await page.getByTestId('vitals-view').textContent()).toContain('生成速度');
    // One request so far: the time axis still spans the selected hour (fitted to the one point, it
    // spanned months).
    const chart = page.getByTestId('chart-gen');
    await waitUntil(async () => (await chart.getAttribute('data-x-min')) !== '', 5_000, 'x scale');
    const from = Number(await page.getByTestId('vitals-view').getAttribute('data-from'));
    const xMin = Number(await chart.getAttribute('data-x-min'));
    const xMax = Number(await chart.getAttribute('data-x-max'));
    expect(Math.abs(xMin - from)).toBeLessThan(1_000);
    expect(xMax - xMin).toBeCloseTo(60 * 60_000, -3);
    await screenshot(page, 'vitals-zh-CN');
  });
});
