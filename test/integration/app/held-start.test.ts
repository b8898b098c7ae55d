// A v1/v2 start is held open until the model's health check decides (up to 300 s), exactly as long
// as Node's built-in fetch waits for response headers (undici's headersTimeout): with that fetch the
// server's reason never reaches the window. The app controller sends control requests through
// heldRequestFetch by default (the Electron main process passes nothing else). Here the 300 s limit is
// scaled down: a fetch that gives up on headers after HEADERS_TIMEOUT_MS, and a demo server holding the
// start for several times that.
import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../main/core/ports.js';
import { createMemoryStorage, createSettingsService, defaultSettings } from '../../../main/core/settings/index.js';
import { waitFor } from '../core/helpers.js';
import { startRecordedApp } from '../../helpers/recorded-app.js';
import { testScope } from '../../helpers/test-scope.js';

const HEADERS_TIMEOUT_MS = 150;
const HELD_MS = 700;
const REASON = '健康检查失败: 聊天接口浅层检查超时: 服务在 300 秒内不可用';

/** Node's fetch with its headers timeout scaled down from 300 s to HEADERS_TIMEOUT_MS. */
const shortHeadersFetch: FetchLike = async (input, init) => {
  const controller = new AbortController();
  const outer = init?.signal;
  if (outer) outer.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
  const timer = setTimeout(() => controller.abort(new Error('Headers Timeout Error')), HEADERS_TIMEOUT_MS);
  try {
    return await fetch(input, { ...init, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
};

const scope = testScope();

async function startHeld(monitorOptions: { fetch: FetchLike; controlFetch?: FetchLike }) {
  const demo = await scope.demo({ generation: 'v1-oct', replayDelayMs: 0, startupMs: 20, healthCheckTimeoutMs: HELD_MS, models: [{ name: 'alpha', behavior: 'dies-at-start' }] });
  const settings = createSettingsService(
    createMemoryStorage({ ...defaultSettings(), firstRunDone: true, servers: [{ id: 's1', name: 'Demo', url: demo.url, headers: {} }] }),
  );
  const { app } = await startRecordedApp(scope, { settings, monitorOptions: { ...monitorOptions, policy: { discoveryIntervalMs: 100, healthIntervalMs: 1000 } } });
  await waitFor(() => app.getState().snapshot.models.some((m) => m.key === 's1/alpha'), 8000, 'model listed');
  const t0 = Date.now();
  const result = await app.handleCommand('model:start', { key: 's1/alpha' });
  return { result, waitedMs: Date.now() - t0 };
}

describe('a start the server holds open longer than the fetch headers timeout', () => {
  it("the app controller's default control fetch waits and hands the server's reason to the window", async () => {
    const { result, waitedMs } = await startHeld({ fetch: shortHeadersFetch });
    expect(waitedMs).toBeGreaterThanOrEqual(HELD_MS - 50);
    expect(result.ok).toBe(false);
    expect(result.message).toContain(REASON);
  });

  it('with the plain fetch for control requests the reason is lost (what the default prevents)', async () => {
    const { result } = await startHeld({ fetch: shortHeadersFetch, controlFetch: shortHeadersFetch });
    expect(result.ok).toBe(false);
    expect(result.message).not.toContain(REASON);
    expect(result.message).toContain('Headers Timeout');
  });
});
