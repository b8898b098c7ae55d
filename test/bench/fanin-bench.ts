// Fan-in (issue 13, points 3 and 4): 20 models × 1,000 lines/s from the loopback stream server into
// the app's core process (app-core.ts: the real app controller with the app's policy and its 50 ms
// event batcher, messages to the window serialised as Electron's IPC does), every buffer already at
// its cap (each model replays 20,000 lines first; the replay-hole checks they start are waited for).
// Measures over `--fanin-seconds`: the process's CPU share of one core, memory after warm-up (RSS
// peak, and the heap still held right after each major GC and after a full GC at the end, against
// one at the start: what is retained, not garbage waiting for the collector), batches per model per second to the window, and delays: server send → the core's
// event, and what batching adds (the core's event → its batch leaving for the window).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { Monitor } from '../../main/core/ports.js';
import { modelKey, type MonitorEvent } from '../../main/core/types.js';
import { startAppCore, type AppCore } from './app-core.js';
import { benchOptions, gc } from './options.js';
import type { Benchmark, BenchResult } from './registry.js';
import { startStreamServer } from './stream-server-process.js';
import { setTimeout as sleep } from 'node:timers/promises';

const MODELS = 20;
const RATE = 1000;
const CAP = 20_000;
const MB = 1024 * 1024;

/** Delays in 1 ms buckets up to 10 s. */
class Histogram {
  private readonly buckets = new Uint32Array(10_001);
  count = 0;
  add(ms: number, n = 1): void {
    this.buckets[Math.max(0, Math.min(10_000, Math.round(ms)))]! += n;
    this.count += n;
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

const liveLines = (e: MonitorEvent): number => {
  if (e.type !== 'lines') return 0;
  let n = 0;
  for (const entry of e.entries) if (entry.kind === 'line' && entry.origin === 'live') n++;
  return n;
};

/**
 * LLT_BENCH_PROFILE=<dir> saves a CPU profile of the measured window as `fanin.cpuprofile` (open it in
 * Chrome DevTools). Profiling costs CPU: the figures of such a run are not comparable.
 */
async function startProfile(): Promise<(() => Promise<void>) | null> {
  const dir = process.env['LLT_BENCH_PROFILE'];
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, 'fanin.cpuprofile'), JSON.stringify(profile));
    session.disconnect();
  };
}

