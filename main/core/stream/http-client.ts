// Plain request/response HTTP for the adapters: base URL, extra headers on every request, a
// timeout through the injected clock, and answers reduced to status + parsed JSON (or "not JSON").
import type { Clock, FetchLike } from '../ports.js';

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
}

export interface HttpClient {
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: FetchLike;
  url(path: string): string;
  get(path: string, timeoutMs?: number): Promise<HttpReply>;
  /** Control calls can block for minutes on v1 (start waits for the health check): own timeout. */
  post(path: string, timeoutMs?: number): Promise<HttpReply>;
}

const MAX_BODY_CHARS = 8 * 1024 * 1024;

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
    const controller = new AbortController();
    const timer = opts.clock.setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    try {
      const res = await opts.fetch(`${baseUrl}${path}`, {
        method,
        headers: { Accept: 'application/json', ...headers },
        signal: controller.signal,
      });
      let text = await res.text();
      if (text.length > MAX_BODY_CHARS) text = text.slice(0, MAX_BODY_CHARS);
      return { kind: 'reply', status: res.status, json: parseJsonOrUndefined(text, res.headers.get('content-type')), text };
    } catch (err) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : err;
      return { kind: 'network', message: errorMessage(reason) };
    } finally {
      opts.clock.clearTimeout(timer);
    }
  };

  return {
    baseUrl,
    headers,
    fetch: opts.fetch,
    url: (path) => `${baseUrl}${path}`,
    get: (path, timeoutMs = defaultTimeout) => request('GET', path, timeoutMs),
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
