// v3 contract: sessions API, compact JSON, 202 controls, model status stream, the 16-line live-tail
// drop, ended-session 404s and crash detection.
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../../main/demo/server.js';
import { http, post, waitFor } from '../../helpers/demo-helpers.js';
import { openSse, type RawSse } from '../../helpers/sse-client.js';

const MISSING_MODEL = '{"detail":"请求体(JSON)中缺少 \'model\' 字段"}';
const LINE_RE = /^data: \{"id":\d+,"ts":\d+\.\d+,"stream":"(out|err|sys)","level":"(info|ok|warn|error)","text":".*"\}$/;

interface Line {
  id: number;
  ts: number;
  stream: string;
  level: string;
  text: string;
}
interface Session {
  id: number;
  type: string;
  model_name: string | null;
  alias: string | null;
  start_time: number;
  end_time: number | null;
  status: string;
  duration_s: number | null;
  line_count: number;
}

let server: DemoServer | null = null;
const streams: RawSse[] = [];

async function boot(opts: DemoServerOptions = {}): Promise<DemoServer> {
  server = await startDemoServer({ generation: 'v3', startupMs: 0, v3FlushMs: 0, healthCheckTimeoutMs: 20, ...opts });
  return server;
}

async function sse(url: string): Promise<RawSse> {
  const st = await openSse(url);
  streams.push(st);
  return st;
}

async function sessionOf(s: DemoServer, model: string): Promise<Session> {
  const list = (await http(`${s.url}/api/logs/sessions?type=model&model=${model}`)).json<Session[]>();
  const first = list[0];
  if (!first) throw new Error('no session');
  return first;
}

const liveTexts = (st: RawSse): string[] => st.data().map((d) => (JSON.parse(d) as Line).text);

afterEach(async () => {
  for (const st of streams.splice(0)) st.close();
  await server?.close();
  server = null;
});

