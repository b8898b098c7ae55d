// Vitals extraction cost on the ingest path, for three mixes (a llama.cpp server's log, a vLLM server's
// log, and the synthetic mix used until session 3; see vitals-mixes.ts):
// - THE TARGET (issue 14: extraction costs the ingest path ≤ 5 %, held on the llama.cpp mix): the
//   same mix served over loopback SSE and read by the core monitor (SSE → frames → JSON.parse →
//   classify → logbook → vitals → batches → the window's batcher), with vitals and without
//   (MonitorOptions.vitals), each monitor in a process of its own (vitals-side.ts: its own heap and
//   collector, all counted in its process CPU), three pairs of such processes in turn, in rounds that
//   swap the order (A B, B A, …); the cost is the MEAN of the rounds' CPU ratios, which cancels what a
//   burst carries over to the next one (the median did not: the ratios come in two groups by order,
//   see BENCHMARKS.md, session 7). A control does the same with pairs of monitors without vitals: how
//   far the method itself is off. Until session 6 this row divided the logbook-level figure below by
//   the whole path's CPU per line, which left out everything vitals costs per batch (the summary, the
//   `vitals` event) and read about a quarter of the real cost; until session 7 both monitors shared the
//   benchmark's process, where one side's garbage was collected in the other's bursts (BENCHMARKS.md).
// - for the extraction's own code: the same lines through a Logbook alone and through a Logbook plus
//   a VitalsTracker fed with what it accepted, as the monitor does.
//
// Measured on CPU time of the process (`process.cpuUsage`), so that other work on a shared machine
// does not land in one side's figure; at logbook level each round runs the logbook alone, with vitals, and a control
// (the logbook alone again) and the overhead is the median of the rounds' ratios; the control's ratio
// shows how far the method itself is off. As in the product, each side is ONE
// long-lived logbook (and tracker) fed run after run (the mix again, later in time), with no forced
// collection in between: a fresh logbook per run after a forced full GC measured V8's re-warm-up —
// a full GC drops the compiled code of idle regular expressions, and code that embedded the previous
// run's objects is deoptimised — not the steady state a model's stream is in. The lines are flat
// strings, as the SSE parser's JSON.parse hands them over (template literals would be V8 rope
// strings, which every character read has to unwrap first).
import type { IncomingLine } from '../../main/core/logs/incoming.js';
import type { LogEntry } from '../../main/core/types.js';
import { Logbook } from '../../main/core/logs/logbook.js';
import { recogniseLine } from '../../main/core/logs/vitals/recognisers.js';
import { VitalsTracker } from '../../main/core/logs/vitals/tracker.js';
import { DEFAULT_POLICY, type Clock } from '../../main/core/ports.js';
import type { Benchmark, BenchResult } from './registry.js';
import { startStreamServer, type StreamServerHandle } from './stream-server-process.js';
import { startVitalsSide, type SideBurst, type VitalsSideHandle } from './vitals-side.js';
import { startAppCore } from './app-core.js';
import { makeLines, MIX_LINES as LINES, type Mix } from './vitals-mixes.js';
import { setTimeout as sleep } from 'node:timers/promises';

const clock: Clock = { now: () => Date.now(), setTimeout: () => 0, clearTimeout: () => {} };
const RUNS = 15;
const TARGET_PCT = 5;
/**
 * Rounds through the whole ingest path, each one burst with vitals and one without (the pairs of
 * processes in turn): of the llama.cpp mix (the target, and its control) and of the other two. A
 * round's process CPU still scatters by about ±10 % (the collector's work falls in one burst or the
 * next), so the mean needs many.
 */
const WHOLE_ROUNDS = 36;
const OTHER_ROUNDS = 12;

