// The replay-hole marker in the window, driven by the real core against the demo server: a check
// that cannot finish turns the marker from "checking…" into "lines may be missing here … could not
// check, <why>", never "checking…" forever.
import { describe, expect, it } from 'vitest';
import { screenshot, waitUntil } from './harness/browser.js';
import { chromiumAvailable } from './harness/chromium.js';
import { useE2E } from './harness/suite.js';

const KEY = 'local/Qwen3-8B';

describe.skipIf(!chromiumAvailable())('replay-hole marker in the window (real core, demo server, Chromium)', () => {
  const e2e = useE2E();

  it('the check is cut off and cannot finish in time: the marker changes from checking to "could not check" and why', async () => {
    const h = await e2e.harness({
      models: [{ name: 'Qwen3-8B', behavior: 'silent' }],
      demo: { replayDelayMs: 20 },
      // Fast retries; a 1.5 s check deadline; no health probe (its stall check would reconnect on its own).
      policy: { retryIntervalMs: 100, backoffCapMs: 400, healthIntervalMs: 600_000, discoveryIntervalMs: 300, batchMs: 10, holeCheckDeadlineMs: 1500 },
    });
    const { page } = await e2e.open();
    await h.demo.startModel('Qwen3-8B');
    await page.locator(`[data-key="${KEY}"]`).click();
    await page.waitForSelector(`[data-key="${KEY}"][data-connection="connected"]`, { timeout: 10_000 });
    h.demo.emitMany('Qwen3-8B', Array.from({ length: 40 }, (_, i) => `old ${i}`));
    await page.locator('[data-testid="log-scroll"]', { hasText: 'old 39' }).waitFor();
    const checking = page.locator('.log-marker.marker-gap.unverified');
    // The first connection's check (an empty history) is settled at once (its row may be scrolled out of view).
    await waitUntil(() => h.wire.some((m) => m.includes('"gap-resolved"')), 10_000, 'the first replay check');
    expect(await checking.count()).toBe(0);

    // A reconnect replays the 40 lines (0.8 s); as soon as its hole's check replays, every replay stalls.
    h.demo.dropConnections();
    for (let i = 0; i < 2000 && !(h.demo.subscriberCount('Qwen3-8B') === 1 && h.demo.replayingCount('Qwen3-8B') === 1); i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    h.demo.setReplayDelay(60_000);
    await checking.waitFor({ timeout: 5000 });
    expect(await checking.textContent()).toBe('┄┄ lines may be missing here (server replay), checking… ┄┄');
    const seq = await checking.getAttribute('data-seq');
    await screenshot(page, 'gap-marker-checking');

    // Cut again: the reconnect's replay stalls too, so nothing settles the gap before its deadline.
    h.demo.dropConnections();
    const row = page.locator(`.log-marker[data-seq="${seq}"]`);
    await page.waitForSelector(`.log-marker[data-seq="${seq}"].unchecked`, { timeout: 15_000 });
    expect(await row.textContent()).toBe(
      '┄┄ lines may be missing here (server replay): could not check, the connection was lost before the check finished ┄┄',
    );
    expect(await page.locator('.log-marker.unverified').count()).toBe(0);
    // Still a warning-coloured gap, not a settled one.
    expect(await row.getAttribute('class')).not.toContain('settled');
    await screenshot(page, 'gap-marker-unchecked');
  });
});
