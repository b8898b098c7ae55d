// HTTP surface of the v1-seed, v1-oct and v2 generations (FastAPI app with an OpenAI proxy catch-all).
import { requestLine } from './behaviors.js';
import type { ModelDef } from './demo-types.js';
import {
  MISSING_MODEL,
  WEBUI_HTML,
  bodyModel,
  parseIntParam,
  readBody,
  sendHtml,
  sendJson,
  type RequestInfo,
} from './http-util.js';
import { launchCommand } from './behaviors.js';
import type { ModelState } from './model-runtime.js';
import { pyFloat, pythonJson } from './python-json.js';
import type { ServerCore } from './server-core.js';

const STREAMABLE = new Set(['routing', 'starting', 'init_script', 'health_check']);
export const V2_VERSION = '2.7.0';

function notFound(alias: string): string {
  return `模型别名 '${alias}' 未找到`;
}

function modelInfo(core: ServerCore, m: ModelState): Record<string, unknown> {
  const def = m.def;
  const available = def.failToStart === null;
  const idle =
    m.status === 'routing' && m.lastAccess !== null ? String(Math.max(0, Math.floor(core.now() / 1000 - m.lastAccess))) : 'N/A';
  return {
    aliases: def.aliases,
    status: m.status,
    pid: m.pid,
    idle_time_sec: idle,
    mode: def.mode,
    is_available: available,
    current_bat_path: available ? launchCommand(def) : '无可用配置',
    config_source: available ? 'CPU' : 'N/A',
    failure_reason: m.failureReason,
    pending_requests: 0,
  };
}

function runningCount(core: ServerCore): number {
  return core.runtime.list().filter((m) => m.status === 'routing').length;
}

const DEVICES_INFO = {
  success: true,
  devices: {
    CPU: {
      online: true,
      info: { device_type: 'CPU', memory_type: 'RAM', total_memory_mb: 24105, available_memory_mb: 23657, used_memory_mb: 171, usage_percentage: pyFloat(1.9) },
    },
    v100: {
      online: false,
      info: { device_type: 'GPU', memory_type: 'VRAM', total_memory_mb: 0, available_memory_mb: 0, used_memory_mb: 0, usage_percentage: pyFloat(0) },
    },
    'rtx 4060': {
      online: false,
      info: { device_type: 'GPU', memory_type: 'VRAM', total_memory_mb: 0, available_memory_mb: 0, used_memory_mb: 0, usage_percentage: pyFloat(0) },
    },
  },
};

async function startMessage(core: ServerCore, m: ModelState): Promise<{ success: boolean; message: string }> {
  const r = await core.runtime.start(m);
  if (r.kind === 'already') return { success: true, message: `模型 '${m.def.name}' 已在运行` };
  if (r.kind === 'ok') return { success: true, message: `模型 ${m.def.name} 启动成功` };
  return { success: false, message: r.message };
}

/** The real v1-oct / v2 model list's answer while the server shuts down (DemoFault 'executor-shutdown'). */
const EXECUTOR_SHUTDOWN_ERROR = '服务器内部错误: cannot schedule new futures after shutdown';

