// One SSE request: bytes from a ByteSource (byte-source.ts) → the line limiter (frame-decoder.ts) →
// UTF-8 decoding → `eventsource-parser` → onData per message. No reconnect here: the model connection
// runs the one reconnect policy, so every end is reported once and nothing is retried. The status
// and body of an answer that is not an event stream are captured (LLM-Manager's 400/404 say why).
import { createParser } from 'eventsource-parser';
import type { FetchLike } from '../ports.js';
import { fetchSource, type ByteSource } from './byte-source.js';
import { createByteLimiter, MAX_FRAME_BYTES } from './frame-decoder.js';
import { dotSegmentProblem, parseJsonOrUndefined } from './http-client.js';

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
  /** Where the bytes come from; without it, `fetch` is read through its response body. */
  readonly source?: ByteSource;
  readonly fetch?: FetchLike;
  readonly headers?: Readonly<Record<string, string>>;
  readonly maxLineBytes?: number;
}

export interface SseHandle {
  close(): void;
}

/** An error as one line: "TypeError: fetch failed: connect ECONNREFUSED …" (its causes joined). */
export function flattenError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if ('errors' in err && Array.isArray(err.errors)) return err.errors.map(flattenError).join(', ');
  if ('cause' in err && err.cause instanceof Error) return `${String(err)}: ${flattenError(err.cause)}`;
  return err.message;
}

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
  const source = opts.source ?? (opts.fetch ? fetchSource(opts.fetch) : null);
  if (!source) throw new Error('openSse needs a source or a fetch');

  const limiter = createByteLimiter(opts.maxLineBytes ?? MAX_FRAME_BYTES);
  const decoder = new TextDecoder();
  // Only unnamed (or "message") events are data; the limiter's dropped-frame remains come under a
  // name nobody reads.
  const parser = createParser({
    onEvent: (ev) => {
      if (!finished && (ev.event === undefined || ev.event === 'message')) handlers.onData(ev.data);
    },
  });

  let request: { close(): void } | null = null;
  const finish = (end: SseEnd): void => {
    if (finished) return;
    finished = true;
    request?.close();
    handlers.onEnd(end);
  };

  request = source(
    { url: opts.url, headers: { Accept: 'text/event-stream', ...(opts.headers ?? {}) } },
    {
      onStream: () => {
        if (!finished) handlers.onOpen();
      },
      onAnswer: (a) => finish({ kind: 'http', status: a.status, text: a.text, json: parseJsonOrUndefined(a.text, a.contentType) }),
      onChunk: (chunk) => {
        if (finished) return;
        const out = limiter.push(chunk);
        if (out !== null) parser.feed(decoder.decode(out, { stream: true }));
      },
      onEnd: (err) => finish({ kind: 'dropped', message: err === undefined ? 'stream closed by the server' : flattenError(err) || 'stream closed by the server' }),
    },
  );

  // A source that ended at once (synchronously) is closed now that its handle exists.
  if (finished) request.close();
  const opened = request;
  return {
    close() {
      if (finished) return;
      finished = true;
      opened.close();
    },
  };
}
