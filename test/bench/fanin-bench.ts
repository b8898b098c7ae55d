// Fan-in (issue 13, points 3 and 4): 20 models × 1,000 lines/s from the loopback stream server into
// one core monitor, every buffer already at its cap (each model replays 20,000 lines first). Measures
// the core's CPU share of one core, RSS and heap growth after warm-up, batches per model per second
// and the delay from the server sending a line to its batch reaching a listener (the window).
import { APP_MONITOR_BATCH_MS } from '../../main/app/controller.js';
import { createEventBatcher } from '../../main/app/event-batcher.js';
import { createMonitor } from '../../main/core/monitor.js';
import { systemClock } from '../../main/core/ports.js';
import { modelKey, type MonitorEvent } from '../../main/core/types.js';
import { benchOptions, gc } from './options.js';
import type { Benchmark, BenchResult } from './registry.js';
import { WINDOW_BATCH_MS } from './stream-bench.js';
import { startStreamServer } from './stream-server-process.js';

const MODELS = 20;
const RATE = 1000;
const CAP = 20_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 1024 * 1024;

/** Delays in 1 ms buckets up to 10 s. */
class Histogram {
  private readonly buckets = new Uint32Array(10_001);
  count = 0;
  add(ms: number): void {
    this.buckets[Math.max(0, Math.min(10_000, Math.round(ms)))]!++;
    this.count++;
  }
  quantile(q: number): number {
    const want = Math.ceil(this.count * q);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i] ?? 0;
      if (seen >= want) return i;
    }
    return Number.NaN;
  }
}

export const faninBenchmark: Benchmark = {
  name: 'fan-in',
  async run(): Promise<BenchResult[]> {
    const seconds = benchOptions().faninSeconds;
    const names = Array.from({ length: MODELS }, (_, i) => `f${i}`);
    const server = await startStreamServer({ models: names.map((name) => ({ name, history: CAP, liveRate: RATE })) });
    const monitor = createMonitor({
      servers: [{ id: 'b', name: 'bench', url: server.url }],
      // The app's monitor policy: lines reach the event batcher at the end of each read.
      policy: { healthIntervalMs: 600_000, discoveryIntervalMs: 600_000, bufferSize: CAP, batchMs: APP_MONITOR_BATCH_MS },
    });
    const complete = new Set<string>();
    let measuring = false;
    let lines = 0;
    const delays = new Histogram();
    // Batches per model in the current one-second window, and the worst window seen.
    const perSecond = new Map<string, number>();
    let worstBatchesPerSecond = 0;
    // Through the app controller's event batcher: what reaches the window, and when.
    const window = createEventBatcher(systemClock, WINDOW_BATCH_MS, (batch) => {
      const now = Date.now();
      const models = new Set<string>();
      for (const e of batch.events) {
        if (e.type !== 'lines') continue;
        models.add(e.key);
        for (const entry of e.entries) {
          if (entry.kind === 'marker') {
            if (entry.marker === 'history-complete') complete.add(e.key);
          } else if (measuring && entry.origin === 'live') {
            lines++;
            delays.add(now - entry.ts);
          }
        }
      }
      if (measuring) for (const k of models) perSecond.set(k, (perSecond.get(k) ?? 0) + 1);
    });
    monitor.subscribe((e: MonitorEvent) => window.push(e));
    try {
      await monitor.start();
      const deadline = Date.now() + 300_000;
      while (complete.size < MODELS && Date.now() < deadline) await sleep(20);
      if (complete.size < MODELS) throw new Error(`only ${complete.size} of ${MODELS} models finished their replay`);
      // Warm-up: JIT, first GCs, socket buffers.
      await sleep(Math.min(5000, (seconds * 1000) / 4));
      gc();
      measuring = true;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const rss: number[] = [];
      const heap: number[] = [];
      for (let s = 0; s < seconds; s++) {
        await sleep(1000);
        const mem = process.memoryUsage();
        rss.push(mem.rss);
        heap.push(mem.heapUsed);
        for (const n of perSecond.values()) worstBatchesPerSecond = Math.max(worstBatchesPerSecond, n);
        perSecond.clear();
      }
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      measuring = false;
      const cpuPct = ((cpu.user + cpu.system) / 1000 / wall) * 100;
      const growth = (xs: number[]) => (Math.max(...xs) - (xs[0] ?? 0)) / MB;
      const rssGrowth = growth(rss);
      const heapGrowth = growth(heap);
      const keyCount = names.filter((n) => monitor.entries(modelKey('b', n)).length >= CAP).length;
      const p50 = delays.quantile(0.5);
      const p99 = delays.quantile(0.99);
      const expected = MODELS * RATE * (wall / 1000);
      return [
        { name: `core CPU, ${MODELS} models × ${RATE.toLocaleString('en-US')} lines/s for ${seconds} s`, value: cpuPct, unit: '% of a core', detail: `${lines.toLocaleString('en-US')} lines (${((lines / expected) * 100).toFixed(0)} % of sent), ${keyCount}/${MODELS} buffers at cap`, target: '<= 25 %', ok: cpuPct <= 25 },
        { name: 'RSS growth after warm-up', value: rssGrowth, unit: 'MB', detail: `${(Math.min(...rss) / MB).toFixed(0)}–${(Math.max(...rss) / MB).toFixed(0)} MB`, target: '<= 30 MB', ok: rssGrowth <= 30 },
        { name: 'heap growth after warm-up', value: heapGrowth, unit: 'MB', detail: `${(Math.min(...heap) / MB).toFixed(0)}–${(Math.max(...heap) / MB).toFixed(0)} MB`, target: '<= 30 MB', ok: heapGrowth <= 30 },
        { name: 'batches per model per second (worst second)', value: worstBatchesPerSecond, unit: 'batches/s', target: '<= 20', ok: worstBatchesPerSecond <= 20 },
        { name: 'server send → window batch, p99', value: p99, unit: 'ms', detail: `p50 ${p50} ms (includes loopback and parsing)`, target: '<= 60 ms', ok: p99 <= 60 },
      ];
    } finally {
      window.dispose();
      await monitor.stop();
      await server.close();
    }
  },
};