export async function handleV1(core: ServerCore, info: RequestInfo): Promise<void> {
  const { res, method, path, query } = info;
  const gen = core.generation;
  const seg = path.split('/').slice(1).map((s) => decodeURIComponent(s));
  const rt = core.runtime;

  if (method === 'GET') {
    if (path === '/') {
      return sendJson(res, 200, {
        message: 'LLM-Manager API Server',
        version: gen === 'v2' ? V2_VERSION : '1.0.0',
        models_url: '/v1/models',
      });
    }
    if ((path === '/health' && gen !== 'v2') || (path === '/api/health' && gen === 'v2')) {
      const body: Record<string, unknown> = { status: 'healthy' };
      if (gen === 'v2') body['role'] = 'Manager';
      body['models_count'] = rt.list().length;
      body['running_models'] = runningCount(core);
      return sendJson(res, 200, body);
    }
    if (path === '/api/info' && gen === 'v2') {
      return sendJson(res, 200, { success: true, name: 'LLM-Manager', version: V2_VERSION });
    }
    if (path === '/v1/models') {
      const created = Math.floor(core.now() / 1000);
      return sendJson(res, 200, {
        object: 'list',
        data: rt.list().map((m) => ({ id: m.def.name, object: 'model', created, owned_by: 'user', aliases: m.def.aliases, mode: m.def.mode })),
      });
    }
    if (gen !== 'v1-seed' && seg.length === 4 && seg[0] === 'api' && seg[1] === 'models' && seg[3] === 'info') {
      const alias = seg[2] ?? '';
      if (alias === 'all-models') {
        if (core.fault()?.kind === 'executor-shutdown') return sendJson(res, 500, { success: false, error: EXECUTOR_SHUTDOWN_ERROR });
        const models: Record<string, unknown> = {};
        for (const m of rt.list()) models[m.def.name] = modelInfo(core, m);
        return sendJson(res, 200, {
          success: true,
          models,
          total_models: rt.list().length,
          running_models: runningCount(core),
          total_pending_requests: 0,
        });
      }
      const m = rt.find(alias);
      if (!m) return sendJson(res, 404, { success: false, error: notFound(alias) });
      return sendJson(res, 200, { success: true, model: modelInfo(core, m) });
    }
    if (seg.length === 5 && seg[0] === 'api' && seg[1] === 'models' && seg[3] === 'logs' && seg[4] === 'stream') {
      const alias = seg[2] ?? '';
      const m = rt.find(alias);
      if (!m) return sendJson(res, 404, { error: notFound(alias) });
      if (!STREAMABLE.has(m.status)) {
        return sendJson(res, 400, { error: `模型 '${alias}' 未启动或已停止 (当前状态: ${m.status})` });
      }
      const ch = core.newChannel(res);
      ch.open(200, [
        ['cache-control', 'no-cache'],
        ['connection', 'keep-alive'],
        ['access-control-allow-origin', '*'],
        ['access-control-allow-headers', '*'],
        ['content-type', 'text/event-stream; charset=utf-8'],
      ]);
      core.v1.open(m.def.name, ch);
      return;
    }
    if (path === '/api/logs/stats') {
      const model_stats: Record<string, unknown> = {};
      let entries = 0;
      let subs = 0;
      for (const m of rt.list()) {
        const log_count = core.v1.entries(m.def.name).length;
        const subscriber_count = core.v1.subscriberCount(m.def.name);
        entries += log_count;
        subs += subscriber_count;
        model_stats[m.def.name] = { log_count, subscriber_count };
      }
      return sendJson(res, 200, {
        success: true,
        stats: { total_models: rt.list().length, total_log_entries: entries, total_subscribers: subs, model_stats },
      });
    }
    if (path === '/api/devices/info') return sendJson(res, 200, DEVICES_INFO);
    if (gen === 'v2' && !path.startsWith('/api')) return sendHtml(res, 200, WEBUI_HTML);
  }

  if (method === 'POST') {
    if (path === '/api/models/stop-all') {
      for (const m of rt.list()) rt.stop(m);
      return sendJson(res, 200, { success: true, message: '所有模型已关闭' });
    }
    if (path === '/api/models/restart-autostart') {
      for (const m of rt.list()) rt.stop(m);
      await new Promise<void>((r) => core.timers.set(r, core.restartPauseMs()));
      const started: string[] = [];
      for (const m of rt.list().filter((x) => x.def.autoStart)) {
        const r = await rt.start(m);
        if (r.kind !== 'failed') started.push(m.def.name);
      }
      return sendJson(res, 200, { success: true, message: `已重启 ${started.length} 个autostart模型`, started_models: started });
    }
    if (seg.length === 4 && seg[0] === 'api' && seg[1] === 'models' && (seg[3] === 'start' || seg[3] === 'stop')) {
      const alias = seg[2] ?? '';
      const m = rt.find(alias);
      if (!m) return sendJson(res, 200, { success: false, message: notFound(alias) });
      if (seg[3] === 'start') return sendJson(res, 200, await startMessage(core, m));
      const stopped = rt.stop(m);
      return sendJson(res, 200, {
        success: true,
        message: stopped ? `模型 ${m.def.name} 已停止` : `模型 '${m.def.name}' 已停止或失败`,
      });
    }
    const clearSeed = gen === 'v1-seed' && seg.length === 4 && seg[0] === 'api' && seg[1] === 'logs' && seg[3] === 'clear';
    const clearPath = gen !== 'v1-seed' && seg.length === 5 && seg[0] === 'api' && seg[1] === 'logs' && seg[3] === 'clear';
    if (clearSeed || clearPath) {
      const alias = seg[2] ?? '';
      const raw = clearSeed ? (query.get('keep_minutes') ?? '0') : (seg[4] ?? '');
      const keep = parseIntParam(raw);
      if (keep === null) {
        return sendJson(res, 422, {
          detail: [{ loc: [clearSeed ? 'query' : 'path', 'keep_minutes'], msg: 'value is not a valid integer', type: 'type_error.integer' }],
        });
      }
      const m = rt.find(alias);
      if (!m) return sendJson(res, 200, { success: false, message: notFound(alias) });
      const removed = core.v1.clear(m.def.name, keep, core.now() / 1000);
      return sendJson(res, 200, {
        success: true,
        message: keep > 0 ? `模型 '${m.def.name}' 已清理 ${keep} 分钟前的日志，删除 ${removed} 条` : `模型 '${alias}' 所有日志已清空`,
      });
    }
  }

  return proxy(core, info);
}

/** The OpenAI-compatible catch-all: every unmatched path lands here. */
async function proxy(core: ServerCore, info: RequestInfo): Promise<void> {
  const { res, path } = info;
  const model = bodyModel(await readBody(info.req));
  if (model === null) return sendJson(res, 400, MISSING_MODEL);
  const m = core.runtime.find(model);
  if (!m) return sendJson(res, 404, { detail: `模型别名 '${model}' 未在配置中找到` });
  if (m.status !== 'routing') {
    const r = await core.runtime.start(m);
    if (r.kind === 'failed') return sendJson(res, 503, { detail: r.message });
  }
  if (!m.alive) return sendJson(res, 500, { detail: '内部服务器错误: All connection attempts failed' });
  core.runtime.touch(m);
  answerAsModel(core, m.def, path, model, res);
}

function answerAsModel(core: ServerCore, def: ModelDef, path: string, requested: string, res: RequestInfo['res']): void {
  core.childLine(def, requestLine(path));
  const created = Math.floor(core.now() / 1000);
  const body =
    def.mode === 'Embedding'
      ? { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [pyFloat(0.1), pyFloat(0.2), pyFloat(0.3)] }], model: requested }
      : {
          id: 'chatcmpl-fake',
          object: 'chat.completion',
          created,
          model: requested,
          choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'length' }],
          usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
        };
  const text = Buffer.from(pythonJson(body), 'utf8');
  res.writeHead(200, {
    server: 'uvicorn',
    'content-type': 'application/json',
    'content-length': String(text.length),
  });
  res.end(text);
}
