// Proxy credentials in the real renderer: the page never receives a saved header value (every
// message over the bridge and the whole DOM are searched), typed values are masked until "Show",
// and without a keyring the settings view asks where to keep them.
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { useE2E } from './harness/suite.js';

const SAVED = 'Bearer saved-5ecret-Ij90';
const TYPED = 'typed-5ecret-Kl12';
const MODELS = [{ name: 'Qwen3-8B', behavior: 'silent' as const }];

describe.skipIf(!chromiumAvailable())('secrets in the window (Chromium)', () => {
  const e2e = useE2E();

  it('saved values never reach the page; a typed one is masked, sent once with Save, then gone', async () => {
    const h0 = await e2e.harness({ models: MODELS });
    const url = h0.demo.url;
    // The harness's settings come with a header already saved.
    await h0.controller.handleCommand('settings:update', {
      patch: { servers: [{ id: 'local', name: 'Home GPU', url, headers: { Authorization: SAVED } }] },
    });
    await h0.demo.startModel('Qwen3-8B');
    h0.demo.emit('Qwen3-8B', 'a line');
    const { h, page } = await e2e.open({ width: 1100, height: 760 });
    await page.getByRole('tab', { name: 'Settings' }).click();
    const card = page.locator('[data-server-index="0"]');
    const saved = card.locator('.header-row').first();
    expect(await saved.locator('.header-name').inputValue()).toBe('Authorization');
    expect(await saved.locator('.header-value').inputValue()).toBe('');
    expect(await saved.locator('.header-value').getAttribute('type')).toBe('password');

    await card.getByRole('button', { name: '+ Add header' }).click();
    const added = card.locator('.header-row').nth(1);
    await added.locator('.header-name').fill('X-Api-Key');
    await added.locator('.header-value').fill(TYPED);
    expect(await added.locator('.header-value').getAttribute('type')).toBe('password');
    await screenshot(page, 'settings-headers-masked-light');
    await added.getByRole('button', { name: 'Show' }).click();
    expect(await added.locator('.header-value').getAttribute('type')).toBe('text');
    await added.getByRole('button', { name: 'Hide' }).click();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-message').getByText('Saved.').waitFor();

    // The page has neither value, in any view.
    for (const tab of ['Logs', 'Statistics', 'Settings']) {
      const t = page.getByRole('tab', { name: tab });
      if ((await t.count()) > 0) await t.click();
      const html = await page.evaluate('document.documentElement.outerHTML');
      expect(html).not.toContain('saved-5ecret');
      expect(html).not.toContain(TYPED);
    }
    expect(h.wire.length).toBeGreaterThan(0);
    for (const message of h.wire) {
      expect(message).not.toContain('saved-5ecret');
      expect(message).not.toContain(TYPED);
    }
    expect(h.wire.some((m) => m.includes('"X-Api-Key":"set"'))).toBe(true);
  });

  it('without a keyring the view says so once and asks; the choice sticks', async () => {
    await e2e.harness({ models: MODELS, credentialProtection: 'none' });
    const { h, page } = await e2e.open({ width: 1100, height: 760 });
    await page.getByRole('tab', { name: 'Settings' }).click();
    const note = page.getByTestId('credential-storage');
    await note.getByText('no keyring', { exact: false }).waitFor();
    await screenshot(page, 'settings-no-keyring-light');
    await note.getByRole('button', { name: 'Store in plain text' }).click();
    await note.getByText('stored in plain text', { exact: false }).waitFor();
    const s = await h.controller.handleCommand('settings:get', {});
    expect(s.credentialStorage).toBe('plain-text');
  });
});
