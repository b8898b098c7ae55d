// The fast path in front of the recognisers (recognisers.ts), for the shapes that make
// up nearly every vitals line in a live stream: llama.cpp's `slot print_timing:` lines (a timing line or
// the one-call format's header), the bare continuations of the one-call format, and vLLM V1 / V0
// statistics lines, each exactly as the servers print them (single ASCII spaces, plain decimal numbers).
//
// The timing lines are matched whole by one regular expression each, in their printed shape only: today's
// exact shape is tested without groups and its figures read where the match put them; any other printed
// shape is matched with groups that are the figures. The vLLM lines are read character by character
// into the scanner's own fields.
// It is a SUBSET of the recognisers: whenever a line is anything but the plain printed
// shape (an escape sequence, a tab or a Unicode space, a sign, `inf`, an exponent, a number of more than
// 15 digits, a field that would make the recogniser reject the line, …) it answers OTHER and the caller
// asks the recognisers. When it answers NONE, TIMING, HEADER or VLLM, the recognisers would give exactly
// that (`test/unit/logs/vitals-prefilter.test.ts` checks it on real lines and seeded mutations).
//
// Numbers are read as an integer mantissa of at most 15 digits divided by a power of ten (at most 10^15):
// both are exact doubles, so the one division is correctly rounded, which is what `Number(text)` gives.
import { hasThroughput, isSpace, mayBeVitals, ordinaryLlamaServerLine, slotTimingAt, VLLM_HEAD } from './recognisers.js';
import type { TimingPart } from './recognisers.js';

/** Not a vitals line (the recognisers give null). */
export const NONE = 0;
/** A llama.cpp timing line: part, ms, tokens, tps, slot, task. */
export const TIMING = 1;
/** The one-call format's header (`slot print_timing: id  0 | task 123 |`): slot, task. */
export const HEADER = 2;
/** vLLM statistics: engine, promptTps, genTps, running, waiting, swapped, kvCachePct, prefixHitPct. */
export const VLLM = 3;
/** Not decided here: ask `recogniseLine`. */
export const OTHER = 4;
export type FastKind = typeof NONE | typeof TIMING | typeof HEADER | typeof VLLM | typeof OTHER;

const MAX_DIGITS = 15;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

const SP = 32;

/**
 * The timing lines exactly as llama.cpp prints them (a subset of TIMING_BODY and SLOT_LINE in
 * recognisers.ts: single spaces where it prints one, ` +` where it pads, plain decimals), with groups for
 * the figures only: label, ms, tokens, tokens per second (the ms per token is never read).
 */
const BODY_FAST =
  String.raw`(prompt eval|eval|total|generation eval) time +=  *(\d+(?:\.\d+)?) ms` +
  String.raw`(?: +\/ +(\d+) (?:tokens|runs))?(?: +\( +\d+(?:\.\d+)? ms per token, +(\d+(?:\.\d+)?) tokens per second\))?`;
/** Groups: slot, task, then BODY_FAST's (absent for the one-call format's header). */
const SLOT_LINE_FAST = new RegExp(String.raw`^slot print_timing: id +(\d+) +\| task +(\d+) +\|(?: *${BODY_FAST})? *$`);
const BARE_LINE_FAST = new RegExp(String.raw`^ *${BODY_FAST} *$`);

/**
 * The timing lines exactly as today's llama.cpp prints them (`%10.2f ms / %5d tokens (%8.2f ms per token,
 * %8.2f tokens per second)`, each a subset of the patterns above), tested without groups: the figures
 * are then read where the match put them. A match with groups cost about 50 ns a line more than a
 * test, for the array and a string per group (BENCHMARKS.md, vitals, session 9). Any other shape
 * (`runs`, `generation eval`, other spacing, …) goes to the patterns above.
 */
const EXACT_BODY = String.raw`(?: *(?:prompt eval|eval|total) time = +\d+\.\d\d ms \/ +\d+ tokens(?: \( +\d+\.\d\d ms per token, +\d+\.\d\d tokens per second\))?)`;
const SLOT_LINE_EXACT = new RegExp(String.raw`^slot print_timing: id +\d+ \| task \d+ \| ${EXACT_BODY}?$`);
const BARE_LINE_EXACT = new RegExp(String.raw`^${EXACT_BODY}$`);
/** `slot print_timing: id` and the space after it: the slot's digits follow (after more spaces). */
const SLOT_ID_AT = 22;

