// Issue 10 fault matrix: the real core monitor against the demo server (and a hostile server where the
// demo cannot misbehave that way). For each fault: what the user sees (connection state, problem
// text), and every server line shown exactly once or inside a gap marker.
import { describe, expect, it } from 'vitest';
import { systemClock, type Monitor } from '../../../main/core/ports.js';
import type { LogEntry, ModelStatus, MonitorEvent } from '../../../main/core/types.js';
import type { DemoServer } from '../../../main/demo/server.js';
import { closedPort } from '../cli/cli-process.js';
import { waitFor } from '../core/helpers.js';
import { HISTORY_COMPLETE, historical, realtime, sendJson, sseHead, startHostile, type HostileServer } from './hostile-server.js';
import { QUIET_DEMO } from '../../helpers/demo-helpers.js';
import { testScope } from '../../helpers/test-scope.js';

const scope = testScope();

interface Watch {
  monitor: Monitor;
  events: MonitorEvent[];
  lines(model: string): string[];
  entries(model: string): LogEntry[];
  status(model: string): ModelStatus | undefined;
  problems(): string[];
}

async function watch(servers: Array<{ id: string; url: string }>, models?: string[]): Promise<Watch> {
  const { monitor, events } = await scope.monitor({
    servers: servers.map((s) => ({ ...s, name: s.id })),
    policy: { retryIntervalMs: 200, backoffCapMs: 800, healthIntervalMs: 300, discoveryIntervalMs: 500 },
    clock: systemClock,
    random: Math.random,
    ...(models ? { watch: models } : {}),
  });
  const entries = (model: string): LogEntry[] => events.flatMap((e) => (e.type === 'lines' && e.key.endsWith(`/${model}`) ? e.entries : []));
  return {
    monitor,
    events,
    entries,
    lines: (model) => entries(model).flatMap((e) => (e.kind === 'line' ? [e.text] : [])),
    status: (model) => monitor.snapshot().models.find((m) => m.model === model),
    problems: () => events.flatMap((e) => (e.type === 'problem' ? [e.message] : [])),
  };
}

async function demo(models = ['m1'], generation: 'v1-seed' | 'v2' | 'v3' = 'v1-seed', port = 0): Promise<DemoServer> {
  const d = await scope.demo({ ...QUIET_DEMO, generation, port, v3FlushMs: 30, models: models.map((name) => ({ name })) });
  for (const m of models) await d.startModel(m);
  return d;
}

/** Every expected line exactly once and in order; nothing shown twice. */
function expectOnce(shown: string[], expected: string[]): void {
  const ours = shown.filter((t) => expected.includes(t));
  expect(ours).toEqual(expected);
  expect(new Set(shown).size).toBe(shown.length);
}

