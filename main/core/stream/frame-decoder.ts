// Turns one SSE `data:` payload into a typed frame, and guards the byte stream against giant lines.
// A bad frame is data, not an exception: the caller counts it and keeps the stream open.

/** A `data:` line above this is refused (a misbehaving server must never exhaust memory). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export type BadFrameKind = 'non-json' | 'unknown-type' | 'oversize' | 'invalid-utf8';

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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(data: string): { kind: 'json'; value: unknown } | BadFrame {
  if (data.startsWith(FRAME_SIZE_SENTINEL)) {
    const bytes = Number.parseInt(data.slice(FRAME_SIZE_SENTINEL.length), 10);
    return bad('oversize', `a ${Number.isFinite(bytes) ? bytes : '?'}-byte line exceeds the ${MAX_FRAME_BYTES}-byte limit`);
  }
  if (data.length > MAX_FRAME_BYTES) return bad('oversize', `a ${data.length}-character frame exceeds the limit`);
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

function logEntry(v: unknown): V1LogEntry | null {
  if (!isRecord(v)) return null;
  const { timestamp, message, level } = v;
  if (typeof message !== 'string') return null;
  const ts = typeof timestamp === 'number' && Number.isFinite(timestamp) ? timestamp : 0;
  return typeof level === 'string' ? { timestamp: ts, message, level } : { timestamp: ts, message };
}

export function decodeV1Frame(data: string): Decoded<V1Frame> {
  const parsed = parseJson(data);
  if (parsed.kind === 'bad') return parsed;
  const v = parsed.value;
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

export function asV3Line(v: unknown): V3Line | null {
  if (!isRecord(v)) return null;
  const { id, ts, stream, level, text } = v;
  if (typeof id !== 'number' || !Number.isFinite(id) || typeof text !== 'string') return null;
  return {
    id,
    ts: typeof ts === 'number' && Number.isFinite(ts) ? ts : 0,
    text,
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

/**
 * A byte transform placed between the HTTP body and the SSE parser: a line longer than `maxBytes`
 * is dropped and replaced by a small `data:` sentinel frame, so the parser never buffers it and
 * the decoder reports it as an `oversize` bad frame. Everything else passes through unchanged.
 * Only the unfinished tail line is held back; each input chunk yields at most one output chunk.
 */
export function createLineLimiter(maxBytes: number = MAX_FRAME_BYTES): TransformStream<Uint8Array, Uint8Array> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let skipped = 0;
  const encoder = new TextEncoder();

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

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const out: Uint8Array[] = [];
      let start = 0;
      // Native indexOf per terminator; each next position is re-searched only once passed.
      let nextLf = chunk.indexOf(LF);
      let nextCr = chunk.indexOf(CR);
      while (start <= chunk.length) {
        if (nextLf !== -1 && nextLf < start) nextLf = chunk.indexOf(LF, start);
        if (nextCr !== -1 && nextCr < start) nextCr = chunk.indexOf(CR, start);
        const eol = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
        if (eol === -1) {
          const rest = chunk.length - start;
          if (skipping) {
            skipped += rest;
          } else if (pendingBytes + rest > maxBytes) {
            skipping = true;
            skipped = pendingBytes + rest;
            pending = [];
            pendingBytes = 0;
          } else if (rest > 0) {
            pending.push(chunk.subarray(start));
            pendingBytes += rest;
          }
          break;
        }
        const len = eol - start;
        if (skipping || pendingBytes + len > maxBytes) {
          const total = skipping ? skipped + len : pendingBytes + len;
          out.push(encoder.encode(`data: ${FRAME_SIZE_SENTINEL}${total}}`));
          skipping = false;
          skipped = 0;
        } else {
          out.push(...pending);
          out.push(chunk.subarray(start, eol));
        }
        pending = [];
        pendingBytes = 0;
        // The line terminator itself always passes, so CR/LF/CRLF framing is left to the SSE parser.
        out.push(chunk.subarray(eol, eol + 1));
        start = eol + 1;
      }
      if (out.length > 0) controller.enqueue(concat(out));
    },
    flush(controller) {
      if (!skipping && pending.length > 0) controller.enqueue(concat(pending));
    },
  });
}
