import { describe, expect, it } from 'vitest';
import { screenshot } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { lowContrast, setLook, VARIANTS } from './harness/look.js';
import { useE2E } from './harness/suite.js';

const MODELS = [
  { name: 'Qwen3-8B', behavior: 'silent' as const },
  { name: 'GLM-4', behavior: 'silent' as const },
];

describe.skipIf(!chromiumAvailable())('first run, shortcuts and contrast (Chromium)', () => {
  const e2e = useE2E();

  it('first run: plain words for an unreachable server, Test connection connects, the demo comes second', async () => {
    const h = await e2e.harness({ models: MODELS, noServers: true });
    const { page } = await e2e.open({ width: 1280, height: 760 });
    await page.getByTestId('first-run').waitFor();
    // The raw "fetch failed: connect ECONNREFUSED …" reads as plain words.
    await page.locator('.first-run-problem', { hasText: /Nothing is listening on 127\.0\.0\.1:\d+: is LLM-Manager running\?/ }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.first-run').textContent()).not.toContain('ECONNREFUSED');
    // The address and Test connection come before the demo.
    const order = await page.evaluate(`[...document.querySelectorAll('[data-testid="test-connection"], [data-testid="import-config"], [data-testid="use-demo"]')].map((e) => e.dataset.testid)`);
    expect(order).toEqual(['test-connection', 'import-config', 'use-demo']);
    for (const v of VARIANTS) {
      await setLook(h, page, v);
      await screenshot(page, `first-run-${v.theme}-${v.language}`);
    }
    await setLook(h, page, VARIANTS[0]);
    await page.getByTestId('first-run-url').fill(h.demo.url);
    await page.getByTestId('test-connection').click();
    await page.locator('[data-key="local/Qwen3-8B"]').waitFor({ timeout: 10_000 });
  });

  it('shows the shortcuts overlay on ? and keeps text at 4.5:1 contrast in both themes', async () => {
    const h = await e2e.harness({ models: MODELS });
    await h.demo.startModel('Qwen3-8B');
    h.demo.emitMany('Qwen3-8B', ['loading', 'WARNING: flash attention not supported', 'ERROR: CUDA error: out of memory', 'main: server is listening']);
    h.demo.setStatus('GLM-4', 'failed', 'exit code 1: GGML_ASSERT(n_tokens <= n_batch) failed');
    const { page } = await e2e.open({ width: 1280, height: 760 });
    await page.locator('[data-key="local/Qwen3-8B"]').click();
    await page.locator('[data-testid="log-scroll"]', { hasText: 'server is listening' }).waitFor({ timeout: 10_000 });
    await page.locator('[data-key="local/GLM-4"][data-health="failed"]').waitFor({ timeout: 10_000 });
    for (const v of VARIANTS) {
      await setLook(h, page, v);
      if (v.language === 'en') {
        const low = await lowContrast(page, 4.5);
        expect(low, `${v.theme}: text below 4.5:1`).toEqual([]);
        // A toggle that is on is filled: ≥ 3:1 against what is behind it.
        const toggles = (await page.evaluate(`(() => {
          const parse = (c) => { const m = c.match(/[\\d.]+/g) || []; return { r: +m[0], g: +m[1], b: +m[2] }; };
          const lum = ({ r, g, b }) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          return [...document.querySelectorAll('.chip.toggle.on')].map((el) => {
            const a = lum(parse(getComputedStyle(el).backgroundColor));
            let bg = null; for (let e = el.parentElement; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; if (!c.startsWith('rgba(0, 0, 0, 0)')) { bg = parse(c); break; } }
            const b = lum(bg || { r: 255, g: 255, b: 255 });
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          });
        })()`)) as number[];
        expect(toggles.length).toBeGreaterThan(4);
        for (const r of toggles) expect(r).toBeGreaterThanOrEqual(3);
      }
      await screenshot(page, `failed-model-${v.theme}-${v.language}`);
      await page.getByTestId('log-scroll').click();
      await page.keyboard.press('?');
      await page.getByTestId('shortcuts').waitFor();
      expect(await page.getByTestId('shortcuts').locator('kbd').count()).toBeGreaterThan(10);
      await screenshot(page, `shortcuts-${v.theme}-${v.language}`);
      await page.keyboard.press('Escape');
      await page.getByTestId('shortcuts').waitFor({ state: 'detached' });
    }
  });
});
