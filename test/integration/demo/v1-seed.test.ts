// Contract tests for the v1-seed generation over real HTTP: bodies, status codes and frames must be
// what observed-transcript.md shows.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_DIR, fixturesAvailable } from '../../helpers/required.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../../main/demo/server.js';
import { http, post, waitFor } from '../../helpers/demo-helpers.js';
import { openSse, type RawSse } from '../../helpers/sse-client.js';

const MISSING_MODEL = '{"detail":"请求体(JSON)中缺少 \'model\' 字段"}';
const SHUTDOWN = 'data: {"type": "error", "message": "cannot schedule new futures after shutdown"}';
const FRAME_RE = /^data: \{"type": "(historical|realtime)", "log": \{"timestamp": \d+\.\d+, ("level": "(info|error)", )?"message": ".*"\}\}$/;

let server: DemoServer | null = null;
const streams: RawSse[] = [];

async function boot(opts: DemoServerOptions = {}): Promise<DemoServer> {
  server = await startDemoServer({ generation: 'v1-seed', startupMs: 0, replayDelayMs: 0, healthCheckTimeoutMs: 20, ...opts });
  return server;
}

async function stream(s: DemoServer, model: string): Promise<RawSse> {
  const st = await openSse(`${s.url}/api/models/${model}/logs/stream`);
  streams.push(st);
  return st;
}

const completeIndex = (st: RawSse): number => st.frames().indexOf('data: {"type": "historical_complete"}');

afterEach(async () => {
  for (const st of streams.splice(0)) st.close();
  await server?.close();
  server = null;
});

