// The allocation-free fast path in front of the recognisers (recognisers.ts), for the shapes that make
// up nearly every vitals line in a live stream: llama.cpp's `slot print_timing:` lines (a timing line or
// the one-call format's header), the bare continuations of the one-call format, and vLLM V1 / V0
// statistics lines, each exactly as the servers print them (single ASCII spaces, plain decimal numbers).
//
// It reads characters into the scanner's own fields: no regular expression, no slice, no match array, no
// result object. It is a SUBSET of the recognisers: whenever a line is anything but the plain printed
// shape (an escape sequence, a tab or a Unicode space, a sign, `inf`, an exponent, a number of more than
// 15 digits, a field that would make the recogniser reject the line, …) it answers OTHER and the caller
// asks the recognisers. When it answers NONE, TIMING, HEADER or VLLM, the recognisers would give exactly
// that (`test/unit/logs/vitals-prefilter.test.ts` checks it on real lines and seeded mutations).
//
// Numbers are read as an integer mantissa of at most 15 digits divided by a power of ten (at most 10^15):
// both are exact doubles, so the one division is correctly rounded, which is what `Number(text)` gives.
import { hasThroughput, isSpace, mayBeVitals, SLOT_TIMING_HEAD, slotTimingAt, VLLM_HEAD } from './recognisers.js';
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
    // Colours can sit anywhere, even inside a word: such lines go to the recognisers.
    if (text.indexOf('\u001b') !== -1) return OTHER;
    const c0 = text.charCodeAt(0);
    if (c0 === 115 /* s */ && slotTimingAt(text, 0)) return this.slotLine(text);
    if (!mayBeVitals(text)) return NONE;
    // A line with `throughput:` is read as vLLM's, whatever else it holds (as the recognisers do).
    if (hasThroughput(text)) return this.vllm(text);
    // The one-call format's continuations: `prompt eval time = …`, `       eval time = …`.
    if (c0 === SP || c0 === 112 /* p */ || c0 === 101 /* e */ || c0 === 116 /* t */ || c0 === 103 /* g */) return this.bareTiming(text);
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

  /** `slot print_timing: id  0 | task 123 | <body or nothing>` (t starts with `slot print_timing:`). */
  private slotLine(t: string): FastKind {
    let i = SLOT_TIMING_HEAD.length;
    const n = t.length;
    if (t.charCodeAt(i) !== SP) return OTHER;
    while (t.charCodeAt(i) === SP) i++;
    if (t.charCodeAt(i) !== 105 /* i */ || t.charCodeAt(i + 1) !== 100 /* d */ || t.charCodeAt(i + 2) !== SP) return OTHER;
    i += 2;
    while (t.charCodeAt(i) === SP) i++;
    this.integer(t, i);
    if (this.end < 0 || t.charCodeAt(this.end) !== SP) return OTHER;
    const slot = this.value;
    i = this.end;
    while (t.charCodeAt(i) === SP) i++;
    if (t.charCodeAt(i) !== 124 /* | */ || t.charCodeAt(i + 1) !== SP || t.charCodeAt(i + 2) !== 116 /* t */ || !lit(t, i + 2, 'task ')) return OTHER;
    i += 6;
    while (t.charCodeAt(i) === SP) i++;
    this.integer(t, i);
    if (this.end < 0 || t.charCodeAt(this.end) !== SP) return OTHER;
    const task = this.value;
    i = this.end;
    while (t.charCodeAt(i) === SP) i++;
    if (t.charCodeAt(i) !== 124 /* | */) return OTHER;
    i++;
    while (t.charCodeAt(i) === SP) i++;
    this.slot = slot;
    this.task = task;
    if (i === n) return HEADER;
    return this.body(t, i);
  }

  /** The one-call format's continuation: spaces, then a timing body. */
  private bareTiming(t: string): FastKind {
    let i = 0;
    while (t.charCodeAt(i) === SP) i++;
    this.slot = -1;
    this.task = -1;
    return this.body(t, i);
  }

  /**
   * `<label> = <ms> ms[ / <n> tokens|runs][ (<x> ms per token, <tps> tokens per second)]` then the end
   * of the line, as TIMING_BODY in recognisers.ts reads it, with the checks `timingFrom` makes.
   */
  private body(t: string, at: number): FastKind {
    let i = at;
    let part: TimingPart;
    switch (t.charCodeAt(i)) {
      case 112 /* p */:
        if (!lit(t, i, 'prompt eval time')) return OTHER;
        part = 'prompt';
        i += 16;
        break;
      case 101 /* e */:
        if (!lit(t, i, 'eval time')) return OTHER;
        part = 'eval';
        i += 9;
        break;
      case 116 /* t */:
        if (!lit(t, i, 'total time')) return OTHER;
        part = 'total';
        i += 10;
        break;
      case 103 /* g */:
        if (!lit(t, i, 'generation eval time')) return OTHER;
        part = 'eval';
        i += 20;
        break;
      default:
        return OTHER;
    }
    while (t.charCodeAt(i) === SP) i++;
    if (t.charCodeAt(i) !== 61 /* = */) return OTHER;
    i++;
    while (t.charCodeAt(i) === SP) i++;
    this.number(t, i);
    if (this.end < 0) return OTHER;
    const ms = this.value;
    i = this.end;
    while (t.charCodeAt(i) === SP) i++;
    if (t.charCodeAt(i) !== 109 /* m */ || t.charCodeAt(i + 1) !== 115 /* s */) return OTHER;
    i += 2;
    let j = i;
    while (t.charCodeAt(j) === SP) j++;
    let tokens = -1;
    if (t.charCodeAt(j) === 47 /* / */) {
      j++;
      while (t.charCodeAt(j) === SP) j++;
      this.integer(t, j);
      if (this.end < 0) return OTHER;
      tokens = this.value;
      j = this.end;
      while (t.charCodeAt(j) === SP) j++;
      if (t.charCodeAt(j) === 116 /* t */ && lit(t, j, 'tokens')) j += 6;
      else if (t.charCodeAt(j) === 114 /* r */ && lit(t, j, 'runs')) j += 4;
      else return OTHER;
      i = j;
      while (t.charCodeAt(j) === SP) j++;
    }
    let tps = -1;
    if (t.charCodeAt(j) === 40 /* ( */) {
      // total time never has the per-token part (the recogniser rejects it).
      if (part === 'total') return OTHER;
      j++;
      while (t.charCodeAt(j) === SP) j++;
      this.number(t, j);
      if (this.end < 0) return OTHER;
      j = this.end;
      while (t.charCodeAt(j) === SP) j++;
      if (!lit(t, j, 'ms per token,')) return OTHER;
      j += 13;
      while (t.charCodeAt(j) === SP) j++;
      this.number(t, j);
      if (this.end < 0) return OTHER;
      tps = this.value;
      j = this.end;
      while (t.charCodeAt(j) === SP) j++;
      if (!lit(t, j, 'tokens per second)')) return OTHER;
      i = j + 18;
    }
    while (t.charCodeAt(i) === SP) i++;
    if (i !== t.length) return OTHER;
    // prompt and eval always carry tokens and speed (possibly inf/nan, which the recognisers read).
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