/** All four, for the test that none backtracks beyond linear time on a hostile line (the spaces after the bar belong to the optional body, as in SLOT_LINE). */
export const FAST_PATTERNS: readonly RegExp[] = [SLOT_LINE_FAST, BARE_LINE_FAST, SLOT_LINE_EXACT, BARE_LINE_EXACT];

/** A group of digits (at most 15): its value, or -1. */
function integerOf(s: string): number {
  const n = s.length;
  if (n > MAX_DIGITS) return -1;
  let m = 0;
  for (let i = 0; i < n; i++) m = m * 10 + (s.charCodeAt(i) - 48);
  return m;
}

/** A group `\d+(?:\.\d+)?` of at most 15 digits: its value (exactly as `Number` reads it), or -1. */
function decimalOf(s: string): number {
  const n = s.length;
  let m = 0;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */) dot = i;
    else m = m * 10 + (c - 48);
  }
  if ((dot < 0 ? n : n - 1) > MAX_DIGITS) return -1;
  return dot < 0 ? m : m / POW10[n - 1 - dot]!;
}

/**
 * `s` at `i` in `t`. (`indexOf` from `i` measured about twice as fast as `startsWith` with a position in
 * Node 20; a miss may read on, which only unusual lines pay.)
 */
function lit(t: string, i: number, s: string): boolean {
  return t.indexOf(s, i) === i;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * One per reader (each extractor has its own). After `scan`, the fields hold the line's figures; a field
 * that the line does not carry is -1 (every figure the recognisers accept is ≥ 0, except a header's task).
 */
export class FastScanner {
  part: TimingPart = 'total';
  ms = -1;
  tokens = -1;
  tps = -1;
  slot = -1;
  task = -1;
  engine = -1;
  promptTps = -1;
  genTps = -1;
  running = -1;
  waiting = -1;
  swapped = -1;
  kvCachePct = -1;
  prefixHitPct = -1;
  /** Where the last number read ended (or -1 when there was none). */
  private end = -1;
  /** The last number read. */
  private value = 0;

  scan(text: string): FastKind {
    const c0 = text.charCodeAt(0);
    // The printed timing shapes first, each one match of the whole line (which then holds no escape
    // sequence): V8's compiled matcher reads a line about four times as fast as a loop of `charCodeAt`
    // (about 2 ns a character here), so the match checks the line and only the figures are read:
    // today's exact shape by a test (no groups), then the older shapes by a match with groups.
    if (c0 === 115 /* s */) {
      if (text.charCodeAt(5) === 112 /* p */ && text.charCodeAt(7) === 105 /* i */) {
        if (SLOT_LINE_EXACT.test(text)) {
          const k = this.exactSlotLine(text);
          if (k !== OTHER) return k;
        }
        const m = SLOT_LINE_FAST.exec(text);
        if (m !== null) return this.slotLine(m);
      } else if (ordinaryLlamaServerLine(text)) return NONE;
    } else if (c0 === SP || c0 === 112 /* p */ || c0 === 101 /* e */ || c0 === 116 /* t */ || c0 === 103 /* g */) {
      if (BARE_LINE_EXACT.test(text)) {
        this.slot = -1;
        this.task = -1;
        if (this.exactBody(text, 0) === TIMING) return TIMING;
      }
      const m = BARE_LINE_FAST.exec(text);
      if (m !== null) {
        this.slot = -1;
        this.task = -1;
        return this.body(m, 1);
      }
    }
    // Colours can sit anywhere, even inside a word: such lines go to the recognisers.
    if (text.indexOf('\u001b') !== -1) return OTHER;
    // `slot print_timing:` in any other shape, or one of the recognisers' other llama.cpp shapes.
    if (c0 === 115 /* s */ && slotTimingAt(text, 0)) return OTHER;
    if (!mayBeVitals(text)) return NONE;
    // A line with `throughput:` is read as vLLM's, whatever else it holds (as the recognisers do).
    if (hasThroughput(text)) return this.vllm(text);
    return OTHER;
  }

  // --------------------------------------------------------------------------------- numbers

  /** `\d+(?:\.\d+)?` at `at` (no sign, at most 15 digits): sets value and end, or end = -1. */
  private number(t: string, at: number): void {
    let m = 0;
    let digits = 0;
    let i = at;
    let c = t.charCodeAt(i);
    while (isDigit(c)) {
      m = m * 10 + (c - 48);
      digits++;
      c = t.charCodeAt(++i);
    }
    this.end = -1;
    if (digits === 0) return;
    let frac = 0;
    if (c === 46 /* . */) {
      c = t.charCodeAt(++i);
      while (isDigit(c)) {
        m = m * 10 + (c - 48);
        digits++;
        frac++;
        c = t.charCodeAt(++i);
      }
      if (frac === 0) return;
    }
    if (digits > MAX_DIGITS) return;
    this.value = frac === 0 ? m : m / POW10[frac]!;
    this.end = i;
  }

  /** Only digits (at most 15) at `at`: sets value and end, or end = -1. */
  private integer(t: string, at: number): void {
    let m = 0;
    let i = at;
    let c = t.charCodeAt(i);
    while (isDigit(c)) {
      m = m * 10 + (c - 48);
      c = t.charCodeAt(++i);
    }
    this.end = i > at && i - at <= MAX_DIGITS ? i : -1;
    this.value = m;
  }

  // --------------------------------------------------------------------------------- llama.cpp

  /** A line SLOT_LINE_EXACT matched: its figures (OTHER when a number has more than 15 digits, or a part lacks what it must carry). */
  private exactSlotLine(t: string): FastKind {
    let i = SLOT_ID_AT;
    while (t.charCodeAt(i) === SP) i++;
    i = this.digitsAt(t, i);
    if (i < 0) return OTHER;
    const slot = this.value;
    // ` | task `
    i = this.digitsAt(t, i + 8);
    if (i < 0) return OTHER;
    this.slot = slot;
    this.task = this.value;
    // ` | `: the one-call format's header ends there.
    i += 3;
    return i === t.length ? HEADER : this.exactBody(t, i);
  }

  /** The body EXACT_BODY matched from `at`: the figures, read where the match put them, with body's checks. */
  private exactBody(t: string, at: number): FastKind {
    let i = at;
    while (t.charCodeAt(i) === SP) i++;
    const c = t.charCodeAt(i);
    const part: TimingPart = c === 112 /* p */ ? 'prompt' : c === 101 /* e */ ? 'eval' : 'total';
    // After `prompt eval time = `, `eval time = ` or `total time = ` (the last space may be followed by more).
    i += part === 'prompt' ? 19 : part === 'eval' ? 12 : 13;
    while (t.charCodeAt(i) === SP) i++;
    i = this.fixed2At(t, i);
    if (i < 0) return OTHER;
    const ms = this.value;
    // ` ms / `
    i += 6;
    while (t.charCodeAt(i) === SP) i++;
    i = this.digitsAt(t, i);
    if (i < 0) return OTHER;
    const tokens = this.value;
    // ` tokens`
    i += 7;
    let tps = -1;
    if (i === t.length) {
      // prompt and eval always carry their speed (possibly inf/nan, which the recognisers read).
      if (part !== 'total') return OTHER;
    } else {
      // total time never has the per-token part (the recogniser rejects it).
      if (part === 'total') return OTHER;
      // ` (`, spaces, the ms per token (never read), ` ms per token, `, spaces.
      i += 2;
      while (t.charCodeAt(i) !== 46 /* . */) i++;
      i += 18;
      while (t.charCodeAt(i) === SP) i++;
      i = this.fixed2At(t, i);
      if (i < 0) return OTHER;
      tps = this.value;
    }
    this.part = part;
    this.ms = ms;
    this.tokens = tokens;
    this.tps = tps;
    return TIMING;
  }

  /** The digits a match put at `i` (`\d+`): the value, and where they end; -1 for more than 15. */
  private digitsAt(t: string, at: number): number {
    let m = 0;
    let i = at;
    let c = t.charCodeAt(i);
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      c = t.charCodeAt(++i);
    }
    this.value = m;
    return i - at > MAX_DIGITS ? -1 : i;
  }

  /** The number a match put at `i` (`\d+\.\d\d`): the value (as `Number` reads it), and where it ends; -1 for more than 15 digits. */
  private fixed2At(t: string, at: number): number {
    let m = 0;
    let i = at;
    let c = t.charCodeAt(i);
    while (c !== 46 /* . */) {
      m = m * 10 + (c - 48);
      c = t.charCodeAt(++i);
    }
    if (i - at > MAX_DIGITS - 2) return -1;
    this.value = (m * 100 + (t.charCodeAt(i + 1) - 48) * 10 + (t.charCodeAt(i + 2) - 48)) / 100;
    return i + 3;
  }

  /** A `slot print_timing: id  0 | task 123 | <body or nothing>` line that SLOT_LINE_FAST matched. */
  private slotLine(m: RegExpExecArray): FastKind {
    const slot = integerOf(m[1]!);
    const task = integerOf(m[2]!);
    if (slot < 0 || task < 0) return OTHER;
    this.slot = slot;
    this.task = task;
    return m[3] === undefined ? HEADER : this.body(m, 3);
  }

  /**
   * The timing body BODY_FAST matched, its groups from `g` on: label, ms, tokens, tokens per second;
   * with the checks `timingFrom` makes (which never reads the ms per token either).
   */
  private body(m: RegExpExecArray, g: number): FastKind {
    const c = m[g]!.charCodeAt(0);
    const part: TimingPart = c === 112 /* p */ ? 'prompt' : c === 116 /* t */ ? 'total' : 'eval';
    const ms = decimalOf(m[g + 1]!);
    if (ms < 0) return OTHER;
    const tokensText = m[g + 2];
    const tokens = tokensText === undefined ? -1 : integerOf(tokensText);
    if (tokensText !== undefined && tokens < 0) return OTHER;
    const tpsText = m[g + 3];
    const tps = tpsText === undefined ? -1 : decimalOf(tpsText);
    if (tpsText !== undefined && (tps < 0 || part === 'total')) return OTHER;
    // prompt and eval always carry tokens and speed (possibly inf/nan, which the recognisers read);
    // total time never has the per-token part (the recogniser rejects it).
    if (part !== 'total' && (tokens < 0 || tps < 0)) return OTHER;
    this.part = part;
    this.ms = ms;
    this.tokens = tokens;
    this.tps = tps;
    return TIMING;
  }

  // --------------------------------------------------------------------------------- vLLM

  /** A vLLM statistics line whose pairs are exactly as printed; anything unusual is OTHER. */
  private vllm(t: string): FastKind {
    const at = t.indexOf(VLLM_HEAD);
    if (at === -1) return OTHER;
    // Before it: nothing, or a space (then `Engine NNN: ` is read for the engine number).
    let engine = -1;
    if (at > 0) {
      if (t.charCodeAt(at - 1) !== SP) return OTHER;
      engine = this.engineBefore(t, at);
      if (engine === -2) return OTHER;
    }
    let n = t.length;
    const last = t.charCodeAt(n - 1);
    if (last === 46 /* . */) n--;
    else if (!(isDigit(last) || last === 37 /* % */ || last === 115 /* s */)) return OTHER;
    this.promptTps = -1;
    this.genTps = -1;
    this.running = -1;
    this.waiting = -1;
    this.swapped = -1;
    this.kvCachePct = -1;
    this.prefixHitPct = -1;
    let p = at;
    while (p <= n) {
      let end = t.indexOf(', ', p);
      if (end === -1 || end > n) end = n;
      const colon = t.indexOf(': ', p);
      if (colon === -1 || colon >= end) return OTHER;
      const v = colon + 2;
      const klen = colon - p;
      // The value must be as printed: no space at either end (the recogniser trims; here it is OTHER).
      if (v < end && (t.charCodeAt(v) === SP || t.charCodeAt(end - 1) === SP)) return OTHER;
      switch (t.charCodeAt(p)) {
        case 65 /* A */:
          if (klen === 21 && lit(t, p, 'Avg prompt throughput')) {
            if (!this.unitValue(t, v, end, ' tokens/s')) return OTHER;
            this.promptTps = this.value;
          } else if (klen === 25 && lit(t, p, 'Avg generation throughput')) {
            if (!this.unitValue(t, v, end, ' tokens/s')) return OTHER;
            this.genTps = this.value;
          }
          break;
        case 82 /* R */:
          if (klen === 7 && lit(t, p, 'Running')) {
            if (!this.reqs(t, v, end)) return OTHER;
            this.running = this.value;
          }
          break;
        case 87 /* W */:
          if (klen === 7 && lit(t, p, 'Waiting')) {
            if (!this.reqs(t, v, end)) return OTHER;
            this.waiting = this.value;
          }
          break;
        case 80 /* P */:
          if (klen === 7 && lit(t, p, 'Pending')) {
            if (!this.reqs(t, v, end)) return OTHER;
            this.waiting = this.value;
          } else if (klen === 21 && lit(t, p, 'Prefix cache hit rate')) {
            if (!this.pct(t, v, end)) return OTHER;
            this.prefixHitPct = this.value;
          }
          break;
        case 83 /* S */:
          if (klen === 7 && lit(t, p, 'Swapped')) {
            if (!this.reqs(t, v, end)) return OTHER;
            this.swapped = this.value;
          }
          break;
        case 71 /* G */:
          if (klen === 18 && lit(t, p, 'GPU KV cache usage')) {
            if (!this.pct(t, v, end)) return OTHER;
            this.kvCachePct = this.value;
          }
          break;
        default:
          // Other fields (CPU KV cache usage, Deferred, Preemptions, …) are skipped, as the recogniser does.
          break;
      }
      p = end + 2;
    }
    if (this.promptTps < 0 || this.genTps < 0) return OTHER;
    this.engine = engine;
    return VLLM;
  }

  /** `<number><unit>` filling [v, end) exactly. */
  private unitValue(t: string, v: number, end: number, unit: string): boolean {
    this.number(t, v);
    return this.end >= 0 && this.end + unit.length === end && lit(t, this.end, unit);
  }

  private reqs(t: string, v: number, end: number): boolean {
    this.integer(t, v);
    return this.end >= 0 && this.end + 5 === end && lit(t, this.end, ' reqs');
  }

  private pct(t: string, v: number, end: number): boolean {
    this.number(t, v);
    return this.end >= 0 && this.end + 1 === end && t.charCodeAt(this.end) === 37 /* % */ && this.value <= 100;
  }

  /**
   * The engine number of `… Engine NNN: ` right before `at` (t[at-1] is a space), as the recogniser's
   * `(?:^|\s)Engine\s+(\d{1,4}):\s*$` reads it: the number, -1 when the text before is something else, -2
   * when it holds whitespace other than the ASCII space where that decides (then OTHER).
   */
  private engineBefore(t: string, at: number): number {
    let i = at - 1;
    while (i >= 0 && t.charCodeAt(i) === SP) i--;
    if (i < 0) return -1;
    let c = t.charCodeAt(i);
    if (c !== 58 /* : */) return isOtherSpace(c) ? -2 : -1;
    const digitsEnd = i;
    i--;
    while (i >= 0 && isDigit(t.charCodeAt(i))) i--;
    const digits = digitsEnd - i - 1;
    if (digits < 1 || digits > 4 || i < 0) return -1;
    c = t.charCodeAt(i);
    if (c !== SP) return isOtherSpace(c) ? -2 : -1;
    while (i >= 0 && t.charCodeAt(i) === SP) i--;
    if (i < 0) return -1;
    if (isOtherSpace(t.charCodeAt(i))) return -2;
    if (i < 5 || !t.startsWith('Engine', i - 5)) return -1;
    if (i - 6 >= 0) {
      c = t.charCodeAt(i - 6);
      if (c !== SP) return isOtherSpace(c) ? -2 : -1;
    }
    let e = 0;
    for (let k = digitsEnd - digits; k < digitsEnd; k++) e = e * 10 + (t.charCodeAt(k) - 48);
    return e;
  }
}

/** Whitespace for `\s` other than the ASCII space (tab, CR, Unicode spaces): the fast path defers. */
function isOtherSpace(c: number): boolean {
  return c !== SP && isSpace(c);
}
