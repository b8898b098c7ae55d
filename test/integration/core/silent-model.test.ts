// An idle model prints nothing for hours and LLM-Manager sends no heartbeat (llm-manager-api.md). The
// monitor, on the transport it uses by default, keeps such a stream connected past the 300 s after which
// Node's fetch ended a silent body, and the model's next line arrives live, without a reconnect or a
// replay. The demo server plays the silent model; fake timers move the monitor's, the demo's and
// undici's clocks together while the loopback sockets stay real. With the old 300 s body timeout the
// v1 case fails (the stream drops and replays); v3 is checked for the same outcome.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMonitor } from '../../../main/core/monitor.js';
import type { Monitor } from '../../../main/core/ports.js';
import type { LogLine, MonitorEvent } from '../../../main/core/types.js';
import { startDemoServer, type DemoServer } from '../../../main/demo/server.js';
import type { DemoGeneration } from '../../../main/demo/demo-types.js';

// Captured before the clock is faked: each fake second also gives the real sockets a moment.
const realSetTimeout = globalThis.setTimeout;
const tick = () => new Promise<void>((r) => realSetTimeout(r, 1));

async function step(ms: number, until: () => boolean = () => false): Promise<void> {
  for (let t = 0; t < ms && !until(); t += 1000) {
    vi.advanceTimersByTime(1000);
    for (let i = 0; i < 2; i++) await tick();
  }
}

describe('a model silent for longer than five minutes', () => {
  let demo: DemoServer | null = null;
  let monitor: Monitor | null = null;
  afterEach(async () => {
    await monitor?.stop();
    vi.useRealTimers();
    await demo?.close();
    monitor = null;
    demo = null;
  });

  for (const generation of ['v1-seed', 'v3'] as DemoGeneration[]) {
    it(`${generation}: stays connected for 20 minutes and its next line arrives live, no replay`, async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      demo = await startDemoServer({ generation, port: 0, replayDelayMs: 0, startupMs: 0, startupLogs: false, models: [{ name: 'idle', behavior: 'silent', autoStart: true }], v3FlushMs: 50 });
      // No fetch given: the monitor's own transport, as the app runs it.
      monitor = createMonitor({ servers: [{ id: 's', name: 'demo', url: demo.url }], policy: { batchMs: 5 } });
      const events: MonitorEvent[] = [];
      monitor.subscribe((e) => events.push(e));
      void monitor.start();
      const key = 's/idle';
      const connected = () => monitor?.snapshot().models.find((m) => m.key === key)?.connection === 'connected';
      const completes = () => monitor!.entries(key).filter((e) => e.kind === 'marker' && e.marker === 'history-complete').length;
      const historyDone = () => completes() > 0;
      await step(30_000, () => connected() && historyDone());
      expect(connected()).toBe(true);
      const from = events.length;
      const lineTexts = () => monitor!.entries(key).filter((e): e is LogLine => e.kind === 'line').map((l) => [l.text, l.origin]);
      const before = lineTexts();

      await step(20 * 60_000);
      const after = events.slice(from);
      const left = after.filter((e) => e.type === 'status' && e.status.key === key && e.status.connection !== 'connected');
      expect(left).toEqual([]);
      expect(connected()).toBe(true);
      expect(completes()).toBe(1); // a reconnect would have replayed the history again

      demo.emit('idle', 'srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200');
      await step(10_000, () => monitor!.entries(key).some((e) => e.kind === 'line' && e.text.includes('log_server_r')));
      // The held history once, then the new line, live.
      expect(lineTexts()).toEqual([...before, ['srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200', 'live']]);
    }, 60_000);
  }
});
