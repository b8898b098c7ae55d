// Turns one SSE `data:` payload into a typed frame, and guards the byte stream against giant lines.
// A bad frame is data, not an exception: the caller counts it and keeps the stream open.
import { isRecord } from '../guards.js';

/** A `data:` line (or a frame of several) above this is refused (a misbehaving server must never exhaust memory). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** A log line longer than this (UTF-16 units) is cut, with a visible "… N bytes cut" at its end. */
export const MAX_LINE_CHARS = 16 * 1024;

export type BadFrameKind = 'non-json' | 'unknown-type' | 'oversize' | 'invalid-utf8' | 'bad-timestamp';

export interface BadFrame {
  readonly kind: 'bad';
  readonly bad: BadFrameKind;
  readonly detail: string;
}

/** v1/v2 model log stream entry. */
export interface V1LogEntry {
  readonly timestamp: number;
  readonly message: string;
  readonly level?: string;
}

export type V1Frame =
  | { readonly kind: 'historical'; readonly log: V1LogEntry }
  | { readonly kind: 'historical_complete' }
  | { readonly kind: 'realtime'; readonly log: V1LogEntry }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'stream_end' };

/** v3 session stream line (also the element of `/lines` answers). */
export interface V3Line {
  readonly id: number;
  readonly ts: number;
  readonly stream?: string;
  readonly level?: string;
  readonly text: string;
}

/** v3 `/api/models/stream` ModelInfo. */
export interface V3ModelInfo {
  readonly alias: string;
  readonly mode?: string;
  readonly status: string;
  readonly failure_reason: string | null;
  readonly aliases?: readonly string[];
  /** Set while routing; a new value means a new process (and a new log session). */
  readonly started_at: number | null;
}

/** Where a problem was noticed: the invalid-utf8 flag rides along with a still-usable frame. */
export type Decoded<T> = { readonly kind: 'ok'; readonly frame: T; readonly invalidUtf8: boolean } | BadFrame;

const REPLACEMENT = '\uFFFD';
const FRAME_SIZE_SENTINEL = '{"__oversize__":';

function bad(kind: BadFrameKind, detail: string): BadFrame {
  return { kind: 'bad', bad: kind, detail };
}

function preview(data: string): string {
  return data.length > 120 ? `${data.slice(0, 120)}…` : data;
}

function oversize(data: string): BadFrame | null {
  if (data.startsWith(FRAME_SIZE_SENTINEL)) {
    const bytes = Number.parseInt(data.slice(FRAME_SIZE_SENTINEL.length), 10);
    return bad('oversize', `a frame of more than ${Number.isFinite(bytes) ? bytes : '?'} bytes exceeds the limit and was dropped`);
  }
  if (data.length > MAX_FRAME_BYTES) return bad('oversize', `a ${data.length}-character frame exceeds the limit`);
  return null;
}

function parseJson(data: string): { kind: 'json'; value: unknown } | BadFrame {
  const big = oversize(data);
  if (big) return big;
  try {
    return { kind: 'json', value: JSON.parse(data) as unknown };
  } catch {
    return bad('non-json', `not JSON: ${preview(data)}`);
  }
}

/** The decoder replaces invalid UTF-8 with U+FFFD; an LLM-Manager never sends that character on purpose. */
function hasInvalidUtf8(data: string): boolean {
  return data.includes(REPLACEMENT);
}

/** Memory is bounded by bytes: a giant line keeps its head and says how much was cut. */
export function cutLongLine(text: string, maxChars: number = MAX_LINE_CHARS): string {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  // Never split a surrogate pair.
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  const cutBytes = new TextEncoder().encode(text.slice(end)).length;
  return `${text.slice(0, end)} … ${cutBytes} bytes cut`;
}

/**
 * A server time in the unit the API uses (v1/v2 seconds, v3 milliseconds): a number, a numeric
 * string, or an ISO date (converted to that unit). No time at all (absent, empty, not a string) is 0,
 * "no time" (de-duplication works without times). A time that is there but cannot be parsed is NaN:
 * the connection shows the receive time instead, marks the line (`timeReceived`) and reports a
 * `bad-timestamp` problem, rather than silently dating it 1970.
 */