describe('v3 plain endpoints', () => {
  it('health, system info, models, devices, fall-throughs', async () => {
    const s = await boot();
    expect((await http(`${s.url}/health`)).text).toBe('{"status":"ok"}');
    const info = (await http(`${s.url}/api/system/info`)).json<Record<string, unknown>>();
    expect(info['version']).toBe('3.1.1');
    expect(Object.keys(info)).toEqual(['version', 'started_at', 'uptime_s', 'db_size_bytes']);
    expect((await http(`${s.url}/v1/models`)).text).toMatch(/^\{"object":"list","data":\[\{"id":"fake-chat-a","object":"model"\},/);
    expect((await http(`${s.url}/api/devices`)).text).toContain('"usage_percentage":0.0,"temperature_celsius":null,"freq_mhz":2300.0');
    for (const p of ['/api/models/all-models/info', '/api/logs/stats', '/api/devices/info', '/api/models/fake-chat-a/logs/stream']) {
      const r = await http(`${s.url}${p}`);
      expect([p, r.status, r.text]).toEqual([p, 404, '{"detail":"Not Found"}']);
    }
    for (const p of ['/api/logs/fake-chat-a/clear/0', '/api/models/stop-all', '/api/models/restart-autostart']) {
      const r = await post(`${s.url}${p}`);
      expect([p, r.status, r.text]).toEqual([p, 400, MISSING_MODEL]);
    }
    const root = await http(`${s.url}/`);
    expect(root.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('controls: 202 empty, 409 when routing, 404 unknown', async () => {
    const s = await boot();
    const nope = await post(`${s.url}/api/models/nope/start`);
    expect([nope.status, nope.text]).toEqual([404, '{"detail":"模型别名 \'nope\' 未在配置中找到"}']);
    const st = await post(`${s.url}/api/models/chat-a-alias/start`);
    expect([st.status, st.text, st.headers['content-length']]).toEqual([202, '', '0']);
    await waitFor(() => s.status('fake-chat-a') === 'routing', 2000, 'routing');
    const again = await post(`${s.url}/api/models/fake-chat-a/start`);
    expect([again.status, again.text]).toEqual([409, '{"detail":"model \'fake-chat-a\' already routing"}']);
    expect((await post(`${s.url}/api/models/fake-chat-a/stop`)).status).toBe(202);
    expect((await post(`${s.url}/api/models/fake-chat-a/stop`)).status).toBe(202);
    expect((await post(`${s.url}/api/models/nope/stop`)).status).toBe(404);
    expect((await post(`${s.url}/api/models/fake-chat-a/restart`)).status).toBe(202);
    await waitFor(() => s.status('fake-chat-a') === 'routing', 2000, 'routing after restart');
    const sessions = (await http(`${s.url}/api/logs/sessions?type=model&model=fake-chat-a`)).json<Session[]>();
    expect(sessions.map((x) => x.status)).toEqual(['running', 'ended']);
    expect(sessions[0]!.id).toBeGreaterThan(sessions[1]!.id);
    const proxied = await post(`${s.url}/v1/chat/completions`, '{"model":"fake-gpu-c","messages":[]}');
    expect([proxied.status, proxied.text]).toEqual([503, '{"detail":"model \'fake-gpu-c\' not routing (status=stopped)"}']);
  });
});

describe('v3 model status stream', () => {
  it('sends the snapshot twice at connect, then a frame per change', async () => {
    const s = await boot({ models: [{ name: 'fake-chat-a' }, { name: 'fake-crash-d', behavior: 'crash-later' }] });
    const st = await sse(`${s.url}/api/models/stream`);
    expect(st.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const first = await st.waitForFrames(2);
    expect(first[0]).toBe(first[1]);
    expect(first[0]).toBe(
      'data: {"data":[{"alias":"fake-chat-a","mode":"Chat","port":18101,"auto_start":false,"status":"stopped","pid":null,"pending":0,"failure_reason":null,"started_at":null,"last_access":0.0},{"alias":"fake-crash-d","mode":"Chat","port":18102,"auto_start":false,"status":"stopped","pid":null,"pending":0,"failure_reason":null,"started_at":null,"last_access":0.0}]}',
    );
    await s.startModel('fake-crash-d');
    s.crashModel('fake-crash-d');
    await waitFor(() => st.data().some((d) => d.includes('process exited code=134')), 2000, 'failed frame');
    const statuses = st.data().map((d) => (JSON.parse(d) as { data: Array<{ alias: string; status: string }> }).data[1]?.status);
    expect(statuses.slice(2)).toEqual(['starting', 'init_script', 'health_check', 'routing', 'failed']);
    const last = JSON.parse(st.data().at(-1) ?? '{}') as { data: Array<Record<string, unknown>> };
    expect(last.data[1]).toMatchObject({ status: 'failed', pid: null, failure_reason: 'process exited code=134', started_at: null });
  });

  it('a model that dies at start fails after the health-check budget with the probe message', async () => {
    const s = await boot({ healthCheckTimeoutMs: 60 });
    await s.startModel('fake-dead-e');
    expect(s.status('fake-dead-e')).toBe('failed');
    const snap = await sse(`${s.url}/api/models/stream`);
    await snap.waitForFrames(1);
    expect(snap.data()[0]).toContain('"failure_reason":"probe failed: 聊天探测器浅层检查超时: 服务在 60 秒内不可用"');
  });
});

describe('v3 sessions and lines', () => {
  it('system session first, global ids, server-side level guess, lines paging and level filter', async () => {
    const s = await boot({ startupLogs: false });
    const sys = (await http(`${s.url}/api/logs/sessions?type=system`)).json<Session[]>();
    expect(sys[0]).toMatchObject({ id: 1, type: 'system', model_name: null, alias: null, end_time: null, status: 'running', duration_s: null });
    await s.startModel('fake-chat-a');
    s.emit('fake-chat-a', 'W 20:08:26 kv cache quantization disabled (stderr warning line)', { stream: 'err' });
    s.emit('fake-chat-a', 'ERROR: CUDA error: out of memory (recoverable, tick 10)', { stream: 'err' });
    s.emit('fake-chat-a', 'ERROR: on stdout stays info');
    s.emit('fake-chat-a', 'main: server is listening on http://127.0.0.1:18101 - starting the main loop');
    s.emit('fake-chat-a', 'FATAL: fake backend crashed (abort)', { stream: 'err' });
    const sess = await sessionOf(s, 'chat-a-alias');
    expect(sess).toMatchObject({ type: 'model', model_name: 'fake-chat-a', alias: 'fake-chat-a', status: 'running' });
    const lines = (await http(`${s.url}/api/logs/sessions/${sess.id}/lines`)).json<Line[]>();
    const byText = Object.fromEntries(lines.map((l) => [l.text, l]));
    expect(byText['W 20:08:26 kv cache quantization disabled (stderr warning line)']?.level).toBe('warn');
    expect(byText['ERROR: CUDA error: out of memory (recoverable, tick 10)']?.level).toBe('error');
    expect(byText['ERROR: on stdout stays info']?.level).toBe('info');
    expect(byText['main: server is listening on http://127.0.0.1:18101 - starting the main loop']?.level).toBe('ok');
    expect(byText['FATAL: fake backend crashed (abort)']?.level).toBe('warn');
    const ids = lines.map((l) => l.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBeGreaterThan(3); // the system session owns the first ids
    const record = s.record('fake-chat-a');
    expect(record.map((r) => r.id)).toEqual(ids);
    const last2 = (await http(`${s.url}/api/logs/sessions/${sess.id}/lines?limit=2`)).json<Line[]>();
    expect(last2.map((l) => l.id)).toEqual(ids.slice(-2));
    const before = (await http(`${s.url}/api/logs/sessions/${sess.id}/lines?before=${ids[3]}&limit=2`)).json<Line[]>();
    expect(before.map((l) => l.id)).toEqual(ids.slice(1, 3));
    const warn = (await http(`${s.url}/api/logs/sessions/${sess.id}/lines?level=warn`)).json<Line[]>();
    expect(warn.every((l) => l.level === 'warn')).toBe(true);
    expect(warn.length).toBe(2);
    const bad = await http(`${s.url}/api/logs/sessions/${sess.id}/lines?level=warning`);
    expect([bad.status, bad.text]).toEqual([
      422,
      '{"detail":[{"type":"literal_error","loc":["query","level"],"msg":"Input should be \'info\', \'ok\', \'warn\' or \'error\'","input":"warning","ctx":{"expected":"\'info\', \'ok\', \'warn\' or \'error\'"}}]}',
    ]);
    const unknown = await http(`${s.url}/api/logs/sessions/999/lines`);
    expect([unknown.status, unknown.text]).toEqual([404, '{"detail":"会话不存在"}']);
    const found = (await http(`${s.url}/api/logs/search?q=cuda&type=model&limit=5`)).json<{ total: number; matches: Array<{ session_id: number; line: Line }> }>();
    expect(found.total).toBe(1);
    expect(found.matches[0]).toMatchObject({ session_id: sess.id, line: { text: 'ERROR: CUDA error: out of memory (recoverable, tick 10)' } });
    expect((await http(`${s.url}/api/logs/sessions?model=nope`)).status).toBe(404);
  });

  it('session stream: backfill then live, compact frames; stop → silent and 404 for new streams', async () => {
    const s = await boot({ startupLogs: false });
    await s.startModel('fake-chat-a');
    s.emitMany('fake-chat-a', ['old 1', 'old 2']);
    const sess = await sessionOf(s, 'fake-chat-a');
    await waitFor(() => true, 10);
    const st = await sse(`${s.url}/api/logs/sessions/${sess.id}/stream`);
    expect(st.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(st.headers['cache-control']).toBeUndefined();
    expect(st.headers['access-control-allow-origin']).toBeUndefined();
    const backfill = s.record('fake-chat-a').length;
    await st.waitForFrames(backfill);
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 2000, 'subscribed');
    s.emit('fake-chat-a', 'live 1');
    await st.waitForFrames(backfill + 1);
    for (const f of st.frames()) expect(f).toMatch(LINE_RE);
    // A line still pending at the stop is never pushed, and reaches /lines only ~0.8 s after the end.
    s.emit('fake-chat-a', 'pending at stop');
    s.stopModel('fake-chat-a'); // same tick: the line never reaches a flush
    const texts = async (): Promise<string[]> => (await http(`${s.url}/api/logs/sessions/${sess.id}/lines`)).json<Line[]>().map((l) => l.text);
    expect(await texts()).not.toContain('pending at stop');
    expect((await sessionOf(s, 'fake-chat-a')).status).toBe('ended');
    const stoppedAt = Date.now();
    let stored: string[] = [];
    for (let i = 0; i < 100 && !stored.includes('pending at stop'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      stored = await texts();
    }
    expect(stored).toContain('pending at stop');
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(500);
    expect(liveTexts(st)).not.toContain('pending at stop');
    expect(st.ended).toBe(false);
    const gone = await http(`${s.url}/api/logs/sessions/${sess.id}/stream`);
    expect([gone.status, gone.text]).toEqual([404, '{"detail":"会话不存在"}']);
    expect((await http(`${s.url}/api/logs/sessions/999/stream`)).status).toBe(404);
    const ended = (await http(`${s.url}/api/logs/sessions/${sess.id}/lines?limit=1`)).json<Line[]>();
    expect(ended.length).toBe(1);
    expect((await sessionOf(s, 'fake-chat-a')).status).toBe('ended');
  });

  it('each flush delivers at most 16 lines per subscriber; the rest are only in /lines', async () => {
    const s = await boot({ startupLogs: false, v3FlushMs: 5 });
    await s.startModel('fake-burst-f');
    const sess = await sessionOf(s, 'fake-burst-f');
    const st = await sse(`${s.url}/api/logs/sessions/${sess.id}/stream`);
    const backfill = s.record('fake-burst-f').length;
    await waitFor(() => s.subscriberCount('fake-burst-f') === 1, 2000, 'subscribed');
    await st.waitForFrames(backfill);
    // Make sure everything pending from the start has been flushed before the burst.
    s.emit('fake-burst-f', 'sync');
    await waitFor(() => liveTexts(st).includes('sync'), 2000, 'sync line');
    const burst = Array.from({ length: 100 }, (_, i) => `[fake-burst-f] burst line ${i + 1}/100 (tick 10)`);
    s.emitMany('fake-burst-f', burst);
    await st.waitForFrames(backfill + 16);
    s.emit('fake-burst-f', 'marker after burst');
    await waitFor(() => liveTexts(st).includes('marker after burst'), 2000, 'marker');
    // Lines pending at subscribe time can come twice (backfill + flush): dedupe by id like a client.
    const lastBackfillId = (JSON.parse(st.data()[backfill - 1] ?? '{"id":0}') as Line).id;
    const live = st
      .data()
      .map((d) => JSON.parse(d) as Line)
      .filter((l) => l.id > lastBackfillId)
      .map((l) => l.text);
    expect(live.slice(live.indexOf('sync') + 1)).toEqual([...burst.slice(0, 16), 'marker after burst']);
    const stored = (await http(`${s.url}/api/logs/sessions/${sess.id}/lines?limit=5000`)).json<Line[]>();
    expect(stored.filter((l) => l.text.includes('burst line')).length).toBe(100);
  });

  it('crash: failed with exit code, last words stored but not pushed live', async () => {
    const s = await boot({ startupLogs: false });
    await s.startModel('fake-crash-d');
    const sess = await sessionOf(s, 'fake-crash-d');
    const st = await sse(`${s.url}/api/logs/sessions/${sess.id}/stream`);
    await waitFor(() => s.subscriberCount('fake-crash-d') === 1, 2000, 'subscribed');
    s.emit('fake-crash-d', '[fake-crash-d] tick 11: slots idle, kv cache usage 0.1%');
    await waitFor(() => liveTexts(st).includes('[fake-crash-d] tick 11: slots idle, kv cache usage 0.1%'), 2000, 'tick');
    s.crashModel('fake-crash-d', ['GGML_ASSERT(ctx->mem_buffer != NULL) failed', 'FATAL: fake backend crashed (abort)']);
    expect(s.status('fake-crash-d')).toBe('failed');
    // The last words are not in /lines yet when the status says failed; they arrive ~0.8 s later.
    const linesNow = (await http(`${s.url}/api/logs/sessions/${sess.id}/lines`)).json<Line[]>();
    expect(linesNow.some((l) => l.text.includes('GGML_ASSERT'))).toBe(false);
    let lines: Line[] = linesNow;
    for (let i = 0; i < 100 && !lines.some((l) => l.text.includes('FATAL')); i++) {
      await new Promise((r) => setTimeout(r, 50));
      lines = (await http(`${s.url}/api/logs/sessions/${sess.id}/lines`)).json<Line[]>();
    }
    const tail = lines.map((l) => [l.text, l.level]);
    expect(tail).toContainEqual(['GGML_ASSERT(ctx->mem_buffer != NULL) failed', 'error']);
    expect(tail).toContainEqual(['FATAL: fake backend crashed (abort)', 'warn']);
    // Give a flush the chance to (wrongly) push them: emit on another model and wait for that.
    await s.startModel('fake-chat-a');
    const other = await sse(`${s.url}/api/logs/sessions/${(await sessionOf(s, 'fake-chat-a')).id}/stream`);
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 2000, 'other subscribed');
    s.emit('fake-chat-a', 'flushed');
    await waitFor(() => liveTexts(other).includes('flushed'), 2000, 'other flush');
    expect(liveTexts(st).some((t) => t.includes('GGML_ASSERT'))).toBe(false);
    expect((await sessionOf(s, 'fake-crash-d')).status).toBe('ended');
  });

  it('shutdown stops accepting while open streams stay silent; restart listens on the same port', async () => {
    const s = await boot({ startupLogs: false });
    await s.startModel('fake-chat-a');
    const sess = await sessionOf(s, 'fake-chat-a');
    const st = await sse(`${s.url}/api/logs/sessions/${sess.id}/stream`);
    await waitFor(() => s.subscriberCount('fake-chat-a') === 1, 2000, 'subscribed');
    await st.waitForFrames(s.record('fake-chat-a').length);
    const before = st.text();
    const port = s.port;
    await s.shutdown();
    await expect(http(`${s.url}/health`, { timeoutMs: 1000 })).rejects.toThrow();
    expect(st.ended).toBe(false);
    expect(st.text()).toBe(before);
    await s.restart();
    expect(s.port).toBe(port);
    expect((await http(`${s.url}/health`)).text).toBe('{"status":"ok"}');
  });
});
