// Vitals through the real monitor against the demo server: the demo's llama.cpp timing lines and vLLM
// statistics become samples that point at their log line; a reconnect (v1: full history replay;
// v3: backfill by id) leaves the series exactly as it was; the scripted demo produces both kinds live.
import { describe, expect, it } from 'vitest';
import { createMonitor } from '../../../main/core/monitor.js';
import type { Monitor } from '../../../main/core/ports.js';
import type { LogLine, MonitorEvent } from '../../../main/core/types.js';
import { startDemoServer, type DemoServer } from '../../../main/demo/server.js';
import type { DemoGeneration, DemoModelSpec } from '../../../main/demo/demo-types.js';
import { llamaTimingLines } from '../../../main/demo/vitals-output.js';
import { waitFor } from './helpers.js';
import { testScope } from '../../helpers/test-scope.js';

const FAST = { retryIntervalMs: 50, backoffCapMs: 200, healthIntervalMs: 100, discoveryIntervalMs: 150, batchMs: 5, batchMaxLines: 500 };
const scope = testScope();

async function setup(generation: DemoGeneration, models: DemoModelSpec[], scripted = false, vitals = true, vitalsSamples = true): Promise<{ demo: DemoServer; monitor: Monitor; events: MonitorEvent[] }> {
  const demo = await startDemoServer({ generation, port: 0, replayDelayMs: 0, startupMs: 0, startupLogs: scripted, models, v3FlushMs: 50, scripted, tickMs: 5, seed: 7 });
  scope.defer(() => demo.close());
  const monitor = createMonitor({ servers: [{ id: 's1', name: 'demo', url: demo.url }], policy: FAST, vitals, vitalsSamples });
  scope.defer(() => monitor.stop());
  const events: MonitorEvent[] = [];
  monitor.subscribe((e) => events.push(e));
  await monitor.start();
  return { demo, monitor, events };
}

const DEF = { name: 'alpha', aliases: ['alpha'], mode: 'Chat' as const, behavior: 'healthy' as const, autoStart: false, failToStart: null, port: 1 };

for (const generation of ['v1-seed', 'v3'] as const) {
  describe(`vitals from the demo's lines (${generation})`, () => {
    it('samples point at their timing line, and a reconnect with a full replay changes nothing', async () => {
      const { demo, monitor, events } = await setup(generation, [{ name: 'alpha', behavior: 'silent' }]);
      const key = 's1/alpha';
      await demo.startModel('alpha');
      await waitFor(() => monitor.snapshot().models.find((m) => m.key === key)?.connection === 'connected', 5000, 'connected');
      const blocks = [0, 1, 2, 3, 4].map((i) => llamaTimingLines(DEF, 10 + i * 40, 100 + i, 50 + i * 10));
      for (const b of blocks) demo.emitMany('alpha', ['srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200', ...b]);
      const emitted = () => events.flatMap((e) => (e.type === 'vitals' ? e.samples : []));
      await waitFor(() => emitted().length >= 5, 5000, 'five samples emitted');
      const before = monitor.vitals(key)!;
      expect(emitted()).toEqual(before.samples);
      const lines = monitor.entries(key).filter((e): e is LogLine => e.kind === 'line');
      for (const [i, s] of before.samples.entries()) {
        const line = lines.find((l) => l.seq === s.seq)!;
        expect(line.text).toBe(blocks[i]![0]);
        const evalLine = blocks[i]![1]!;
        expect(evalLine).toContain(`${s.genTps!.toFixed(2)} tokens per second`);
        expect(s.task).toBe(100 + i);
      }
      // The summary travels in the model status and in a 'vitals' event after the lines it came from.
      expect(monitor.snapshot().models.find((m) => m.key === key)?.vitals).toMatchObject({ source: 'llama.cpp', samples: 5, requests24h: 5, lastSeq: before.samples[4]!.seq });
      const firstVitals = events.findIndex((e) => e.type === 'vitals');
      const linesWithFirst = events.findIndex((e) => e.type === 'lines' && e.entries.some((x) => x.seq === before.samples[0]!.seq));
      expect(linesWithFirst).toBeGreaterThanOrEqual(0);
      expect(firstVitals).toBeGreaterThan(linesWithFirst);

      const vitalsEvents = events.filter((e) => e.type === 'vitals').length;
      demo.dropConnections();
      await waitFor(() => (monitor.stats(key)?.reconnects ?? 0) >= 1, 5000, 'reconnect');
      demo.emit('alpha', 'after the replay');
      await waitFor(() => monitor.entries(key).some((e) => e.kind === 'line' && e.text === 'after the replay'), 5000, 'live line after the replay');
      expect(monitor.vitals(key)).toEqual(before);
      expect(events.filter((e) => e.type === 'vitals').length).toBe(vitalsEvents);
    });
  });
}

