// The HTTP transport for every request the core makes when the caller brings no fetch of its own.
// Node's built-in fetch (undici inside) ends a response body that is silent for 300 s
// (UND_ERR_BODY_TIMEOUT, "terminated"). LLM-Manager sends no heartbeat and an idle model prints
// nothing, so every idle model's stream was cut every five minutes and reconnected with a full history
// replay. Its body-timeout timer also woke the process twice a second while any stream was open.
// This transport is undici's own fetch on an agent without the body timeout: the core's deadlines
// decide instead (a stream's headers within the stream deadline; every other request within its own
// timeout, body included; see http-client.ts). One transport per owner, closed with it.
import Agent from 'undici/lib/dispatcher/agent.js';
import { fetch as undiciFetch } from 'undici/lib/web/fetch/index.js';
import type { FetchLike } from '../ports.js';

export interface HttpTransport {
  readonly fetch: FetchLike;
  /** Closes the idle keep-alive sockets; requests still open are ended. */
  close(): Promise<void>;
}

export interface HttpTransportOptions {
  /** Milliseconds a response body may stay silent; 0 (the default) = no limit. */
  readonly bodyTimeoutMs?: number;
}

export function createHttpTransport(opts: HttpTransportOptions = {}): HttpTransport {
  const dispatcher = new Agent({ bodyTimeout: opts.bodyTimeoutMs ?? 0 });
  const transportFetch = ((input: Parameters<FetchLike>[0], init?: Parameters<FetchLike>[1]) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as FetchLike;
  return {
    fetch: transportFetch,
    close: () => dispatcher.destroy().catch(() => undefined),
  };
}
