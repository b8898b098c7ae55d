import { describe, expect, it } from 'vitest';
import { closedPortUrl } from './harness/app-harness.js';
import { screenshot } from './harness/browser.js';
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
    const hint = page.locator('.log-line', { hasText: OOM }).locator('.log-hint');
    await hint.waitFor({ timeout: 10_000 });
    for (const size of [{ width: 1280, height: 800 }, { width: 900, height: 600 }]) {
      await page.setViewportSize(size);
      // Every server name is shown whole (no ellipsis), in the header and the sidebar.
      const cut = await page.evaluate(`[...document.querySelectorAll('.server-name, .group-name')].filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent)`);
      expect(cut).toEqual([]);
      const scroll = await page.getByTestId('log-scroll').boundingBox();
      const box = await hint.boundingBox();
      expect(scroll && box).toBeTruthy();
      if (!scroll || !box) return;
      // Inside the visible log (not pushed past its right edge) …
      expect(box.x + box.width).toBeLessThanOrEqual(scroll.x + scroll.width + 0.5);
      // … and not covering the error text itself.
      const textEnd = await page.evaluate(`(() => {
        const row = [...document.querySelectorAll('.log-line')].find((e) => e.textContent.includes(${JSON.stringify(OOM)}));
        const r = document.createRange();
        r.selectNodeContents(row.querySelector('.log-text'));
        return r.getBoundingClientRect().right;
      })()`);
      expect(box.x).toBeGreaterThanOrEqual(Number(textEnd) - 0.5);
      await screenshot(page, `layout-hint-${size.width}`);
    }
  });
});
