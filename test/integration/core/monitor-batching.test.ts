import { describe, expect, it } from 'vitest';
import { createMonitor } from '../../../main/core/monitor.js';
import type { LogLine, MonitorEvent } from '../../../main/core/types.js';
import { startDemoServer } from '../../../main/demo/server.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { waitFor } from './helpers.js';
import { testScope } from '../../helpers/test-scope.js';

const scope = testScope();

describe('monitor batching on the injected clock', () => {
  it('coalesces lines per model until batchMs passes or batchMaxLines is reached; stop leaves no timer', async () => {
    const demo = await startDemoServer({ generation: 'v1-seed', port: 0, replayDelayMs: 0, startupMs: 0, startupLogs: false, models: [{ name: 'alpha' }] });
    scope.defer(() => demo.close());
    await demo.startModel('alpha');
    const clock = new FakeClock(Date.now());
    const monitor = createMonitor({
      servers: [{ id: 's1', name: 'demo', url: demo.url }],
      clock,
      random: () => 0.5,
      policy: { batchMs: 1000, batchMaxLines: 10, healthIntervalMs: 60_000, discoveryIntervalMs: 60_000 },
    });
    scope.defer(() => monitor.stop());
    const events: MonitorEvent[] = [];
    monitor.subscribe((e) => events.push(e));
    await monitor.start();
    const key = 's1/alpha';
    const connected = (): boolean => monitor.snapshot().models.find((m) => m.key === key)?.connection === 'connected';
    await waitFor(connected, 5000, 'connected');
    clock.advance(1000);
    const batches = (): LogLine[][] =>
      events.filter((e) => e.type === 'lines').map((e) => (e.type === 'lines' ? e.entries.filter((x): x is LogLine => x.kind === 'line') : []));
    const before = batches().length;

    for (let i = 0; i < 3; i++) demo.emit('alpha', `small ${i}`);
    await waitFor(() => monitor.entries(key).some((e) => e.kind === 'line' && e.text === 'small 2'), 5000, 'small lines buffered');
    // In the logbook already (a late reader sees them), but not emitted before batchMs.
    expect(batches().length).toBe(before);
    clock.advance(999);
    expect(batches().length).toBe(before);
    clock.advance(1);
    expect(batches().length).toBe(before + 1);
    expect(batches().at(-1)?.map((l) => l.text)).toEqual(['small 0', 'small 1', 'small 2']);

    demo.emitMany('alpha', Array.from({ length: 25 }, (_, i) => `many ${i}`));
    await waitFor(() => monitor.entries(key).some((e) => e.kind === 'line' && e.text === 'many 24'), 5000, 'many lines');
    // Two full batches went out without the clock moving; the rest waits for the timer.
    const full = batches().slice(before + 1);
    expect(full.length).toBeGreaterThanOrEqual(2);
    expect(full.every((b) => b.length <= 10)).toBe(true);
    clock.advance(1000);
    const all = batches().slice(before + 1).flat().map((l) => l.text);
    expect(all).toEqual(Array.from({ length: 25 }, (_, i) => `many ${i}`));
    // Contiguous seqs across batches.
    const seqs = events.flatMap((e) => (e.type === 'lines' ? e.entries.map((x) => x.seq) : []));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);

    await monitor.stop();
    expect(clock.pending()).toBe(0);
  });
});
