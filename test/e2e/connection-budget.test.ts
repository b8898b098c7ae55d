// The connection budget in the window (real renderer in Chromium, real core): a model over the
// budget says "not streamed" in its tab and header, with the reason and how to raise it; the
// settings field has the range and refuses values outside it; raising it streams the model.
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { useE2E } from './harness/suite.js';

const MODELS = [
  { name: 'Qwen3-8B', behavior: 'silent' as const },
  { name: 'GLM-4', behavior: 'silent' as const },
  { name: 'bge-m3', behavior: 'silent' as const, mode: 'Embedding' as const },
];
const REASON = 'not streamed: over the connection budget of 1 log streams (raise Max streams in Settings / --max-streams)';

describe.skipIf(!chromiumAvailable())('connection budget in the window (Chromium)', () => {
  const e2e = useE2E();

  it('a model over the budget says "not streamed" and why; Max streams is validated and raising it streams the model', async () => {
    const h = await e2e.harness({ models: MODELS, settings: { maxStreams: 1 } });
    await h.demo.startModel('Qwen3-8B');
    const { page } = await e2e.open({ width: 1280, height: 760 });
    // The running model gets the one stream; the two stopped ones are over the budget.
    await page.locator('[data-key="local/Qwen3-8B"][data-connection="connected"]').waitFor({ timeout: 10_000 });
    const glm = page.locator('[data-key="local/GLM-4"]');
    await page.locator('[data-key="local/GLM-4"][title]').waitFor({ timeout: 10_000 });
    expect(await glm.locator('.tab-status').textContent()).toBe('not streamed');
    expect(await glm.getAttribute('title')).toBe(REASON);
    expect(await page.locator('[data-key="local/bge-m3"] .tab-status').textContent()).toBe('not streamed');
    await glm.click();
    expect(await page.getByTestId('model-status').textContent()).toBe('not streamed');
    expect(await page.getByTestId('model-problem').textContent()).toBe(REASON);
    await screenshot(page, 'connection-budget-tab');

    await page.getByRole('tab', { name: 'Settings' }).click();
    const field = page.getByTestId('field-maxStreams');
    expect(await field.inputValue()).toBe('1');
    expect([await field.getAttribute('min'), await field.getAttribute('max')]).toEqual(['1', '1000']);
    expect(await page.locator('[data-field="maxStreams"]').textContent()).toContain('Max streams (log streams open at once, 1–1000; running models first)');
    await field.fill('0');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-message').getByText('Nothing was saved').waitFor();
    expect(await page.locator('[data-field="maxStreams"] .field-issues').textContent()).toContain('Must be greater than zero');
    await field.fill('5000');
    await page.getByTestId('settings-save').click();
    await page.locator('[data-field="maxStreams"] .field-issues', { hasText: 'Value is too large' }).waitFor();
    expect((await h.controller.handleCommand('settings:get', {})).maxStreams).toBe(1);
    await screenshot(page, 'connection-budget-settings');

    await field.fill('3');
    await page.getByTestId('settings-save').click();
    await page.getByRole('tab', { name: 'Logs' }).click();
    // Within the budget now: GLM-4 is tried and found stopped.
    await page.locator('[data-key="local/GLM-4"][data-connection="not-running"]').waitFor({ timeout: 10_000 });
    expect(await glm.locator('.tab-status').textContent()).not.toBe('not streamed');
    expect((await h.controller.handleCommand('settings:get', {})).maxStreams).toBe(3);
  });
});
