// v1-oct and v2 differ from the seed: no level key, no manager lines in the model log, the info
// endpoint, path-style clear; v2 moves health to /api/health and serves the WebUI for unknown GETs.
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoGeneration, type DemoServer } from '../../../main/demo/server.js';
import { http, post, waitFor } from '../../helpers/demo-helpers.js';
import { openSse, type RawSse } from '../../helpers/sse-client.js';

const MISSING_MODEL = '{"detail":"请求体(JSON)中缺少 \'model\' 字段"}';
const SHUTDOWN = 'data: {"type": "error", "message": "cannot schedule new futures after shutdown"}';

let server: DemoServer | null = null;
const streams: RawSse[] = [];

async function boot(generation: DemoGeneration, healthCheckTimeoutMs = 20): Promise<DemoServer> {
  server = await startDemoServer({ generation, startupMs: 0, replayDelayMs: 0, healthCheckTimeoutMs });
  return server;
}

afterEach(async () => {
  for (const st of streams.splice(0)) st.close();
  await server?.close();
  server = null;
});

describe.each<DemoGeneration>(['v1-oct', 'v2'])('%s', (gen) => {
  it("while shutting down (fault 'executor-shutdown') the model list answers 500 as the real server's does; health and one model's info still answer", async () => {
    const s = await boot(gen);
    s.setFault({ kind: 'executor-shutdown' });
    const list = await http(`${s.url}/api/models/all-models/info`);
    expect(list.status).toBe(500);
    expect(JSON.parse(list.text)).toEqual({ success: false, error: '服务器内部错误: cannot schedule new futures after shutdown' });
    expect((await http(`${s.url}/api/models/fake-chat-a/info`)).status).toBe(200);
    expect((await http(`${s.url}${gen === 'v2' ? '/api/health' : '/health'}`)).status).toBe(200);
    s.setFault(null);
    expect((await http(`${s.url}/api/models/all-models/info`)).status).toBe(200);
  });

  it('log entries have no level and manager messages are not in the model log', async () => {
    const s = await boot(gen);
    await s.startModel('fake-chat-a');
    expect(s.record('fake-chat-a').some((e) => e.message.includes('启动模型'))).toBe(false);
    expect(s.record('fake-chat-a').some((e) => e.message.startsWith('main: server is listening on http://127.0.0.1:'))).toBe(true);
    const st = await openSse(`${s.url}/api/models/fake-chat-a/logs/stream`);
    streams.push(st);
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 2000, 'subscribed');
    s.emit('fake-chat-a', 'ERROR: CUDA error: out of memory (recoverable, tick 30)', { level: 'error' });
    const n = s.record('fake-chat-a').length;
    const frames = await st.waitForFrames(n + 1);
    for (const f of frames) expect(f).not.toContain('"level"');
    const last = s.record('fake-chat-a').at(-1);
    expect(frames.at(-1)).toBe(
      `data: {"type": "realtime", "log": {"timestamp": ${last?.timestamp}, "message": "ERROR: CUDA error: out of memory (recoverable, tick 30)"}}`,
    );
    await s.shutdown();
    await st.waitForEnd();
    expect(st.frames().at(-1)).toBe(SHUTDOWN);
  });

  it('a failed start leaves the log empty; info shows the failure', async () => {
    const s = await boot(gen);
    const r = await post(`${s.url}/api/models/fake-gpu-c/start`);
    expect(r.text).toBe('{"success":false,"message":"启动 \'fake-gpu-c\' 失败：没有适合当前设备状态 [\'CPU\'] 的配置方案"}');
    expect(s.record('fake-gpu-c')).toEqual([]);
    const info = await http(`${s.url}/api/models/fake-gpu-c/info`);
    expect(info.text).toBe(
      '{"success":true,"model":{"aliases":["fake-gpu-c"],"status":"failed","pid":null,"idle_time_sec":"N/A","mode":"Chat","is_available":false,"current_bat_path":"无可用配置","config_source":"N/A","failure_reason":"启动 \'fake-gpu-c\' 失败：没有适合当前设备状态 [\'CPU\'] 的配置方案","pending_requests":0}}',
    );
  });

  it('info endpoint: single model under "model", all-models, 404 body', async () => {
    const s = await boot(gen);
    const one = await http(`${s.url}/api/models/chat-a-alias/info`);
    expect(one.text).toBe(
      '{"success":true,"model":{"aliases":["fake-chat-a","chat-a-alias"],"status":"stopped","pid":null,"idle_time_sec":"N/A","mode":"Chat","is_available":true,"current_bat_path":"/usr/bin/python3 -u /opt/llm/fake_model.py --name fake-chat-a --port 18101 --behavior ok --pidfile /opt/llm/run/pids/fake-chat-a.pid","config_source":"CPU","failure_reason":null,"pending_requests":0}}',
    );
    const nope = await http(`${s.url}/api/models/nope/info`);
    expect([nope.status, nope.text]).toEqual([404, '{"success":false,"error":"模型别名 \'nope\' 未找到"}']);
    await s.startModel('fake-crash-d');
    s.crashModel('fake-crash-d');
    const all = (await http(`${s.url}/api/models/all-models/info`)).json<{
      success: boolean;
      models: Record<string, { status: string; pid: number | null; idle_time_sec: string }>;
      total_models: number;
      running_models: number;
      total_pending_requests: number;
    }>();
    expect(all.success).toBe(true);
    expect(all.total_models).toBe(9);
    expect(all.running_models).toBe(1);
    // Crash not noticed: still routing with its old pid.
    expect(all.models['fake-crash-d']?.status).toBe('routing');
    expect(typeof all.models['fake-crash-d']?.pid).toBe('number');
    expect(all.models['fake-crash-d']?.idle_time_sec).toMatch(/^\d+$/);
  });

  it('clear is path-style; the query form falls through to the proxy', async () => {
    const s = await boot(gen);
    await s.startModel('fake-chat-a');
    const ok = await post(`${s.url}/api/logs/fake-chat-a/clear/0`);
    expect(ok.text).toBe('{"success":true,"message":"模型 \'fake-chat-a\' 所有日志已清空"}');
    expect(s.record('fake-chat-a')).toEqual([]);
    const old = await post(`${s.url}/api/logs/fake-chat-a/clear?keep_minutes=0`);
    expect([old.status, old.text]).toEqual([400, MISSING_MODEL]);
    const unknown = await post(`${s.url}/api/logs/nope/clear/5`);
    expect(unknown.text).toBe('{"success":false,"message":"模型别名 \'nope\' 未找到"}');
  });

  it('info reports health_check while a dead model waits out the budget', async () => {
    const s = await boot(gen, 1000);
    const start = post(`${s.url}/api/models/fake-dead-e/start`);
    await waitFor(() => s.status('fake-dead-e') === 'health_check', 2000, 'health_check');
    expect((await http(`${s.url}/api/models/fake-dead-e/info`)).json()).toMatchObject({ model: { status: 'health_check' } });
    expect((await start).json()).toEqual({ success: false, message: '健康检查失败: 聊天接口浅层检查超时: 服务在 300 秒内不可用' });
    expect(s.record('fake-dead-e').map((e) => e.message)).toContain('FATAL: failed to load model, exiting with status 1');
  });
});

describe('health endpoints per generation', () => {
  it('v1-oct: /health only', async () => {
    const s = await boot('v1-oct');
    expect((await http(`${s.url}/health`)).text).toBe('{"status":"healthy","models_count":9,"running_models":0}');
    expect((await http(`${s.url}/api/health`)).text).toBe(MISSING_MODEL);
  });

  it('v2: /api/health with role, /api/info version, index.html for unknown GETs', async () => {
    const s = await boot('v2');
    const h = await http(`${s.url}/api/health`);
    expect(h.json()).toEqual({ status: 'healthy', role: 'Manager', models_count: 9, running_models: 0 });
    expect((await http(`${s.url}/api/info`)).json<{ version: string }>().version).toMatch(/^2\.\d+\.\d+$/);
    const html = await http(`${s.url}/health`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('<!doctype html>');
    expect((await http(`${s.url}/api/unknown`)).text).toBe(MISSING_MODEL);
    expect((await post(`${s.url}/whatever`)).text).toBe(MISSING_MODEL);
  });
});