export const faninBenchmark: Benchmark = {
  name: 'fan-in',
  async run(): Promise<BenchResult[]> {
    const seconds = benchOptions().faninSeconds;
    const names = Array.from({ length: MODELS }, (_, i) => `f${i}`);
    const server = await startStreamServer({ models: names.map((name) => ({ name, history: CAP, liveRate: RATE })) });
    const complete = new Set<string>();
    const resolved = new Set<string>();
    /** When the last model's replay ended: from then on every model is live (the de-dup's live tail grows). */
    let allCompleteAt = 0;
    let measuring = false;
    let lines = 0;
    /** Server send → the core's `lines` event (loopback, reading, parsing, the logbook). */
    const toCore = new Histogram();
    /** The core's `lines` event → its batch leaving for the window: what batching adds. */
    const added = new Histogram();
    /** Server send → the batch leaving for the window. */
    const endToEnd = new Histogram();
    const coreAt = new WeakMap<MonitorEvent, number>();
    // Batches per model in the current one-second window, and the worst window seen.
    const perSecond = new Map<string, number>();
    let worstBatchesPerSecond = 0;
    let monitor: Monitor | null = null;
    let core: AppCore | null = null;
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    try {
      core = await startAppCore({
        url: server.url,
        bufferSize: CAP,
        onMonitor: (m) => {
          monitor = m;
          // Subscribed before the app controller: sees each event the moment the core emits it.
          m.subscribe((e) => {
            if (!measuring || e.type !== 'lines') return;
            const now = Date.now();
            coreAt.set(e, now);
            for (const entry of e.entries) if (entry.kind === 'line' && entry.origin === 'live') toCore.add(now - entry.ts);
          });
        },
        onSend: (channel, payload) => {
          if (channel !== 'monitor:events') return;
          const now = Date.now();
          const models = new Set<string>();
          for (const e of (payload as { events: readonly MonitorEvent[] }).events) {
            if (e.type !== 'lines') continue;
            models.add(e.key);
            for (const entry of e.entries) {
              if (entry.kind !== 'marker') continue;
              if (entry.marker === 'history-complete' && !complete.has(e.key)) {
                complete.add(e.key);
                if (complete.size === MODELS) allCompleteAt = now;
              }
              if (entry.marker === 'gap-resolved') resolved.add(e.key);
            }
            if (!measuring) continue;
            const n = liveLines(e);
            if (n === 0) continue;
            lines += n;
            const at = coreAt.get(e);
            if (at !== undefined) added.add(now - at, n);
            for (const entry of e.entries) if (entry.kind === 'line' && entry.origin === 'live') endToEnd.add(now - entry.ts);
          }
          if (measuring) for (const k of models) perSecond.set(k, (perSecond.get(k) ?? 0) + 1);
        },
      });
      const deadline = Date.now() + 300_000;
      // Every replay done, and every replay-hole check it opened (a second full replay) settled.
      while ((complete.size < MODELS || resolved.size < MODELS) && Date.now() < deadline) await sleep(20);
      if (complete.size < MODELS) throw new Error(`only ${complete.size} of ${MODELS} models finished their replay`);
      // Warm-up: JIT, first GCs, socket buffers.
      await sleep(Math.min(5000, (seconds * 1000) / 4));
      gc();
      const heapStart = process.memoryUsage().heapUsed;
      // The heap right after each major GC in the window: what is held, whenever it peaks (a
      // structure that grows for a while and is then dropped shows here, not in the end figure).
      const afterMajor: number[] = [];
      const gcObserver = new PerformanceObserver((list) => {
        const major = list.getEntries().some((e: PerformanceEntry) => (e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
        if (major) afterMajor.push(process.memoryUsage().heapUsed);
      });
      gcObserver.observe({ entryTypes: ['gc'] });
      const liveBefore = (Date.now() - allCompleteAt) / 1000;
      const stopProfile = await startProfile();
      measuring = true;
      loopDelay.enable();
      const serialize0 = core.serializeMs();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const rss: number[] = [process.memoryUsage().rss];
      const heap: number[] = [heapStart];
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
      const serializeMs = core.serializeMs() - serialize0;
      measuring = false;
      await stopProfile?.();
      loopDelay.disable();
      gcObserver.disconnect();
      gc();
      const heapEnd = process.memoryUsage().heapUsed;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const cpuPct = (cpuMs / wall) * 100;
      const rssGrowth = (Math.max(...rss) - (rss[0] ?? 0)) / MB;
      const heapPeak = (Math.max(...heap) - heapStart) / MB;
      const heapHeld = Math.max(heapEnd, ...afterMajor);
      const heapRetained = (heapHeld - heapStart) / MB;
      const m = monitor as Monitor | null;
      const atCap = m ? names.filter((n) => m.entries(modelKey('b', n)).length >= CAP).length : 0;
      const expected = MODELS * RATE * (wall / 1000);
      const loopP99 = loopDelay.percentile(99) / 1e6;
      const loopMax = loopDelay.max / 1e6;
      return [
        {
          name: `core CPU, ${MODELS} models × ${RATE.toLocaleString('en-US')} lines/s for ${seconds} s`,
          value: cpuPct,
          unit: '% of a core',
          detail: `${((cpuMs * 1000) / Math.max(1, lines)).toFixed(1)} µs/line incl. ${((serializeMs / cpuMs) * 100).toFixed(0)} % IPC serialising; ${lines.toLocaleString('en-US')} lines (${((lines / expected) * 100).toFixed(0)} % of sent), ${atCap}/${MODELS} buffers at cap; measured from ${liveBefore.toFixed(0)} s after the last replay ended`,
          target: '<= 25 %',
          ok: cpuPct <= 25,
        },
        { name: 'RSS growth after warm-up (peak)', value: rssGrowth, unit: 'MB', detail: `${(Math.min(...rss) / MB).toFixed(0)}–${(Math.max(...rss) / MB).toFixed(0)} MB`, target: '<= 30 MB', ok: rssGrowth <= 30 },
        {
          name: 'heap held after warm-up (after each major GC, and a full GC at the end)',
          value: heapRetained,
          unit: 'MB',
          detail: `${(heapStart / MB).toFixed(0)} MB at the start, at most ${(heapHeld / MB).toFixed(0)} over ${afterMajor.length} major GCs and at the end (${(heapEnd / MB).toFixed(0)}); heapUsed peak ${heapPeak.toFixed(0)} MB above the start, garbage included`,
          target: '<= 30 MB',
          ok: heapRetained <= 30,
        },
        { name: 'batches per model per second to the window (worst second)', value: worstBatchesPerSecond, unit: 'batches/s', target: '<= 20', ok: worstBatchesPerSecond <= 20 },
        {
          name: 'delay added by batching, p99 (core event → window batch)',
          value: added.quantile(0.99),
          unit: 'ms',
          detail: `p50 ${added.quantile(0.5)} ms; event-loop delay p99 ${loopP99.toFixed(0)} ms, max ${loopMax.toFixed(0)} ms`,
          target: '<= 60 ms',
          ok: added.quantile(0.99) <= 60,
        },
        { name: 'server send → core event, p99', value: toCore.quantile(0.99), unit: 'ms', detail: `p50 ${toCore.quantile(0.5)} ms (loopback, reading, parsing, logbook)` },
        { name: 'server send → window batch, p99', value: endToEnd.quantile(0.99), unit: 'ms', detail: `p50 ${endToEnd.quantile(0.5)} ms` },
      ];
    } finally {
      loopDelay.disable();
      await core?.stop();
      await server.close();
    }
  },
};
