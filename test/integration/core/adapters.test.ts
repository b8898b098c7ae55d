import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/core/ports.js';
import { connectServer } from '../../../main/core/servers/create-adapter.js';
import type { ServerAdapter, StreamEvent } from '../../../main/core/servers/adapter.js';
import { probeGeneration } from '../../../main/core/servers/probe.js';
import { createHttpClient } from '../../../main/core/stream/http-client.js';
import { startDemoServer, type DemoServer } from '../../../main/demo/server.js';
import type { DemoGeneration } from '../../../main/demo/demo-types.js';
import { startServer, waitFor } from './helpers.js';
import { testScope } from '../../helpers/test-scope.js';

const scope = testScope();

async function demoAdapter(generation: DemoGeneration, headers?: Record<string, string>): Promise<{ demo: DemoServer; adapter: ServerAdapter }> {
  const demo = await startDemoServer({
    generation,
    port: 0,
    replayDelayMs: 0,
    startupMs: 0,
    startupLogs: false,
    models: [{ name: 'alpha', aliases: ['alpha', 'a1'] }, { name: 'beta' }],
    v3FlushMs: 50,
  });
  scope.defer(() => demo.close());
  const r = await connectServer({ url: `${demo.url}/`, fetch, clock: systemClock, ...(headers ? { headers } : {}) });
  if (!r.ok) throw new Error(r.message);
  scope.defer(() => r.adapter.close());
  return { demo, adapter: r.adapter };
}

function collect(adapter: ServerAdapter, model: string): { events: StreamEvent[]; close: () => void } {
  const events: StreamEvent[] = [];
  const s = adapter.openLogStream(model, (e) => events.push(e));
  scope.defer(() => s.close());
  return { events, close: () => s.close() };
}

for (const gen of ['v1-seed', 'v1-oct', 'v2', 'v3'] as const) {
  describe(`adapter ${gen}`, () => {
    it('probes the generation and lists models', async () => {
      const { adapter } = await demoAdapter(gen);
      expect(adapter.generation).toBe(gen);
      const list = await adapter.listModels();
      expect(list.ok && list.models.map((m) => m.name).sort()).toEqual(['alpha', 'beta']);
      expect(await adapter.health()).toEqual({ ok: true });
    });

    it('400 → not-running with the lifecycle, 404 → unknown-model', async () => {
      const { adapter } = await demoAdapter(gen);
      await adapter.listModels();
      const stopped = collect(adapter, 'alpha');
      const ev = await waitFor(() => stopped.events.find((e) => e.kind === 'not-running'), 5000, 'not-running');
      expect(ev).toMatchObject({ kind: 'not-running', lifecycle: 'stopped' });
      const unknown = collect(adapter, 'no-such-model');
      await waitFor(() => unknown.events.find((e) => e.kind === 'unknown-model'), 5000, 'unknown-model');
    });

    it('start / stop / stop-all / clear answer plainly', async () => {
      const { demo, adapter } = await demoAdapter(gen);
      await adapter.listModels();
      const start = await adapter.start('alpha');
      expect(start.ok).toBe(true);
      await waitFor(() => demo.status('alpha') === 'routing', 5000, 'routing');
      const unknown = await adapter.start('nope');
      expect(unknown.ok).toBe(false);
      expect(unknown.message).toContain('nope');
      const clear = await adapter.clear('alpha', 0);
      if (gen === 'v3') expect(clear).toMatchObject({ ok: false });
      else expect(clear.ok).toBe(true);
      expect((await adapter.stopAll(['alpha'])).ok).toBe(true);
      await waitFor(() => demo.status('alpha') === 'stopped', 5000, 'stopped');
      expect((await adapter.stop('alpha')).ok).toBe(true);
      const stats = await adapter.logStats();
      if (gen === 'v3') expect(stats).toBeNull();
      else expect(stats?.perModel.alpha).toBeDefined();
    });
  });
}

describe('probe', () => {
  it('treats HTML answers as absent and says it is not an LLM-Manager', async () => {
    const srv = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>SPA</body></html>');
    });
    scope.defer(() => srv.close());
    const r = await probeGeneration(createHttpClient({ baseUrl: srv.url, fetch, clock: systemClock }));
    expect(r.ok).toBe(false);
  });

  it('reports an unreachable server', async () => {
    const srv = await startServer(() => {});
    const url = srv.url;
    await srv.close();
    const r = await probeGeneration(createHttpClient({ baseUrl: url, fetch, clock: systemClock }));
    expect(r).toMatchObject({ ok: false });
  });

  it('sends the extra headers on every request', async () => {
    const seen: (string | undefined)[] = [];
    const srv = await startServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.url === '/health') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      else res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
    });
    scope.defer(() => srv.close());
    const r = await probeGeneration(
      createHttpClient({ baseUrl: srv.url, fetch, clock: systemClock, headers: { Authorization: 'Bearer t' } }),
    );
    expect(r).toMatchObject({ ok: true, generation: 'v3' });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((h) => h === 'Bearer t')).toBe(true);
  });
});
