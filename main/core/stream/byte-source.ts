// Where an SSE connection's bytes come from. One SSE parsing path (sse-connection.ts) reads from a
// ByteSource; there are two:
// - fetchSource: any FetchLike (an injected fetch in tests or the monitor's `fetch` option): the
//   response body read through its web ReadableStream reader, one promise per chunk.
// - the transport's own source (transport.ts): undici's dispatcher with a handler, each chunk handed
//   on synchronously as the socket delivers it (no web stream, no promise per chunk). An idle machine
//   delivers every live log line as its own chunk, so this per-chunk cost is paid per line.
// A FetchLike made by the transport carries its fast source (withByteSource); the HTTP client uses it
// when present, with the same deadline as for fetch: a stream's head within the stream deadline, and
// an error body read within it too.
import type { Clock, FetchLike } from '../ports.js';

/** An answer that is not an event stream, its body read (capped) and decoded. */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export interface ByteSink {
  /** 200 with an event-stream content type: chunks follow. */
  onStream(): void;
  /** Any other answer (status, wrong content type, 204): the last call. */
  onAnswer(answer: HttpAnswer): void;
  onChunk(chunk: Uint8Array): void;
  /**
   * The request or the body ended: `error` undefined when the server ended the body, else what went
   * wrong (before the head: a TypeError "fetch failed" with the cause; in the body: "terminated"
   * with the cause — the errors fetch gives). Never called after close().
   */
  onEnd(error?: unknown): void;
}

export interface ByteRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Opens one request; close() aborts it (idempotent; no sink call after it). */
export type ByteSource = (req: ByteRequest, sink: ByteSink) => { close(): void };

/** An error body is never read beyond this. */
export const MAX_ANSWER_BYTES = 64 * 1024;

export function isEventStream(status: number, contentType: string): boolean {
  return status === 200 && contentType.startsWith('text/event-stream');
}

/** The bytes through a FetchLike's response body reader. */
export function fetchSource(fetchImpl: FetchLike): ByteSource {
  return (req, sink) => {
    const controller = new AbortController();
    let closed = false;
    void (async () => {
      const res = await fetchImpl(req.url, { method: 'GET', headers: req.headers, cache: 'no-store', redirect: 'follow', signal: controller.signal });
      if (closed) return;
      const contentType = res.headers.get('content-type') ?? '';
      if (!isEventStream(res.status, contentType)) {
        let text = '';
        try {
          text = (await res.text()).slice(0, MAX_ANSWER_BYTES);
        } catch {
          // A body that fails mid-read still leaves us the status.
        }
        if (!closed) sink.onAnswer({ status: res.status, contentType, text });
        return;
      }
      sink.onStream();
      if (closed) return;
      if (!res.body) throw new Error('Invalid response body, expected a web ReadableStream');
      const reader = res.body.getReader();
      controller.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
      for (;;) {
        const r = await reader.read();
        if (closed) return;
        if (r.done) break;
        sink.onChunk(r.value);
        if (closed) return;
      }
      sink.onEnd();
    })().catch((err: unknown) => {
      if (!closed) sink.onEnd(err);
    });
    return {
      close() {
        if (closed) return;
        closed = true;
        controller.abort();
      },
    };
  };
}

/**
 * The stream deadline around any source: no head (or, for an answer that is not a stream, no full
 * error body) within `timeoutMs` ends the request with "no answer within N s".
 */
export function withHeadDeadline(source: ByteSource, clock: Clock, timeoutMs: number): ByteSource {
  return (req, sink) => {
    let done = false;
    let timer: ReturnType<Clock['setTimeout']> | null = null;
    const settle = (): void => {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    };
    const inner = source(req, {
      onStream: () => {
        settle();
        sink.onStream();
      },
      onAnswer: (a) => {
        settle();
        if (done) return;
        done = true;
        sink.onAnswer(a);
      },
      onChunk: (c) => sink.onChunk(c),
      onEnd: (e) => {
        settle();
        if (done) return;
        done = true;
        sink.onEnd(e);
      },
    });
    // A source may end at once (a request it cannot send): then there is nothing to wait for.
    if (done) return inner;
    timer = clock.setTimeout(() => {
      timer = null;
      if (done) return;
      done = true;
      inner.close();
      sink.onEnd(new Error(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    return {
      close() {
        done = true;
        settle();
        inner.close();
      },
    };
  };
}

const BYTE_SOURCE = Symbol('llt.byteSource');

/** A fetch that also offers a cheaper byte source for event streams (the transport's). */
export function withByteSource(fetchImpl: FetchLike, source: ByteSource): FetchLike {
  return Object.assign(fetchImpl, { [BYTE_SOURCE]: source });
}

/** The byte source a fetch carries, or null (any other fetch is read through fetchSource). */
export function byteSourceOf(fetchImpl: FetchLike): ByteSource | null {
  const s = (fetchImpl as FetchLike & { [BYTE_SOURCE]?: ByteSource })[BYTE_SOURCE];
  return typeof s === 'function' ? s : null;
}
