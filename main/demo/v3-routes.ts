// HTTP surface of the v3 generation (v3.1.1): sessions API, model status stream, 202 controls.
import {
  MISSING_MODEL,
  WEBUI_HTML,
  bodyModel,
  parseIntParam,
  readBody,
  sendEmpty,
  sendHtml,
  sendJson,
  type RequestInfo,
} from './http-util.js';
import type { ModelState } from './model-runtime.js';
import { compactJson, pyFloat } from './python-json.js';
import type { ServerCore } from './server-core.js';
import { V3_LEVELS, v3LineObject, type V3Level } from './v3-log-hub.js';

export const V3_VERSION = '3.1.1';
const SESSION_GONE = { detail: '会话不存在' };

function unknownModel(alias: string): { detail: string } {
  return { detail: `模型别名 '${alias}' 未在配置中找到` };
}

export function modelInfoV3(m: ModelState): Record<string, unknown> {
  return {
    alias: m.def.name,
    mode: m.def.mode,
    port: m.def.port,
    auto_start: m.def.autoStart,
    status: m.status,
    pid: m.pid,
    pending: 0,
    failure_reason: m.failureReason,
    started_at: m.status === 'routing' && m.startedAt !== null ? pyFloat(m.startedAt) : null,
    last_access: pyFloat(m.lastAccess ?? 0),
  };
}

export function modelsSnapshotV3(models: readonly ModelState[]): string {
  return compactJson({ data: models.map(modelInfoV3) });
}

type Validated<T> = { ok: true; value: T } | { ok: false; error: Record<string, unknown> };

function intQuery(query: URLSearchParams, name: string, def: number | undefined, min: number, max: number): Validated<number | undefined> {
  const raw = query.get(name);
  if (raw === null) return { ok: true, value: def };
  const n = parseIntParam(raw);
  if (n === null) {
    return {
      ok: false,
      error: { type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw },
    };
  }
  if (n < min) {
    return { ok: false, error: { type: 'greater_than_equal', loc: ['query', name], msg: `Input should be greater than or equal to ${min}`, input: raw, ctx: { ge: min } } };
  }
  if (n > max) {
    return { ok: false, error: { type: 'less_than_equal', loc: ['query', name], msg: `Input should be less than or equal to ${max}`, input: raw, ctx: { le: max } } };
  }
  return { ok: true, value: n };
}

function levelQuery(query: URLSearchParams): Validated<V3Level | null> {
  const raw = query.get('level');
  if (raw === null || raw === '') return { ok: true, value: null };
  if ((V3_LEVELS as readonly string[]).includes(raw)) return { ok: true, value: raw as V3Level };
  return {
    ok: false,
    error: {
      type: 'literal_error',
      loc: ['query', 'level'],
      msg: "Input should be 'info', 'ok', 'warn' or 'error'",
      input: raw,
      ctx: { expected: "'info', 'ok', 'warn' or 'error'" },
    },
  };
}

