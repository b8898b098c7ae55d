// Issue 10 point 3: a stream that stalls after its headers (a half-open connection, a proxy that
// stopped forwarding) is noticed without a heartbeat: the server's log statistics say it holds new
// lines, or has no subscriber, while our stream stays silent. The model is reconnected and the user
// told; the replay brings the missed lines exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { createMonitor } from '../../../main/core/monitor.js';
import { systemClock } from '../../../main/core/ports.js';
import type { MonitorEvent } from '../../../main/core/types.js';
import { waitFor } from '../core/helpers.js';
import { HISTORY_COMPLETE, historical, sendJson, sseHead, startHostile, type HostileServer } from './hostile-server.js';

let server: HostileServer | null = null;
let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
  await server?.close();
  server = null;
});

describe('stalled stream', () => {
  it.each([
    ['the server holds lines that never arrive', true],
    ['the server lists no subscriber', false],
  ])('%s: reconnected, said, and the missed lines arrive once', async (_name, keepSubscriber) => {
    const history = ['one'];
    let connections = 0;
    let open = 0;
    server = await startHostile({
      routes: {
        '/api/logs/stats': (_req, res) =>
          sendJson(res, 200, {
            success: true,
            stats: { total_log_entries: history.length, total_subscribers: open, model_stats: { m1: { log_count: history.length, subscriber_count: keepSubscriber ? Math.max(1, open) : 0 } } },
          }),
      },
      stream: (_m, res) => {
        connections++;
        open++;
        res.on('close', () => open--);
        sseHead(res);
        res.write(history.map((t, i) => historical(t, 1_764_331_331 + i)).join('') + HISTORY_COMPLETE);
        // …and then nothing, ever: the stream is stalled (new lines are only in the history).
      },
    });
    const monitor = createMonitor({
      servers: [{ id: 's', name: 's', url: server.url }],
      policy: { retryIntervalMs: 200, backoffCapMs: 800, healthIntervalMs: 250 },
      clock: systemClock,
      random: Math.random,
    });
    const events: MonitorEvent[] = [];
    monitor.subscribe((e) => events.push(e));
    stop = () => monitor.stop();
    await monitor.start();
    const lines = () => events.flatMap((e) => (e.type === 'lines' ? e.entries.flatMap((x) => (x.kind === 'line' ? [x.text] : [])) : []));
    await waitFor(() => lines().includes('one'), 5000, 'one');
    const before = connections;
    // With no subscriber listed, the stall is noticed even while the model prints nothing.
    if (!keepSubscriber) await waitFor(() => connections > before, 5000, 'reconnect without new lines');
    history.push('two', 'three');
    await waitFor(() => lines().includes('three'), 8000, 'missed lines after the reconnect');
    expect(connections).toBeGreaterThan(before);
    expect(events.some((e) => e.type === 'problem' && /stream stalled/.test(e.message))).toBe(true);
    expect(lines().filter((t) => ['one', 'two', 'three'].includes(t))).toEqual(['one', 'two', 'three']);
  });
});
