// Vitals extraction cost on the ingest path: the same realistic line mix (ticks, requests, llama.cpp
// timing blocks, vLLM statistics, ANSI, Chinese) through a Logbook alone and through a Logbook plus a
// VitalsTracker fed with what it accepted, as the monitor does. Target (issue 14): overhead ≤ 5 %.
//
// Measured on CPU time of this process (`process.cpuUsage`), so that other work on a shared machine
// does not land in one side's figure; runs alternate (logbook alone, with vitals, with vitals, alone, …)
// and the overhead is the median of each adjacent pair's ratio. As in the product, each side is ONE
// long-lived logbook (and tracker) fed run after run (the mix again, later in time), with no forced
// collection in between: a fresh logbook per run after a forced full GC measured V8's re-warm-up —
// a full GC drops the compiled code of idle regular expressions, and code that embedded the previous
// run's objects is deoptimised — not the steady state a model's stream is in. The lines are flat
// strings, as the SSE parser's JSON.parse hands them over (template literals would be V8 rope
// strings, which every character read has to unwrap first).
import type { IncomingLine } from '../../main/core/logs/incoming.js';
import { Logbook } from '../../main/core/logs/logbook.js';
import { recogniseLine } from '../../main/core/logs/vitals/recognisers.js';
import { VitalsTracker } from '../../main/core/logs/vitals/tracker.js';
import type { Clock } from '../../main/core/ports.js';
import type { Benchmark, BenchResult } from './registry.js';

const clock: Clock = { now: () => Date.now(), setTimeout: () => 0, clearTimeout: () => {} };
const LINES = 200_000;
const RUNS = 15;
const TARGET_PCT = 5;