export function parseTimestamp(v: unknown, unitMs: 1 | 1000): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 0;
  if (typeof v !== 'string') return 0;
  const t = v.trim();
  if (t === '') return 0;
  const n = Number(t);
  if (Number.isFinite(n)) return n;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms / unitMs : NaN;
}

function logEntry(v: unknown): V1LogEntry | null {
  if (!isRecord(v)) return null;
  const { timestamp, level } = v;
  if (typeof v.message !== 'string') return null;
  const message = cutLongLine(v.message);
  const ts = parseTimestamp(timestamp, 1000);
  return typeof level === 'string' ? { timestamp: ts, message, level } : { timestamp: ts, message };
}

export function decodeV1Frame(data: string): Decoded<V1Frame> {
  // parseJson inlined: no wrapper object per frame (this runs for every line).
  const big = oversize(data);
  if (big) return big;
  let v: unknown;
  try {
    v = JSON.parse(data) as unknown;
  } catch {
    return bad('non-json', `not JSON: ${preview(data)}`);
  }
  const invalidUtf8 = hasInvalidUtf8(data);
  if (!isRecord(v) || typeof v.type !== 'string') return bad('unknown-type', `frame without a type: ${preview(data)}`);
  switch (v.type) {
    case 'historical':
    case 'realtime': {
      const log = logEntry(v.log);
      if (!log) return bad('unknown-type', `${v.type} frame without a log entry: ${preview(data)}`);
      return { kind: 'ok', frame: { kind: v.type, log }, invalidUtf8 };
    }
    case 'historical_complete':
      return { kind: 'ok', frame: { kind: 'historical_complete' }, invalidUtf8 };
    case 'stream_end':
      return { kind: 'ok', frame: { kind: 'stream_end' }, invalidUtf8 };
    case 'error':
      return {
        kind: 'ok',
        frame: { kind: 'error', message: typeof v.message === 'string' ? v.message : 'server error' },
        invalidUtf8,
      };
    default:
      return bad('unknown-type', `unknown frame type "${preview(v.type)}"`);
  }
}

/** A v1/v2 log line as the adapter emits it (the `line` stream event, which is also the logbook's IncomingLine). */
export interface V1LineEvent {
  readonly kind: 'line';
  readonly origin: 'history' | 'live';
  /** Epoch ms (`timestamp` seconds × 1000, rounded); NaN when the frame's time could not be parsed. */
  readonly ts: number;
  readonly text: string;
  readonly serverLevel?: string;
}

/** A `historical` / `realtime` frame's entry as its line event: the one place the entry becomes a line. */
export function v1LineOf(kind: 'historical' | 'realtime', log: V1LogEntry): V1LineEvent {
  const origin = kind === 'historical' ? 'history' : 'live';
  const ts = Math.round(log.timestamp * 1000);
  return log.level !== undefined ? { kind: 'line', origin, ts, text: log.message, serverLevel: log.level } : { kind: 'line', origin, ts, text: log.message };
}

/**
 * The per-line path of decodeV1Frame: a `historical` / `realtime` frame straight to its line event,
 * with no wrapper objects beyond the entry. Null for anything else — other frame types, a frame that
 * is not JSON, too big, without a log entry, or with invalid UTF-8 — and decodeV1Frame then says what
 * it is (these are rare: parsing such a frame twice costs nothing). The entry's rules are logEntry's,
 * the line's v1LineOf's, as in decodeV1Frame.
 */
export function decodeV1Line(data: string): V1LineEvent | null {
  if (data.length > MAX_FRAME_BYTES || data.startsWith(FRAME_SIZE_SENTINEL) || hasInvalidUtf8(data)) return null;
  let v: unknown;
  try {
    v = JSON.parse(data) as unknown;
  } catch {
    return null;
  }
  if (!isRecord(v)) return null;
  const type = v.type;
  if (type !== 'historical' && type !== 'realtime') return null;
  const log = logEntry(v.log);
  return log === null ? null : v1LineOf(type, log);
}

