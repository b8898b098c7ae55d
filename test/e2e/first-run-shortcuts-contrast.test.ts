import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, waitUntil } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { useE2E } from './harness/suite.js';
import type { Harness } from './harness/app-harness.js';

const MODELS = [
  { name: 'Qwen3-8B', behavior: 'silent' as const },
  { name: 'GLM-4', behavior: 'silent' as const },
];

const VARIANTS = [
  { theme: 'light', language: 'en' },
  { theme: 'dark', language: 'en' },
  { theme: 'light', language: 'zh-CN' },
  { theme: 'dark', language: 'zh-CN' },
] as const;

async function setLook(h: Harness, page: Page, v: (typeof VARIANTS)[number]): Promise<void> {
  await h.controller.handleCommand('settings:update', { patch: { theme: v.theme, language: v.language } });
  const expr = `document.documentElement.dataset.theme === ${JSON.stringify(v.theme)} && document.documentElement.lang === ${JSON.stringify(v.language)}`;
  await waitUntil(async () => (await page.evaluate(expr)) === true, 10_000, `theme ${v.theme} and language ${v.language}`);
}

/**
 * WCAG contrast of every visible text element against the background it is drawn on (the first
 * non-transparent background up its ancestors). Returns the ones below `min`.
 */
const LOW_CONTRAST = `(min) => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g) || []; return { r: +m[0], g: +m[1], b: +m[2], a: m[3] === undefined ? 1 : +m[3] }; };
  const lum = ({ r, g, b }) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const bgOf = (el) => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || +st.opacity < 0.5) continue;
    if (el.closest(':disabled, [aria-disabled="true"]')) continue;
    const fg = parse(st.color);
    const l1 = lum(fg), l2 = lum(bgOf(el));
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < min) out.push(el.className + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
  }
  return out;
}`;

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
        const low = (await page.evaluate(`(${LOW_CONTRAST})(4.5)`)) as string[];
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