describe('v1-seed plain endpoints', () => {
  it('serves /, /health and /v1/models like FastAPI (compact JSON)', async () => {
    const now = Date.UTC(2026, 10, 28, 19, 59, 23);
    const s = await boot({ now: () => now });
    const root = await http(`${s.url}/`);
    expect(root.status).toBe(200);
    expect(root.text).toBe('{"message":"LLM-Manager API Server","version":"1.0.0","models_url":"/v1/models"}');
    expect(root.headers['content-type']).toBe('application/json');
    expect(root.headers['content-length']).toBe('80');
    expect((await http(`${s.url}/health`)).text).toBe('{"status":"healthy","models_count":9,"running_models":0}');
    const models = (await http(`${s.url}/v1/models`)).json<{ object: string; data: Array<Record<string, unknown>> }>();
    expect(models.object).toBe('list');
    expect(models.data[0]).toEqual({
      id: 'fake-chat-a',
      object: 'model',
      created: Math.floor(now / 1000),
      owned_by: 'user',
      aliases: ['fake-chat-a', 'chat-a-alias'],
      mode: 'Chat',
    });
    const dev = await http(`${s.url}/api/devices/info`);
    expect(dev.text).toContain('"usage_percentage":1.9}');
    expect(dev.text).toContain('"usage_percentage":0.0}');
  });

  it('answers every error exactly as the transcript', async () => {
    const s = await boot();
    const cases: Array<[string, string | undefined, number, string]> = [
      ['GET', '/api/models/no-such-model/logs/stream', 404, '{"error":"模型别名 \'no-such-model\' 未找到"}'],
      ['GET', '/api/models/fake-chat-a/logs/stream', 400, '{"error":"模型 \'fake-chat-a\' 未启动或已停止 (当前状态: stopped)"}'],
      ['POST', '/api/models/no-such-model/start', 200, '{"success":false,"message":"模型别名 \'no-such-model\' 未找到"}'],
      ['POST', '/api/models/no-such-model/stop', 200, '{"success":false,"message":"模型别名 \'no-such-model\' 未找到"}'],
      ['POST', '/api/models/fake-chat-a/stop', 200, '{"success":true,"message":"模型 \'fake-chat-a\' 已停止或失败"}'],
      ['POST', '/api/logs/no-such-model/clear?keep_minutes=0', 200, '{"success":false,"message":"模型别名 \'no-such-model\' 未找到"}'],
      ['GET', '/api/models/fake-chat-a/logs', 400, MISSING_MODEL],
      ['GET', '/api/debug/process/fake-chat-a', 400, MISSING_MODEL],
      ['GET', '/api/models/fake-chat-a/info', 400, MISSING_MODEL],
      ['GET', '/api/models/all-models/info', 400, MISSING_MODEL],
      ['GET', '/api/logs/fake-chat-a/clear', 400, MISSING_MODEL],
      ['POST', '/api/logs/fake-chat-a/clear/0', 400, MISSING_MODEL],
      ['GET', '/api/health', 400, MISSING_MODEL],
      [
        'POST',
        '/api/logs/fake-chat-a/clear?keep_minutes=abc',
        422,
        '{"detail":[{"loc":["query","keep_minutes"],"msg":"value is not a valid integer","type":"type_error.integer"}]}',
      ],
    ];
    for (const [method, path, status, bodyText] of cases) {
      const r = await http(`${s.url}${path}`, { method });
      expect({ method, path, status: r.status, body: r.text }).toEqual({ method, path, status, body: bodyText });
    }
    const lens = await http(`${s.url}/api/models/fake-chat-a/logs/stream`);
    expect(lens.headers['content-length']).toBe('78');
    const proxyUnknown = await post(`${s.url}/v1/chat/completions`, '{"model":"nope","messages":[]}');
    expect([proxyUnknown.status, proxyUnknown.text]).toEqual([404, '{"detail":"模型别名 \'nope\' 未在配置中找到"}']);
  });

  it('start/stop/stop-all/restart-autostart messages and start failures', async () => {
    const s = await boot();
    expect((await post(`${s.url}/api/models/chat-a-alias/start`)).text).toBe('{"success":true,"message":"模型 fake-chat-a 启动成功"}');
    expect((await post(`${s.url}/api/models/fake-chat-a/start`)).text).toBe('{"success":true,"message":"模型 \'fake-chat-a\' 已在运行"}');
    expect((await http(`${s.url}/health`)).json()).toMatchObject({ running_models: 1 });
    const gpu = await post(`${s.url}/api/models/fake-gpu-c/start`);
    expect(gpu.text).toBe('{"success":false,"message":"启动 \'fake-gpu-c\' 失败：没有适合当前设备状态 [\'CPU\'] 的配置方案"}');
    expect((await http(`${s.url}/api/models/fake-gpu-c/logs/stream`)).text).toBe(
      '{"error":"模型 \'fake-gpu-c\' 未启动或已停止 (当前状态: failed)"}',
    );
    // The seed writes the start banner and the error into the model log (2 entries).
    const stats = (await http(`${s.url}/api/logs/stats`)).json<{ stats: { model_stats: Record<string, { log_count: number }> } }>();
    expect(stats.stats.model_stats['fake-gpu-c']?.log_count).toBe(2);
    expect(s.record('fake-gpu-c').map((e) => e.level)).toEqual(['info', 'error']);
    expect((await post(`${s.url}/api/models/fake-chat-a/stop`)).text).toBe('{"success":true,"message":"模型 fake-chat-a 已停止"}');
    expect((await post(`${s.url}/api/models/stop-all`)).text).toBe('{"success":true,"message":"所有模型已关闭"}');
    expect((await post(`${s.url}/api/models/restart-autostart`)).text).toBe(
      '{"success":true,"message":"已重启 0 个autostart模型","started_models":[]}',
    );
  });

  it('a model that dies at start sits in health_check (streamable), then fails with the 300 s message', async () => {
    const s = await boot({ healthCheckTimeoutMs: 1200 });
    const started = post(`${s.url}/api/models/fake-dead-e/start`);
    await waitFor(() => s.status('fake-dead-e') === 'health_check', 2000, 'health_check');
    const st = await stream(s, 'fake-dead-e');
    await waitFor(() => completeIndex(st) >= 0, 2000, 'replay');
    const msgs = st.data().map((d) => (JSON.parse(d) as { log?: { message: string } }).log?.message);
    expect(msgs).toContain('ERROR: CUDA error: out of memory');
    expect(msgs).toContain('  current device: 0, in function ggml_cuda_op_mul_mat at ggml-cuda.cu:1234');
    expect(msgs).toContain('FATAL: failed to load model, exiting with status 1');
    expect((await started).text).toBe('{"success":false,"message":"健康检查失败: 聊天接口浅层检查超时: 服务在 300 秒内不可用"}');
    expect(s.status('fake-dead-e')).toBe('failed');
  });

  it('a crash is not noticed: status stays routing, the proxy answers 500', async () => {
    const s = await boot();
    await s.startModel('fake-crash-d');
    s.crashModel('fake-crash-d');
    expect(s.status('fake-crash-d')).toBe('routing');
    expect(s.record('fake-crash-d').slice(-3).map((e) => e.message)).toEqual([
      'GGML_ASSERT(ctx->mem_buffer != NULL) failed',
      'FATAL: fake backend crashed (abort)',
      'Killed',
    ]);
    expect((await post(`${s.url}/api/models/fake-crash-d/start`)).text).toBe('{"success":true,"message":"模型 \'fake-crash-d\' 已在运行"}');
    const p = await post(`${s.url}/v1/chat/completions`, '{"model":"fake-crash-d","messages":[]}');
    expect([p.status, p.text]).toEqual([500, '{"detail":"内部服务器错误: All connection attempts failed"}']);
    const ok = await post(`${s.url}/v1/chat/completions`, '{"model":"nope-missing-field"}');
    expect(ok.status).toBe(404);
  });

  it('clear: keep_minutes message, alias echo, wipe', async () => {
    const s = await boot();
    await s.startModel('fake-chat-a');
    s.emit('fake-chat-a', 'one');
    const keep = await post(`${s.url}/api/logs/fake-chat-a/clear?keep_minutes=1`);
    expect(keep.text).toBe('{"success":true,"message":"模型 \'fake-chat-a\' 已清理 1 分钟前的日志，删除 0 条"}');
    const wipe = await post(`${s.url}/api/logs/chat-a-alias/clear`);
    expect(wipe.text).toBe('{"success":true,"message":"模型 \'chat-a-alias\' 所有日志已清空"}');
    expect(s.record('fake-chat-a')).toEqual([]);
  });
});

