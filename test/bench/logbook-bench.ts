// Logbook benchmarks: ingest throughput (with classification), replay de-duplication of a full
// history, and memory per 20,000 buffered lines.
import { performance } from 'node:perf_hooks';
import { classifyLine } from '../../main/core/logs/classifier.js';
import type { IncomingLine } from '../../main/core/logs/incoming.js';
import { Logbook } from '../../main/core/logs/logbook.js';
import type { Clock } from '../../main/core/ports.js';
import { fixedLine } from './lines.js';
import { gc } from './options.js';
import type { Benchmark, BenchResult } from './registry.js';

const clock: Clock = { now: () => Date.now(), setTimeout: () => 0, clearTimeout: () => {} };

// A realistic mix: mostly ticks and request lines, some startup lines, warnings, a few errors with
// continuations, ANSI colours and Chinese text.
const TEMPLATES: ReadonlyArray<(i: number) => string> = [
  (i) => `[bench-model] tick ${i}: slots idle, kv cache usage ${(i % 1000) / 10}%`,
  (i) => `srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 ${i % 50 === 0 ? 500 : 200}`,
  (i) => `slot launch_slot_: id  0 | task ${i} | processing task`,
  (i) => `prompt eval time = ${i % 997}.12 ms / 42 tokens ( 12.3 ms per token, 81.2 tokens per second)`,
  (i) => `llama_model_loader: - kv ${i % 40}: general.architecture str = qwen3`,
  (i) => `\u001b[33mWARNING\u001b[0m: slot ${i % 4} context shift: n_keep=0 (tick ${i})`,
  (i) => `W 20:00:${String(i % 60).padStart(2, '0')} kv cache quantization disabled`,
  (i) => `模型 bench-model 第 ${i} 次请求完成`,
  (i) => `metrics: requests=${i} error_rate=0 latency_ms=35`,
  (i) => `main: server is listening on http://127.0.0.1:${10000 + (i % 1000)} - starting the main loop`,
];
const RARE: ReadonlyArray<(i: number) => string> = [
  (i) => `ERROR: CUDA error: out of memory (recoverable, tick ${i})`,
  () => '  current device: 0, in function ggml_cuda_pool_malloc at ggml-cuda.cu:390',
  (i) => `GGML_ASSERT(ctx->mem_buffer != NULL) failed (${i})`,
  () => 'Traceback (most recent call last):',
  (i) => `  File "/opt/vllm/engine.py", line ${i % 500}, in run`,
];

function makeLines(count: number, origin: IncomingLine['origin'], start = 1_795_896_000_000.123): IncomingLine[] {
  const out = new Array<IncomingLine>(count);
  let ts = start;
  for (let i = 0; i < count; i++) {
    ts += 0.731;
    const rare = i % 97 === 0;
    const tpl = rare ? RARE[(i / 97) % RARE.length] : TEMPLATES[i % TEMPLATES.length];
    out[i] = { origin, ts, text: (tpl ?? TEMPLATES[0] ?? (() => ''))(i) };
  }
  return out;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Median of several runs: the build machines are shared, single runs are noisy. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}


function ingestThroughput(): BenchResult[] {
  const N = 200_000;
  const lines = makeLines(N, 'live');
  // Warm-up so the JIT has compiled the hot path.
  const warm = new Logbook({ key: 'bench/warm', cap: 20_000, clock });
  for (const l of makeLines(20_000, 'live')) warm.ingest(l);
  const lb = new Logbook({ key: 'bench/ingest', cap: 20_000, clock });
  lb.beginConnection();
  lb.historyComplete();
  const ms = time(() => {
    for (const l of lines) lb.ingest(l);
  });
  const s = lb.stats();
  const cls = time(() => {
    for (const l of lines) classifyLine(l.text, undefined, null, l.ts);
  });
  return [
    { name: 'logbook ingest (live, classify, cap 20k)', value: (N / ms) * 1000, unit: 'lines/s', detail: `${N.toLocaleString('en-US')} lines in ${ms.toFixed(0)} ms; ${s.lines.byLevel.error} errors, ${s.evicted.toLocaleString('en-US')} evicted` },
    { name: 'classifyLine alone', value: (N / cls) * 1000, unit: 'lines/s', detail: `${N.toLocaleString('en-US')} lines in ${cls.toFixed(0)} ms` },
  ];
}