export async function handleV3(core: ServerCore, info: RequestInfo): Promise<void> {
  const { res, method, path, query } = info;
  const seg = path.split('/').slice(1).map((s) => decodeURIComponent(s));
  const rt = core.runtime;
  const hub = core.v3;

  if (method === 'GET') {
    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (path === '/api/system/info') {
      const now = core.now() / 1000;
      return sendJson(res, 200, {
        version: V3_VERSION,
        started_at: pyFloat(core.startedAt()),
        uptime_s: pyFloat(Math.max(0, now - core.startedAt())),
        db_size_bytes: 4096,
      });
    }
    if (path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: rt.list().map((m) => ({ id: m.def.aliases[0] ?? m.def.name, object: 'model' })) });
    }
    if (path === '/api/config/models') {
      // The only place v3 lists every alias of a model (the models stream names the first one).
      return sendJson(
        res,
        200,
        rt.list().map((m) => ({
          name: m.def.name,
          mode: m.def.mode,
          port: m.def.port,
          auto_start: m.def.autoStart,
          aliases: [...m.def.aliases],
          schemes: ['CPU'],
        })),
      );
    }
    if (path === '/api/models/stream') {
      const ch = core.newChannel(res, 'models');
      ch.open(200, [['content-type', 'text/event-stream; charset=utf-8']]);
      const snap = core.modelsSnapshot();
      // The real endpoint sends its first snapshot twice.
      ch.write(`data: ${snap}\n\n`);
      ch.write(`data: ${snap}\n\n`);
      core.modelStreams.add(ch);
      ch.onClose(() => core.modelStreams.delete(ch));
      return;
    }
    if (path === '/api/devices') {
      return sendJson(res, 200, {
        data: [
          {
            device_name: 'CPU',
            device_type: 'CPU',
            memory_type: 'RAM',
            total_memory_mb: 24105,
            available_memory_mb: 23195,
            used_memory_mb: 910,
            usage_percentage: pyFloat(0),
            temperature_celsius: null,
            freq_mhz: pyFloat(2300),
            power_watts: null,
          },
        ],
      });
    }
    if (path === '/api/logs/sessions') {
      const limit = intQuery(query, 'limit', 50, 1, 1000);
      const before = intQuery(query, 'before', undefined, 0, Number.MAX_SAFE_INTEGER);
      if (!limit.ok) return sendJson(res, 422, { detail: [limit.error] });
      if (!before.ok) return sendJson(res, 422, { detail: [before.error] });
      const modelQ = query.get('model');
      let modelName: string | undefined;
      if (modelQ) {
        const m = rt.find(modelQ);
        if (!m) return sendJson(res, 404, unknownModel(modelQ));
        modelName = m.def.name;
      }
      const type = query.get('type') ?? undefined;
      const list = hub.list({
        limit: limit.value ?? 50,
        ...(type ? { type } : {}),
        ...(modelName ? { model: modelName } : {}),
        ...(before.value !== undefined ? { before: before.value } : {}),
      });
      return sendJson(res, 200, list.map((s) => hub.sessionJson(s)));
    }
    if (path === '/api/logs/search') {
      const limit = intQuery(query, 'limit', 500, 1, 5000);
      if (!limit.ok) return sendJson(res, 422, { detail: [limit.error] });
      const level = levelQuery(query);
      if (!level.ok) return sendJson(res, 422, { detail: [level.error] });
      const sid = intQuery(query, 'session_id', undefined, 0, Number.MAX_SAFE_INTEGER);
      if (!sid.ok) return sendJson(res, 422, { detail: [sid.error] });
      const modelQ = query.get('model');
      const modelName = modelQ ? (rt.find(modelQ)?.def.name ?? modelQ) : undefined;
      const type = query.get('type');
      const found = hub.search(query.get('q') ?? '', {
        ...(type ? { type } : {}),
        ...(modelName ? { model: modelName } : {}),
        ...(sid.value !== undefined ? { sessionId: sid.value } : {}),
        ...(level.value ? { level: level.value } : {}),
      });
      return sendJson(res, 200, {
        total: found.length,
        matches: found.slice(0, limit.value ?? 500).map((f) => ({ session_id: f.session.id, line: v3LineObject(f.line) })),
      });
    }
    if (seg.length === 5 && seg[0] === 'api' && seg[1] === 'logs' && seg[2] === 'sessions' && (seg[4] === 'lines' || seg[4] === 'stream')) {
      const sidRaw = seg[3] ?? '';
      const sid = parseIntParam(sidRaw);
      if (sid === null) {
        return sendJson(res, 422, {
          detail: [{ type: 'int_parsing', loc: ['path', 'sid'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: sidRaw }],
        });
      }
      const level = levelQuery(query);
      if (!level.ok) return sendJson(res, 422, { detail: [level.error] });
      const session = hub.find(sid);
      if (seg[4] === 'lines') {
        const limit = intQuery(query, 'limit', 1500, 1, 5000);
        if (!limit.ok) return sendJson(res, 422, { detail: [limit.error] });
        const before = intQuery(query, 'before', undefined, 0, Number.MAX_SAFE_INTEGER);
        if (!before.ok) return sendJson(res, 422, { detail: [before.error] });
        if (!session) return sendJson(res, 404, SESSION_GONE);
        const lines = hub.lines(session, before.value, limit.value ?? 1500, level.value);
        return sendJson(res, 200, lines.map(v3LineObject));
      }
      // Only live sessions can be streamed.
      if (!session || session.end !== null) return sendJson(res, 404, SESSION_GONE);
      const ch = core.newChannel(res);
      ch.open(200, [['content-type', 'text/event-stream; charset=utf-8']]);
      hub.subscribe(session, ch, level.value);
      return;
    }
    if (path.startsWith('/api/')) return sendJson(res, 404, { detail: 'Not Found' });
    return sendHtml(res, 200, WEBUI_HTML);
  }

  if (method === 'POST' && seg.length === 4 && seg[0] === 'api' && seg[1] === 'models' && ['start', 'stop', 'restart'].includes(seg[3] ?? '')) {
    const alias = seg[2] ?? '';
    const m = rt.find(alias);
    if (!m) return sendJson(res, 404, unknownModel(alias));
    const action = seg[3];
    if (action === 'start') {
      if (m.status === 'routing') return sendJson(res, 409, { detail: `model '${m.def.name}' already routing` });
      void rt.start(m);
    } else if (action === 'stop') {
      rt.stop(m);
    } else {
      rt.stop(m);
      void rt.start(m);
    }
    return sendEmpty(res, 202);
  }

  // Proxy catch-all (POST and other methods).
  const model = bodyModel(await readBody(info.req));
  if (model === null) return sendJson(res, 400, MISSING_MODEL);
  const m = rt.find(model);
  if (!m) return sendJson(res, 404, unknownModel(model));
  if (m.status !== 'routing' || !m.alive) return sendJson(res, 503, { detail: `model '${m.def.name}' not routing (status=${m.status})` });
  rt.touch(m);
  core.childLine(m.def, { text: `srv  log_server_r: request: ${method} ${path} 127.0.0.1 200`, stream: 'out' });
  return sendJson(res, 200, {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(core.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'length' }],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  });
}
