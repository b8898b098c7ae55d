// The shared helpers of the core: one http(s) URL check for settings, the controller and the window;
// a listener that throws is reported at warn (seen in production), not at debug.
import { describe, expect, it } from 'vitest';
import { httpUrl } from '../../../main/core/guards.js';
import { createMonitor } from '../../../main/core/monitor.js';
import type { MonitorEvent } from '../../../main/core/types.js';
import { isHttpUrl } from '../../../main/app/controller.js';
import { externalUrl } from '../../../main/electron/window.js';
import { FakeClock } from '../../fakes/fake-clock.js';

describe('httpUrl: the one http(s) URL check', () => {
  it.each([
    ['http://127.0.0.1:8080', true],
    ['https://llm.example.com/base/', true],
    ['HTTP://EXAMPLE.com', true],
    ['ftp://example.com', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['http://', false],
    ['127.0.0.1:8080', false],
    ['', false],
    ['not a url', false],
  ])('%s → %s, the same in every caller', (raw, ok) => {
    expect(httpUrl(raw) !== null).toBe(ok);
    expect(isHttpUrl(raw)).toBe(ok);
    expect(externalUrl(raw) !== null).toBe(ok);
  });

  it('hands back the parsed URL (normalised)', () => {
    expect(httpUrl('HTTP://EXAMPLE.com')?.toString()).toBe('http://example.com/');
  });
});

describe('monitor listeners', () => {
  it('a listener that throws is reported at warn with its stack; the other listeners still get every event', async () => {
    const clock = new FakeClock();
    const warnings: string[] = [];
    const debug: string[] = [];
    const monitor = createMonitor({
      servers: [{ id: 's', name: 's', url: 'http://127.0.0.1:9' }],
      clock,
      fetch: () => Promise.reject(new Error('connection refused')),
      logger: { debug: (m) => debug.push(m), warn: (m) => warnings.push(m) },
    });
    monitor.subscribe(() => {
      throw new Error('renderer went away');
    });
    const seen: MonitorEvent[] = [];
    monitor.subscribe((e) => seen.push(e));
    await monitor.start();
    await monitor.stop();
    expect(seen.length).toBeGreaterThan(0);
    expect(warnings.length).toBe(seen.length);
    expect(warnings[0]).toMatch(/^a monitor listener threw: Error: renderer went away\n\s+at /);
    expect(debug.some((m) => m.includes('renderer went away'))).toBe(false);
  });
});
