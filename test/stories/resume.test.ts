import { afterEach, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../main/demo/server.js';
import { tempUserData } from '../electron-standin/launch.js';
import { chromiumAvailable } from '../e2e/harness/chromium.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { seedSettings, startManager, useApps } from './story-helpers.js';

const MODELS = ['Qwen3-8B', 'bge-m3', 'Llama-3.1-70B'];
const streamsOf = (proxy: RecordingProxy, model: string, since = 0) =>
  proxy.requests.filter((r) => r.at >= since && r.path.startsWith(`/api/models/${model}/logs/stream`)).length;

describe.skipIf(!chromiumAvailable())('story 7: resume from sleep', () => {
  const apps = useApps();
  let manager: DemoServer | null = null;
  let proxy: RecordingProxy | null = null;
  afterEach(async () => {
    await proxy?.close();
    await manager?.close();
    proxy = null;
    manager = null;
  });

  it('powerMonitor resume reconnects every stream at once', async () => {
    manager = await startManager(MODELS.map((name) => ({ name, behavior: 'silent' as const })));
    for (const m of MODELS) await manager.startModel(m);
    const p = await startRecordingProxy(manager.url);
    proxy = p;
    const userData = tempUserData();
    // Slow timers: without the resume handler nothing would notice the dead streams for an hour.
    seedSettings(userData, p.url, { retryIntervalSec: 3600, backoffCapSec: 3600, healthIntervalSec: 3600 });
    const app = await apps.launch({ userData });
    await app.waitForState((s) => s.trays[0]?.tooltip.includes('3 connected') === true, 'three streams connected');
    for (const m of MODELS) expect(streamsOf(p, m)).toBeGreaterThan(0);

    // Sleep: every connection goes dead silently; lines written meanwhile never arrive.
    p.freeze();
    for (const m of MODELS) manager.emit(m, `${m}: written while the laptop slept`);
    await new Promise((r) => setTimeout(r, 300));
    const resumedAt = Date.now();
    await app.call('power', { event: 'resume' });

    await app.waitForState(() => MODELS.every((m) => streamsOf(p, m, resumedAt) >= 1), 'a new stream for every model', 10_000);
    const opened = MODELS.map((m) => p.requests.find((r) => r.at >= resumedAt && r.path.startsWith(`/api/models/${m}/logs/stream`))?.at ?? Infinity);
    // At once: all within a moment of each other, not one after another on backoff timers.
    expect(Math.max(...opened) - Math.min(...opened)).toBeLessThan(2_000);

    // The replayed history brings what was written during the sleep into the window.
    await app.clickTrayItem(`open:local/${MODELS[1] ?? ''}`);
    await app.page().locator('[data-testid="log-scroll"]', { hasText: 'bge-m3: written while the laptop slept' }).waitFor();
  });
});