function mean(xs: number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The standard error of the mean. */
function stdError(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
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

/**
 * What the monitor does with the ingest results: the entry batcher queues them and, for each batch of
 * up to BATCH entries (DEFAULT_POLICY.batchMaxLines), hands the batch to a callback (observeVitals).
 * One loop for every side, each side with its own consumer, so that V8 compiles the logbook into all
 * of them alike. (Until session 3 each side had its own class and loop; V8 then inlined differently
 * into the two, and a consumer doing nothing at all measured as an "overhead" of several per cent up
 * to tens of per cent; see BENCHMARKS.md.)
 */
type Consumer = (entries: readonly LogEntry[]) => number;

const BATCH = DEFAULT_POLICY.batchMaxLines;

class Pipeline {
  private readonly lb = new Logbook({ key: 'bench/m', cap: 20_000, clock });
  constructor(private readonly consume: Consumer) {
    this.lb.beginConnection();
  }
  run(lines: readonly IncomingLine[], offset: number): { ms: number; n: number } {
    const consume = this.consume;
    let n = 0;
    let batch: LogEntry[] = [];
    const t0 = process.cpuUsage();
    for (const l of lines) {
      for (const e of this.lb.ingest({ origin: l.origin, ts: l.ts + offset, text: l.text })) batch.push(e);
      if (batch.length >= BATCH) {
        n += consume(batch);
        batch = [];
      }
    }
    if (batch.length > 0) n += consume(batch);
    return { ms: cpuMs(t0), n };
  }
}

interface MixFigures {
  readonly mix: Mix;
  readonly vitalsShare: number;
  readonly baseMs: number;
  readonly withMs: number;
  readonly ratios: number[];
  /** The A/A control: a second logbook whose consumer does what the base's does. */
  readonly controlRatios: number[];
  readonly samples: number;
}

/**
 * Logbook alone, logbook + vitals, and the control (logbook alone again, its own consumer) on one mix,
 * RUNS rounds, the order of the base and the control swapping every round.
 */
function measure(mix: Mix): MixFigures {
  const lines = makeLines(mix);
  // What the mix holds: every request and every vLLM statistics line must come out as one sample.
  let vitalsLines = 0;
  let expected = 0;
  for (const l of lines) {
    const r = recogniseLine(l.text);
    if (!r) continue;
    vitalsLines++;
    if (r.kind === 'vllm-stats' || (r.kind === 'llama-timing' && r.part === 'total')) expected++;
  }
  const tracker = new VitalsTracker('bench/m');
  const alone = new Pipeline((entries) => entries.length);
  const control = new Pipeline((entries) => entries.length);
  const withVitals = new Pipeline((entries) => Math.max(0, tracker.observe(entries)));
  let run = 0;
  for (const p of [alone, withVitals, control]) p.run(lines, runOffset(run, lines)); // warm-up
  run++;
  const base: number[] = [];
  const withV: number[] = [];
  const ratios: number[] = [];
  const controlRatios: number[] = [];
  let samples = 0;
  for (let r = 0; r < RUNS; r++) {
    const offset = runOffset(run++, lines);
    const first = r % 2 === 0 ? alone : control;
    const last = r % 2 === 0 ? control : alone;
    const a = first.run(lines, offset);
    const v = withVitals.run(lines, offset);
    const c = last.run(lines, offset);
    const b = first === alone ? a : c;
    const k = first === alone ? c : a;
    if (b.n === 0) throw new Error('the logbook accepted nothing');
    base.push(b.ms);
    withV.push(v.ms);
    ratios.push(v.ms / b.ms - 1);
    controlRatios.push(k.ms / b.ms - 1);
    samples = v.n;
  }
  // A fast but wrong extractor cannot pass: exactly one sample per request and per statistics line.
  if (samples !== expected) throw new Error(`vitals extracted ${samples} samples from the ${mix} mix, it holds ${expected}`);
  return { mix, vitalsShare: vitalsLines / LINES, baseMs: median(base), withMs: median(withV), ratios, controlRatios, samples };
}

/** The whole ingest path on one mix, with vitals and without: CPU per line of each run, paired by round. */
interface WholePath {
  readonly onUs: number[];
  readonly offUs: number[];
  /** Per round: CPU with vitals ÷ CPU without − 1. */
  readonly ratios: number[];
  /** The same of the main threads' CPU (empty where /proc does not tell it). */
  readonly mainRatios: number[];
  /** Per pair of processes: the mean of its ratios. */
  readonly pairMeans: number[];
  readonly samples: number;
}

/** Pairs of side processes in the whole-path comparison (a process's own placement and layout shifts its figures by a few per cent: the pairs average it out). */
const PAIRS = 3;

/**
 * The extraction's cost measured on the ingest path itself: PAIRS pairs of long-lived monitors, each
 * in its own process (vitals-side.ts), one of a pair reading vitals and one not, each fed the mix in
 * bursts of live lines; after warm-up bursts, `rounds` rounds of one burst each, the pairs in turn and
 * each pair's order swapping every other turn. Everything vitals adds on that path counts: reading the
 * lines, the samples, the store, the summaries and the `vitals` events (at most one per
 * ConnectionPolicy.vitalsMs), and the collector's share of all of it (process CPU, helper threads too).
 */
async function measureWhole(server: StreamServerHandle, mix: Mix, expectedSamples: number, rounds: number, control = false): Promise<WholePath> {
  // The control: the same rounds between pairs of monitors that both read no vitals.
  const onVitals = !control;
  const pairs: Array<{ on: VitalsSideHandle; off: VitalsSideHandle }> = [];
  const started: VitalsSideHandle[] = [];
  try {
    for (let i = 0; i < PAIRS; i++) {
      // Forked in alternating order (which one a pair starts first shifted its figures in trials).
      const names = [pairModel(mix, control, 'on', i), pairModel(mix, control, 'off', i)] as const;
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      const handles: VitalsSideHandle[] = [];
      for (const k of order) {
        const h = await startVitalsSide({ url: server.url, model: names[k]!, vitals: k === 0 && onVitals, lines: LINES });
        started.push(h);
        handles[k] = h;
      }
      pairs.push({ on: handles[0]!, off: handles[1]! });
    }
    const onUs: number[] = [];
    const offUs: number[] = [];
    const ratios: number[] = [];
    const mainRatios: number[] = [];
    const perPair: number[][] = pairs.map(() => []);
    let samples = 0;
    const once = async (side: VitalsSideHandle, vitals: boolean): Promise<SideBurst> => {
      const b = await side.burst(() => server.burst(side.model));
      if (b.lines !== LINES) throw new Error(`${side.model}: a burst brought ${b.lines} lines, it holds ${LINES}`);
      // A burst may also complete the request the previous one ended in the middle of.
      if (vitals && (b.samples < expectedSamples || b.samples > expectedSamples + 1)) throw new Error(`a burst of the ${mix} mix gave ${b.samples} samples, it holds ${expectedSamples}`);
      if (!vitals && b.samples !== 0) throw new Error(`the monitor without vitals read ${b.samples} samples`);
      if (vitals) samples = b.samples;
      return b;
    };
    for (const p of pairs) {
      for (let w = 0; w < 2; w++) {
        await once(p.on, onVitals);
        await once(p.off, false);
      }
    }
    for (let r = 0; r < rounds; r++) {
      const i = r % PAIRS;
      const p = pairs[i]!;
      const withFirst = Math.floor(r / PAIRS) % 2 === 0;
      const a = await once(withFirst ? p.on : p.off, withFirst && onVitals);
      const b = await once(withFirst ? p.off : p.on, !withFirst && onVitals);
      const on = withFirst ? a : b;
      const off = withFirst ? b : a;
      onUs.push((on.cpuMs / LINES) * 1000);
      offUs.push((off.cpuMs / LINES) * 1000);
      ratios.push(on.cpuMs / off.cpuMs - 1);
      perPair[i]!.push(on.cpuMs / off.cpuMs - 1);
      if (on.mainMs !== null && off.mainMs !== null) mainRatios.push(on.mainMs / off.mainMs - 1);
    }
    return { onUs, offUs, ratios, mainRatios, pairMeans: perPair.map(mean), samples };
  } finally {
    for (const h of started) await h.stop();
  }
}

/** The served model of one side: `<mix>.<on|off><pair>`, the control's `<mix>.ctl-<on|off><pair>`. */
function pairModel(mix: Mix, control: boolean, side: 'on' | 'off', pair: number): string {
  return `${mix}.${control ? 'ctl-' : ''}${side}${pair}`;
}

/** The app-rate comparison: models per core, lines per second each, rounds, and each window's warm-up and length. */
const APP_MODELS = 20;
const APP_RATE = 1_000;
const APP_ROUNDS = 8;
const APP_WARMUP_MS = 2_000;
const APP_WINDOW_MS = 8_000;

interface AppSide {
  readonly names: readonly string[];
  /** Live lines this core received while `measuring`. */
  lines: number;
  samples: number;
  measuring: boolean;
  readonly ready: Set<string>;
  readonly core: { stop(): Promise<void> };
}

/**
 * One of the two app cores of the app-rate comparison: the tray app's core (app controller, IPC
 * serialising; test/bench/app-core.ts) watching its own APP_MODELS models, with vitals or without.
 */
async function openAppSide(server: StreamServerHandle, names: readonly string[], others: readonly string[], vitals: boolean): Promise<AppSide> {
  const side: { -readonly [K in keyof AppSide]: AppSide[K] } = { names, lines: 0, samples: 0, measuring: false, ready: new Set(), core: { stop: async () => {} } };
  side.core = await startAppCore({
    url: server.url,
    vitals,
    unwatched: others.map((n) => `b/${n}`),
    onMonitor: (m) =>
      m.subscribe((e) => {
        if (e.type === 'vitals' && side.measuring) side.samples += e.liveSpeeds;
        if (e.type !== 'lines') return;
        for (const entry of e.entries) {
          if (entry.kind === 'line') {
            if (side.measuring && entry.origin === 'live') side.lines++;
          } else if (entry.marker === 'gap-resolved') side.ready.add(e.key);
        }
      }),
  });
  return side;
}

interface AppFigures {
  readonly onUs: number[];
  readonly offUs: number[];
  readonly ratios: number[];
  readonly samples: number;
}

/**
 * The tray app's core at the rate of the fan-in benchmark: two long-lived cores in this process, one
 * reading vitals and one not, each watching its own 20 models that print the llama.cpp mix live at
 * 1,000 lines a second. Only one core's models print at a time (the stream server turns their live
 * lines on and off); each window measures the process's CPU per live line of the core whose models
 * print, after a warm-up, and the order swaps every round. (Until session 7 every run started a new
 * core, and its ratios scattered from −18 to +46 % in session 7.)
 */
async function measureApp(): Promise<AppFigures> {
  const onNames = Array.from({ length: APP_MODELS }, (_, i) => `app-on-${i}`);
  const offNames = Array.from({ length: APP_MODELS }, (_, i) => `app-off-${i}`);
  const server = await startStreamServer({
    models: [...onNames, ...offNames].map((name) => ({ name, history: 0, liveRate: APP_RATE, liveMix: 'llama.cpp' as const, livePaused: true })),
  });
  const on = await openAppSide(server, onNames, offNames, true);
  const off = await openAppSide(server, offNames, onNames, false);
  try {
    const deadline = Date.now() + 60_000;
    while ((on.ready.size < APP_MODELS || off.ready.size < APP_MODELS) && Date.now() < deadline) await sleep(20);
    if (on.ready.size < APP_MODELS || off.ready.size < APP_MODELS) throw new Error(`only ${on.ready.size} + ${off.ready.size} of 2 × ${APP_MODELS} models connected within 60 s`);
    const window = async (side: AppSide): Promise<number> => {
      server.live(side.names, true);
      await sleep(APP_WARMUP_MS);
      side.lines = 0;
      side.samples = 0;
      side.measuring = true;
      const cpu0 = process.cpuUsage();
      await sleep(APP_WINDOW_MS);
      const ms = cpuMs(cpu0);
      side.measuring = false;
      server.live(side.names, false);
      // What is on its way is read before the other side's window.
      await sleep(500);
      if (side.lines === 0) throw new Error('no live line arrived');
      return (ms * 1000) / side.lines;
    };
    await window(on);
    await window(off);
    const onUs: number[] = [];
    const offUs: number[] = [];
    const ratios: number[] = [];
    let samples = 0;
    for (let r = 0; r < APP_ROUNDS; r++) {
      const withFirst = r % 2 === 0;
      const a = await window(withFirst ? on : off);
      if (withFirst) samples = on.samples;
      const b = await window(withFirst ? off : on);
      if (!withFirst) samples = on.samples;
      if (off.samples !== 0) throw new Error(`the app without vitals read ${off.samples} samples`);
      const u = withFirst ? a : b;
      const v = withFirst ? b : a;
      onUs.push(u);
      offUs.push(v);
      ratios.push(u / v - 1);
    }
    if (samples === 0) throw new Error('the app read no vitals from the llama.cpp mix');
    return { onUs, offUs, ratios, samples };
  } finally {
    await on.core.stop();
    await off.core.stop();
    await server.close();
  }
}

function appRow(a: AppFigures): BenchResult {
  const us = (xs: number[]) => xs.map((u) => u.toFixed(2)).join(', ');
  return {
    name: `llama.cpp server mix in the app: ${APP_MODELS} models × ${APP_RATE.toLocaleString('en')} lines/s, extraction cost`,
    value: Number((mean(a.ratios) * 100).toFixed(1)),
    unit: '%',
    detail: `the app's core CPU per live line with vitals ${mean(a.onUs).toFixed(2)} µs, without ${mean(a.offUs).toFixed(2)} (means of ${a.ratios.length} rounds of ${APP_WINDOW_MS / 1000} s, two long-lived cores, each side first in every other round; ± ${(stdError(a.ratios) * 100).toFixed(1)} % (standard error); ratios ${a.ratios.map((x) => (x * 100).toFixed(1)).join(', ')} %, median ${(median(a.ratios) * 100).toFixed(1)} %; with ${us(a.onUs)}, without ${us(a.offUs)} µs/line; ${a.samples} samples in the last window)`,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function rows(f: MixFigures, whole: WholePath, target: boolean, control: WholePath | null): BenchResult[] {
  const usPerLine = ((f.withMs - f.baseMs) / LINES) * 1000;
  const label = f.mix === 'synthetic' ? 'synthetic mix (sessions 2–3)' : `${f.mix} server mix`;
  const costPct = Number((mean(whole.ratios) * 100).toFixed(1));
  const us = (xs: number[]) => xs.map((u) => u.toFixed(2)).join(', ');
  const ratios = (w: WholePath) =>
    `± ${(stdError(w.ratios) * 100).toFixed(1)} % (standard error); the ${w.pairMeans.length} pairs of processes ${w.pairMeans.map(pct).join(', ')}; ` +
    (w.mainRatios.length > 0 ? `main threads alone ${pct(mean(w.mainRatios))} ± ${(stdError(w.mainRatios) * 100).toFixed(1)} %; ` : '') +
    `ratios in order ${w.ratios.map((x) => (x * 100).toFixed(1)).join(', ')} %, median ${(median(w.ratios) * 100).toFixed(1)} %`;
  const cost: BenchResult = {
    name: `${label}: extraction cost on the whole ingest path`,
    value: costPct,
    unit: '%',
    detail: `mean of ${whole.ratios.length} rounds of ${LINES.toLocaleString('en')} live lines, each monitor in a process of its own (process CPU), each side first in half of them (${ratios(whole)}); with vitals ${mean(whole.onUs).toFixed(2)} µs/line, without ${mean(whole.offUs).toFixed(2)}: SSE → frames → JSON.parse → classify → logbook → vitals → batches → the window's batcher; with ${us(whole.onUs)}, without ${us(whole.offUs)} µs/line`,
  };
  const controlRow: BenchResult[] = control
    ? [
        {
          name: `${label}: control of the whole-path figure (pairs of monitors without vitals)`,
          value: Number((mean(control.ratios) * 100).toFixed(1)),
          unit: '%',
          detail: `the bias and noise of the method above, the same rounds between two monitors that read no vitals: ${ratios(control)}`,
        },
      ]
    : [];
  return [
    {
      name: `${label}: logbook only / + vitals`,
      value: Math.round(LINES / (f.baseMs / 1000)),
      unit: 'lines/CPU-s',
      detail: `+ vitals ${Math.round(LINES / (f.withMs / 1000)).toLocaleString('en')} lines/CPU-s; ${pct(f.vitalsShare)} vitals lines, ${f.samples} samples`,
    },
    {
      name: `${label}: extraction overhead on logbook ingest`,
      value: Number((median(f.ratios) * 100).toFixed(1)),
      unit: '%',
      detail: `median of ${RUNS} adjacent pairs (spread ${(Math.min(...f.ratios) * 100).toFixed(1)} … ${(Math.max(...f.ratios) * 100).toFixed(1)} %); ${usPerLine.toFixed(3)} µs/line (lines and store only: no summaries, no events)`,
    },
    {
      name: `${label}: control (a second logbook alone)`,
      value: Number((median(f.controlRatios) * 100).toFixed(1)),
      unit: '%',
      detail: `the bias and noise floor of the overhead above: median of ${RUNS} (spread ${(Math.min(...f.controlRatios) * 100).toFixed(1)} … ${(Math.max(...f.controlRatios) * 100).toFixed(1)} %)`,
    },
    target ? { ...cost, target: `≤ ${TARGET_PCT} %`, ok: costPct <= TARGET_PCT } : cost,
    ...controlRow,
  ];
}

export const vitalsBenchmark: Benchmark = {
  name: 'vitals',
  async run(): Promise<BenchResult[]> {
    // The target is held on the llama.cpp mix: the densest real log (a vLLM log has far fewer vitals lines).
    const mixes: Mix[] = ['llama.cpp', 'vllm', 'synthetic'];
    const figures = mixes.map((mix) => measure(mix));
    // The same mixes through the whole ingest path, in the same run, from a loopback server in its own process.
    const sides = (mix: Mix) =>
      (mix === 'llama.cpp' ? [false, true] : [false]).flatMap((control) => Array.from({ length: PAIRS }, (_, i) => [pairModel(mix, control, 'on', i), pairModel(mix, control, 'off', i)]).flat());
    const server = await startStreamServer({
      models: mixes.flatMap((mix) => sides(mix).map((name) => ({ name, history: LINES, mix, bursts: true }))),
    });
    const wholes: WholePath[] = [];
    let control: WholePath | null = null;
    try {
      for (const f of figures) wholes.push(await measureWhole(server, f.mix, f.samples, f.mix === 'llama.cpp' ? WHOLE_ROUNDS : OTHER_ROUNDS));
      control = await measureWhole(server, 'llama.cpp', 0, WHOLE_ROUNDS, true);
    } finally {
      await server.close();
    }
    const app = await measureApp();
    return [...figures.flatMap((f, i) => rows(f, wholes[i]!, f.mix === 'llama.cpp', f.mix === 'llama.cpp' ? control : null)), appRow(app)];
  },
};
