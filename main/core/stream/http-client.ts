// Plain request/response HTTP for the adapters: base URL, extra headers on every request, a
// timeout through the injected clock, and answers reduced to status + parsed JSON (or "not JSON").
import type { Clock, FetchLike } from '../ports.js';
import { byteSourceOf, fetchSource, withHeadDeadline, type ByteSource } from './byte-source.js';

export type HttpReply =
  | {
      readonly kind: 'reply';
      readonly status: number;
      /** Parsed JSON body; undefined when the body is not JSON (an HTML page counts as absent). */
      readonly json: unknown;
      readonly text: string;
    }
  | { readonly kind: 'network'; readonly message: string };

export interface HttpClientOptions {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly headers?: Readonly<Record<string, string>>;
  /** Default timeout for GETs (ms). */
  readonly timeoutMs?: number;
  /** A stream must answer with its headers within this (ms, default 15 s). */
  readonly streamHeadersTimeoutMs?: number;
  /**
   * Fetch for control POSTs, which a v1/v2 server holds open for up to 300 s (start waits for the
   * health check): one without a response-headers timeout of its own (default: `fetch`).
   */
  readonly controlFetch?: FetchLike;
}

export const STREAM_HEADERS_TIMEOUT_MS = 15_000;
/** An error page is never read beyond this. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

function linkSignal(outer: AbortSignal | null | undefined, controller: AbortController): void {
  if (!outer) return;
  if (outer.aborted) controller.abort(outer.reason);
  else outer.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
}

/** The body as text, at most maxBytes (the rest is cancelled, not read). */
export async function readCapped(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  try {
    while (n < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      n += value.length;
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(Math.min(n, maxBytes));
  let o = 0;
  for (const p of parts) {
    const take = Math.min(p.length, all.length - o);
    all.set(p.subarray(0, take), o);
    o += take;
    if (o >= all.length) break;
  }
  return new TextDecoder().decode(all);
}

/**
 * fetch for event streams: the server must send its headers within `timeoutMs` (a server that
 * accepts and never answers must not leave a model "connecting" forever). An answer that is not an
 * event stream (error page, wrong content type) is read here, within the same deadline and a byte
 * cap, so nobody later waits on a body that never ends. A stream's own body has no deadline: an idle
 * model is silent (llm-manager-api.md point 1).
 */
export function createStreamFetch(fetchImpl: FetchLike, clock: Clock, timeoutMs: number): FetchLike {
  return (async (input: Parameters<FetchLike>[0], init?: Parameters<FetchLike>[1]) => {
    const controller = new AbortController();
    linkSignal(init?.signal, controller);
    const timer = clock.setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    try {
      const res = await fetchImpl(input, { ...init, signal: controller.signal });
      const type = res.headers.get('content-type') ?? '';
      if (res.status === 200 && type.startsWith('text/event-stream')) return res;
      const text = await readCapped(res, MAX_ERROR_BODY_BYTES);
      const nullBody = res.status === 204 || res.status === 205 || res.status === 304;
      const headers = new Headers(res.headers);
      headers.delete('content-encoding');
      headers.delete('content-length');
      return new Response(nullBody ? null : text, { status: res.status, statusText: res.statusText, headers });
    } catch (err) {
      throw controller.signal.aborted && !(init?.signal?.aborted ?? false) ? controller.signal.reason : err;
    } finally {
      clock.clearTimeout(timer);
    }
  }) as FetchLike;
}

export interface HttpClient {
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  /** For streams: headers must arrive within the stream deadline; an error body is read within it. */
  readonly fetch: FetchLike;
  /**
   * The bytes of an event stream, with the same deadline: the fetch's own cheaper source when it
   * has one (the transport's, byte-source.ts), else `fetch` read through its body.
   */
  readonly streamSource: ByteSource;
  url(path: string): string;
  get(path: string, timeoutMs?: number): Promise<HttpReply>;
  /** Control calls can block for minutes on v1 (start waits for the health check): own timeout. */
  post(path: string, timeoutMs?: number): Promise<HttpReply>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * One URL path segment from a model id. encodeURIComponent leaves `.` alone; dot segments are
 * percent-encoded here, but the WHATWG URL parser (fetch) still resolves `%2E%2E` as `..`, so a model
 * named `..` would address `/api/logs/stream` or `POST /api/start`. Requests whose path holds a dot
 * segment are therefore refused (dotSegmentProblem) instead of being sent somewhere else.
 */
export function pathSegment(value: string): string {
  const enc = encodeURIComponent(value);
  return enc === '.' || enc === '..' ? enc.replace(/\./g, '%2E') : enc;
}

/** Why a request path cannot be sent as is (a `.`/`..` segment, plain or percent-encoded), or null. */
export function dotSegmentProblem(pathOrUrl: string): string | null {
  let path = pathOrUrl.split(/[?#]/)[0] ?? '';
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length);
  for (const seg of path.split('/')) {
    const s = seg.toLowerCase();
    if (s === '.' || s === '..' || s === '%2e' || s === '.%2e' || s === '%2e.' || s === '%2e%2e') {
      return `refused: a model id "${s.replace(/%2e/g, '.')}" cannot be used in a URL path (it would address another endpoint)`;
    }
  }
  return null;
}

export function trimBase(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message && cause.message !== err.message) return `${err.message}: ${cause.message}`;
    return err.message;
  }
  return String(err);
}

export function parseJsonOrUndefined(text: string, contentType: string | null): unknown {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  if (contentType && /text\/html/i.test(contentType)) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const baseUrl = trimBase(opts.baseUrl);
  const headers = { ...(opts.headers ?? {}) };
  const defaultTimeout = opts.timeoutMs ?? 10_000;

  const request = async (method: 'GET' | 'POST', path: string, timeoutMs: number): Promise<HttpReply> => {
    const refused = dotSegmentProblem(path);
    if (refused) return { kind: 'network', message: refused };
    const controller = new AbortController();
    const timer = opts.clock.setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    const send = method === 'POST' ? (opts.controlFetch ?? opts.fetch) : opts.fetch;
    try {
      const res = await send(`${baseUrl}${path}`, {
        method,
        headers: { Accept: 'application/json', ...headers },
        signal: controller.signal,
      });
      // Byte-capped: a body that never ends (or a huge one) cannot grow the process.
      const text = await readCapped(res, MAX_BODY_BYTES);
      return { kind: 'reply', status: res.status, json: parseJsonOrUndefined(text, res.headers.get('content-type')), text };
    } catch (err) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : err;
      return { kind: 'network', message: errorMessage(reason) };
    } finally {
      opts.clock.clearTimeout(timer);
    }
  };

  const streamTimeout = opts.streamHeadersTimeoutMs ?? STREAM_HEADERS_TIMEOUT_MS;
  const streamFetch = createStreamFetch(opts.fetch, opts.clock, streamTimeout);
  const fast = byteSourceOf(opts.fetch);
  return {
    baseUrl,
    headers,
    fetch: streamFetch,
    streamSource: fast ? withHeadDeadline(fast, opts.clock, streamTimeout) : fetchSource(streamFetch),
    url: (path) => `${baseUrl}${path}`,
    get: (path, timeoutMs = defaultTimeout) => request('GET', path, timeoutMs),
    // Longer than the server's own 300 s start budget, so its answer (with the reason) arrives first.
    post: (path, timeoutMs = 330_000) => request('POST', path, timeoutMs),
  };
}

/** "HTTP 502: <first line of the body>" or the network error, for `lastProblem` texts. */
export function describeReply(reply: HttpReply): string {
  if (reply.kind === 'network') return reply.message;
  const msg = messageFromJson(reply.json);
  if (msg) return `HTTP ${reply.status}: ${msg}`;
  const snippet = reply.text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160);
  return snippet ? `HTTP ${reply.status}: ${snippet}` : `HTTP ${reply.status}`;
}

/** The human message in any LLM-Manager error body: `error`, `message` or `detail`. */
export function messageFromJson(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const o = json as Record<string, unknown>;
  for (const k of ['error', 'message', 'detail'] as const) {
    const v = o[k];
    if (typeof v === 'string' && v) return v;
    if (Array.isArray(v) && v.length > 0) return JSON.stringify(v);
  }
  return null;
}
