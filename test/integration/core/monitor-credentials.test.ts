// The monitor sends a server's credentials to that server only: status, problems and events show the
// bare URL, a server whose credentials are missing gets no request at all.
import { describe, expect, it } from 'vitest';
import { createMonitor } from '../../../main/core/monitor.js';
import type { MonitorEvent } from '../../../main/core/types.js';
import { startDemoServer } from '../../../main/demo/server.js';
import { startAuthProxy } from '../../helpers/auth-proxy.js';
import { waitFor } from './helpers.js';
import { testScope } from '../../helpers/test-scope.js';

const scope = testScope();

const PASSWORD = 'pw-5ecret-Mn04';
const BASIC = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;

async function proxied(expected: string) {
  const demo = await startDemoServer({ generation: 'v1-seed', port: 0, replayDelayMs: 0, startupMs: 0, startupLogs: false, models: [{ name: 'm1' }] });
  scope.defer(() => demo.close());
  await demo.startModel('m1');
  demo.emit('m1', 'hello');
  const proxy = await startAuthProxy(demo.url, expected);
  scope.defer(() => proxy.close());
  return proxy;
}

describe('monitor credentials', () => {
  it('user info in the URL is sent as Basic auth; every event shows the URL without it', async () => {
    const proxy = await proxied(BASIC);
    const monitor = createMonitor({
      servers: [{ id: 's', name: 'Proxy', url: proxy.url.replace('http://', `http://alice:${PASSWORD}@`) }],
      policy: { healthIntervalMs: 60_000, discoveryIntervalMs: 60_000 },
    });
    scope.defer(() => monitor.stop());
    const events: MonitorEvent[] = [];
    monitor.subscribe((e) => events.push(e));
    await monitor.start();
    await waitFor(() => monitor.entries('s/m1').some((e) => e.kind === 'line' && e.text === 'hello'), 5000, 'line through the proxy');
    expect(proxy.seen.every((h) => h === BASIC)).toBe(true);
    expect(monitor.snapshot().servers[0]?.url).toBe(proxy.url);
    const text = JSON.stringify(events) + JSON.stringify(monitor.snapshot());
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(BASIC);
  });

  it('a wrong secret echoed back by the proxy is redacted from the server problem', async () => {
    const proxy = await proxied('Bearer right');
    const wrong = 'Bearer wr0ng-5ecret-Lq31';
    const monitor = createMonitor({ servers: [{ id: 's', name: 'Proxy', url: proxy.url, headers: { Authorization: wrong } }] });
    scope.defer(() => monitor.stop());
    const events: MonitorEvent[] = [];
    monitor.subscribe((e) => events.push(e));
    await monitor.start();
    await waitFor(() => monitor.snapshot().servers[0]?.health === 'unreachable', 5000, 'refused');
    expect(proxy.seen).toContain(wrong);
    expect(JSON.stringify(events) + JSON.stringify(monitor.snapshot())).not.toContain('wr0ng-5ecret-Lq31');
  });

  it('a server whose credentials are missing gets no request and says why', async () => {
    const proxy = await proxied(BASIC);
    const monitor = createMonitor({
      servers: [{ id: 's', name: 'Proxy', url: proxy.url, headers: {}, credentialsNeeded: 'Re-enter the credentials for server Proxy' }],
      policy: { healthIntervalMs: 50, discoveryIntervalMs: 50 },
    });
    scope.defer(() => monitor.stop());
    await monitor.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(proxy.seen).toEqual([]);
    expect(monitor.snapshot().servers[0]).toMatchObject({ health: 'unreachable', lastProblem: 'Re-enter the credentials for server Proxy' });
    // Entering them (a settings change) connects.
    await monitor.updateServers([{ id: 's', name: 'Proxy', url: proxy.url, headers: { Authorization: BASIC } }]);
    await waitFor(() => monitor.snapshot().servers[0]?.health === 'healthy', 5000, 'healthy after the credentials came');
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen.every((h) => h === BASIC)).toBe(true);
  });
});
