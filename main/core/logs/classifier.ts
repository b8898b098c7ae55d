// Our own level classifier (product.md §3). The server's level is only a hint: v1-oct/v2 send none,
// v3 calls all stderr `warn` and a stdout `ERROR …` `info` (llm-manager-api.md point 5).
import type { Level, SignatureId } from '../types.js';
import { stripAnsi } from './ansi.js';
import { matchSignature } from './signatures.js';

export { stripAnsi } from './ansi.js';

export interface Classification {
  readonly level: Level;
  readonly signature?: SignatureId;
  /** True when the line belongs to the previous head (stack trace, assert follow-up) and took its level. */
  readonly continuation: boolean;
}

/** What the caller keeps between lines so continuations can inherit. */
export interface ClassifiedHead {
  readonly level: Level;
  readonly signature?: SignatureId;
  /** Server time (epoch ms) of the latest line of the group (head or continuation). */
  readonly ts: number;
}

/** Continuations further apart than this from their group are classified on their own. */
export const CONTINUATION_WINDOW_MS = 1000;

// --- continuation shapes -------------------------------------------------------------------------

const INDENTED = /^[ \t]+\S/;
const FRAME_LIKE = [
  /^#\d+\s+(?:0x[0-9a-f]+\s+in\s|\S+\s+in\s|0x[0-9a-f]+)/i, // gdb / backtrace frames
  /^\s*at\s+\S/, // JS / Java frames
  /^File "[^"]*", line \d+/, // Python frame not indented (some loggers strip indentation)
  /^\[(?:New LWP|New Thread|Thread debugging|Inferior \d+)/, // gdb noise printed by ggml_print_backtrace
  /^(?:Using host libthread_db|ptrace: Operation not permitted|No stack\.|warning: process \d+)/,
  /^0x[0-9a-f]+ in \S/i,
  /^\S+\((?:\S*)?\+0x[0-9a-f]+\)\s*\[0x[0-9a-f]+\]/i, // glibc backtrace_symbols: ./llama-server(+0x1234)[0x…]
  /^(?:During handling of the above exception|The above exception was the direct cause)/,
  /^current device:/,
];

function looksLikeContinuation(plain: string, head: ClassifiedHead): boolean {
  if (INDENTED.test(plain)) return true;
  // Frame-looking lines without indentation only follow an error (assert, traceback, crash).
  if (head.level !== 'error') return false;
  for (const re of FRAME_LIKE) if (re.test(plain)) return true;
  return false;
}

// --- false positives, removed before keyword matching ------------------------------------------