export function asV3Line(v: unknown): V3Line | null {
  if (!isRecord(v)) return null;
  const { id, ts, stream, level, text } = v;
  if (typeof id !== 'number' || !Number.isFinite(id) || typeof text !== 'string') return null;
  return {
    id,
    ts: parseTimestamp(ts, 1000),
    text: cutLongLine(text),
    ...(typeof stream === 'string' ? { stream } : {}),
    ...(typeof level === 'string' ? { level } : {}),
  };
}

export function decodeV3Line(data: string): Decoded<V3Line> {
  const parsed = parseJson(data);
  if (parsed.kind === 'bad') return parsed;
  const line = asV3Line(parsed.value);
  if (!line) return bad('unknown-type', `not a log line: ${preview(data)}`);
  return { kind: 'ok', frame: line, invalidUtf8: hasInvalidUtf8(data) };
}

export function asV3ModelInfo(v: unknown): V3ModelInfo | null {
  if (!isRecord(v) || typeof v.alias !== 'string' || typeof v.status !== 'string') return null;
  const aliases = Array.isArray(v.aliases) ? v.aliases.filter((a): a is string => typeof a === 'string') : undefined;
  return {
    alias: v.alias,
    status: v.status,
    failure_reason: typeof v.failure_reason === 'string' ? v.failure_reason : null,
    started_at: typeof v.started_at === 'number' ? v.started_at : null,
    ...(typeof v.mode === 'string' ? { mode: v.mode } : {}),
    ...(aliases ? { aliases } : {}),
  };
}

export function decodeV3Models(data: string): Decoded<readonly V3ModelInfo[]> {
  const parsed = parseJson(data);
  if (parsed.kind === 'bad') return parsed;
  const v = parsed.value;
  if (!isRecord(v) || !Array.isArray(v.data)) return bad('unknown-type', `not a model snapshot: ${preview(data)}`);
  const models: V3ModelInfo[] = [];
  for (const m of v.data) {
    const info = asV3ModelInfo(m);
    if (info) models.push(info);
  }
  return { kind: 'ok', frame: models, invalidUtf8: hasInvalidUtf8(data) };
}

const LF = 0x0a;
const CR = 0x0d;

/** The event type under which an over-long frame's partial data is discarded (nobody listens to it). */
export const DROPPED_EVENT = '__dropped__';

/** createByteLimiter's limiter: each chunk in, at most one chunk out, synchronously. */
export interface LineLimiter {
  push(chunk: Uint8Array): Uint8Array | null;
  /** The input ended: what is still held back (an unfinished last line). */
  end(): Uint8Array | null;
}

/**
 * The line limiter, placed between the HTTP body and the SSE parser (each chunk the byte source
 * delivers is pushed through it), so the parser's buffers are
 * bounded by bytes whatever the server sends:
 * - Line endings are normalised to LF (a CRLF split across chunks included). A lone CR ends a line at
 *   once, so the last frame of a CR-only stream is not held back waiting for a possible LF.
 * - A frame (the lines up to a blank line) larger than `maxBytes`, whether one endless `data:` line
 *   or endless `data:` lines without a blank line, is cut off: what the parser already holds is
 *   flushed under an event type nobody listens to, a small sentinel frame takes its place (the
 *   decoder reports it as `oversize`), and the rest is skipped up to the next blank line.
 * Only the unfinished tail line is held back (at most maxBytes); each input chunk yields at most one
 * output chunk. A chunk that needs none of this passes whole (`fastPath: false` turns that off, for
 * the test that checks both give the same bytes).
 */