describe('v1-seed log stream', () => {
  it('sends the captured head, historical frames with levels only on manager lines, then realtime', async () => {
    const s = await boot();
    await s.startModel('fake-chat-a');
    const st = await stream(s, 'chat-a-alias');
    expect(st.status).toBe(200);
    expect(st.rawHeaders.filter((_, i) => i % 2 === 0)).toEqual([
      'date',
      'server',
      'cache-control',
      'connection',
      'access-control-allow-origin',
      'access-control-allow-headers',
      'content-type',
      'Transfer-Encoding',
    ]);
    expect(st.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(st.headers['cache-control']).toBe('no-cache');
    expect(st.headers['access-control-allow-origin']).toBe('*');
    const history = s.record('fake-chat-a');
    await st.waitForFrames(history.length + 1);
    const frames = st.frames();
    expect(completeIndex(st)).toBe(history.length);
    for (const f of frames.slice(0, history.length)) expect(f).toMatch(FRAME_RE);
    // Manager lines carry a level, raw child output has none.
    expect(frames[0]).toMatch(/^data: \{"type": "historical", "log": \{"timestamp": \d+\.\d+, "level": "info", "message": "--- \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} --- 启动模型 'fake-chat-a'"\}\}$/);
    expect(frames[1]).toBe(`data: {"type": "historical", "log": {"timestamp": ${history[1]?.timestamp}, "level": "info", "message": "使用配置方案: CPU"}}`);
    expect(frames.some((f) => f.includes('"message": "llm_load_tensors: offloading 48 repeating layers to GPU"') && !f.includes('"level"'))).toBe(true);
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 2000, 'subscribed');
    s.emit('fake-chat-a', '[fake-chat-a] tick 1: slots idle, kv cache usage 0.1%');
    s.emit('fake-chat-a', 'ERROR: CUDA error: out of memory (recoverable, tick 30)', { level: 'error' });
    const all = await st.waitForFrames(history.length + 3);
    const live = s.record('fake-chat-a').slice(-2);
    expect(all.slice(-2)).toEqual([
      `data: {"type": "realtime", "log": {"timestamp": ${live[0]?.timestamp}, "message": "[fake-chat-a] tick 1: slots idle, kv cache usage 0.1%"}}`,
      `data: {"type": "realtime", "log": {"timestamp": ${live[1]?.timestamp}, "level": "error", "message": "ERROR: CUDA error: out of memory (recoverable, tick 30)"}}`,
    ]);
  });

  it.skipIf(!fixturesAvailable())('frames have the same shape as a captured frame for the same entry', async () => {
    const s = await boot({ startupLogs: false });
    await s.startModel('fake-chat-a');
    const captured = readFileSync(resolve(FIXTURE_DIR, 'v1-seed-stream-second-client.sse'), 'utf8')
      .split('\n\n')
      .find((f) => f.includes('"type": "realtime"') && f.includes('tick'));
    expect(captured).toBeDefined();
    const parsed = JSON.parse((captured ?? '').slice(6)) as { log: { timestamp: number; message: string } };
    const st = await stream(s, 'fake-chat-a');
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 2000, 'subscribed');
    s.emit('fake-chat-a', parsed.log.message);
    const frames = await st.waitForFrames(2);
    const ts = s.record('fake-chat-a')[0]?.timestamp;
    expect(frames[1]).toBe((captured ?? '').replace(String(parsed.log.timestamp), String(ts)));
  });

  it('replays history then goes live, in server order', async () => {
    const s = await boot({ startupLogs: false });
    await s.startModel('fake-chat-a');
    s.emitMany('fake-chat-a', ['h1', 'h2', 'h3']);
    const st = await stream(s, 'fake-chat-a');
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 2000, 'subscribed');
    s.emitMany('fake-chat-a', ['l1', 'l2']);
    const frames = await st.waitForFrames(6);
    const parsed = frames.map((f) => JSON.parse(f.slice(6)) as { type: string; log?: { message: string } });
    expect(parsed.map((p) => `${p.type}:${p.log?.message ?? ''}`)).toEqual([
      'historical:h1',
      'historical:h2',
      'historical:h3',
      'historical_complete:',
      'realtime:l1',
      'realtime:l2',
    ]);
  });

  it('lines produced during a slow replay never reach that connection (the replay hole)', async () => {
    const s = await boot({ startupLogs: false, replayDelayMs: 0 });
    await s.startModel('fake-chat-a');
    s.emitMany('fake-chat-a', Array.from({ length: 4 }, (_, i) => `old ${i}`));
    const early = await stream(s, 'fake-chat-a');
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 3000, 'first subscribed');
    // A generous per-line delay leaves a wide window after the first replayed frame, even on a busy machine.
    s.setReplayDelay(600);
    const late = await stream(s, 'fake-chat-a');
    await late.waitForFrames(1);
    s.emit('fake-chat-a', 'during replay');
    s.setReplayDelay(0);
    await waitFor(() => s.subscriberCount('fake-chat-a') === 2, 3000, 'second subscribed');
    s.emit('fake-chat-a', 'after replay');
    await late.waitForFrames(6);
    await early.waitForFrames(7);
    const msgs = (st: RawSse): string[] => st.data().map((d) => (JSON.parse(d) as { log?: { message: string } }).log?.message ?? '-');
    expect(msgs(late)).toEqual(['old 0', 'old 1', 'old 2', 'old 3', '-', 'after replay']);
    expect(msgs(early).slice(-2)).toEqual(['during replay', 'after replay']);
    expect(s.record('fake-chat-a').map((e) => e.message).slice(-2)).toEqual(['during replay', 'after replay']);
  });

  it('stop leaves the stream open and silent; a restart resumes on the same connection', async () => {
    const s = await boot();
    await s.startModel('fake-chat-a');
    const st = await stream(s, 'fake-chat-a');
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 2000, 'subscribed');
    s.emit('fake-chat-a', 'before stop');
    const beforeStop = (await st.waitForFrames(s.record('fake-chat-a').length + 1)).length;
    expect((await post(`${s.url}/api/models/fake-chat-a/stop`)).text).toBe('{"success":true,"message":"模型 fake-chat-a 已停止"}');
    const stats = (await http(`${s.url}/api/logs/stats`)).json<{ stats: { total_subscribers: number } }>();
    expect(stats.stats.total_subscribers).toBe(1);
    expect((await http(`${s.url}/api/models/fake-chat-a/logs/stream`)).status).toBe(400);
    expect(st.ended).toBe(false);
    expect(st.frames().length).toBe(beforeStop);
    expect((await post(`${s.url}/api/models/fake-chat-a/start`)).text).toBe('{"success":true,"message":"模型 fake-chat-a 启动成功"}');
    const frames = await st.waitForFrames(beforeStop + 3);
    // No separator frame: the next frame is the new run's banner, as realtime.
    expect(frames[beforeStop]).toMatch(/^data: \{"type": "realtime", "log": \{"timestamp": [\d.]+, "level": "info", "message": "--- .+ --- 启动模型 'fake-chat-a'"\}\}$/);
    // A new connection replays both runs (history survives stop/start).
    const again = await stream(s, 'fake-chat-a');
    await waitFor(() => completeIndex(again) >= 0, 2000, 'replay');
    expect(again.data().filter((d) => d.includes('启动模型')).length).toBe(2);
  });

  it('shutdown sends the error frame to every open stream and ends it; restart keeps or wipes state', async () => {
    const s = await boot();
    await s.startModel('fake-chat-a');
    await s.startModel('fake-embed-b');
    const a = await stream(s, 'fake-chat-a');
    const b = await stream(s, 'fake-embed-b');
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1 && s.subscriberCount('fake-embed-b') === 1, 2000, 'subscribed');
    const port = s.port;
    await s.shutdown();
    await a.waitForEnd();
    await b.waitForEnd();
    for (const st of [a, b]) {
      expect(st.frames().at(-1)).toBe(SHUTDOWN);
      expect(st.text().endsWith(`${SHUTDOWN}\n\n`)).toBe(true);
    }
    if (fixturesAvailable()) {
      const captured = readFileSync(resolve(FIXTURE_DIR, 'v1-seed-stream-embedding-shutdown.sse'), 'utf8');
      expect(captured.endsWith(`${SHUTDOWN}\n\n`)).toBe(true);
    }
    await expect(http(`${s.url}/health`, { timeoutMs: 1000 })).rejects.toThrow();
    const kept = s.record('fake-chat-a').length;
    await s.restart();
    expect(s.port).toBe(port);
    expect((await http(`${s.url}/api/logs/stats`)).json()).toMatchObject({ stats: { model_stats: { 'fake-chat-a': { log_count: kept } } } });
    await s.restart({ fresh: true });
    expect(s.port).toBe(port);
    expect(s.status('fake-chat-a')).toBe('stopped');
    expect(s.record('fake-chat-a')).toEqual([]);
  });
});