function makeLines(): IncomingLine[] {
  const out: IncomingLine[] = [];
  let ts = 1_795_896_000_000;
  for (let i = 0; out.length < LINES; i++) {
    ts += 250;
    const push = (text: string) => out.push({ origin: 'live', ts, text });
    // Per llama.cpp request about a dozen lines, three of them timing; vLLM statistics every 10 s.
    if (i % 40 === 5) push(`INFO 11-30 08:00:05 [loggers.py:123] Engine 000: Avg prompt throughput: 1523.4 tokens/s, Avg generation throughput: 87.2 tokens/s, Running: 12 reqs, Waiting: 3 reqs, GPU KV cache usage: 41.5%, Prefix cache hit rate: 62.0%`);
    switch (i % 12) {
      case 0:
        push(`srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200`);
        push(`slot print_timing: id  0 | task ${i} | prompt eval time =     120.00 ms /    48 tokens (    2.50 ms per token,   400.00 tokens per second)`);
        push(`slot print_timing: id  0 | task ${i} |        eval time =    2000.00 ms /    64 tokens (   31.25 ms per token,    32.00 tokens per second)`);
        push(`slot print_timing: id  0 | task ${i} |       total time =    2120.00 ms /   112 tokens`);
        break;
      case 7:
        push(`\u001b[33mWARNING\u001b[0m: slot ${i % 4} context shift: n_keep=0 (tick ${i})`);
        break;
      case 9:
        push(`模型 bench-model 第 ${i} 次请求完成`);
        break;
      default:
        push(`[bench-model] tick ${i}: slots idle, kv cache usage ${(i % 1000) / 10}%`);
        push(`slot launch_slot_: id  0 | task ${i} | processing task`);
    }
  }
  // Flat strings, as JSON.parse gives them.
  return JSON.parse(JSON.stringify(out.slice(0, LINES))) as IncomingLine[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** CPU milliseconds of this process since `from` (user + system). */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/** Each run feeds the mix again this much later in time (so it is new to the logbook, not a replay). */
function runOffset(run: number, lines: readonly IncomingLine[]): number {
  const first = lines[0]?.ts ?? 0;
  const last = lines[lines.length - 1]?.ts ?? 0;
  return run * (last - first + 1_000);
}

// Two classes, not one loop with an `if (tracker)`: a shared loop would be re-optimised every time the
// runs alternate (the branch flips from never taken to always taken), and that deopt churn, not the
// extraction, would dominate the difference.
class LogbookAlone {
  private readonly lb = new Logbook({ key: 'bench/m', cap: 20_000, clock });
  constructor() {
    this.lb.beginConnection();
  }
  run(lines: readonly IncomingLine[], offset: number): number {
    const t0 = process.cpuUsage();
    let entries = 0;
    for (const l of lines) entries += this.lb.ingest({ origin: l.origin, ts: l.ts + offset, text: l.text }).length;
    const ms = cpuMs(t0);
    if (entries === 0) throw new Error('the logbook accepted nothing');
    return ms;
  }
}

class LogbookWithVitals {
  private readonly lb = new Logbook({ key: 'bench/m', cap: 20_000, clock });
  private readonly tracker = new VitalsTracker('bench/m');
  constructor() {
    this.lb.beginConnection();
  }
  run(lines: readonly IncomingLine[], offset: number): { ms: number; samples: number } {
    let samples = 0;
    const t0 = process.cpuUsage();
    for (const l of lines) samples += this.tracker.observe(this.lb.ingest({ origin: l.origin, ts: l.ts + offset, text: l.text }))?.samples.length ?? 0;
    return { ms: cpuMs(t0), samples };
  }
}

export const vitalsBenchmark: Benchmark = {
  name: 'vitals',
  run(): BenchResult[] {
    const lines = makeLines();
    // What the mix holds: every request and every vLLM statistics line must come out as one sample.
    let vitalsLines = 0;
    let expected = 0;
    for (const l of lines) {
      const r = recogniseLine(l.text);
      if (!r) continue;
      vitalsLines++;
      if (r.kind === 'vllm-stats' || (r.kind === 'llama-timing' && r.part === 'total')) expected++;
    }
    const alone = new LogbookAlone();
    const withVitals = new LogbookWithVitals();
    let run = 0;
    withVitals.run(lines, runOffset(run, lines)); // warm-up
    alone.run(lines, runOffset(run++, lines));
    const base: number[] = [];
    const withV: number[] = [];
    const ratios: number[] = [];
    let samples = 0;
    // Interleaved in pairs, the order alternating, so machine load and drift hit both sides alike.
    for (let r = 0; r < RUNS; r++) {
      let b: number;
      let v: { ms: number; samples: number };
      const offset = runOffset(run++, lines);
      if (r % 2 === 0) {
        b = alone.run(lines, offset);
        v = withVitals.run(lines, offset);
      } else {
        v = withVitals.run(lines, offset);
        b = alone.run(lines, offset);
      }
      base.push(b);
      withV.push(v.ms);
      ratios.push(v.ms / b - 1);
      samples = v.samples;
    }
    if (samples !== expected) throw new Error(`vitals extracted ${samples} samples, the mix holds ${expected}`);
    const b = median(base);
    const v = median(withV);
    const overheadPct = Number((median(ratios) * 100).toFixed(1));
    return [
      { name: `ingest ${LINES.toLocaleString('en')} lines, logbook only`, value: Math.round(LINES / (b / 1000)), unit: 'lines/CPU-s', detail: `median of ${RUNS}` },
      { name: `ingest ${LINES.toLocaleString('en')} lines, logbook + vitals`, value: Math.round(LINES / (v / 1000)), unit: 'lines/CPU-s', detail: `${samples} samples` },
      {
        name: 'vitals extraction overhead on logbook ingest',
        value: overheadPct,
        unit: '%',
        detail: `median of ${RUNS} adjacent pairs (spread ${(Math.min(...ratios) * 100).toFixed(1)} … ${(Math.max(...ratios) * 100).toFixed(1)} %)`,
        target: `≤ ${TARGET_PCT} %`,
        ok: overheadPct <= TARGET_PCT,
      },
      {
        name: `vitals extraction per line (mix: ${((vitalsLines / LINES) * 100).toFixed(1)} % vitals lines)`,
        value: Number((((v - b) / LINES) * 1000).toFixed(3)),
        unit: 'µs/line',
        detail: 'compare: the whole SSE → monitor pipeline costs ~8 µs/line',
      },
    ];
  },
};
