// Recognisers for the performance lines llama.cpp's server and vLLM print, taken from their sources:
//
// llama.cpp tools/server/server-context.cpp (2025–), server_slot::print_timings(), one SLT_INF each:
//   slot print_timing: id  0 | task 123 | prompt eval time =      71.66 ms /    20 tokens (    3.58 ms per token,   279.10 tokens per second)
//   slot print_timing: id  0 | task 123 |        eval time =    1234.56 ms /   100 tokens (   12.35 ms per token,    81.00 tokens per second)
//   slot print_timing: id  0 | task 123 |       total time =    1306.22 ms /   120 tokens
//   (SLT_INF = "slot %12.*s: id %2d | task %d | " — __func__ "print_timings" cut to 12 characters)
// llama.cpp examples/server/server.cpp (late 2024 – 2025): the same three lines in ONE SLT_INF starting
//   with "\n", so the prefix stands alone on its line and the timing lines follow without it.
// llama.cpp examples/server/server.cpp (2024), server_log(): LOG_INFO("prompt eval time     = …", {id_slot,
//   id_task, …}) printed as text `INFO [           print_timings] prompt eval time     = … | tid="…"
//   timestamp=… id_slot=0 id_task=5 …` or, with --log-format json, as a JSON object with "msg".
//   Its generation line reads `generation eval time = … ms / N runs   (…)`, its total `total time = … ms`.
// llama.cpp examples/server (2023): LOG_TEE("print_timings: prompt eval time = …").
// Process-wide summaries (llama_perf_context_print:, llama_print_timings:, common_perf_print:) are NOT
// requests and never become request samples; only their `load time` is read.
//
// vLLM vllm/engine/metrics.py (V0):
//   Avg prompt throughput: %.1f tokens/s, Avg generation throughput: %.1f tokens/s, Running: %d reqs,
//   Swapped: %d reqs, Pending: %d reqs, GPU KV cache usage: %.1f%%, CPU KV cache usage: %.1f%%.
// vLLM vllm/v1/metrics/loggers.py (V1): "Engine %03d: " or "N Engines Aggregated: " then
//   Avg prompt throughput: …, Avg generation throughput: …, Running: %d reqs, Waiting: %d reqs,
//   [Deferred: %d reqs,] [Preemptions: %d,] GPU KV cache usage: %.1f%%, Prefix cache hit rate: %.1f%%[, …]
//   (early V1: only "Running: %d reqs, Waiting: %d reqs "). Lines carry the logging prefix
//   `INFO 11-20 10:00:00 [loggers.py:118] ` and, since 0.10, `(APIServer pid=1234) `.
//
// Load: llama-context.cpp `llama_context: n_ctx         = 4096` (older `llama_new_context_with_model:`),
//   llama-kv-cache.cpp `llama_kv_cache: size =  354.75 MiB (  8448 cells,  43 layers,  1/1 seqs), K (f16): …`
//   (`llama_kv_cache_unified:`; older `llama_new_context_with_model: KV self size  =  576.00 MiB, K (f16): …`),
//   `llama_perf_context_print:        load time =     319.65 ms` (older `llama_print_timings:`).
//
// Every recogniser is strict: a line that does not match a known shape completely yields null.
import { stripAnsi } from '../ansi.js';
import type { Mutable } from '../../guards.js';

export type TimingPart = 'prompt' | 'eval' | 'total';

export type Recognised =
  | {
      readonly kind: 'llama-timing';
      readonly part: TimingPart;
      readonly ms: number;
      readonly tokens?: number;
      readonly tps?: number;
      readonly slot?: number;
      readonly task?: number;
    }
  /** The old one-call format: `slot print_timing: id  0 | task 123 | ` alone; timing lines follow. */
  | { readonly kind: 'llama-timing-header'; readonly slot: number; readonly task: number }
  | {
      readonly kind: 'vllm-stats';
      readonly engine?: number;
      readonly promptTps: number;
      readonly genTps: number;
      readonly running?: number;
      readonly waiting?: number;
      readonly swapped?: number;
      readonly kvCachePct?: number;
      readonly prefixHitPct?: number;
    }
  | { readonly kind: 'load'; readonly nCtx?: number; readonly kvMiB?: number; readonly loadMs?: number; readonly loadStart?: true; readonly loadEnd?: true };