describe('vitals events without their samples (MonitorOptions.vitalsSamples: false, as the app makes its monitor)', () => {
  it('each event carries the summary and how many live samples came; the series is the same, and a replay adds nothing', async () => {
    const { demo, monitor, events } = await setup('v1-seed', [{ name: 'alpha', behavior: 'silent' }], false, true, false);
    const key = 's1/alpha';
    await demo.startModel('alpha');
    await waitFor(() => monitor.snapshot().models.find((m) => m.key === key)?.connection === 'connected', 5000, 'connected');
    const blocks = [0, 1, 2, 3, 4].map((i) => llamaTimingLines(DEF, 10 + i * 40, 100 + i, 50 + i * 10));
    for (const b of blocks) demo.emitMany('alpha', ['srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200', ...b]);
    const vitalsEvents = () => events.filter((e): e is Extract<MonitorEvent, { type: 'vitals' }> => e.type === 'vitals');
    const live = () => vitalsEvents().reduce((n, e) => n + e.liveSpeeds, 0);
    await waitFor(() => live() >= 5, 5000, 'five live samples announced');
    expect(live()).toBe(5);
    expect(vitalsEvents().every((e) => e.samples.length === 0)).toBe(true);
    expect(vitalsEvents().at(-1)!.summary).toMatchObject({ source: 'llama.cpp', samples: 5, requests24h: 5 });
    const series = monitor.vitals(key)!;
    expect(series.samples.map((s) => s.task)).toEqual([100, 101, 102, 103, 104]);

    demo.dropConnections();
    await waitFor(() => (monitor.stats(key)?.reconnects ?? 0) >= 1, 5000, 'reconnect');
    demo.emit('alpha', 'after the replay');
    await waitFor(() => monitor.entries(key).some((e) => e.kind === 'line' && e.text === 'after the replay'), 5000, 'live line after the replay');
    expect(live()).toBe(5);
    expect(monitor.vitals(key)).toEqual(series);
  });
});

describe('vitals turned off (MonitorOptions.vitals: false)', () => {
  it('the same timing lines arrive, and no vitals are read: no events, none in the status or the series', async () => {
    const { demo, monitor, events } = await setup('v1-seed', [{ name: 'alpha', behavior: 'silent' }], false, false);
    const key = 's1/alpha';
    await demo.startModel('alpha');
    await waitFor(() => monitor.snapshot().models.find((m) => m.key === key)?.connection === 'connected', 5000, 'connected');
    const block = llamaTimingLines(DEF, 10, 100, 50);
    demo.emitMany('alpha', [...block, 'after the block']);
    await waitFor(() => monitor.entries(key).some((e) => e.kind === 'line' && e.text === 'after the block'), 5000, 'the lines');
    expect(monitor.entries(key).filter((e) => e.kind === 'line' && block.includes(e.text))).toHaveLength(block.length);
    expect(events.some((e) => e.type === 'vitals')).toBe(false);
    expect(monitor.snapshot().models.find((m) => m.key === key)?.vitals ?? null).toBeNull();
    expect(monitor.vitals(key)?.samples).toEqual([]);
  });
});

describe('the scripted demo', () => {
  it('prints llama.cpp timing lines and vLLM statistics that become live vitals', async () => {
    const { monitor } = await setup('v1-seed', [
      { name: 'chat', behavior: 'healthy', autoStart: true },
      { name: 'vllm', behavior: 'vllm', autoStart: true },
    ], true);
    await waitFor(() => monitor.vitals('s1/chat')?.summary?.genTps, 10_000, 'llama.cpp samples');
    await waitFor(() => monitor.vitals('s1/vllm')?.summary?.kvCachePct != null, 10_000, 'vLLM samples');
    const chat = monitor.vitals('s1/chat')!.summary!;
    expect(chat.source).toBe('llama.cpp');
    expect(chat.load).toMatchObject({ nCtx: 8192, kvMiB: 1152 });
    const vllm = monitor.vitals('s1/vllm')!.summary!;
    expect(vllm).toMatchObject({ source: 'vllm' });
    expect(vllm.running).toBeGreaterThan(0);
    expect(vllm.genTps).toBeGreaterThan(0);
    // Sanity of the demo's figures (not a hard-coded result: the speeds come from the lines).
    expect(chat.genTps).toBeGreaterThan(5);
    expect(chat.genTps).toBeLessThan(100);
  });
});