describe('fault injection', () => {
  it('html-502, refuse, sendRaw, dropConnections', async () => {
    const s = await boot({ startupLogs: false });
    await s.startModel('fake-chat-a');
    s.setFault({ kind: 'html-502' });
    const bad = await http(`${s.url}/health`);
    expect(bad.status).toBe(502);
    expect(bad.text).toContain('<title>502 Bad Gateway</title>');
    s.setFault({ kind: 'refuse' });
    await expect(http(`${s.url}/health`, { timeoutMs: 1000 })).rejects.toThrow();
    s.setFault(null);
    expect((await http(`${s.url}/health`)).status).toBe(200);
    const st = await stream(s, 'fake-chat-a');
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 2000, 'subscribed');
    s.sendRaw('fake-chat-a', 'data: {not json\n\n');
    await st.waitForFrames(2);
    expect(st.frames()[1]).toBe('data: {not json');
    s.dropConnections();
    await st.waitForEnd();
    await waitFor(() => s.subscriberCount('fake-chat-a') === 0, 2000, 'unsubscribed');
  });

  it('reset-mid-frame cuts a frame in half and kills the socket; drip delivers the same bytes slowly', async () => {
    const s = await boot({ startupLogs: false });
    await s.startModel('fake-chat-a');
    const st = await stream(s, 'fake-chat-a');
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 2000, 'subscribed');
    s.setFault({ kind: 'reset-mid-frame' });
    s.emit('fake-chat-a', 'this frame gets cut in the middle');
    await st.waitForEnd();
    expect(st.text()).not.toContain('cut in the middle"}}');
    expect(st.text()).toContain('"type": "realtime"');
    s.setFault({ kind: 'drip', bytesPerTick: 64, tickMs: 1 });
    const d = await stream(s, 'fake-chat-a');
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 3000, 'subscribed (drip)');
    s.emit('fake-chat-a', '中文 '.repeat(40));
    await d.waitForFrames(3, 5000);
    expect(d.data()[2]).toContain('中文 中文');
    s.setFault(null);
  });
});
