import { describe, expect, it } from 'vitest';
import { closedPortUrl } from './harness/app-harness.js';
import { screenshot, waitUntil } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { useE2E } from './harness/suite.js';

const MODELS = [{ name: 'Qwen3-8B', behavior: 'silent' as const }];
const OOM = 'ERROR: CUDA error: out of memory (recoverable, tick 10)';

describe.skipIf(!chromiumAvailable())('layout under real Chromium', () => {
  const e2e = useE2E();

  it('three servers each get a sidebar group with their health, names uncut; a failure hint stays inside the log at 1280 and 900 px', async () => {
    const h = await e2e.harness({ models: MODELS });
    const cur = await h.controller.handleCommand('settings:get', {});
    await h.controller.handleCommand('settings:update', {
      patch: {
        servers: [
          ...cur.servers,
          { id: 'lab', name: 'Lab box', url: h.demo.url, headers: {} },
          { id: 'gone', name: 'Old rig', url: await closedPortUrl(), headers: {} },
        ],
      },
    });
    await h.demo.startModel('Qwen3-8B');
    h.demo.emit('Qwen3-8B', OOM);
    const { page } = await e2e.open({ width: 1280, height: 800 });
    // The unreachable server has its own group (with no models), saying so in its heading.
    await page.locator('.group-title[data-server="gone"] .health-text-unreachable').waitFor({ timeout: 10_000 });
    await page.locator('.group-title[data-server="lab"]').waitFor();
    expect(await page.getByTestId('servers-summary').textContent()).toContain('3 servers');

    await page.locator('[data-key="local/Qwen3-8B"]').click();
    const row = page.locator('.log-line', { hasText: OOM });
    const hint = page.locator('.log-row-slot', { has: row }).getByTestId('log-hint');
    await hint.waitFor({ timeout: 10_000 });
    for (const size of [{ width: 1280, height: 800 }, { width: 900, height: 600 }]) {
      await page.setViewportSize(size);
      // Every server name is shown whole (no ellipsis), in the header and the sidebar.
      const cut = await page.evaluate(`[...document.querySelectorAll('.server-name, .group-name')].filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent)`);
      expect(cut).toEqual([]);
      await waitUntil(async () => {
        const scroll = await page.getByTestId('log-scroll').boundingBox();
        const box = await hint.boundingBox();
        return !!scroll && !!box && box.x + box.width <= scroll.x + scroll.width + 0.5;
      }, 5000, 'hint row inside the log');
      const scroll = await page.getByTestId('log-scroll').boundingBox();
      const box = await hint.boundingBox();
      const rowBox = await row.boundingBox();
      expect(scroll && box && rowBox).toBeTruthy();
      if (!scroll || !box || !rowBox) return;
      // A full row under the error (not beside it), inside the visible log …
      expect(box.y).toBeGreaterThanOrEqual(rowBox.y + rowBox.height - 0.5);
      expect(box.x).toBeLessThanOrEqual(rowBox.x + 1);
      expect(box.x + box.width).toBeLessThanOrEqual(scroll.x + scroll.width + 0.5);
      // … with its whole text (never cut) and an SVG icon that renders without any font.
      const hintText = hint.locator('.hint-text');
      expect(await hintText.evaluate((e) => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1)).toBe(true);
      expect(await hintText.textContent()).toBe('GPU out of memory: lower the context size or the GPU layers, or stop another model.');
      const icon = await hint.locator('svg.hint-icon').boundingBox();
      expect(icon?.width ?? 0).toBeGreaterThan(8);
      await screenshot(page, `layout-hint-${size.width}`);
    }
  });
});
