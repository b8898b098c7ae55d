import { describe, expect, it } from 'vitest';
import { renderedRows } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { useE2E } from './harness/suite.js';

// Runs in the page (the Node type-check has no DOM library).
declare const getComputedStyle: (el: unknown) => { color: string };

const QWEN = 'local/Qwen3-8B';
const BGE = 'local/bge-m3';
const MODELS = [
  { name: 'Qwen3-8B', behavior: 'silent' as const },
  { name: 'bge-m3', behavior: 'silent' as const, mode: 'Embedding' as const },
];

describe.skipIf(!chromiumAvailable())('log stream in the window (real core, demo server, Chromium)', () => {
  const e2e = useE2E();

  it('a model starts: its tab turns green, history then live lines appear in order', async () => {
    const h = await e2e.harness({ models: MODELS });
    h.demo.emitMany('Qwen3-8B', ['hist-1 llama_model_loader: loaded meta data', 'hist-2 llm_load_tensors: offloading 48 layers', 'hist-3 done']);
    const { page } = await e2e.open();
    const tab = page.locator(`[data-key="${QWEN}"]`);
    await tab.waitFor();
    await page.waitForSelector(`[data-key="${QWEN}"][data-connection="not-running"]`);
    expect(await tab.locator('.health-dot').getAttribute('class')).toContain('hd-stopped');
    await tab.click();

    await h.demo.startModel('Qwen3-8B');
    await page.waitForSelector(`[data-key="${QWEN}"][data-connection="connected"]`, { timeout: 10_000 });
    expect(await tab.locator('.health-dot').getAttribute('class')).toContain('hd-ready');
    await page.locator('[data-testid="log-scroll"]', { hasText: 'hist-3' }).waitFor();

    h.demo.emitMany('Qwen3-8B', ['live-1 main: server is listening on http://127.0.0.1:10001', 'live-2 slot update', 'live-3 \u001b[32mready\u001b[0m']);
    await page.locator('[data-testid="log-scroll"]', { hasText: 'live-3' }).waitFor();
    const rows = await renderedRows(page);
    const ours = rows.filter((r) => /hist-|live-|history complete/.test(r.text));
    const order = ours.map((r) => (r.kind === 'marker' ? 'MARK' : r.text.split(' ')[0]));
    expect(order).toEqual(['hist-1', 'hist-2', 'hist-3', 'MARK', 'live-1', 'live-2', 'live-3']);
    expect(ours.filter((r) => r.text.startsWith('hist-')).every((r) => r.origin === 'history')).toBe(true);
    expect(ours.filter((r) => r.text.startsWith('live-')).every((r) => r.origin === 'live')).toBe(true);
    // ANSI rendered, not raw.
    expect(await page.locator('.ansi-green-fg', { hasText: 'ready' }).count()).toBe(1);
    expect(await page.locator('[data-testid="log-scroll"]').textContent()).not.toContain('\u001b');

    // Log text is never HTML: an XSS payload shows as text and creates no element.
    const payload = '<img src=x onerror="document.title=\'pwned\'"><script>document.title=\'pwned\'</script>';
    h.demo.emit('Qwen3-8B', payload);
    await page.locator('.log-text', { hasText: payload }).waitFor();
    expect(await page.locator('[data-testid="log-scroll"] img, [data-testid="log-scroll"] script').count()).toBe(0);
    expect(await page.title()).toBe('LLM Log Tray');
  });

  it('an OOM line shows red with its hint and increments the error badge of an unselected tab', async () => {
    const h = await e2e.harness({ models: MODELS });
    await h.demo.startModel('Qwen3-8B');
    await h.demo.startModel('bge-m3');
    const { page } = await e2e.open();
    await page.locator(`[data-key="${BGE}"]`).click();
    await page.waitForSelector(`[data-key="${QWEN}"][data-connection="connected"]`, { timeout: 10_000 });
    h.demo.emit('Qwen3-8B', 'ERROR: CUDA error: out of memory');
    const badge = page.locator(`[data-key="${QWEN}"] [data-testid="unread-badge"]`);
    await badge.waitFor({ timeout: 10_000 });
    expect(await badge.textContent()).toBe('1');
    h.demo.emit('Qwen3-8B', 'ggml_cuda_op_mul_mat: cudaMalloc failed: out of memory');
    await page.locator(`[data-key="${QWEN}"] [data-testid="unread-badge"]`, { hasText: /^2$/ }).waitFor();

    await page.locator(`[data-key="${QWEN}"]`).click();
    const errorRow = page.locator('.log-line.level-error', { hasText: 'CUDA error: out of memory' });
    await errorRow.waitFor();
    const color = await errorRow.locator('.log-text').evaluate((el) => getComputedStyle(el).color);
    expect(color).toBe('rgb(183, 28, 28)');
    // The hint is its own row under the error block.
    expect(await page.locator('.log-row-slot', { has: errorRow }).getByTestId('log-hint').first().textContent()).toContain('lower the context size');
    // Opening the tab acknowledged its errors.
    await badge.waitFor({ state: 'detached', timeout: 10_000 });
  });
});