describe('fault matrix (v1-seed demo server unless noted)', () => {
  it('server down at start: unreachable, then lines once it comes up on that port', async () => {
    const port = await closedPort();
    const w = await watch([{ id: 's', url: `http://127.0.0.1:${port}` }]);
    await waitFor(() => w.monitor.snapshot().servers[0]?.health === 'unreachable', 5000, 'unreachable');
    expect(w.monitor.snapshot().servers[0]?.lastProblem).toMatch(/ECONNREFUSED|fetch failed|refused/i);
    const d = await demo(['m1'], 'v1-seed', port);
    d.emit('m1', 'first');
    await waitFor(() => w.lines('m1').includes('first'), 8000, 'first');
    expect(w.status('m1')?.connection).toBe('connected');
  });

  it('killed mid-stream (shutdown error frame) and restarted: disconnected with the reason, then every line once', async () => {
    const d = await demo();
    const w = await watch([{ id: 's', url: d.url }]);
    d.emit('m1', 'before');
    await waitFor(() => w.lines('m1').includes('before'), 5000, 'before');
    await d.shutdown();
    await waitFor(() => w.status('m1')?.connection === 'disconnected' || w.status('m1')?.connection === 'connecting', 5000, 'lost');
    await waitFor(() => w.monitor.snapshot().servers[0]?.health === 'unreachable', 5000, 'unreachable');
    await d.restart();
    d.emit('m1', 'after');
    await waitFor(() => w.lines('m1').includes('after'), 8000, 'after');
    expectOnce(w.lines('m1'), ['before', 'after']);
  });

  it('model stopped silently and restarted on the same stream: lines once, no marker needed', async () => {
    const d = await demo();
    const w = await watch([{ id: 's', url: d.url }]);
    d.emit('m1', 'run 1');
    await waitFor(() => w.lines('m1').includes('run 1'), 5000, 'run 1');
    d.stopModel('m1');
    await d.startModel('m1');
    d.emit('m1', 'run 2');
    await waitFor(() => w.lines('m1').includes('run 2'), 5000, 'run 2');
    expectOnce(w.lines('m1'), ['run 1', 'run 2']);
  });

  it('400 (not running) and 404 (unknown model): not-running with the server message; unknown is said', async () => {
    const d = await demo(['m1', 'm2']);
    d.stopModel('m2');
    const w = await watch([{ id: 's', url: d.url }], ['m1', 'm2', 'ghost']);
    await waitFor(() => w.status('m2')?.connection === 'not-running', 5000, 'not running');
    expect(w.status('m2')?.lastProblem).toMatch(/未启动|stopped|not running/i);
  });

  it('404 (unknown model, e.g. removed from the server config after discovery): the user sees "unknown model" with the server message, and no retry timer', async () => {
    let requests = 0;
    const h: HostileServer = await startHostile({
      models: ['ghost'],
      routes: {
        '/api/models/ghost/logs/stream': (_q, res) => {
          requests++;
          sendJson(res, 404, { detail: "模型别名 'ghost' 未在配置中找到" });
        },
      },
      stream: (_m, res) => sseHead(res),
    });
    scope.defer(() => h.close());
    const w = await watch([{ id: 's', url: h.url }]);
    await waitFor(() => /unknown model/.test(w.status('ghost')?.lastProblem ?? ''), 5000, 'unknown model');
    expect(w.status('ghost')?.lastProblem).toBe("unknown model: 模型别名 'ghost' 未在配置中找到");
    expect(w.status('ghost')?.connection).toBe('disconnected');
    expect(w.status('ghost')?.nextRetryAt).toBeNull();
    expect(requests).toBeGreaterThan(0);
    // The model stays listed, so discovery re-checks it (quietly): it keeps saying why, never "connecting".
    const firstUnknown = w.events.length;
    const before = requests;
    await waitFor(() => requests >= before + 2, 5000, 'two re-checks by discovery');
    const shown = w.events.slice(firstUnknown).flatMap((e) => (e.type === 'status' && e.status.model === 'ghost' ? [e.status] : []));
    expect(shown.map((s) => s.connection).filter((c) => c !== 'disconnected')).toEqual([]);
    expect(shown.every((s) => s.lastProblem?.startsWith('unknown model: '))).toBe(true);
    expect(w.status('ghost')?.connection).toBe('disconnected');
  });

  it('a string timestamp that is not a time: shown at the receive time, marked, reported; still once after a reconnect', async () => {
    let n = 0;
    const h: HostileServer = await startHostile({
      models: ['m1'],
      stream: (_m, res) => {
        n++;
        sseHead(res);
        res.write(historical('dated', 1_764_331_331) + historical('undated', 'next tuesday-ish'));
        if (n === 1) {
          res.write(HISTORY_COMPLETE + realtime('live undated', 'soon'));
          setTimeout(() => res.end(), 300);
        } else {
          res.write(historical('live undated', 'soon') + HISTORY_COMPLETE);
        }
      },
    });
    scope.defer(() => h.close());
    const t0 = Date.now();
    const w = await watch([{ id: 's', url: h.url }]);
    await waitFor(() => n >= 2 && w.events.some((e) => e.type === 'lines' && e.entries.some((x) => x.kind === 'marker' && x.marker === 'history-complete')), 8000, 'second replay');
    await new Promise((r) => setTimeout(r, 300));
    expectOnce(w.lines('m1'), ['dated', 'undated', 'live undated']);
    const byText = new Map(w.entries('m1').flatMap((e) => (e.kind === 'line' ? [[e.text, e] as const] : [])));
    expect(byText.get('dated')?.ts).toBe(1_764_331_331_000);
    expect(byText.get('dated')?.timeReceived).toBeUndefined();
    for (const t of ['undated', 'live undated']) {
      const e = byText.get(t);
      expect(e?.timeReceived).toBe(true);
      expect(e?.ts).toBeGreaterThanOrEqual(t0);
      expect(e?.ts).toBeLessThanOrEqual(Date.now());
    }
    expect(w.problems().some((p) => /bad frame \(bad-timestamp\): .*received/.test(p))).toBe(true);
  });

  it('502 HTML page: the problem names HTTP 502, and the model recovers when the proxy does', async () => {
    const d = await demo();
    d.emit('m1', 'stored');
    d.setFault({ kind: 'html-502' });
    const w = await watch([{ id: 's', url: d.url }]);
    await waitFor(() => /502/.test(`${w.status('m1')?.lastProblem ?? ''}${w.monitor.snapshot().servers[0]?.lastProblem ?? ''}`), 5000, '502');
    d.setFault(null);
    await waitFor(() => w.lines('m1').includes('stored'), 8000, 'stored');
    expectOnce(w.lines('m1'), ['stored']);
  });

  it('reset mid-frame, slow drip: reconnects and every line once', async () => {
    const d = await demo();
    const w = await watch([{ id: 's', url: d.url }]);
    d.emit('m1', 'one');
    await waitFor(() => w.lines('m1').includes('one'), 5000, 'one');
    d.setFault({ kind: 'reset-mid-frame' });
    d.emit('m1', 'two');
    await new Promise((r) => setTimeout(r, 400));
    d.setFault({ kind: 'drip', bytesPerTick: 7, tickMs: 5 });
    d.dropConnections();
    d.emit('m1', 'three');
    await waitFor(() => w.lines('m1').includes('three'), 10_000, 'three');
    d.setFault(null);
    expectOnce(w.lines('m1'), ['one', 'two', 'three']);
  });

  it('malformed JSON and unknown frame types: one problem each, the stream goes on', async () => {
    const d = await demo();
    const w = await watch([{ id: 's', url: d.url }]);
    d.emit('m1', 'a');
    await waitFor(() => w.lines('m1').includes('a'), 5000, 'a');
    d.sendRaw('m1', 'data: {this is not json\n\n');
    d.sendRaw('m1', 'data: {"type": "mystery", "x": 1}\n\n');
    d.emit('m1', 'b');
    await waitFor(() => w.lines('m1').includes('b'), 5000, 'b');
    expect(w.problems().some((p) => /non-json/.test(p))).toBe(true);
    expect(w.problems().some((p) => /unknown-type/.test(p))).toBe(true);
    expect(w.status('m1')?.connection).toBe('connected');
    expectOnce(w.lines('m1'), ['a', 'b']);
  });

  it('invalid UTF-8, a 500 JSON answer and a 200 with the wrong content type (hostile server)', async () => {
    let n = 0;
    const h: HostileServer = await startHostile({
      models: ['utf', 'err500', 'wrongtype'],
      routes: {
        '/api/models/err500/logs/stream': (_q, res) => sendJson(res, 500, { error: 'internal boom' }),
        '/api/models/wrongtype/logs/stream': (_q, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"ok": true}');
        },
      },
      stream: (_m, res) => {
        n++;
        sseHead(res);
        res.write(historical('clean', 1_764_331_331));
        res.write(Buffer.concat([Buffer.from('data: {"type": "historical", "log": {"timestamp": 1764331332, "message": "bad \xff\xfe bytes"}}\n\n', 'latin1')]));
        res.write(HISTORY_COMPLETE + realtime('live', 1_764_331_333));
      },
    });
    scope.defer(() => h.close());
    const w = await watch([{ id: 's', url: h.url }]);
    await waitFor(() => w.lines('utf').includes('live'), 5000, 'live');
    expect(w.lines('utf').some((t) => t.startsWith('bad ') && t.includes('\uFFFD'))).toBe(true);
    expect(w.problems().some((p) => /invalid-utf8/.test(p))).toBe(true);
    await waitFor(() => /500.*internal boom|internal boom/.test(w.status('err500')?.lastProblem ?? ''), 5000, '500');
    await waitFor(() => /HTTP 200/.test(w.status('wrongtype')?.lastProblem ?? ''), 5000, 'wrong type');
    expect(n).toBeGreaterThan(0);
  });

  it('50 models: every one connected with its lines', async () => {
    const names = Array.from({ length: 50 }, (_, i) => `m${i}`);
    const d = await demo(names);
    for (const m of names) d.emit(m, `hello ${m}`);
    const w = await watch([{ id: 's', url: d.url }]);
    await waitFor(() => names.every((m) => w.lines(m).includes(`hello ${m}`)), 15_000, 'all 50');
    for (const m of names) expectOnce(w.lines(m), [`hello ${m}`]);
  }, 30_000);

  it('two servers, one dead: the live one streams, the dead one is unreachable', async () => {
    const d = await demo();
    const port = await closedPort();
    const w = await watch([
      { id: 'live', url: d.url },
      { id: 'dead', url: `http://127.0.0.1:${port}` },
    ]);
    d.emit('m1', 'alive');
    await waitFor(() => w.lines('m1').includes('alive'), 5000, 'alive');
    await waitFor(() => w.monitor.snapshot().servers.find((s) => s.id === 'dead')?.health === 'unreachable', 5000, 'dead');
    expect(w.monitor.snapshot().servers.find((s) => s.id === 'live')?.health).toBe('healthy');
  });

  it('sleep/resume (every socket gone at once, lines produced meanwhile): reconnects, nothing lost or doubled', async () => {
    const d = await demo(['m1', 'm2']);
    const w = await watch([{ id: 's', url: d.url }]);
    d.emit('m1', 'before sleep');
    await waitFor(() => w.lines('m1').includes('before sleep'), 5000, 'before');
    d.dropConnections();
    d.emit('m1', 'while asleep');
    d.emit('m2', 'while asleep 2');
    d.emit('m1', 'after wake');
    await waitFor(() => w.lines('m1').includes('after wake') && w.lines('m2').includes('while asleep 2'), 8000, 'resumed');
    expectOnce(w.lines('m1'), ['before sleep', 'while asleep', 'after wake']);
  });
});