// ----------------------------------------------------------------------------------- helpers

const NUM = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+|inf|nan)`;
/** Optional llama.cpp common-log prefix (--log-timestamps / --log-prefix): `0.03.137.021 I `. */
const LLAMA_LOG_PREFIX = /^\d+\.\d{2}\.\d{3}\.\d{3} [IWEDT] /;

function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

function int(s: string | undefined): number | undefined {
  const v = num(s);
  return v !== undefined && Number.isInteger(v) && v >= 0 ? v : undefined;
}

// ----------------------------------------------------------------------------------- llama.cpp

const TIMING_BODY_SRC =
  String.raw`(prompt eval time|generation eval time|eval time|total time)\s*=\s*(${NUM})\s*ms` +
  String.raw`(?:\s*/\s*(\d+)\s*(?:tokens|runs))?` +
  String.raw`(?:\s*\(\s*(${NUM})\s*ms per token,\s*(${NUM})\s*tokens per second\))?`;
const TIMING_BODY = new RegExp(String.raw`^${TIMING_BODY_SRC}\s*$`);
/**
 * A whole `slot print_timing: id  0 | task 123 | …` line in one match: the prefix, then either a timing
 * body or nothing (the header of the older one-call format). Groups: 1 slot, 2 task, then the body's.
 * The whitespace after the bar belongs to the optional body: `\|\s*(?:body)?\s*$` would let two `\s*`
 * share it, which a hostile line of whitespace turns into quadratic backtracking (16,000 spaces took
 * 94 ms a line).
 */
const SLOT_LINE = new RegExp(String.raw`^slot\s+print_timing:\s+id\s+(\d+)\s+\|\s+task\s+(-?\d+)\s+\|(?:\s*${TIMING_BODY_SRC})?\s*$`);
/** The current format's line start (SLT_INF's `slot %12.*s:` with `print_timings` cut to 12). */
export const SLOT_TIMING_HEAD = 'slot print_timing:';
const OLD_TEXT_PREFIX = /^INFO\s+\[\s*print_timings\]\s+/;
const OLD_TEE_PREFIX = /^print_timings:\s+/;
const BARE_TIMING = /^(?:prompt eval|eval|total|generation eval) time\s*=/;
const SUFFIX_ID = /\b(?:id_slot|slot_id)=(\d+)/;
const SUFFIX_TASK = /\b(?:id_task|task_id)=(\d+)/;

type Timing = Mutable<Extract<Recognised, { kind: 'llama-timing' }>>;

/** The timing body's five groups, from `g` on: label, ms, tokens, ms per token, tokens per second. */
function timingFrom(m: RegExpExecArray, g: number, slot?: number, task?: number): Recognised | null {
  const ms = num(m[g + 1]);
  if (ms === undefined || ms < 0) return null;
  const label = m[g];
  const part: TimingPart = label === 'prompt eval time' ? 'prompt' : label === 'total time' ? 'total' : 'eval';
  // total time has no per-token part; prompt/eval always have one (possibly inf/nan for 0 tokens).
  if (part === 'total' && m[g + 3] !== undefined) return null;
  if (part !== 'total' && (m[g + 2] === undefined || m[g + 4] === undefined)) return null;
  // Built field by field, not with conditional spreads: this runs for every timing line.
  const r: Timing = { kind: 'llama-timing', part, ms };
  const tokens = int(m[g + 2]);
  if (tokens !== undefined) r.tokens = tokens;
  const tps = num(m[g + 4]);
  if (tps !== undefined && tps >= 0) r.tps = tps;
  if (slot !== undefined) r.slot = slot;
  if (task !== undefined && task >= 0) r.task = task;
  return r;
}

function timingBody(body: string, slot?: number, task?: number): Recognised | null {
  const m = TIMING_BODY.exec(body);
  return m ? timingFrom(m, 1, slot, task) : null;
}

/** `slot print_timing: …` (s starts with it): a header, a timing line, or null. */
function slotLine(s: string): Recognised | null {
  const m = SLOT_LINE.exec(s);
  if (!m) return null;
  const slot = Number(m[1]);
  const task = Number(m[2]);
  if (m[3] === undefined) return { kind: 'llama-timing-header', slot, task };
  return timingFrom(m, 3, slot, task);
}

function recogniseLlamaJson(plain: string): Recognised | null {
  if (plain.indexOf('print_timings') === -1) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(plain);
  } catch {
    return null;
  }
  if (!obj || typeof obj !== 'object') return null;
  const o = obj as Record<string, unknown>;
  if (o.function !== 'print_timings' || typeof o.msg !== 'string') return null;
  const slot = typeof o.id_slot === 'number' ? o.id_slot : typeof o.slot_id === 'number' ? o.slot_id : undefined;
  const task = typeof o.id_task === 'number' ? o.id_task : typeof o.task_id === 'number' ? o.task_id : undefined;
  return timingBody(o.msg.trim(), slot, task);
}

function recogniseLlamaTiming(plain: string): Recognised | null {
  let s = plain;
  const lp = LLAMA_LOG_PREFIX.exec(s);
  if (lp) s = s.slice(lp[0].length);
  if (s.charCodeAt(0) === 123 /* { */) return recogniseLlamaJson(s);
  if (s.startsWith(SLOT_TIMING_HEAD)) return slotLine(s);
  let m = OLD_TEXT_PREFIX.exec(s);
  if (m) {
    const rest = s.slice(m[0].length);
    const bar = rest.indexOf(' |');
    const body = (bar === -1 ? rest : rest.slice(0, bar)).trim();
    const suffix = bar === -1 ? '' : rest.slice(bar);
    const slot = SUFFIX_ID.exec(suffix)?.[1];
    const task = SUFFIX_TASK.exec(suffix)?.[1];
    return timingBody(body, slot !== undefined ? Number(slot) : undefined, task !== undefined ? Number(task) : undefined);
  }
  m = OLD_TEE_PREFIX.exec(s);
  if (m) return timingBody(s.slice(m[0].length).trim());
  // The bare continuation of the one-call format: only whitespace in front.
  const trimmed = s.trim();
  return BARE_TIMING.test(trimmed) ? timingBody(trimmed) : null;
}

// ----------------------------------------------------------------------------------- vLLM

/** Where a vLLM statistics line's own text starts (after its logging prefix and engine label). */
export const VLLM_HEAD = 'Avg prompt throughput:';
const VLLM_MIN_LENGTH = 'Avg prompt throughput: 0 tokens/s, Avg generation throughput: 0 tokens/s'.length;
const VLLM_ENGINE = /(?:^|\s)Engine\s+(\d{1,4}):\s*$/;
const VLLM_AGGREGATED = /(?:^|\s)\d+\s+Engines\s+Aggregated:\s*$/;
const VLLM_BEFORE = /(?:^|\]\s|\s)$/;

function recogniseVllm(plain: string): Recognised | null {
  const at = plain.indexOf(VLLM_HEAD);
  if (at === -1) return null;
  // llama.cpp's own server lines are never vLLM's, whatever they quote.
  if (llamaServerAt(plain, lineStart(plain))) return null;
  const before = plain.slice(0, at);
  let engine: number | undefined;
  const em = VLLM_ENGINE.exec(before);
  if (em) engine = Number(em[1]);
  else if (!VLLM_AGGREGATED.test(before) && !VLLM_BEFORE.test(before)) return null;
  // The message part: `key: value` pairs joined by ", " (V0 ends with "."; early V1 with a space).
  let body = plain.slice(at).trimEnd();
  if (body.endsWith('.')) body = body.slice(0, -1);
  const parts = body.split(', ');
  let promptTps: number | undefined;
  let genTps: number | undefined;
  const out: { running?: number; waiting?: number; swapped?: number; kvCachePct?: number; prefixHitPct?: number } = {};
  for (const part of parts) {
    const colon = part.indexOf(': ');
    if (colon === -1) return null;
    const k = part.slice(0, colon);
    const v = part.slice(colon + 2).trim();
    switch (k) {
      case 'Avg prompt throughput':
      case 'Avg generation throughput': {
        const m = /^(\d+(?:\.\d+)?) tokens\/s$/.exec(v);
        if (!m) return null;
        if (k === 'Avg prompt throughput') promptTps = Number(m[1]);
        else genTps = Number(m[1]);
        break;
      }
      case 'Running':
      case 'Waiting':
      case 'Pending':
      case 'Swapped': {
        const m = /^(\d+) reqs$/.exec(v);
        if (!m) return null;
        const n = Number(m[1]);
        if (k === 'Running') out.running = n;
        else if (k === 'Swapped') out.swapped = n;
        else out.waiting = n;
        break;
      }
      case 'GPU KV cache usage':
      case 'Prefix cache hit rate': {
        const m = /^(\d+(?:\.\d+)?)%$/.exec(v);
        if (!m) return null;
        const pct = Number(m[1]);
        if (pct > 100) return null;
        if (k === 'GPU KV cache usage') out.kvCachePct = pct;
        else out.prefixHitPct = pct;
        break;
      }
      default:
        // Other known-but-unused fields (CPU KV cache usage, Deferred, Preemptions, Corrupted, external /
        // MM cache hit rates) are skipped; the two throughputs are what makes the line ours.
        break;
    }
  }
  if (promptTps === undefined || genTps === undefined) return null;
  const r: Mutable<Extract<Recognised, { kind: 'vllm-stats' }>> = { kind: 'vllm-stats', promptTps, genTps, ...out };
  if (engine !== undefined) r.engine = engine;
  return r;
}

// ----------------------------------------------------------------------------------- load

const N_CTX = /^(?:llama_context|llama_new_context_with_model):\s+n_ctx\s+=\s+(\d+)\s*$/;
const KV_SIZE = /^(?:llama_kv_cache(?:_unified)?:\s+size\s+=|llama_new_context_with_model:\s+KV self size\s+=)\s+(\d+(?:\.\d+)?)\s+MiB[ ,(].*\bK \(/;
const LOAD_TIME = /^(?:llama_perf_context_print|llama_print_timings|common_perf_print):\s+load time\s+=\s+(\d+(?:\.\d+)?)\s+ms\s*$/;
const LOAD_START = /^(?:main|srv\s+(?:llama_server|load_model)):\s+loading model\b/;
const LOAD_END = /^(?:main|srv\s+(?:llama_server|load_model)):\s+model loaded\s*$/;

/** Every regular expression above, for the test that none of them backtracks beyond linear time on a hostile line. */
export const RECOGNISER_PATTERNS: readonly RegExp[] = [
  LLAMA_LOG_PREFIX,
  TIMING_BODY,
  SLOT_LINE,
  OLD_TEXT_PREFIX,
  OLD_TEE_PREFIX,
  BARE_TIMING,
  SUFFIX_ID,
  SUFFIX_TASK,
  VLLM_ENGINE,
  VLLM_AGGREGATED,
  VLLM_BEFORE,
  N_CTX,
  KV_SIZE,
  LOAD_TIME,
  LOAD_START,
  LOAD_END,
];

function recogniseLoad(plain: string): Recognised | null {
  let s = plain;
  const lp = LLAMA_LOG_PREFIX.exec(s);
  if (lp) s = s.slice(lp[0].length);
  let m = N_CTX.exec(s);
  if (m) return { kind: 'load', nCtx: Number(m[1]) };
  m = KV_SIZE.exec(s);
  if (m) return { kind: 'load', kvMiB: Number(m[1]) };
  m = LOAD_TIME.exec(s);
  if (m) return { kind: 'load', loadMs: Number(m[1]) };
  if (LOAD_START.test(s)) return { kind: 'load', loadStart: true };
  if (LOAD_END.test(s)) return { kind: 'load', loadEnd: true };
  return null;
}

// ----------------------------------------------------------------------------------- entry point

/** `srv  llama_server:` / `srv  load_model:` (LOAD_START, LOAD_END), read without a regex: most llama.cpp lines start with `srv`. */
function srvLoad(t: string, from: number): boolean {
  let at = from;
  while (isSpace(t.charCodeAt(at))) at++;
  // Both names start with `l?a` (llama_server, load_model); log_server_r, update_slots, … do not.
  if (at === from || t.charCodeAt(at) !== 108 /* l */ || t.charCodeAt(at + 2) !== 97 /* a */) return false;
  return t.startsWith('llama_server:', at) || t.startsWith('load_model:', at);
}

/**
 * `slot ` or `srv ` at `at`: llama.cpp's server log (its SLT_* and SRV_* macros print every line of the
 * server with one of these). vLLM never starts a line so: its statistics are not looked for there.
 */
function llamaServerAt(t: string, at: number): boolean {
  if (t.charCodeAt(at) !== 115 /* s */) return false;
  if (t.charCodeAt(at + 1) === 108 /* l */) return t.charCodeAt(at + 2) === 111 /* o */ && t.charCodeAt(at + 3) === 116 /* t */ && t.charCodeAt(at + 4) === 32;
  return t.charCodeAt(at + 1) === 114 /* r */ && t.charCodeAt(at + 2) === 118 /* v */ && t.charCodeAt(at + 3) === 32;
}

/** Where mayBeVitals looks for a llama.cpp shape: after the log prefix and any whitespace. */
function lineStart(t: string): number {
  let at = 0;
  if (isDigit(t.charCodeAt(0))) {
    const lp = LLAMA_LOG_PREFIX.exec(t);
    if (lp) at = lp[0].length;
  }
  while (isSpace(t.charCodeAt(at))) at++;
  return at;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLowerAscii(c: number): boolean {
  return c >= 97 && c <= 122;
}

/**
 * A llama.cpp server line that is no vitals line, with or without escape sequences: `slot <name>` other
 * than `slot p…` (unpadded), `srv  <name>` other than `srv  l?a…` (llama_server, load_model). Its first characters
 * (ASCII letters, which removing escape sequences leaves where they are) decide it: most lines of a
 * llama.cpp server are rejected here without looking further.
 */
export function ordinaryLlamaServerLine(t: string): boolean {
  if (t.charCodeAt(0) !== 115 /* s */) return false;
  if (t.charCodeAt(1) === 108 /* l */) {
    if (t.charCodeAt(2) !== 111 /* o */ || t.charCodeAt(3) !== 116 /* t */ || t.charCodeAt(4) !== 32) return false;
    // `slot %12.*s:`: the name is padded on the left (`slot      release:`); only `print_timing` fills all 12.
    let at = 5;
    while (t.charCodeAt(at) === 32) at++;
    const c = t.charCodeAt(at);
    return isLowerAscii(c) && (c !== 112 /* p */ || at > 5);
  }
  if (t.charCodeAt(1) !== 114 /* r */ || t.charCodeAt(2) !== 118 /* v */ || t.charCodeAt(3) !== 32) return false;
  let at = 4;
  while (t.charCodeAt(at) === 32) at++;
  const c = t.charCodeAt(at);
  if (!isLowerAscii(c)) return false;
  return c !== 108 /* l */ || (isLowerAscii(t.charCodeAt(at + 1)) && t.charCodeAt(at + 2) !== 97 /* a */ && isLowerAscii(t.charCodeAt(at + 2)));
}

/**
 * `slot print_timing:` at `at`. Most llama.cpp lines start with `slot ` (launch_slot_, update_slots,
 * release, prompt_clear, …): two character reads reject them before the string compare.
 */
export function slotTimingAt(t: string, at: number): boolean {
  return t.charCodeAt(at + 5) === 112 /* p */ && t.charCodeAt(at + 7) === 105 /* i */ && t.startsWith(SLOT_TIMING_HEAD, at);
}

/** OLD_TEXT_PREFIX after its `INFO`: `\s+\[\s*print_timings\]`. */
function oldTextPrefixAt(t: string, from: number): boolean {
  let at = from;
  while (isSpace(t.charCodeAt(at))) at++;
  if (at === from || t.charCodeAt(at) !== 91 /* [ */) return false;
  at++;
  while (isSpace(t.charCodeAt(at))) at++;
  return t.startsWith('print_timings]', at);
}

/** A llama.cpp shape can start at `at` (every one of them is anchored at the line's start). */
function llamaStartAt(t: string, at: number): boolean {
  switch (t.charCodeAt(at)) {
    case 115 /* s */: {
      const c1 = t.charCodeAt(at + 1);
      if (c1 === 108 /* l */) return slotTimingAt(t, at);
      return c1 === 114 /* r */ && t.charCodeAt(at + 2) === 118 /* v */ && srvLoad(t, at + 3);
    }
    case 108 /* l */:
      return t.charCodeAt(at + 1) === 108 /* l */ && t.startsWith('llama_', at);
    case 99 /* c */:
      return t.startsWith('common_perf_print:', at);
    case 109 /* m */:
      return t.startsWith('main:', at);
    case 73 /* I */:
      // vLLM prints nearly all its lines with `INFO`: read on only for llama.cpp's `INFO [ print_timings]`.
      return t.charCodeAt(at + 1) === 78 /* N */ && t.charCodeAt(at + 2) === 70 /* F */ && t.charCodeAt(at + 3) === 79 /* O */ && oldTextPrefixAt(t, at + 4);
    case 112 /* p */:
      return t.startsWith('print_timings:', at) || t.startsWith('prompt eval', at);
    case 101 /* e */:
      return t.startsWith('eval time', at);
    case 116 /* t */:
      return t.startsWith('total time', at);
    case 103 /* g */:
      return t.startsWith('generation eval', at);
    case 123 /* { */:
      return t.indexOf('print_timings', at) !== -1;
    default:
      return false;
  }
}

/** What `\s` matches (and `String.prototype.trim` removes): ASCII space, controls 9–13, Unicode spaces. */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * Whether `throughput:` is in the line. V8 searches a pattern of 7 or more characters with a
 * Boyer-Moore-Horspool table it builds on every call once the first character turns up often (about
 * 85 ns on a 200-character log line); `ghput:` is searched for its rare first character alone
 * (about 25 ns), and the whole word is looked for only when it is there.
 */
export function hasThroughput(t: string): boolean {
  return t.indexOf('ghput:') !== -1 && t.indexOf('throughput:') !== -1;
}

/**
 * Could this line (without escape sequences) be one of the shapes above? A superset of what the recognisers accept (a unit
 * test checks it against the recognisers on every quoted line and seeded mutations of them), decided
 * in a few character reads for ordinary lines: the ingest path sees every line and almost none of
 * them is a performance line.
 */
export function mayBeVitals(t: string): boolean {
  let at = 0;
  let c = t.charCodeAt(0);
  // llama.cpp's log prefix (`0.03.137.021 I `): the shape follows it.
  if (c >= 48 && c <= 57) {
    const lp = LLAMA_LOG_PREFIX.exec(t);
    if (lp) {
      at = lp[0].length;
      c = t.charCodeAt(at);
    }
  }
  // The bare timing continuation: whitespace in front.
  if (isSpace(c)) {
    while (at < t.length && isSpace(t.charCodeAt(at))) at++;
    c = t.charCodeAt(at);
    if ((c === 112 || c === 101 || c === 116 || c === 103) && llamaStartAt(t, at)) return true;
  } else if (llamaStartAt(t, at)) return true;
  if (llamaServerAt(t, at)) return false;
  // vLLM: anywhere after its logging prefix (but not on llama.cpp's server lines), and never shorter than its two throughputs
  // (`Avg prompt throughput: 0 tokens/s, Avg generation throughput: 0 tokens/s`, 72 characters).
  return t.length >= VLLM_MIN_LENGTH && hasThroughput(t);
}

export function recogniseLine(text: string): Recognised | null {
  if (text.indexOf('\u001b') === -1) {
    // The most common vitals line by far: straight to its one regular expression. (A line that starts
    // as llama.cpp's is read as llama.cpp's, whatever else it holds.)
    if (text.charCodeAt(0) === 115 /* s */ && slotTimingAt(text, 0)) return slotLine(text);
    // A few character reads reject ordinary lines; only candidates pay for the parsers.
    return mayBeVitals(text) ? recogniseCandidate(clean(text)) : null;
  }
  // Colours can sit anywhere, even inside a word: the pre-filter reads the line without them.
  const plain = clean(text);
  return mayBeVitals(plain) ? recogniseCandidate(plain) : null;
}

/** The recognisers behind the pre-filter (exported for the test that the pre-filter loses nothing). */
export function recogniseCandidate(plain: string): Recognised | null {
  if (plain.indexOf('throughput:') !== -1) return recogniseVllm(plain);
  if (plain.indexOf(' time') !== -1 || plain.indexOf('print_timing') !== -1) return recogniseLlamaTiming(plain) ?? recogniseLoad(plain);
  return recogniseLoad(plain);
}

export function clean(text: string): string {
  // Escape-free lines (nearly all) skip the ANSI pass; a line with only 8-bit C1 controls and no ESC is
  // left as is and then matches no shape (ignored, never misread).
  const plain = text.indexOf('\u001b') === -1 ? text : stripAnsi(text);
  return plain.charCodeAt(plain.length - 1) === 13 ? plain.slice(0, -1) : plain;
}
