// What the demo models print about their speed, in the exact formats of llama.cpp's server
// (server-context.cpp print_timings, one SLT_INF per line) and vLLM's V1 LoggingStatLogger, so the
// window's vitals charts have something live to draw. Deterministic in (model, tick, random values
// the caller already drew): speed drifts slowly, with noise, and drops to about a third during a
// recurring slowdown episode (thermal throttling, say) of SLOWDOWN_TICKS every CYCLE_TICKS.
import type { ModelDef } from './demo-types.js';

export const CYCLE_TICKS = 360;
export const SLOWDOWN_FROM = 200;
export const SLOWDOWN_TICKS = 60;
/** vLLM logs its statistics every 10 s by default (VLLM_LOG_STATS_INTERVAL). */
export const VLLM_STATS_EVERY_TICKS = 10;

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** A repeatable value in [0, 1) for (name, tick, salt). */
function noise(name: string, tick: number, salt: number): number {
  return (hash(`${name}:${tick}:${salt}`) % 10_000) / 10_000;
}

export function inSlowdown(tick: number): boolean {
  const t = tick % CYCLE_TICKS;
  return t >= SLOWDOWN_FROM && t < SLOWDOWN_FROM + SLOWDOWN_TICKS;
}

/** The model's generation speed at this tick (tokens/s). */
export function demoGenTps(name: string, tick: number): number {
  const base = 38 + (hash(name) % 30); // 38…67 tok/s, per model
  const drift = 1 + 0.12 * Math.sin((tick / 90) * Math.PI);
  const jitter = 0.92 + 0.16 * noise(name, tick, 1);
  return base * drift * jitter * (inSlowdown(tick) ? 0.33 : 1);
}

const f2 = (v: number, width: number): string => v.toFixed(2).padStart(width);
const d = (v: number, width: number): string => String(v).padStart(width);

/** The three print_timings lines of one finished request. */
export function llamaTimingLines(def: ModelDef, tick: number, task: number, genTokens: number): string[] {
  const promptTokens = 24 + Math.floor(noise(def.name, tick, 2) * 1800);
  const promptTps = (520 + noise(def.name, tick, 3) * 480) * (inSlowdown(tick) ? 0.4 : 1);
  const genTps = demoGenTps(def.name, tick);
  const promptMs = (promptTokens / promptTps) * 1000;
  const genMs = (genTokens / genTps) * 1000;
  // Recompute the printed speeds from the printed (rounded) times, as llama.cpp does from its own.
  const pMs = Number(promptMs.toFixed(2));
  const gMs = Number(genMs.toFixed(2));
  const head = `slot print_timing: id  0 | task ${task} | `;
  return [
    `${head}prompt eval time = ${f2(pMs, 10)} ms / ${d(promptTokens, 5)} tokens (${f2(pMs / promptTokens, 8)} ms per token, ${f2((promptTokens / pMs) * 1000, 8)} tokens per second)`,
    `${head}       eval time = ${f2(gMs, 10)} ms / ${d(genTokens, 5)} tokens (${f2(gMs / genTokens, 8)} ms per token, ${f2((genTokens / gMs) * 1000, 8)} tokens per second)`,
    `${head}      total time = ${f2(pMs + gMs, 10)} ms / ${d(promptTokens + genTokens, 5)} tokens`,
  ];
}

/** llama.cpp's context and KV cache lines at load. */
export function llamaLoadLines(): string[] {
  return [
    'srv  llama_server: loading model',
    'llama_context: n_seq_max     = 1',
    'llama_context: n_ctx         = 8192',
    'llama_context: n_ctx_per_seq = 8192',
    'llama_kv_cache:      CUDA0 KV buffer size =  1152.00 MiB',
    'llama_kv_cache: size = 1152.00 MiB (  8192 cells,  36 layers,  1/1 seqs), K (f16):  576.00 MiB, V (f16):  576.00 MiB',
  ];
}

/** `MM-DD HH:MM:SS` local time, vLLM's logging date format. */
function vllmClock(epochMs: number): string {
  const t = new Date(epochMs);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(t.getMonth() + 1)}-${p(t.getDate())} ${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}`;
}

/** One vLLM V1 statistics line (loggers.py), busier and with a fuller KV cache during the slowdown. */
export function vllmStatsLine(def: ModelDef, tick: number, epochMs: number): string {
  const slow = inSlowdown(tick);
  const running = Math.max(1, Math.round(6 + 5 * Math.sin(tick / 40) + noise(def.name, tick, 4) * 3));
  const waiting = slow ? 4 + Math.floor(noise(def.name, tick, 5) * 9) : Math.floor(noise(def.name, tick, 5) * 2);
  const gen = demoGenTps(def.name, tick) * running * 0.9;
  const prompt = (400 + noise(def.name, tick, 6) * 1600) * (slow ? 0.5 : 1);
  const kv = Math.min(99.9, (slow ? 78 : 18) + running * 3 + noise(def.name, tick, 7) * 6);
  const prefix = 35 + noise(def.name, tick, 8) * 30;
  return (
    `INFO ${vllmClock(epochMs)} [loggers.py:123] Engine 000: Avg prompt throughput: ${prompt.toFixed(1)} tokens/s, ` +
    `Avg generation throughput: ${gen.toFixed(1)} tokens/s, Running: ${running} reqs, Waiting: ${waiting} reqs, ` +
    `GPU KV cache usage: ${kv.toFixed(1)}%, Prefix cache hit rate: ${prefix.toFixed(1)}%`
  );
}
