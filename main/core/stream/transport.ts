// The HTTP transport for every request the core makes when the caller brings no fetch of its own.
// Node's built-in fetch (undici inside) ends a response body that is silent for 300 s
// (UND_ERR_BODY_TIMEOUT, "terminated"). LLM-Manager sends no heartbeat and an idle model prints
// nothing, so every idle model's stream was cut every five minutes and reconnected with a full history
// replay. Its body-timeout timer also woke the process twice a second while any stream was open.
// This transport is undici's own fetch on an agent without the body timeout: the core's deadlines
// decide instead (a stream's headers within the stream deadline; every other request within its own
// timeout, body included; see http-client.ts). One transport per owner, closed with it.
//
// Event streams take a cheaper road on the same agent (`byteSource`, carried by `fetch`, see
// byte-source.ts): undici's dispatcher with a handler that gets each body chunk as the socket
// delivers it, instead of fetch's web ReadableStream with a promise per chunk.
import Agent from 'undici/lib/dispatcher/agent.js';
import { fetch as undiciFetch } from 'undici/lib/web/fetch/index.js';
import type { FetchLike } from '../ports.js';
import { fetchSource, isEventStream, MAX_ANSWER_BYTES, withByteSource, type ByteSource } from './byte-source.js';

export interface HttpTransport {
  /** Carries `byteSource` for event streams (byteSourceOf). */
  readonly fetch: FetchLike;
  readonly byteSource: ByteSource;
  /** Closes the idle keep-alive sockets; requests still open are ended. */
  close(): Promise<void>;
}

export interface HttpTransportOptions {
  /** Milliseconds a response body may stay silent; 0 (the default) = no limit. */
  readonly bodyTimeoutMs?: number;
}

type Dispatcher = InstanceType<typeof Agent>;
type DispatchController = Parameters<NonNullable<Parameters<Dispatcher['dispatch']>[1]['onRequestStart']>>[0];

function headerValue(v: string | string[] | undefined): string {
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/**
 * An event stream through the dispatcher. Anything that is not a plain 200/other answer — a
 * redirect — is handed to `viaFetch` (fetch follows redirects; the stream is asked for again there).
 */
function dispatchSource(dispatcher: Dispatcher, viaFetch: ByteSource): ByteSource {
  return (req, sink) => {
    let closed = false;
    let controller: DispatchController | null = null;
    let fallback: { close(): void } | null = null;
    /** The head arrived: later failures are the body's ("terminated"), as fetch reports them. */
    let headSeen = false;
    let answer: { status: number; contentType: string; parts: Buffer[]; bytes: number } | null = null;
    let url: URL;
    try {
      url = new URL(req.url);
    } catch (err) {
      queueMicrotask(() => {
        if (!closed) sink.onEnd(new TypeError('fetch failed', { cause: err }));
      });
      return { close: () => void (closed = true) };
    }
    const fail = (err: Error): void => {
      if (closed) return;
      closed = true;
      sink.onEnd(new TypeError(headSeen ? 'terminated' : 'fetch failed', { cause: err }));
    };
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { 'cache-control': 'no-cache', ...req.headers },
      },
      {
        onRequestStart(c) {
          controller = c;
          if (closed) c.abort(new Error('closed'));
        },
        onResponseStart(c, status, headers) {
          if (closed) return;
          if (status >= 300 && status < 400 && headers.location !== undefined) {
            // Redirects are rare for a stream (a proxy): fetch follows them.
            closed = true;
            c.abort(new Error('redirected'));
            fallback = viaFetch(req, sink);
            return;
          }
          headSeen = true;
          const contentType = headerValue(headers['content-type']);
          if (isEventStream(status, contentType)) sink.onStream();
          else answer = { status, contentType, parts: [], bytes: 0 };
        },
        onResponseData(c, chunk) {
          if (closed) return;
          if (answer === null) {
            sink.onChunk(chunk);
            return;
          }
          answer.parts.push(chunk);
          answer.bytes += chunk.length;
          if (answer.bytes >= MAX_ANSWER_BYTES) {
            const a = answer;
            closed = true;
            c.abort(new Error('answer read'));
            sink.onAnswer({ status: a.status, contentType: a.contentType, text: Buffer.concat(a.parts).toString('utf8').slice(0, MAX_ANSWER_BYTES) });
          }
        },
        onResponseEnd() {
          if (closed) return;
          closed = true;
          if (answer === null) {
            sink.onEnd();
            return;
          }
          sink.onAnswer({ status: answer.status, contentType: answer.contentType, text: Buffer.concat(answer.parts).toString('utf8').slice(0, MAX_ANSWER_BYTES) });
        },
        onResponseError(_c, err) {
          if (answer !== null && !closed) {
            // A body that fails mid-read still leaves us the status.
            closed = true;
            sink.onAnswer({ status: answer.status, contentType: answer.contentType, text: Buffer.concat(answer.parts).toString('utf8').slice(0, MAX_ANSWER_BYTES) });
            return;
          }
          fail(err);
        },
      },
    );
    return {
      close() {
        if (fallback) fallback.close();
        if (closed) return;
        closed = true;
        controller?.abort(new Error('closed'));
      },
    };
  };
}

export function createHttpTransport(opts: HttpTransportOptions = {}): HttpTransport {
  const dispatcher = new Agent({ bodyTimeout: opts.bodyTimeoutMs ?? 0 });
  const plainFetch = ((input: Parameters<FetchLike>[0], init?: Parameters<FetchLike>[1]) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as FetchLike;
  const byteSource = dispatchSource(dispatcher, fetchSource(plainFetch));
  return {
    fetch: withByteSource(plainFetch, byteSource),
    byteSource,
    close: () => dispatcher.destroy().catch(() => undefined),
  };
}
