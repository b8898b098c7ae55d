// Settings → Watched models with two servers, and the statistics cards, in both themes and
// languages and at 1280 and 900 px: checked on screen, then photographed.
import { describe, expect, it } from 'vitest';
import { screenshot, waitUntil } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { cutText, lowContrast, orphanLabels, setLook, VARIANTS } from './harness/look.js';
import { useE2E } from './harness/suite.js';

const MODELS = [
  { name: 'Qwen3-8B', aliases: ['qwen-8b'], behavior: 'silent' as const },
  { name: 'GLM-4', behavior: 'silent' as const },
];

const WORDS = {
  en: { settings: 'Settings', stats: 'Statistics', watched: ['1 of 2 watched', '2 of 2 watched'] },
  'zh-CN': { settings: '设置', stats: '统计', watched: ['已监视 1 / 2', '已监视 2 / 2'] },
} as const;

describe.skipIf(!chromiumAvailable())('settings and statistics in both themes and languages (Chromium)', () => {
  const e2e = useE2E();

  it('Settings → Watched models: one group per server by its name, models by name and alias, no internal key on screen', async () => {
    const h = await e2e.harness({ models: MODELS });
    const cur = await h.controller.handleCommand('settings:get', {});
    // A second server (the same demo under another name): the same model names on two servers.
    await h.controller.handleCommand('settings:update', {
      patch: { servers: [...cur.servers, { id: 'lab', name: 'Lab box', url: h.demo.url, headers: {} }], unwatched: ['local/GLM-4'] },
    });
    const { page } = await e2e.open({ width: 1280, height: 760 });
    await page.locator('[data-key="lab/GLM-4"]').waitFor({ timeout: 10_000 });
    await page.getByRole('tab', { name: 'Settings' }).click();
    const list = page.getByTestId('watched-models');
    await list.locator('.watched-group[data-server="lab"] .watched-model').nth(1).waitFor({ timeout: 10_000 });
    for (const v of VARIANTS) {
      await setLook(h, page, v);
      const words = WORDS[v.language];
      await page.getByRole('tab', { name: words.settings }).waitFor();
      const groups = await page.evaluate(`[...document.querySelectorAll('.watched-group')].map((g) => ({
        server: g.querySelector('.watched-server-name').textContent,
        count: g.querySelector('.watched-server .muted').textContent,
        models: [...g.querySelectorAll('.watched-model')].map((m) => [m.querySelector('.watched-name').textContent, (m.querySelector('.watched-aliases') || {}).textContent || null, m.querySelector('input').checked]),
      }))`);
      expect(groups).toEqual([
        { server: 'Home GPU', count: words.watched[0], models: [['GLM-4', null, false], ['Qwen3-8B', 'qwen-8b', true]] },
        { server: 'Lab box', count: words.watched[1], models: [['GLM-4', null, true], ['Qwen3-8B', 'qwen-8b', true]] },
      ]);
      const text = (await page.getByTestId('settings-view').innerText()) ?? '';
      expect(text).not.toMatch(/\b(local|lab)\/(GLM-4|Qwen3-8B)/);
      await list.scrollIntoViewIfNeeded();
      expect(await lowContrast(page, 4.5, '[data-field="unwatched"]')).toEqual([]);
      expect(await cutText(page, '.watched-server-name, .watched-name')).toEqual([]);
      await screenshot(page, `settings-watched-${v.theme}-${v.language}`);
    }
    // Unticking a model on the second server unwatches that one only.
    await list.locator('.watched-group[data-server="lab"] .watched-model[data-key="lab/Qwen3-8B"] input').uncheck();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-message').waitFor();
    expect([...(await h.controller.handleCommand('settings:get', {})).unwatched].sort()).toEqual(['lab/Qwen3-8B', 'local/GLM-4']);
  });

  it('statistics cards read well in both themes and languages, at 1280 and 900 px', async () => {
    // v2 reports a failed model's reason (v1-seed does not), as the card should show it.
    const h = await e2e.harness({ generation: 'v2', models: MODELS });
    await h.demo.startModel('Qwen3-8B');
    h.demo.emitMany('Qwen3-8B', ['llama_model_loader: loaded meta data', 'ERROR: CUDA error: out of memory', 'main: server is listening']);
    h.demo.setStatus('GLM-4', 'failed', 'exit code 1: GGML_ASSERT(n_tokens <= n_batch) failed');
    const { page } = await e2e.open({ width: 1280, height: 760 });
    await page.locator('[data-key="local/GLM-4"][data-health="failed"]').waitFor({ timeout: 10_000 });
    await page.getByRole('tab', { name: 'Statistics' }).click();
    await page.locator('[data-testid="model-card"]').nth(1).waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="error-groups"]', { hasText: 'CUDA' }).waitFor({ timeout: 10_000 });
    for (const v of VARIANTS) {
      await setLook(h, page, v);
      await page.getByRole('tab', { name: WORDS[v.language].stats }).waitFor();
      for (const size of [{ width: 1280, height: 760 }, { width: 900, height: 600 }]) {
        await page.setViewportSize(size);
        expect(await page.locator('[data-testid="model-card"]').count()).toBe(2);
        // The last error is shown in full (wrapped, never cut), and nothing in a card overflows it.
        await page.locator('[data-testid="last-error"]', { hasText: 'CUDA error: out of memory' }).waitFor({ timeout: 5000 });
        expect(await cutText(page, '.last-error-text, .stat-card-name, .metric-label, .metric-value')).toEqual([]);
        // The tables fit: no column pushed out of sight behind a horizontal scroll.
        expect(await page.evaluate(`[...document.querySelectorAll('.stats-view .table-wrap')].filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => w.querySelector('table').dataset.testid)`)).toEqual([]);
        // The charts take the card's new width from a ResizeObserver, a frame after the viewport
        // changed: wait (bounded) for that, then nothing may stick out of its card.
        const outsideCards = (): Promise<string[]> =>
          page.evaluate(`[...document.querySelectorAll('.stat-card')].flatMap((c) => {
          const box = c.getBoundingClientRect();
          return [...c.querySelectorAll('*')].filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1); }).map((e) => e.className);
        })`);
        await waitUntil(async () => (await outsideCards()).length === 0, 5000, 'every element inside its statistics card');
        expect(await outsideCards()).toEqual([]);
        expect(await lowContrast(page, 4.5, '[data-testid="stats-view"]')).toEqual([]);
        expect(await orphanLabels(page)).toEqual([]);
        await screenshot(page, `stats-cards-${v.theme}-${v.language}-${size.width}`);
      }
    }
  });
});
