import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderedRows, screenshot, waitUntil } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { useE2E } from './harness/suite.js';

const QWEN = 'local/Qwen3-8B';
const MODELS = [{ name: 'Qwen3-8B', behavior: 'silent' as const }];

async function openRunning(e2e: ReturnType<typeof useE2E>, lines: string[]) {
  const h = await e2e.harness({ models: MODELS });
  await h.demo.startModel('Qwen3-8B');
  h.demo.emitMany('Qwen3-8B', lines);
  const started = await e2e.open();
  await started.page.locator(`[data-key="${QWEN}"][data-connection="connected"]`).waitFor({ timeout: 10_000 });
  const last = lines[lines.length - 1] ?? '';
  await started.page.locator('[data-testid="log-scroll"]', { hasText: last }).waitFor({ timeout: 10_000 });
  return started;
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByLabel('Search').fill(text);
}

function count(page: Page) {
  return page.getByTestId('match-count');
}

describe.skipIf(!chromiumAvailable())('search, filters, restart and clearing (Chromium)', () => {
  const e2e = useE2E();

  it('searches (text and regex), counts and steps through matches, and filters by level and origin', async () => {
    const { h, page } = await openRunning(e2e, ['alpha request 1', 'WARNING: slow tokenizer', 'ERROR: failed to load model', 'alpha request 2', 'beta']);
    await search(page, 'alpha');
    // A new search selects its first match and shows it.
    await page.getByTestId('match-count').getByText('1/2').waitFor();
    await page.locator('.current-match', { hasText: 'alpha request 1' }).waitFor();
    await page.keyboard.press('Enter');
    expect(await count(page).textContent()).toBe('2/2');
    expect(await page.locator('.current-match mark.search-hit').textContent()).toBe('alpha');
    expect(await page.locator('mark.search-hit').count()).toBe(2);
    await screenshot(page, 'search-light');

    await page.getByTitle('Treat the search as a regular expression').click();
    await search(page, 'request \\d');
    await count(page).getByText('1/2').waitFor();
    await search(page, 'request (');
    await page.getByRole('alert').getByText(/Invalid regular expression/).waitFor();
    await search(page, '');

    // Ctrl+F focuses the search box.
    await page.locator('[data-testid="log-scroll"]').click();
    await page.keyboard.press('Control+f');
    expect(await page.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")')).toBe('Search');

    const toolbar = page.getByRole('toolbar');
    await toolbar.getByRole('button', { name: 'info', exact: true }).click();
    const rows = await renderedRows(page);
    let lineRows = rows.filter((r) => r.kind === 'line');
    expect(lineRows.some((r) => r.level === 'info')).toBe(false);
    expect(lineRows.map((r) => r.text)).toEqual(expect.arrayContaining(['WARNING: slow tokenizer', 'ERROR: failed to load model']));
    expect(lineRows.map((r) => r.text)).not.toContain('alpha request 1');
    await toolbar.getByRole('button', { name: 'history', exact: true }).click();
    h.demo.emit('Qwen3-8B', 'ERROR: live failure');
    await page.locator('[data-testid="log-scroll"]', { hasText: 'live failure' }).waitFor();
    lineRows = (await renderedRows(page)).filter((r) => r.kind === 'line');
    expect(lineRows.map((r) => r.text)).toContain('ERROR: live failure');
    expect(lineRows.every((r) => r.origin === 'live' && r.level !== 'info')).toBe(true);
  });

  it('a server restart replays history without duplicate rows', async () => {
    const lines = ['uniq-r1', 'uniq-r2', 'uniq-r3', 'uniq-r4', 'uniq-r5'];
    const { h, page } = await openRunning(e2e, lines);
    await h.demo.restart();
    await waitUntil(() => h.demo.subscriberCount('Qwen3-8B') > 0, 10_000, 'stream reconnected after restart');
    h.demo.emit('Qwen3-8B', 'after-restart');
    await page.locator('[data-testid="log-scroll"]', { hasText: 'after-restart' }).waitFor({ timeout: 10_000 });
    await search(page, 'uniq-r');
    await count(page).getByText('1/5').waitFor();
    const rows = await renderedRows(page);
    const texts = rows.filter((r) => r.kind === 'line').map((r) => r.text);
    for (const l of [...lines, 'after-restart']) expect(texts.filter((t) => t === l), l).toHaveLength(1);
  });

  it('clear on server asks for confirmation, clears the server history and shows the result', async () => {
    const { h, page } = await openRunning(e2e, ['to be cleared 1', 'to be cleared 2']);
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Clear on server…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await screenshot(page, 'clear-dialog-light');
    expect(h.demo.record('Qwen3-8B').length).toBeGreaterThan(0);
    // The safe default keeps the last hour; deleting everything is a deliberate 0.
    expect(await dialog.getByRole('spinbutton').inputValue()).toBe('60');
    await dialog.getByRole('spinbutton').fill('0');
    await dialog.getByRole('button', { name: 'Clear on server' }).click();
    await page.locator('.status-notice', { hasText: /^Done: / }).waitFor({ timeout: 10_000 });
    expect(h.demo.record('Qwen3-8B')).toHaveLength(0);
    h.demo.emit('Qwen3-8B', 'fresh line after clear');
    await page.locator('[data-testid="log-scroll"]', { hasText: 'fresh line after clear' }).waitFor({ timeout: 10_000 });
  });
});
