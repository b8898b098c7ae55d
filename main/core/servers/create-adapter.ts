// Probe a server and build the adapter for its generation.
import type { Clock, FetchLike } from '../ports.js';
import type { Generation } from '../types.js';
import { createHttpClient, type HttpClient } from '../stream/http-client.js';
import type { ServerAdapter } from './adapter.js';
import { probeGeneration } from './probe.js';
import { createV1Adapter } from './v1-adapter.js';
import { createV3Adapter } from './v3-adapter.js';
import { V3Progress } from './v3-session-stream.js';
import type { Result } from '../result.js';

/**
 * What a server's adapters remember across re-probes (a proxy's 502, an outage): without it, a new
 * adapter would not know which lines were delivered, and sessions that ran meanwhile would be skipped.
 */
export interface AdapterMemory {
  readonly v3: V3Progress;
}

export function createAdapterMemory(): AdapterMemory {
  return { v3: new V3Progress() };
}

export interface AdapterDeps {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch: FetchLike;
  /** For control requests a server may hold open for minutes (see HttpClientOptions.controlFetch). */
  readonly controlFetch?: FetchLike;
  readonly clock: Clock;
  /** Kept by the caller across re-probes of the same server (createAdapterMemory). */
  readonly memory?: AdapterMemory;
}

export function adapterFor(generation: Generation, version: string | null, http: HttpClient, clock: Clock, memory?: AdapterMemory): ServerAdapter {
  return generation === 'v3'
    ? createV3Adapter({ version, http, clock, ...(memory ? { progress: memory.v3 } : {}) })
    : createV1Adapter({ generation, version, http });
}

export type ConnectResult = Result<{ readonly adapter: ServerAdapter }>;

export async function connectServer(deps: AdapterDeps): Promise<ConnectResult> {
  const http = createHttpClient({
    baseUrl: deps.url,
    fetch: deps.fetch,
    clock: deps.clock,
    ...(deps.controlFetch ? { controlFetch: deps.controlFetch } : {}),
    ...(deps.headers ? { headers: deps.headers } : {}),
  });
  const probe = await probeGeneration(http);
  if (!probe.ok) return probe;
  return { ok: true, adapter: adapterFor(probe.generation, probe.version, http, deps.clock, deps.memory) };
}
