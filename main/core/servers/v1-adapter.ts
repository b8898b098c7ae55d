// v1-seed (Sept 2025), v1-oct (Oct 2025) and v2.x: one model log stream per alias with a full
// history replay on every connection. They differ in the status endpoint, the clear endpoint's
// shape and the health path.
import type { ControlResult, Generation, ServerLogStats } from '../types.js';
import { decodeV1Frame, decodeV1Line, v1LineOf } from '../stream/frame-decoder.js';
import { describeReply, messageFromJson, pathSegment, type HttpClient } from '../stream/http-client.js';
import { openSse } from '../stream/sse-connection.js';
import {
  lifecycleFromNotRunning,
  toLifecycle,
  type LogStream,
  type ModelListResult,
  type RemoteModel,
  type ServerAdapter,
  type StreamEvent,
} from './adapter.js';
import { v1ControlResult } from './control-result.js';
import { isRecord } from '../guards.js';
import { fail, type Result } from '../result.js';

export interface V1AdapterOptions {
  readonly generation: Exclude<Generation, 'v3'>;
  readonly version: string | null;
  readonly http: HttpClient;
}

// Model ids as path segments: dot segments percent-encoded (http-client.ts).
const enc = pathSegment;

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function createV1Adapter(opts: V1AdapterOptions): ServerAdapter {
  const { http, generation } = opts;
  const seed = generation === 'v1-seed';

  const listModels = async (): Promise<ModelListResult> => {
    if (seed) {
      const reply = await http.get('/v1/models');
      if (reply.kind !== 'reply' || reply.status !== 200 || !isRecord(reply.json) || !Array.isArray(reply.json.data)) {
        return { ok: false, message: `model list: ${describeReply(reply)}` };
      }
      const models: RemoteModel[] = [];
      for (const m of reply.json.data) {
        if (!isRecord(m) || typeof m.id !== 'string') continue;
        const aliases = strings(m.aliases);
        models.push({
          name: m.id,
          aliases: aliases.length > 0 ? aliases : [m.id],
          ...(typeof m.mode === 'string' ? { mode: m.mode } : {}),
          lifecycle: 'unknown',
          failureReason: null,
        });
      }
      return { ok: true, models };
    }
    const reply = await http.get('/api/models/all-models/info');
    if (reply.kind !== 'reply' || reply.status !== 200 || !isRecord(reply.json) || !isRecord(reply.json.models)) {
      return { ok: false, message: `model list: ${describeReply(reply)}` };
    }
    const models: RemoteModel[] = [];
    for (const [name, info] of Object.entries(reply.json.models)) {
      if (!isRecord(info)) continue;
      const aliases = strings(info.aliases);
      models.push({
        name,
        aliases: aliases.length > 0 ? aliases : [name],
        ...(typeof info.mode === 'string' ? { mode: info.mode } : {}),
        lifecycle: toLifecycle(info.status),
        failureReason: typeof info.failure_reason === 'string' ? info.failure_reason : null,
      });
    }
    return { ok: true, models };
  };

  const openLogStream = (model: string, emit: (e: StreamEvent) => void): LogStream => {
    let ended = false;
    const end = (e: StreamEvent): void => {
      if (ended) return;
      ended = true;
      handle.close();
      emit(e);
    };
    const handle = openSse(
      { url: http.url(`/api/models/${enc(model)}/logs/stream`), source: http.streamSource, headers: http.headers },
      {
        onOpen: () => emit({ kind: 'open' }),
        onData: (data) => {
          if (ended) return;
          // Every line: the frame straight to its event (the event is the logbook's IncomingLine).
          const line = decodeV1Line(data);
          if (line !== null) {
            emit(line);
            return;
          }
          const d = decodeV1Frame(data);
          if (d.kind === 'bad') {
            emit({ kind: 'bad-frame', bad: d.bad, detail: d.detail });
            return;
          }
          const f = d.frame;
          switch (f.kind) {
            case 'historical':
            case 'realtime':
              // Only a line decodeV1Line left alone (invalid UTF-8) comes here.
              emit(v1LineOf(f.kind, f.log));
              break;
            case 'historical_complete':
              emit({ kind: 'history-complete' });
              break;
            case 'error':
              end({ kind: 'server-error', message: f.message });
              return;
            case 'stream_end':
              end({ kind: 'dropped', message: 'the server ended the stream' });
              return;
          }
          if (d.invalidUtf8) emit({ kind: 'bad-frame', bad: 'invalid-utf8', detail: 'a line contained invalid UTF-8' });
        },
        onEnd: (e) => {
          if (e.kind === 'dropped') return end({ kind: 'dropped', message: e.message });
          const msg = messageFromJson(e.json) ?? describeReply({ kind: 'reply', status: e.status, json: e.json, text: e.text });
          if (e.status === 404 && e.json !== undefined) return end({ kind: 'unknown-model', message: msg });
          if (e.status === 400 && e.json !== undefined && !/'model' 字段/.test(msg)) {
            const lifecycle = lifecycleFromNotRunning(msg);
            return end({ kind: 'not-running', lifecycle, message: msg });
          }
          end({ kind: 'http-error', status: e.status, message: describeReply({ kind: 'reply', status: e.status, json: e.json, text: e.text }) });
        },
      },
    );
    return {
      close() {
        ended = true;
        handle.close();
      },
    };
  };

  const control = async (path: string, ok: string): Promise<ControlResult> => v1ControlResult(await http.post(path), ok);

  const logStats = async (): Promise<ServerLogStats | null> => {
    const reply = await http.get('/api/logs/stats');
    if (reply.kind !== 'reply' || reply.status !== 200 || !isRecord(reply.json) || reply.json.success !== true) return null;
    const stats = reply.json.stats;
    if (!isRecord(stats)) return null;
    const perModel: Record<string, { entries: number; subscribers: number }> = {};
    if (isRecord(stats.model_stats)) {
      for (const [name, s] of Object.entries(stats.model_stats)) {
        if (!isRecord(s)) continue;
        perModel[name] = {
          entries: typeof s.log_count === 'number' ? s.log_count : 0,
          subscribers: typeof s.subscriber_count === 'number' ? s.subscriber_count : 0,
        };
      }
    }
    return {
      totalEntries: typeof stats.total_log_entries === 'number' ? stats.total_log_entries : 0,
      totalSubscribers: typeof stats.total_subscribers === 'number' ? stats.total_subscribers : 0,
      perModel,
    };
  };

  const health = async (): Promise<Result> => {
    const reply = await http.get(generation === 'v2' ? '/api/health' : '/health', 5_000);
    if (reply.kind !== 'reply') return fail(reply.message);
    if (reply.status === 200 && isRecord(reply.json) && typeof reply.json.status === 'string') return { ok: true };
    return fail(describeReply(reply));
  };

  return {
    generation,
    version: opts.version,
    reportsLifecycle: !seed,
    supports: { clear: true, stopAll: true, logStats: true },
    listModels,
    openLogStream,
    start: (m) => control(`/api/models/${enc(m)}/start`, 'started'),
    stop: (m) => control(`/api/models/${enc(m)}/stop`, 'stopped'),
    stopAll: () => control('/api/models/stop-all', 'all models stopped'),
    clear: (m, keep) => {
      const n = Math.max(0, Math.floor(keep));
      return control(seed ? `/api/logs/${enc(m)}/clear?keep_minutes=${n}` : `/api/logs/${enc(m)}/clear/${n}`, 'cleared');
    },
    logStats,
    health,
    close: () => {},
  };
}