// Paths and URLs: `GET /api/ERROR 200`, `/opt/errors/model.gguf` must not make a line an error.
const PATHS = /(^|[\s"'(=[])(?:[a-z][a-z0-9+.-]*:\/\/\S+|\/[^\s"']*)/gi;
const NEGATED: readonly RegExp[] = [
  /\b(?:no|zero|0|without|ignor(?:e|ed|ing))\s+(?:errors?|failures?|exceptions?|warnings?)\b/gi,
  /\b(?:errors?|failures?|failed|fails|exceptions?|warnings?)(?:[_ -]?(?:rate|count|total|num))?\s*[:=]\s*0(?:\.0+)?%?(?![\d.])/gi,
  /(?:无|没有|未发现|0\s*个)(?:错误|异常|警告|失败)/g,
];
// Identifiers such as error_rate, n_failed, on_error are names, not events (the word alone still
// counts). A token pass, not one regex: nested quantifiers over `a_b_c…` backtrack quadratically.
// Only the words with an underscore are visited, each once: linear, whatever its length.
const NOISY_WORD = /error|fail|warn/i;

function dropIdentifiers(s: string): string {
  // Most lines with an underscore (llama_model_loader, n_ctx) name nothing noisy: one scan decides.
  if (s.indexOf('_') === -1 || !NOISY_WORD.test(s)) return s;
  // `s.replace(/\b\w*_\w*/g, (w) => (NOISY_WORD.test(w) ? ' ' : w))` without a callback per word:
  // a match of \b\w*_\w* is a whole run of word characters that holds an underscore.
  let out = '';
  let kept = 0;
  for (let u = s.indexOf('_'); u !== -1; ) {
    let start = u;
    while (start > 0 && isWordChar(s.charCodeAt(start - 1))) start--;
    let end = u + 1;
    while (end < s.length && isWordChar(s.charCodeAt(end))) end++;
    if (NOISY_WORD.test(s.slice(start, end))) {
      out += `${s.slice(kept, start)} `;
      kept = end;
    }
    u = s.indexOf('_', end);
  }
  return kept === 0 ? s : out + s.slice(kept);
}

/** `\w` without the u flag: [A-Za-z0-9_]. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

// --- keyword rules --------------------------------------------------------------------------------

/** Leading timestamp / process tags stripped before looking at a leading level word. */
const LEAD_NOISE =
  /^(?:\(\w+ pid=\d+\)\s*|\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?\s*(?:[-|]\s*)?)*/;
const LEAD_ERROR = /^\[?(?:ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC)\b/i;
const LEAD_WARN = /^\[?(?:WARNING|WARN)\b/i;
// llama.cpp's own log prefixes: `E 20:00:13 …` / `W 20:00:13 …` and `0.01.234.567 W …`.
const LLAMA_PREFIX = /^(?:\d+\.\d{2}\.\d{3}\.\d{3} ([EWID]) |([EWIDF]) \d{2}:\d{2}:\d{2}(?:\.\d+)? )/;
/** `… | ERROR | …` (loguru) and `… - WARNING - …` (Python logging) forms in the middle of a line. */
const MID_LEVEL = /\s[|-]\s+(ERROR|CRITICAL|WARNING|WARN)\s+[|-]\s/;

const ERROR_WORDS: readonly RegExp[] = [
  /\berrors?\b/i,
  /\b[A-Z]\w*(?:Error|Exception)\b/,
  /\bexceptions?\b/i,
  /\bfatal\b/i,
  /\bpanic(?:ked)?\b/i,
  /\bTraceback\b/,
  /\bassert(?:ion)?\s+failed\b|\bfailed\s+assertion\b/i,
  /\bcore dumped\b/i,
  /\bAborted\b/,
  /\bfail(?:ed|s|ure|ures)?\b/i,
  /失败|错误|异常|崩溃|致命|出错/,
];
// "failed, falling back" / "retrying" describe a recovered problem: a warning, not an error.
const RECOVERED = /\bfalling back\b|\bfall(?:s)? back\b|\bretrying\b|\bwill retry\b/i;
const WARN_WORDS: readonly RegExp[] = [
  /\bwarn(?:ing|ings)?\b/i,
  /\bdeprecat(?:ed|ion)\b/i,
  /\bfalling back\b|\bfall(?:s)? back\b|\bfallback\b/i,
  /\bretrying\b/i,
  /\btimed out\b/i,
  /警告|已弃用|已废弃|回退/,
];
const SUCCESS_WORDS: readonly RegExp[] = [
  /\bserver is listening\b/i,
  /\blistening on\b/i,
  /\bmodel loaded\b/i,
  /\bloaded successfully\b/i,
  /\bready to serve\b/i,
  /\bstarted successfully\b/i,
  /\bstarted server process\b/i,
  /\bApplication startup complete\b/i,
  /\bUvicorn running on\b/i,
  /启动成功|加载成功|已就绪|服务已启动/,
];

// Cheap gate: only lines containing one of these go through the signature table.
const SIGNATURE_GATE =
  /memory|alloc|cache|bind|errno|addrinuse|in use|socket|load|ggml|segment|sigsegv|segfault|kill|signal|exit|code|fatal|traceback|显存|内存|端口|套接字|模型|段错误|退出码|致命/i;

// Most lines (ticks, request lines, loader chatter) contain none of the words any rule above looks
// for; one scan of the lower-cased line sends them straight to `info`. Every keyword of the rules
// (signatures included) must be covered here: the classifier tables in the tests check that.
const SCREEN =
  /err|fail|warn|fatal|crit|panic|exception|traceback|assert|abort|dumped|alloc|memory|bind|addr|already in use|only one usage|wsae|10048|ggml_a|segment|sigsegv|segfault|kill|signal|exit|return|unable|insufficient|max seq len|deprecat|fall|retry|timed out|listening|loaded|ready|started|startup|running on|失败|错误|异常|崩溃|致命|出错|警告|弃用|废弃|回退|成功|就绪|服务已启动|显存|内存|套接字|端口|退出码/;

/**
 * One scan instead of one per rule: `anyOf(list).test(s)` is `list.some((re) => re.test(s))` (an
 * alternation matches where any of its branches does), with the case-insensitive rules in one regex
 * and the others in a second. The rules carry no `g`/`y` flag, so `test` keeps no state.
 */
function anyOf(res: readonly RegExp[]): { test(s: string): boolean } {
  for (const re of res) if (re.global || re.sticky || (re.flags !== '' && re.flags !== 'i')) throw new Error(`rule ${re} has flags anyOf cannot merge`);
  const join = (list: readonly RegExp[], flags: string): RegExp | null =>
    list.length === 0 ? null : new RegExp(list.map((re) => `(?:${re.source})`).join('|'), flags);
  const folded = join(res.filter((re) => re.ignoreCase), 'i');
  const exact = join(res.filter((re) => !re.ignoreCase), '');
  return { test: (s) => (folded !== null && folded.test(s)) || (exact !== null && exact.test(s)) };
}
const ANY_ERROR_WORD = anyOf(ERROR_WORDS);
const ANY_WARN_WORD = anyOf(WARN_WORDS);
const ANY_SUCCESS_WORD = anyOf(SUCCESS_WORDS);
// Every NEGATED pattern needs one of these words: a line without them skips the three replacements.
const NEGATION_WORDS = /err|fail|exception|warn|错误|异常|警告|失败/i;

function leadingLevel(plain: string): Level | undefined {
  const llama = LLAMA_PREFIX.exec(plain);
  if (llama) {
    const letter = llama[1] ?? llama[2];
    if (letter === 'E' || letter === 'F') return 'error';
    if (letter === 'W') return 'warning';
    return undefined;
  }
  // LEAD_NOISE can only match something at a leading '(', '[' or digit (the replace would copy the line).
  const c0 = plain.charCodeAt(0);
  const rest = c0 === 40 || c0 === 91 || (c0 >= 48 && c0 <= 57) ? plain.replace(LEAD_NOISE, '') : plain;
  if (LEAD_ERROR.test(rest)) return 'error';
  if (LEAD_WARN.test(rest)) return 'warning';
  const mid = MID_LEVEL.exec(plain);
  if (mid) return mid[1] === 'ERROR' || mid[1] === 'CRITICAL' ? 'error' : 'warning';
  return undefined;
}

// Classifications are shared, frozen objects (no new object per line): one per level, and per
// (level, signature) for errors and continuations, made on first use.
const INFO: Classification = Object.freeze({ level: 'info', continuation: false });
const SUCCESS: Classification = Object.freeze({ level: 'success', continuation: false });
const WARNING: Classification = Object.freeze({ level: 'warning', continuation: false });
const BY_LEVEL: Readonly<Record<Exclude<Level, 'error'>, Classification>> = { info: INFO, success: SUCCESS, warning: WARNING };
const shared = new Map<string, Classification>();

function sharedClassification(level: Level, signature: SignatureId | undefined, continuation: boolean): Classification {
  if (signature === undefined && !continuation && level !== 'error') return BY_LEVEL[level];
  const key = `${level}|${signature ?? ''}|${continuation ? 1 : 0}`;
  let c = shared.get(key);
  if (c === undefined) {
    c = Object.freeze(signature === undefined ? { level, continuation } : { level, signature, continuation });
    shared.set(key, c);
  }
  return c;
}

function withSignature(level: Level, signature: SignatureId | undefined): Classification {
  if (level !== 'error') return BY_LEVEL[level];
  return sharedClassification('error', signature ?? 'generic-error', false);
}
const GENERIC_ERROR = withSignature('error', undefined);

/**
 * Classify one line. `prev` is the current head (null at the start, after a gap, …); `ts` is this
 * line's server time in epoch ms, used to decide whether a continuation still belongs to `prev`.
 * Without `ts`, continuation shapes are trusted regardless of time.
 */
export function classifyLine(
  text: string,
  serverLevel: string | undefined,
  prev: ClassifiedHead | null,
  ts?: number,
): Classification {
  // Without a head it could continue and without a character that stripAnsi or lower-casing would
  // change, the one scan of the line decides what the full rules' own screen (SCREEN over the
  // stripped, lower-cased copy) would: the ordinary line (no keyword, no llama.cpp level prefix) is
  // classified from the server's level alone, a shared result, no copy; any other goes to the rules
  // without a second screen. classifyLineFull gives the same for every line (the fast-path test
  // checks that on the captures, the demo's output and seeded mutations of them).
  if (prev === null || (prev.level !== 'error' && prev.level !== 'warning')) {
    if (!NOT_ORDINARY.test(text)) {
      if (!LLAMA_PREFIX.test(text)) return byServerLevel(serverLevel);
      return classifyPlain(text, serverLevel, false);
    }
    if (!CHANGED_BY_STRIP_OR_LOWER.test(text)) return classifyPlain(text, serverLevel, true);
    // Escapes (colours): the same on the stripped line, when stripping left nothing of that kind.
    const plain = stripAnsi(text);
    if (!CHANGED_BY_STRIP_OR_LOWER.test(plain)) return classifyPlain(plain, serverLevel, NOT_ORDINARY.test(plain));
  }
  return classifyLineFull(text, serverLevel, prev, ts);
}

function byServerLevel(serverLevel: string | undefined): Classification {
  if (serverLevel === 'error') return GENERIC_ERROR;
  if (serverLevel === 'ok' || serverLevel === 'success') return SUCCESS;
  return INFO;
}

// SCREEN over the line itself, case-insensitively, plus every character that could start an escape
// sequence (stripAnsi would change the line) and the two whose lower case brings in an ASCII letter
// (U+0130 → "i̇", U+212A KELVIN SIGN → "k"): without any of these, `SCREEN.test(stripAnsi(text)
// .toLowerCase())` cannot match either (a non-Unicode /i regex folds exactly ASCII A-Z to a-z; the
// test checks the two exceptions are the only ones in the BMP).
const SPECIAL_CHARS = '\u001b\u0080-\u009f\u0130\u212a';
const NOT_ORDINARY = new RegExp(`[${SPECIAL_CHARS}]|${SCREEN.source}`, 'i');
/** A line without these: stripAnsi keeps it as it is, and NOT_ORDINARY matched a keyword of SCREEN. */
const CHANGED_BY_STRIP_OR_LOWER = new RegExp(`[${SPECIAL_CHARS}]`);

/**
 * True when the line is plain text (nothing for stripAnsi to remove) with no keyword of any rule
 * and no llama.cpp level prefix: it is classified from the server's level alone.
 */
export function isOrdinaryLine(text: string): boolean {
  return !NOT_ORDINARY.test(text) && !LLAMA_PREFIX.test(text);
}

/**
 * Every rule, for any line (classifyLine's reference: it takes a shortcut only for lines where this
 * gives the same answer).
 */
export function classifyLineFull(
  text: string,
  serverLevel: string | undefined,
  prev: ClassifiedHead | null,
  ts?: number,
): Classification {
  const plain = stripAnsi(text);

  if (
    prev &&
    (prev.level === 'error' || prev.level === 'warning') &&
    (ts === undefined || Math.abs(ts - prev.ts) <= CONTINUATION_WINDOW_MS) &&
    looksLikeContinuation(plain, prev)
  ) {
    return sharedClassification(prev.level, prev.signature, true);
  }
  return classifyPlain(plain, serverLevel, SCREEN.test(plain.toLowerCase()));
}

/** The rules for a line that continues nothing, without escapes; `screened`: SCREEN matched its lower-cased text. */
function classifyPlain(plain: string, serverLevel: string | undefined, screened: boolean): Classification {
  if (!screened) {
    const lead = LLAMA_PREFIX.test(plain) ? leadingLevel(plain) : undefined;
    if (lead) return withSignature(lead, undefined);
    return byServerLevel(serverLevel);
  }

  const pathless = plain.indexOf('/') === -1 ? plain : plain.replace(PATHS, '$1 ');
  // Signatures are specific phrases: matched before negation stripping, which would also remove
  // names like CUBLAS_STATUS_ALLOC_FAILED.
  const signature = SIGNATURE_GATE.test(pathless) ? matchSignature(pathless) : undefined;
  if (signature) return sharedClassification('error', signature, false);

  // A leading level decides before the keyword rules (which need the identifier and negation passes).
  const lead = leadingLevel(plain);
  if (lead) return withSignature(lead, undefined);

  let scan = dropIdentifiers(pathless);
  let negated = scan !== pathless;
  if (NEGATION_WORDS.test(scan)) {
    for (const re of NEGATED) {
      const cleaned = scan.replace(re, ' ');
      if (cleaned !== scan) negated = true;
      scan = cleaned;
    }
  }

  if (ANY_ERROR_WORD.test(scan)) return withSignature(RECOVERED.test(scan) ? 'warning' : 'error', undefined);
  // A manager-reported error (v1-seed `level:"error"`, v3 stderr+keyword) unless we saw it was a negation.
  if (serverLevel === 'error' && !negated) return GENERIC_ERROR;
  if (ANY_WARN_WORD.test(scan)) return WARNING;
  if (ANY_SUCCESS_WORD.test(scan)) return SUCCESS;
  if (serverLevel === 'ok' || serverLevel === 'success') return SUCCESS;
  return INFO;
}

/**
 * The head state after a classified line: continuations extend the group, an error or warning starts
 * one, and an info or success line leaves none (only an error or warning head can take continuations,
 * so a null head classifies every next line as such a head would; no head object per ordinary line).
 */
export function nextHead(prev: ClassifiedHead | null, c: Classification, ts: number): ClassifiedHead | null {
  if (c.level !== 'error' && c.level !== 'warning') return null;
  if (c.continuation && prev) {
    return prev.signature === undefined
      ? { level: prev.level, ts: Math.max(prev.ts, ts) }
      : { level: prev.level, signature: prev.signature, ts: Math.max(prev.ts, ts) };
  }
  return c.signature === undefined ? { level: c.level, ts } : { level: c.level, signature: c.signature, ts };
}
