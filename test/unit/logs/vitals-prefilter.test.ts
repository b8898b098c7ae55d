// The vitals pre-filter (`mayBeVitals`) and the direct path for `slot print_timing:` lines must lose
// nothing: on every line quoted in vitals-recognisers.test.ts (real lines from llama.cpp's and vLLM's
// sources, with ANSI, log prefixes, the older formats, and the near misses), on the demo's output, and
// on seeded mutations of all of them, `recogniseLine` must give exactly what the recognisers behind
// the pre-filter give for the cleaned line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../main/demo/random.js';
import { llamaLoadLines, llamaTimingLines, vllmStatsLine } from '../../../main/demo/vitals-output.js';
import { clean, mayBeVitals, recogniseCandidate, recogniseLine } from '../../../main/core/logs/vitals/recognisers.js';
import { FastScanner, HEADER, NONE, OTHER, TIMING, VLLM } from '../../../main/core/logs/vitals/fast-scan.js';
import { VitalsExtractor } from '../../../main/core/logs/vitals/extractor.js';
import { VitalsTracker } from '../../../main/core/logs/vitals/tracker.js';
import type { VitalsSample } from '../../../main/core/types.js';

/** Every single-quoted string literal of 12 or more characters in the recogniser tests. */
function quotedLines(): string[] {
  const src = readFileSync(fileURLToPath(new URL('./vitals-recognisers.test.ts', import.meta.url)), 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/'((?:[^'\\\n]|\\.)*)'/g)) {
    const inner = m[1] ?? '';
    if (inner.length < 12) continue;
    out.push(JSON.parse(`"${inner.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
  }
  return out;
}

function demoLines(): string[] {
  const def = { name: 'demo-a', mode: 'Chat', port: 1 } as unknown as Parameters<typeof llamaTimingLines>[0];
  const out = [...llamaLoadLines()];
  for (let tick = 0; tick < 40; tick++) {
    out.push(...llamaTimingLines(def, tick, 100 + tick, 50 + tick), vllmStatsLine(def, tick, Date.UTC(2026, 10, 30, 8, 0, tick)));
  }
  return out;
}

/** llama.cpp server lines that carry no vitals (as its server prints them around every request). */
const ORDINARY = [
  'srv  params_from_: Chat format: Content-only',
  'slot get_availabl: id  0 | task -1 | selected slot by LRU, t_last = 168504210124',
  'slot launch_slot_: id  0 | task 12 | processing task, is_child = 0',
  'slot update_slots: id  0 | task 12 | new prompt, n_ctx_slot = 32768, n_keep = 0, task.n_tokens = 24',
  'slot update_slots: id  0 | task 12 | prompt processing progress, n_tokens = 24, batch.n_tokens = 24, progress = 1.000000',
  'slot      release: id  0 | task 12 | stop processing: n_tokens = 300, truncated = 0',
  'srv  update_slots: all slots are idle',
  'srv  log_server_r: done request: POST /v1/chat/completions 127.0.0.1 200',
];

const PIECES = [' ', '  ', '\t', '\r', '\u001b[32m', '\u001b[0m', '0.03.137.021 I ', '|', ':', '=', '.', ',', '%', '/', '(', ')', '-', 'x', '7', '\u3000', '模型', 'time', 'ms', 'tokens'];

/** Pieces that go for the fast path's number and field reading. */
const FAST_PIECES = [' ', '  ', '.', '0', '9', '-', '+', 'e5', 'inf', ',', ', ', ':', ': ', '%', '|', '/', '(', ')', '\t', '\u00a0', '\r', 'x', 'tokens', 'reqs', 'Engine 1: ', '1234567890123456'];

function mutate(line: string, rnd: () => number, pieces: readonly string[] = PIECES): string {
  const at = Math.floor(rnd() * (line.length + 1));
  const piece = pieces[Math.floor(rnd() * pieces.length)] ?? ' ';
  switch (Math.floor(rnd() * 5)) {
    case 0:
      return line.slice(0, at) + piece + line.slice(at);
    case 1:
      return line.slice(0, at) + line.slice(at + 1 + Math.floor(rnd() * 3));
    case 2:
      return piece + line;
    case 3:
      return line + piece;
    default:
      return line.slice(0, at) + piece + line.slice(at + piece.length);
  }
}

/** The base lines and 40,000 seeded mutations of them (one to three each). */
function mutated(base: readonly string[], seed: number): string[] {
  const rnd = createRandom(seed);
  const lines = [...base];
  for (let i = 0; i < 40_000; i++) {
    let l = base[i % base.length] ?? '';
    const n = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < n; k++) l = mutate(l, rnd);
    lines.push(l);
  }
  return lines;
}

/** Keys sorted, so that the fast path's figures compare with the recognisers' object whatever its key order. */
function canonical(v: unknown): string {
  return v === null || typeof v !== 'object' ? JSON.stringify(v) : JSON.stringify(Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))));
}

/** What the fast scanner decided, in the recognisers' shape (OTHER: undecided). */
function fastResult(f: FastScanner, kind: number): unknown {
  const opt = (o: Record<string, unknown>, k: string, v: number) => {
    if (v >= 0) o[k] = v;
  };
  switch (kind) {
    case NONE:
      return null;
    case TIMING: {
      const o: Record<string, unknown> = { kind: 'llama-timing', part: f.part, ms: f.ms };
      opt(o, 'tokens', f.tokens);
      opt(o, 'tps', f.tps);
      opt(o, 'slot', f.slot);
      opt(o, 'task', f.task);
      return o;
    }
    case HEADER:
      return { kind: 'llama-timing-header', slot: f.slot, task: f.task };
    case VLLM: {
      const o: Record<string, unknown> = { kind: 'vllm-stats', promptTps: f.promptTps, genTps: f.genTps };
      opt(o, 'engine', f.engine);
      opt(o, 'running', f.running);
      opt(o, 'waiting', f.waiting);
      opt(o, 'swapped', f.swapped);
      opt(o, 'kvCachePct', f.kvCachePct);
      opt(o, 'prefixHitPct', f.prefixHitPct);
      return o;
    }
    default:
      return undefined;
  }
}

describe('the vitals fast path (in front of the recognisers)', () => {
  const base = [...quotedLines(), ...demoLines()];

  it('decides a line only as the recognisers do, on quoted lines, demo lines and 60,000 mutations of them', () => {
    const f = new FastScanner();
    // The lines it takes, each changed once where its reading is strict (numbers, spaces, separators).
    const taken = base.filter((l) => f.scan(l) !== OTHER && f.scan(l) !== NONE);
    const rnd = createRandom(20261203);
    const lines = mutated(base, 20261201);
    for (let i = 0; i < 20_000; i++) lines.push(mutate(taken[i % taken.length] ?? '', rnd, FAST_PIECES));
    const decided = [0, 0, 0, 0, 0];

    const wrong: string[] = [];
    for (const l of lines) {
      const kind = f.scan(l);
      decided[kind]!++;
      if (kind === OTHER) continue;
      const got = canonical(fastResult(f, kind));
      const want = canonical(recogniseLine(l));
      if (got !== want) wrong.push(`${JSON.stringify(l)}: fast ${got} ≠ ${want}`);
    }
    if (process.env.LLT_SHOW) console.log('DECIDED', decided, taken.length);
    expect(wrong.slice(0, 10)).toEqual([]);
    // The fast path must actually take the usual lines (or this test would check nothing).
    expect(taken.length).toBeGreaterThan(100);
    expect(decided[TIMING]).toBeGreaterThan(1_500);
    expect(decided[HEADER]).toBeGreaterThan(4);
    expect(decided[VLLM]).toBeGreaterThan(3_000);
    expect(decided[NONE]).toBeGreaterThan(1_000);
    expect(decided[OTHER]).toBeGreaterThan(1_000);
  });

  it('takes the plain printed shapes itself', () => {
    const f = new FastScanner();
    expect(f.scan('slot print_timing: id  0 | task 123 | prompt eval time =      71.66 ms /    20 tokens (    3.58 ms per token,   279.10 tokens per second)')).toBe(TIMING);
    expect([f.part, f.ms, f.tokens, f.tps, f.slot, f.task]).toEqual(['prompt', 71.66, 20, 279.1, 0, 123]);
    expect(f.scan('slot print_timing: id  3 | task 9 | ')).toBe(HEADER);
    expect(f.scan('       eval time =    1234.56 ms /   100 tokens (   12.35 ms per token,    81.00 tokens per second)')).toBe(TIMING);
    expect([f.part, f.ms, f.tokens, f.tps, f.slot, f.task]).toEqual(['eval', 1234.56, 100, 81, -1, -1]);
    expect(
      f.scan(
        '(APIServer pid=1234) INFO 11-30 08:00:05 [loggers.py:123] Engine 007: Avg prompt throughput: 1523.4 tokens/s, Avg generation throughput: 87.2 tokens/s, Running: 12 reqs, Waiting: 3 reqs, GPU KV cache usage: 41.5%, Prefix cache hit rate: 62.0%',
      ),
    ).toBe(VLLM);
    expect([f.engine, f.promptTps, f.genTps, f.running, f.waiting, f.kvCachePct, f.prefixHitPct]).toEqual([7, 1523.4, 87.2, 12, 3, 41.5, 62]);
    expect(f.scan('slot launch_slot_: id  0 | task 12 | processing task')).toBe(NONE);
  });

  it('gives the extractor exactly the samples and load figures of the recognisers alone, line by line', () => {
    // Shuffled blocks of the corpus and its mutations, so that half-read requests, headers and gaps in
    // time meet every kind of line.
    const lines = mutated(base, 20261202);
    const rnd = createRandom(7);
    const fast = new VitalsExtractor();
    const slow = new VitalsExtractor({ fastPath: false });
    // And the tracker, whose extractor puts requests straight into the store as numbers (no object):
    // it must hold exactly the newest of the samples the recognisers gave.
    const tracker = new VitalsTracker('s/m');
    const all: VitalsSample[] = [];
    let ts = Date.UTC(2026, 10, 30, 8);
    let samples = 0;
    const wrong: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      // Ordinary server lines between the lines of a request too (the one-call header reaches 4 lines).
      const text = rnd() < 0.3 ? ORDINARY[Math.floor(rnd() * ORDINARY.length)]! : lines[rnd() < 0.7 ? i : Math.floor(rnd() * lines.length)]!;
      ts += rnd() < 0.05 ? 6_000 : Math.floor(rnd() * 50);
      const line = { seq: i + 1, ts, text, origin: 'live' as const };
      if (rnd() < 0.002) {
        fast.reset();
        slow.reset();
        tracker.observe([{ kind: 'marker', seq: i + 0.5, key: 's/m', ts, marker: 'gap', reason: 'v3-drop' }]);
      }
      const a: readonly VitalsSample[] | null = fast.observe(line);
      const b: readonly VitalsSample[] | null = slow.observe(line);
      const added = tracker.observe([{ kind: 'line', key: 's/m', level: 'info', ...line }]);
      // What changed: the samples it added, 0 for new load figures only, -1 for nothing.
      if (added !== (b !== null && b.length > 0 ? b.length : slow.loadDirty ? 0 : -1)) wrong.push(`tracker read ${added} from ${JSON.stringify(text)}`);
      if (b) all.push(...b);
      samples += b?.length ?? 0;
      if (i % 1_000 === 999) expect(tracker.series().samples).toEqual(all.slice(-1_000));
      if (JSON.stringify(a) !== JSON.stringify(b)) wrong.push(`${JSON.stringify(text)}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
      if (fast.loadDirty !== slow.loadDirty || JSON.stringify(fast.takeLoad()) !== JSON.stringify(slow.takeLoad())) wrong.push(`load after ${JSON.stringify(text)}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(samples).toBeGreaterThan(2_000);
    expect(tracker.series().samples).toEqual(all.slice(-1_000));
  });
});

describe('the vitals pre-filter', () => {
  const base = [...quotedLines(), ...demoLines()];

  it('sees the lines it has to see (the corpus is not empty of vitals lines)', () => {
    // Guards the test itself: the quoted lines must include every family, or nothing would be checked.
    const kinds = new Set(base.map((l) => recogniseLine(l)?.kind).filter((k) => k !== undefined));
    expect([...kinds].sort()).toEqual(['llama-timing', 'llama-timing-header', 'load', 'vllm-stats']);
    expect(base.length).toBeGreaterThan(80);
  });

  it('gives exactly what the recognisers give, on quoted lines, demo lines and 40,000 mutations of them', () => {
    const lines = mutated(base, 20261130);
    let recognised = 0;
    const wrong: string[] = [];
    for (const l of lines) {
      const reference = recogniseCandidate(clean(l));
      if (reference !== null) recognised++;
      const got = recogniseLine(l);
      if (JSON.stringify(got) !== JSON.stringify(reference) && !(l.startsWith('slot print_timing:') && l.includes('throughput:'))) {
        wrong.push(`${JSON.stringify(l)}: ${JSON.stringify(got)} ≠ ${JSON.stringify(reference)}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // Mutations keep many lines valid (spaces, escapes, prefixes): the comparison covers both outcomes.
    expect(recognised).toBeGreaterThan(5_000);
    expect(recognised).toBeLessThan(lines.length - 5_000);
  });

  it('rejects ordinary lines without reading them through', () => {
    for (const l of [
      'srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200',
      'slot launch_slot_: id  0 | task 12 | processing task',
      '[bench-model] tick 7: slots idle, kv cache usage 0.7%',
      '模型 bench-model 第 9 次请求完成',
      'INFO 11-30 08:00:05 [api_server.py:1] Started server process',
    ]) {
      expect(mayBeVitals(l), l).toBe(false);
    }
  });
});
