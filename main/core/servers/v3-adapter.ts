// v3.x: statuses from the long-lived `/api/models/stream`, logs per *session*. The parts, one job each:
// v3-models.ts (model statuses and aliases), v3-lines.ts (sessions list and stored lines over HTTP),
// v3-session-stream.ts (one model's log stream, made whole from the database).
import type { Clock } from '../ports.js';
import type { ControlResult, ServerLogStats } from '../types.js';
import { describeReply, pathSegment, type HttpClient } from '../stream/http-client.js';
import type { LogStream, ServerAdapter } from './adapter.js';
import { v3ControlResult } from './control-result.js';
import { V3LinesApi } from './v3-lines.js';
import { V3ModelsFeed } from './v3-models.js';
import { V3Progress, V3SessionStream } from './v3-session-stream.js';
import { fail, type Result } from '../result.js';

export interface V3AdapterOptions {
  readonly version: string | null;
  readonly http: HttpClient;
  readonly clock: Clock;
  /** Most history lines fetched per (re)connection. */
  readonly historyCap?: number;
  /** Delivery progress kept across re-probes of the server (checked against the server before use). */
  readonly progress?: V3Progress;
}

// Model ids as path segments: dot segments percent-encoded (http-client.ts).
const enc = pathSegment;

export function createV3Adapter(opts: V3AdapterOptions): ServerAdapter {
  const { http, clock } = opts;
  const models = new V3ModelsFeed(http, clock);
  const deps = {
    http,
    clock,
    lines: new V3LinesApi(http),
    models,
    progress: opts.progress ?? new V3Progress(),
    historyCap: opts.historyCap ?? 20_000,
  };

  const health = async (): Promise<Result> => {
    const reply = await http.get('/health', 5_000);
    if (reply.kind !== 'reply') return fail(reply.message);
    if (reply.status === 200 && typeof reply.json === 'object' && reply.json !== null) {
      models.ensure();
      return { ok: true };
    }
    return fail(describeReply(reply));
  };

  const stopAll = async (names: readonly string[]): Promise<ControlResult> => {
    const targets = names.length > 0 ? names : models.running().map((m) => m.name);
    const failures: string[] = [];
    for (const m of targets) {
      const r = v3ControlResult(await http.post(`/api/models/${enc(m)}/stop`), 'stopping');
      if (!r.ok) failures.push(`${m}: ${r.message}`);
    }
    return failures.length === 0
      ? { ok: true, message: `stopping ${targets.length} model(s)` }
      : { ok: false, message: failures.join('; ') };
  };

  return {
    generation: 'v3',
    version: opts.version,
    reportsLifecycle: true,
    supports: { clear: false, stopAll: true, logStats: false },
    listModels: () => models.list(),
    openLogStream: (model, emit): LogStream => new V3SessionStream(deps, model, emit),
    start: async (m) => v3ControlResult(await http.post(`/api/models/${enc(m)}/start`), 'starting'),
    stop: async (m) => v3ControlResult(await http.post(`/api/models/${enc(m)}/stop`), 'stopping'),
    stopAll,
    clear: () => Promise.resolve({ ok: false, message: 'This server (LLM-Manager v3) has no endpoint to clear logs.' }),
    logStats: (): Promise<ServerLogStats | null> => Promise.resolve(null),
    health,
    onModels: (l) => models.subscribe(l),
    close: () => models.close(),
  };
}
