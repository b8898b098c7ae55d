// One SSE request through the `eventsource` package. Its own 3 s auto-retry is disabled (we close on
// every error) so the model connection runs a single reconnect policy. A wrapped fetch adds the
// server's extra headers, captures the status and body of non-200 answers (eventsource hides them),
// and puts the line limiter in front of the parser.
import { EventSource, type FetchLike as EsFetchLike, type FetchLikeResponse } from 'eventsource';
import type { FetchLike } from '../ports.js';
import { limitBody, MAX_FRAME_BYTES } from './frame-decoder.js';
import { dotSegmentProblem, errorMessage, parseJsonOrUndefined } from './http-client.js';

export type SseEnd =
  | {
      /** The server answered, but not with an event stream (4xx/5xx, HTML page, wrong content type). */
      readonly kind: 'http';
      readonly status: number;
      readonly text: string;
      readonly json: unknown;
    }
  /** Refused, reset, closed by the server, or body read failed. */
  | { readonly kind: 'dropped'; readonly message: string };

export interface SseHandlers {
  onOpen(): void;
  onData(data: string): void;
  onEnd(end: SseEnd): void;
}

export interface SseOptions {
  readonly url: string;
  readonly fetch: FetchLike;
  readonly headers?: Readonly<Record<string, string>>;
  readonly maxLineBytes?: number;
}

export interface SseHandle {
  close(): void;
}

const MAX_ERROR_BODY = 64 * 1024;

export function openSse(opts: SseOptions, handlers: SseHandlers): SseHandle {
  let finished = false;
  const refused = dotSegmentProblem(opts.url);
  if (refused) {
    // Never sent: the URL parser would resolve the dot segment to another endpoint. The model
    // shows why (its retries back off to the cap).
    queueMicrotask(() => {
      if (finished) return;
      finished = true;
      handlers.onEnd({ kind: 'dropped', message: refused });
    });
    return {
      close() {
        finished = true;
      },
    };
  }
  let captured: Extract<SseEnd, { kind: 'http' }> | null = null;

  const wrappedFetch: EsFetchLike = async (url, init) => {
    const res = await opts.fetch(url, {
      method: 'GET',
      headers: { ...init.headers, ...(opts.headers ?? {}) },
      cache: 'no-store',
      redirect: 'follow',
      signal: init.signal as AbortSignal,
    });
    const contentType = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || !contentType.startsWith('text/event-stream')) {
      let text = '';
      try {
        text = (await res.text()).slice(0, MAX_ERROR_BODY);
      } catch {
        // A body that fails mid-read still leaves us the status.
      }
      captured = { kind: 'http', status: res.status, text, json: parseJsonOrUndefined(text, contentType) };
      const stub: FetchLikeResponse = {
        body: null,
        url: res.url,
        status: res.status === 200 ? 200 : res.status,
        redirected: res.redirected,
        headers: res.headers,
      };
      return stub;
    }
    const body = res.body ? limitBody(res.body, opts.maxLineBytes ?? MAX_FRAME_BYTES) : null;
    const wrapped: FetchLikeResponse = { body, url: res.url, status: res.status, redirected: res.redirected, headers: res.headers };
    return wrapped;
  };

  const es = new EventSource(opts.url, { fetch: wrappedFetch });

  const finish = (end: SseEnd): void => {
    if (finished) return;
    finished = true;
    es.close();
    // eventsource arms its reconnect timer right after dispatching the error: clear it too.
    queueMicrotask(() => es.close());
    handlers.onEnd(end);
  };

  es.onopen = () => {
    if (!finished) handlers.onOpen();
  };
  es.onmessage = (ev: MessageEvent) => {
    if (!finished && typeof ev.data === 'string') handlers.onData(ev.data);
  };
  es.onerror = (ev) => {
    if (finished) return;
    if (captured) finish(captured);
    else finish({ kind: 'dropped', message: ev.message ? errorMessage(ev.message) : 'stream closed by the server' });
  };

  return {
    close() {
      if (finished) return;
      finished = true;
      es.close();
      queueMicrotask(() => es.close());
    },
  };
}