function replayDedup(): BenchResult[] {
  const N = 20_000;
  const history = makeLines(N, 'history');
  const lb = new Logbook({ key: 'bench/replay', cap: 20_000, clock });
  lb.beginConnection();
  for (const l of history) lb.ingest(l);
  lb.historyComplete();
  const before = lb.lastSeq();
  let appended = 0;
  const runs: number[] = [];
  for (let r = 0; r < 7; r++) {
    runs.push(
      time(() => {
        lb.beginConnection();
        for (const l of history) appended += lb.ingest(l).length;
        appended += lb.historyComplete().length;
      }),
    );
  }
  const ms = median(runs);
  if (appended !== 0 || lb.lastSeq() !== before) throw new Error(`replay dedup appended ${appended} entries (expected 0)`);
  // A reconnect that also brings 1,000 lines produced while away.
  const extra = makeLines(1_000, 'history', (history[N - 1]?.ts ?? 0) + 1);
  const full = [...history, ...extra];
  const lb2 = new Logbook({ key: 'bench/replay2', cap: 20_000, clock });
  lb2.beginConnection();
  for (const l of history) lb2.ingest(l);
  lb2.historyComplete();
  let recovered = 0;
  const ms2 = time(() => {
    lb2.beginConnection();
    for (const l of full) recovered += lb2.ingest(l).length;
    lb2.historyComplete();
  });
  if (recovered !== extra.length) throw new Error(`recovered ${recovered} lines, expected ${extra.length}`);
  return [
    { name: 'replay dedup of a 20,000-line history', value: ms, unit: 'ms', detail: `${((N / ms) * 1000).toLocaleString('en-US', { maximumFractionDigits: 0 })} lines/s, 0 duplicates` },
    { name: 'replay 21,000 lines, recover 1,000 new', value: ms2, unit: 'ms', detail: `${recovered} recovered` },
  ];
}

function fill(lb: Logbook, n: number): number {
  // The input array dies with this frame: afterwards only what the logbook retains is on the heap.
  // Typical 60-character ASCII lines; each text is its own string, as JSON.parse would make it.
  let ts = 1_795_896_000_000.123;
  let chars = 0;
  for (let i = 0; i < n; i++) {
    ts += 0.731;
    const text = JSON.parse(JSON.stringify(fixedLine(i, 60))) as string;
    chars += text.length;
    lb.ingest({ origin: 'live', ts, text });
  }
  return chars;
}

function memoryPer20k(): BenchResult[] {
  const N = 20_000;
  if (!gc()) return [{ name: 'memory per 20,000 buffered lines', value: Number.NaN, unit: 'MB', detail: 'run with node --expose-gc' }];
  // Measured as what is freed when the filled logbook is dropped: unrelated garbage from earlier
  // benchmarks cannot skew it that way.
  let lb: Logbook | null = new Logbook({ key: 'bench/memory', cap: N + 1, clock });
  lb.beginConnection();
  lb.historyComplete();
  const chars = fill(lb, N);
  if (lb.stats().buffered !== N) throw new Error(`unexpected buffered count ${lb.stats().buffered}`);
  gc();
  const filled = process.memoryUsage().heapUsed;
  lb = null;
  gc();
  const used = filled - process.memoryUsage().heapUsed;
  const perLine = used / N;
  return [
    { name: 'memory per held line (20,000 lines of 60 chars)', value: perLine, unit: 'bytes/line', detail: `${(used / 1024 / 1024).toFixed(1)} MB incl. text (avg ${Math.round(chars / N)} chars)`, target: '<= 150 bytes', ok: perLine <= 150 },
  ];
}

export const logbookBenchmark: Benchmark = {
  name: 'logbook',
  run: () => [...memoryPer20k(), ...ingestThroughput(), ...replayDedup()],
};
