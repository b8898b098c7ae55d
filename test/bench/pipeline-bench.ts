// End-to-end core benchmark on loopback: demo server (v1-seed) → SSE → frame decoding → logbook →
// monitor batches. Measures history replay and live throughput, and how well lines are coalesced.
import { performance } from 'node:perf_hooks';
import { createMonitor } from '../../main/core/monitor.js';
import type { MonitorEvent } from '../../main/core/types.js';
import { modelKey } from '../../main/core/types.js';
import { startDemoServer } from '../../main/demo/server.js';
import type { Benchmark, BenchResult } from './registry.js';

const HISTORY = 50_000;
const LIVE = 50_000;
const CHUNK = 500;

async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const line = (i: number): string => `[bench] tick ${i}: slots idle, kv cache usage ${(i % 1000) / 10}%, 请求 ${i}`;

export const pipelineBenchmark: Benchmark = {
  name: 'pipeline',
  async run(): Promise<BenchResult[]> {
    const demo = await startDemoServer({
      generation: 'v1-seed',
      port: 0,
      replayDelayMs: 0,
      startupMs: 0,
      startupLogs: false,
      scripted: false,
      models: [{ name: 'bench' }],
    });
    const monitor = createMonitor({
      servers: [{ id: 's', name: 'bench', url: demo.url }],
      policy: { retryIntervalMs: 100, healthIntervalMs: 60_000, discoveryIntervalMs: 60_000, bufferSize: 200_000 },
    });
    const key = modelKey('s', 'bench');
    let received = 0;
    let batches = 0;
    const off = monitor.subscribe((e: MonitorEvent) => {
      if (e.type !== 'lines' || e.key !== key) return;
      batches++;
      for (const entry of e.entries) if (entry.kind === 'line') received++;
    });
    try {
      await demo.startModel('bench');
      for (let i = 0; i < HISTORY; i += CHUNK) demo.emitMany('bench', Array.from({ length: CHUNK }, (_, j) => line(i + j)));

      const t0 = performance.now();
      await monitor.start();
      await until(() => received >= HISTORY, 60_000, 'history replay');
      const replayMs = performance.now() - t0;
      const replayBatches = batches;
      await until(() => demo.subscriberCount('bench') > 0, 10_000, 'live subscription');

      const t1 = performance.now();
      for (let i = 0; i < LIVE; i += CHUNK) {
        demo.emitMany('bench', Array.from({ length: CHUNK }, (_, j) => line(HISTORY + i + j)));
        await new Promise((r) => setImmediate(r));
      }
      await until(() => received >= HISTORY + LIVE, 60_000, 'live lines');
      const liveMs = performance.now() - t1;
      const dup = received - (HISTORY + LIVE);
      return [
        { name: `history replay of ${HISTORY.toLocaleString('en')} lines`, value: Math.round(HISTORY / (replayMs / 1000)), unit: 'lines/s', detail: `${replayMs.toFixed(0)} ms, ${replayBatches} batches (server replay delay 0)` },
        { name: `live ${LIVE.toLocaleString('en')} lines in bursts of ${CHUNK}`, value: Math.round(LIVE / (liveMs / 1000)), unit: 'lines/s', detail: `${liveMs.toFixed(0)} ms, ${batches - replayBatches} batches, ${dup} extra` },
      ];
    } finally {
      off();
      await monitor.stop();
      await demo.close();
    }
  },
};
