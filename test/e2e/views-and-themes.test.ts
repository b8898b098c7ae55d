import { describe, expect, it } from 'vitest';
import { screenshot } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { useE2E } from './harness/suite.js';

const QWEN = 'local/Qwen3-8B';
const MODELS = [
  { name: 'Qwen3-8B', aliases: ['qwen-8b'], behavior: 'silent' as const },
  { name: 'GLM-4', behavior: 'silent' as const },
  { name: 'bge-m3', behavior: 'silent' as const, mode: 'Embedding' as const },
];

describe.skipIf(!chromiumAvailable())('views, language and themes (Chromium)', () => {
  const e2e = useE2E();

  it('switches the language from the settings view (zh-CN labels, origin tags) and back', async () => {
    const h = await e2e.harness({ models: MODELS });
    await h.demo.startModel('Qwen3-8B');
    const { page } = await e2e.open();
    await page.locator(`[data-key="${QWEN}"]`).click();
    await page.locator(`[data-key="${QWEN}"][data-connection="connected"]`).waitFor({ timeout: 10_000 });
    // Printed once the stream is connected, so it arrives live. (Emitted before, it raced the connection:
    // a line printed before the stream opens comes with the history replay, and is rightly 'history'.)
    h.demo.emit('Qwen3-8B', 'hello');
    await page.locator('.log-line', { hasText: 'hello' }).waitFor({ timeout: 10_000 });
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByTestId('language-select').selectOption('zh-CN');
    await page.getByRole('tab', { name: '日志' }).waitFor();
    expect(await page.getByRole('tab', { name: '统计' }).count()).toBe(1);
    await page.getByRole('tab', { name: '日志' }).click();
    await page.getByTestId('model-status').getByText('已连接').waitFor();
    // bge-m3 is never started: wait for its first 400 answer (a busy machine may still be connecting).
    await page.locator('[data-key="local/bge-m3"][data-connection="not-running"]').waitFor({ timeout: 10_000 });
    // Never started: the tab says stopped (hollow grey dot), not a connection state.
    expect(await page.locator('[data-key="local/bge-m3"] .tab-status').textContent()).toBe('已停止');
    expect(await page.locator('.log-line', { hasText: 'hello' }).getAttribute('data-origin')).toBe('live');
    expect(await page.locator('.origin-chip.origin-live').textContent()).toBe('实时');
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    await screenshot(page, 'logs-zh-CN-light');
    await page.getByRole('tab', { name: '设置' }).click();
    await page.getByTestId('language-select').selectOption('en');
    await page.getByRole('tab', { name: 'Logs' }).waitFor();
  });

  it('shows settings validation issues next to the field and saves nothing', async () => {
    await e2e.harness({ models: MODELS });
    const { h, page } = await e2e.open();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByTestId('field-retryIntervalSec').fill('-5');
    await page.locator('[data-field="servers.0.url"] input').fill('not a url');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-message').getByText('Nothing was saved').waitFor();
    expect(await page.locator('[data-field="retryIntervalSec"] .field-issues').count()).toBe(1);
    expect(await page.locator('[data-field="servers.0.url"] .field-issues').count()).toBe(1);
    const state = await h.controller.handleCommand('settings:get', {});
    expect(state.retryIntervalSec).toBe(5);
    await screenshot(page, 'settings-issues-light');
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`renders the main states in the ${theme} theme`, async () => {
      const h = await e2e.harness({ models: MODELS, settings: { theme } });
      await h.demo.startModel('Qwen3-8B');
      await h.demo.startModel('GLM-4');
      h.demo.emitMany('Qwen3-8B', [
        'llama_model_loader: loaded meta data with 33 key-value pairs and 579 tensors',
        'llm_load_tensors: offloading 36 repeating layers to GPU',
        '\u001b[33mwarn\u001b[0m: n_ctx_per_seq (4096) < n_ctx_train (40960) -- the full capacity of the model will not be utilized',
        'main: server is listening on http://127.0.0.1:10001 - starting the main loop',
      ]);
      const { page } = await e2e.open({ width: 1280, height: 760 });
      expect(await page.evaluate('document.documentElement.dataset.theme')).toBe(theme);
      await page.locator(`[data-key="${QWEN}"]`).click();
      await page.locator(`[data-key="${QWEN}"][data-connection="connected"]`).waitFor({ timeout: 10_000 });
      h.demo.emitMany('Qwen3-8B', [
        'slot launch_slot_: id  0 | task 0 | processing task',
        'ERROR: CUDA error: out of memory',
        '  current device: 0, in function ggml_cuda_op_mul_mat at ggml-cuda.cu:1234',
        'INFO: model loaded, ready to serve requests',
      ]);
      h.demo.emit('GLM-4', 'GGML_ASSERT(n_tokens <= n_batch) failed');
      await page.locator(`[data-key="local/GLM-4"] [data-testid="unread-badge"]`).waitFor({ timeout: 10_000 });
      await page.locator('[data-testid="log-scroll"]', { hasText: 'ready to serve requests' }).waitFor();
      await screenshot(page, `logs-${theme}`);

      h.demo.emit('Qwen3-8B', `srv  params_from_: Chat format: Hermes 2 Pro, very long line ${'lorem ipsum dolor sit amet '.repeat(12)}end-of-long-line`);
      await page.getByRole('button', { name: 'Wrap', exact: true }).click();
      await page.locator('.log-line', { hasText: 'end-of-long-line' }).waitFor();
      const box = await page.locator('.log-line', { hasText: 'end-of-long-line' }).boundingBox();
      expect(box?.height ?? 0).toBeGreaterThan(30);
      // Following: the wrapped last line is measured taller after the view was pinned to the end;
      // the view follows it down and shows the whole line, not its first row only.
      await expect
        .poll(async () => {
          const line = await page.locator('.log-line', { hasText: 'end-of-long-line' }).boundingBox();
          const view = await page.getByTestId('log-scroll').boundingBox();
          return line && view ? Math.round(view.y + view.height - (line.y + line.height)) : -1;
        })
        .toBeGreaterThanOrEqual(0);
      await screenshot(page, `logs-wrap-${theme}`);
      await page.getByRole('button', { name: 'Wrap', exact: true }).click();

      await page.getByLabel('Search').fill('out of memory');
      await page.keyboard.press('Enter');
      await screenshot(page, `logs-search-${theme}`);

      await page.getByRole('tab', { name: 'Statistics' }).click();
      await page.getByTestId('stats-view').waitFor();
      await page.locator('[data-testid="error-groups"]').waitFor({ timeout: 10_000 });
      expect(await page.locator('[data-testid="error-groups"]').textContent()).toContain('CUDA out of memory');
      // One card per model; a card's error count equals the sum of its error groups.
      await page.locator('[data-testid="model-card"]').first().waitFor();
      expect(await page.locator('[data-testid="model-card"]').count()).toBeGreaterThanOrEqual(2);
      await page.locator('[data-testid="model-card"]').first().locator('[data-testid="errors-chart"]').waitFor();
      await screenshot(page, `stats-${theme}`);

      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.getByTestId('settings-view').waitFor();
      await screenshot(page, `settings-${theme}`);
    });

    // Accepting the demo is story 1 on the built app (test/stories/first-run.test.ts); here only the look.
    it(`shows the first-run state (${theme})`, async () => {
      await e2e.harness({ models: MODELS, noServers: true, settings: { theme } });
      const { page } = await e2e.open();
      await page.getByTestId('first-run').waitFor();
      await screenshot(page, `first-run-${theme}`);
    });
  }
});