export function createByteLimiter(maxBytes: number = MAX_FRAME_BYTES, opts: { readonly fastPath?: boolean } = {}): LineLimiter {
  const fastPath = opts.fastPath !== false;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  /** Bytes of the current frame already passed to the parser. */
  let frameBytes = 0;
  /** The current frame went over the limit: drop everything up to the next blank line. */
  let skipping = false;
  /** The previous chunk ended with CR: an LF at the start of this one belongs to it. */
  let lastCr = false;
  const encoder = new TextEncoder();
  const NEWLINE = Uint8Array.of(LF);

  const concat = (parts: Uint8Array[]): Uint8Array => {
    if (parts.length === 1 && parts[0]) return parts[0];
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };

  const overflow = (out: Uint8Array[], seen: number): void => {
    out.push(encoder.encode(`event: ${DROPPED_EVENT}\n\ndata: ${FRAME_SIZE_SENTINEL}${seen}}\n\n`));
    skipping = true;
    pending = [];
    pendingBytes = 0;
    frameBytes = 0;
  };

  return {
    push(chunk) {
      // Fast path (the usual chunk): no CR, not skipping, and the current frame cannot pass the
      // limit within this chunk. The per-line pass below would then emit exactly these bytes: every
      // complete line as it is, the unfinished tail held back. Only the frame's size is tracked.
      if (fastPath && !skipping && !lastCr && frameBytes + pendingBytes + chunk.length <= maxBytes && chunk.indexOf(CR) === -1) {
        const lastLf = chunk.lastIndexOf(LF);
        if (lastLf === -1) {
          pending.push(chunk);
          pendingBytes += chunk.length;
          return null;
        }
        // The last blank line (an LF right after an LF, or at a line start) ends a frame.
        let blank = -1;
        for (let p = lastLf; p >= 0; p = p === 0 ? -1 : chunk.lastIndexOf(LF, p - 1)) {
          if (p > 0 ? chunk[p - 1] === LF : pendingBytes === 0) {
            blank = p;
            break;
          }
        }
        frameBytes = blank === -1 ? frameBytes + pendingBytes + lastLf + 1 : lastLf - blank;
        const whole = lastLf + 1 === chunk.length ? chunk : chunk.subarray(0, lastLf + 1);
        const emitted = pending.length === 0 ? whole : concat([...pending, whole]);
        pending = lastLf + 1 === chunk.length ? [] : [chunk.subarray(lastLf + 1)];
        pendingBytes = chunk.length - lastLf - 1;
        return emitted;
      }
      const out: Uint8Array[] = [];
      let start = 0;
      if (lastCr && chunk[0] === LF) start = 1;
      lastCr = false;
      // Native indexOf per terminator; each next position is re-searched only once passed.
      let nextLf = chunk.indexOf(LF, start);
      let nextCr = chunk.indexOf(CR, start);
      while (start < chunk.length) {
        if (nextLf !== -1 && nextLf < start) nextLf = chunk.indexOf(LF, start);
        if (nextCr !== -1 && nextCr < start) nextCr = chunk.indexOf(CR, start);
        const eol = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
        if (eol === -1) {
          const rest = chunk.length - start;
          if (skipping) {
            // dropped
          } else if (frameBytes + pendingBytes + rest > maxBytes) {
            overflow(out, frameBytes + pendingBytes + rest);
          } else {
            pending.push(chunk.subarray(start));
            pendingBytes += rest;
          }
          break;
        }
        let after = eol + 1;
        if (chunk[eol] === CR) {
          if (after < chunk.length) {
            if (chunk[after] === LF) after++;
          } else {
            lastCr = true;
          }
        }
        const lineBytes = pendingBytes + (eol - start);
        if (lineBytes === 0) {
          // A blank line ends the frame (already replaced by the sentinel when skipping).
          if (!skipping) out.push(NEWLINE);
          skipping = false;
          frameBytes = 0;
        } else if (skipping) {
          pending = [];
          pendingBytes = 0;
        } else if (frameBytes + lineBytes + 1 > maxBytes) {
          overflow(out, frameBytes + lineBytes + 1);
        } else {
          for (const p of pending) out.push(p);
          out.push(chunk.subarray(start, eol), NEWLINE);
          frameBytes += lineBytes + 1;
          pending = [];
          pendingBytes = 0;
        }
        start = after;
      }
      return out.length > 0 ? concat(out) : null;
    },
    end() {
      return !skipping && pending.length > 0 ? concat(pending) : null;
    },
  };
}
