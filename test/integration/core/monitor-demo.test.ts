import { describe, expect, it } from 'vitest';
import { createMonitor } from '../../../main/core/monitor.js';
import type { Monitor } from '../../../main/core/ports.js';
import type { LogEntry, LogLine, LogMarker, ModelStatus, MonitorEvent } from '../../../main/core/types.js';
import { startDemoServer, type DemoServer } from '../../../main/demo/server.js';
import type { DemoGeneration, DemoModelSpec } from '../../../main/demo/demo-types.js';
import { waitFor } from './helpers.js';
import { testScope } from '../../helpers/test-scope.js';

const FAST = {
  retryIntervalMs: 50,
  backoffCapMs: 200,
  healthIntervalMs: 100,
  discoveryIntervalMs: 150,
  batchMs: 5,
  batchMaxLines: 500,
};

interface Harness {
  demo: DemoServer;
  monitor: Monitor;
  events: MonitorEvent[];
  lines(key: string): LogLine[];
  status(key: string): ModelStatus | undefined;
}

const scope = testScope();

async function harness(
  generation: DemoGeneration,
  models: DemoModelSpec[],
  extra: { replayDelayMs?: number; watch?: string[]; policy?: Record<string, number> } = {},
): Promise<Harness> {
  const demo = await startDemoServer({
    generation,
    port: 0,
    replayDelayMs: extra.replayDelayMs ?? 0,
    startupMs: 0,
    startupLogs: false,
    models,
    v3FlushMs: 50,
  });
  scope.defer(() => demo.close());
  const monitor = createMonitor({
    servers: [{ id: 's1', name: 'demo', url: demo.url }],
    policy: { ...FAST, ...(extra.policy ?? {}) },
    ...(extra.watch ? { watch: extra.watch } : {}),
  });
  scope.defer(() => monitor.stop());
  const events: MonitorEvent[] = [];
  monitor.subscribe((e) => events.push(e));
  await monitor.start();
  return {
    demo,
    monitor,
    events,
    lines: (key) => monitor.entries(key).filter((e): e is LogLine => e.kind === 'line'),
    status: (key) => monitor.snapshot().models.find((m) => m.key === key),
  };
}

function texts(entries: readonly LogEntry[]): string[] {
  return entries.filter((e): e is LogLine => e.kind === 'line').map((e) => e.text);
}

const GENERATIONS: DemoGeneration[] = ['v1-seed', 'v1-oct', 'v2', 'v3'];

for (const gen of GENERATIONS) {
  describe(`monitor against the demo server (${gen})`, () => {
    it('detects the generation, discovers models, detects startup after not-running answers', async () => {
      const h = await harness(gen, [{ name: 'alpha', aliases: ['alpha', 'alpha-alias'] }, { name: 'beta' }]);
      const key = 's1/alpha';
      await waitFor(() => h.monitor.snapshot().servers[0]?.generation === gen, 5000, 'generation');
      await waitFor(() => h.status(key)?.connection === 'not-running', 5000, 'not-running');
      // v3's model stream names only the primary alias; the others come from GET /api/config/models.
      await waitFor(() => h.status(key)?.aliases.includes('alpha-alias'), 5000, 'every alias');
      expect(h.status('s1/beta')).toBeDefined();
      // Several retries while stopped, then start: the connection notices by itself.
      await waitFor(() => h.events.filter((e) => e.type === 'status' && e.status.key === key).length >= 3, 5000, 'retries');
      await h.demo.startModel('alpha');
      h.demo.emit('alpha', 'first line after start');
      await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
      await waitFor(() => texts(h.monitor.entries(key)).includes('first line after start'), 5000, 'line');
      h.demo.emit('alpha', 'a live line');
      await waitFor(() => texts(h.monitor.entries(key)).includes('a live line'), 5000, 'live line');
      const stats = h.monitor.stats(key);
      expect(stats?.attempts).toBeGreaterThanOrEqual(2);
      expect(stats?.lines.total).toBeGreaterThanOrEqual(2);
    });

    it('stop is silent, restart continues; shutdown + restart replays with no duplicates and no loss', async () => {
      const h = await harness(gen, [{ name: 'alpha' }]);
      const key = 's1/alpha';
      await h.demo.startModel('alpha');
      for (let i = 0; i < 20; i++) h.demo.emit('alpha', `run1 line ${i}`);
      await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
      await waitFor(() => texts(h.monitor.entries(key)).includes('run1 line 19'), 5000, 'run1');
      h.demo.stopModel('alpha');
      await h.demo.startModel('alpha');
      for (let i = 0; i < 10; i++) h.demo.emit('alpha', `run2 line ${i}`);
      await waitFor(() => texts(h.monitor.entries(key)).includes('run2 line 9'), 5000, 'run2');

      await h.demo.shutdown();
      // v3 streams go silent: the health probe notices, within its own 5 s deadline when a request
      // hangs (seen once in a loaded CI run), so wait longer than that deadline.
      await waitFor(() => h.status(key)?.connection === 'disconnected', 12_000, 'disconnected');
      await h.demo.restart();
      await h.demo.startModel('alpha');
      h.demo.emit('alpha', 'after restart');
      await waitFor(() => texts(h.monitor.entries(key)).includes('after restart'), 8000, 'after restart');
      await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'reconnected');

      const got = texts(h.monitor.entries(key));
      const record = h.demo.record('alpha').map((r) => r.message);
      for (const text of record) expect(got).toContain(text);
      // Exactly once: every recorded line appears as often as the server recorded it.
      const count = (xs: string[], t: string): number => xs.filter((x) => x === t).length;
      for (const text of new Set(record)) expect(count(got, text), text).toBe(count(record, text));
    });

    it('404 for an unknown model stops retrying; the problem says so', async () => {
      const h = await harness(gen, [{ name: 'alpha' }]);
      await waitFor(() => h.status('s1/alpha'), 5000, 'model');
      h.demo.removeModel('alpha');
      h.monitor.reconnectAll();
      // Either discovery removes it or the stream answers 404: both end the retries.
      await waitFor(
        () => !h.status('s1/alpha') || h.status('s1/alpha')?.lastProblem?.startsWith('unknown model'),
        5000,
        'unknown model',
      );
    });
  });
}

describe('faults (v1-seed)', () => {
  it('malformed JSON frame is counted, reported once, and the stream continues', async () => {
    const h = await harness('v1-seed', [{ name: 'alpha' }]);
    const key = 's1/alpha';
    await h.demo.startModel('alpha');
    await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
    h.demo.sendRaw('alpha', 'data: {not json\n\n');
    h.demo.sendRaw('alpha', 'data: {also not json\n\n');
    h.demo.emit('alpha', 'still flowing');
    await waitFor(() => texts(h.monitor.entries(key)).includes('still flowing'), 5000, 'line after bad frame');
    expect(h.monitor.stats(key)?.badFrames).toBe(2);
    const problems = h.events.filter((e) => e.type === 'problem' && e.key === key);
    expect(problems).toHaveLength(1);
    expect(h.status(key)?.connection).toBe('connected');
  });

  it('a 5 MB line is refused as one bad frame without breaking the stream', async () => {
    const h = await harness('v1-seed', [{ name: 'alpha' }]);
    const key = 's1/alpha';
    await h.demo.startModel('alpha');
    await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
    h.demo.emit('alpha', 'x'.repeat(5 * 1024 * 1024));
    h.demo.emit('alpha', 'after the giant');
    await waitFor(() => texts(h.monitor.entries(key)).includes('after the giant'), 10_000, 'line after giant');
    expect(h.monitor.stats(key)?.badFrames).toBe(1);
  });

  it('HTML 502 page and refused connections show as disconnected with the problem, then recover', async () => {
    const h = await harness('v1-seed', [{ name: 'alpha' }]);
    const key = 's1/alpha';
    await h.demo.startModel('alpha');
    await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
    h.demo.setFault({ kind: 'html-502' });
    h.demo.dropConnections();
    await waitFor(() => h.status(key)?.lastProblem?.includes('502'), 5000, '502 problem');
    expect(h.status(key)?.connection).toBe('disconnected');
    h.demo.setFault(null);
    h.demo.emit('alpha', 'healed');
    await waitFor(() => texts(h.monitor.entries(key)).includes('healed'), 8000, 'recovered');
  });

  it("v1-oct while the real server shuts down: its model list answers 500 (no thread pool left); the problem is shown, the models and their stream stay, and the next list heals it", async () => {
    const h = await harness('v1-oct', [{ name: 'alpha' }, { name: 'beta' }]);
    const key = 's1/alpha';
    await h.demo.startModel('alpha');
    await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
    h.demo.setFault({ kind: 'executor-shutdown' });
    const shutdownProblem = () => h.events.some((e) => e.type === 'problem' && e.message.includes('cannot schedule new futures after shutdown'));
    await waitFor(shutdownProblem, 5000, 'the model list problem');
    h.demo.emit('alpha', 'during the shutdown');
    await waitFor(() => texts(h.monitor.entries(key)).includes('during the shutdown'), 5000, 'the stream still read');
    expect(h.monitor.snapshot().models.map((m) => m.key).sort()).toEqual(['s1/alpha', 's1/beta']);
    expect(h.status(key)?.connection).toBe('connected');
    h.demo.setFault(null);
    h.demo.emit('alpha', 'after the shutdown');
    await waitFor(() => texts(h.monitor.entries(key)).includes('after the shutdown'), 5000, 'healed');
    expect(texts(h.monitor.entries(key)).filter((t) => t === 'during the shutdown')).toHaveLength(1);
  });

  it('connection reset mid-frame: reconnects and loses nothing', async () => {
    const h = await harness('v1-seed', [{ name: 'alpha' }]);
    const key = 's1/alpha';
    await h.demo.startModel('alpha');
    await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
    h.demo.emit('alpha', 'before reset');
    h.demo.setFault({ kind: 'reset-mid-frame' });
    h.demo.emit('alpha', 'during reset');
    await waitFor(() => h.status(key)?.connection !== 'connected', 5000, 'dropped');
    h.demo.setFault(null);
    await waitFor(() => texts(h.monitor.entries(key)).includes('during reset'), 8000, 'replayed');
    const got = texts(h.monitor.entries(key));
    expect(got.filter((t) => t === 'before reset')).toHaveLength(1);
    expect(got.filter((t) => t === 'during reset')).toHaveLength(1);
  });

  for (const gen of ['v1-seed', 'v1-oct', 'v2'] as const) {
    it(`replay hole (${gen}): a line printed during a SHORT replay is recovered in place, once, and the gap is settled`, async () => {
      // 40 lines at 5 ms: a 0.2 s replay, far below the old 1 s threshold that alone raised a marker.
      const h = await harness(gen, [{ name: 'alpha' }], { replayDelayMs: 5 });
      const key = 's1/alpha';
      await h.demo.startModel('alpha');
      for (let i = 0; i < 40; i++) h.demo.emit('alpha', `old ${i}`);
      await waitFor(() => h.status(key)?.connection === 'connected', 10_000, 'connected');
      await waitFor(() => h.monitor.entries(key).some((e) => e.kind === 'marker' && e.marker === 'gap-resolved'), 10_000, 'first check');
      // The first check's connection may still be replaying after it resolved: let it close first.
      await waitFor(() => h.demo.replayingCount('alpha') === 0 && h.demo.subscriberCount('alpha') === 1, 5000, 'first check closed');
      h.monitor.reconnectAll();
      // The main connection's replay (not the hole check's second connection, which replays only after
      // the main one is connected: a line printed then reaches the main connection live).
      await waitFor(() => h.demo.replayingCount('alpha') > 0 && h.status(key)?.connection === 'connecting', 5000, 'replaying');
      h.demo.emit('alpha', 'produced during replay');
      await waitFor(() => h.status(key)?.connection === 'connected', 10_000, 'reconnected');
      h.demo.emit('alpha', 'after replay');
      const recovered = await waitFor(
        () => h.lines(key).find((l) => l.text === 'produced during replay'),
        10_000,
        'the swallowed line',
      );
      expect(recovered.recovered).toBe(true);
      const gap = h.monitor.entries(key).find((e) => e.seq === recovered.fills);
      expect(gap).toMatchObject({ kind: 'marker', marker: 'gap', reason: 'replay-hole', recovered: 1 });
      await waitFor(() => texts(h.monitor.entries(key)).includes('after replay'), 5000, 'after');
      // Exactly once, and nothing left unsettled.
      const got = texts(h.monitor.entries(key));
      const record = h.demo.record('alpha').map((r) => r.message);
      expect([...got].sort()).toEqual([...record].sort());
      await waitFor(() => !h.monitor.entries(key).some((e) => e.kind === 'marker' && e.unverified), 5000, 'settled');
      // The check connection is closed once its replay ended: only the main connection stays.
      await waitFor(() => h.demo.subscriberCount('alpha') === 1, 5000, 'check connection closed');
    });
  }

  for (const gen of ['v1-seed', 'v2'] as const) {
    describe(`the replay-hole check cut short (${gen}): the gap is always resolved`, () => {
      const resolutionsOf = (h: Harness, key: string): LogMarker[] =>
        h.events.flatMap((e) => (e.type === 'lines' && e.key === key ? e.entries.filter((x): x is LogMarker => x.kind === 'marker' && x.marker === 'gap-resolved') : []));

      /**
       * 40 lines replayed at 20 ms each; a reconnect (as after sleep), then resolves once that main
       * connection is live and its hole's check replays. No health probe meanwhile: its stall check
       * would reconnect on its own when a stats sample races the stream.
       */
      async function checking(extra: { policy?: Record<string, number> } = {}, swallow?: string) {
        const h = await harness(gen, [{ name: 'alpha' }], { replayDelayMs: 20, ...extra, policy: { healthIntervalMs: 600_000, ...(extra.policy ?? {}) } });
        const key = 's1/alpha';
        await h.demo.startModel('alpha');
        for (let i = 0; i < 40; i++) h.demo.emit('alpha', `old ${i}`);
        await waitFor(() => h.status(key)?.connection === 'connected', 10_000, 'connected');
        await waitFor(() => resolutionsOf(h, key).length > 0 && h.demo.replayingCount('alpha') === 0, 10_000, 'first check');
        const before = resolutionsOf(h, key).length;
        h.monitor.reconnectAll();
        await waitFor(() => h.demo.replayingCount('alpha') > 0 && h.status(key)?.connection !== 'connected', 10_000, 'main replaying');
        if (swallow !== undefined) h.demo.emit('alpha', swallow);
        await waitFor(() => h.status(key)?.connection === 'connected' && h.demo.replayingCount('alpha') > 0, 10_000, 'check replaying');
        const gap = h.monitor.entries(key).findLast((e): e is LogMarker => e.kind === 'marker' && e.marker === 'gap' && e.unverified === true);
        expect(gap).toBeDefined();
        const gapSeq = gap?.seq ?? -1;
        expect(resolutionsOf(h, key)).toHaveLength(before);
        const resolved = () => resolutionsOf(h, key).filter((r) => r.fills === gapSeq);
        return { h, key, gapSeq, resolved };
      }

      it('the check connection alone is cut during its replay: it is opened again and recovers the swallowed line', async () => {
        const { h, key, gapSeq, resolved } = await checking({}, 'swallowed tick');
        expect(h.demo.dropReplaying('alpha')).toBe(1);
        h.demo.emit('alpha', 'live after');
        await waitFor(() => resolved().length > 0, 10_000, 'the gap resolved');
        expect(resolved()).toEqual([expect.objectContaining({ fills: gapSeq, outcome: 'recovered', recovered: 1 })]);
        const got = texts(h.monitor.entries(key));
        expect([...got].sort()).toEqual(h.demo.record('alpha').map((r) => r.message).sort());
        expect(h.lines(key).find((l) => l.text === 'swallowed tick')).toMatchObject({ recovered: true, fills: gapSeq });
        expect(h.status(key)?.connection).toBe('connected');
      });

      it('every connection is cut during the check and no replay finishes before the deadline: could not be checked, connection lost', async () => {
        const { h, key, gapSeq, resolved } = await checking({ policy: { holeCheckDeadlineMs: 1500 } });
        // From now on every replay stalls (the running check's and the reconnect's).
        h.demo.setReplayDelay(60_000);
        h.demo.dropConnections();
        await waitFor(() => resolved().length > 0, 15_000, 'the gap resolved');
        expect(resolved()).toEqual([expect.objectContaining({ fills: gapSeq, outcome: 'unknown', unchecked: 'connection-lost' })]);
        // The buffered gap says so too (what a reload of the window shows), and nothing says checking.
        const held = h.monitor.entries(key).find((e) => e.seq === gapSeq);
        expect(held).toMatchObject({ marker: 'gap', reason: 'replay-hole', outcome: 'unknown', unchecked: 'connection-lost' });
        expect(h.monitor.entries(key).some((e) => e.kind === 'marker' && e.unverified === true)).toBe(false);
        expect(h.monitor.stats(key)?.gaps).toBe(1);
      });

      it('the model stops during the check (the reconnect answers not running): could not be checked, model stopped', async () => {
        const { h, gapSeq, resolved } = await checking();
        h.demo.stopModel('alpha');
        h.demo.dropConnections();
        await waitFor(() => resolved().length > 0, 10_000, 'the gap resolved');
        expect(resolved()).toEqual([expect.objectContaining({ fills: gapSeq, outcome: 'unknown', unchecked: 'model-stopped' })]);
      });

      it('the view is cleared during the check: resolved at once as cleared, and the check connection closes', async () => {
        const { h, key, gapSeq, resolved } = await checking();
        h.monitor.clearLocal(key);
        await waitFor(() => resolved().length > 0, 5000, 'the gap resolved');
        expect(resolved()).toEqual([expect.objectContaining({ fills: gapSeq, outcome: 'unknown', unchecked: 'cleared' })]);
        await waitFor(() => h.demo.replayingCount('alpha') === 0, 5000, 'check connection closed');
        expect(h.status(key)?.connection).toBe('connected');
      });
    });
  }

  it('20 models at once', async () => {
    const models = Array.from({ length: 20 }, (_, i) => ({ name: `m${i}` }));
    const h = await harness('v1-oct', models);
    for (const m of models) await h.demo.startModel(m.name);
    for (const m of models) h.demo.emit(m.name, `hello from ${m.name}`);
    await waitFor(
      () => models.every((m) => texts(h.monitor.entries(`s1/${m.name}`)).includes(`hello from ${m.name}`)),
      10_000,
      'all models',
    );
    expect(h.monitor.snapshot().models.filter((m) => m.connection === 'connected')).toHaveLength(20);
  });

  it('watch filter by alias', async () => {
    const h = await harness('v1-oct', [{ name: 'alpha', aliases: ['alpha', 'a1'] }, { name: 'beta' }], { watch: ['a1'] });
    await waitFor(() => h.status('s1/beta'), 5000, 'models');
    expect(h.status('s1/alpha')?.watched).toBe(true);
    expect(h.status('s1/beta')?.watched).toBe(false);
  });
});

describe('crashes the server does not notice (v1/v2)', () => {
  it.each(['v1-seed', 'v2'] as const)('%s: a live crash line shows the model as failed until it comes back', async (generation) => {
    const h = await harness(generation, [{ name: 'm' }]);
    const key = 's1/m';
    await h.demo.startModel('m');
    await waitFor(() => h.status(key)?.connection === 'connected' && h.status(key)?.lifecycle === 'routing', 5000, 'connected, routing');
    h.demo.crashModel('m');
    await waitFor(() => h.status(key)?.lifecycle === 'failed', 5000, 'failed from the log');
    expect(h.demo.status('m')).toBe('routing'); // the server did not notice
    expect(h.status(key)?.failureReason).toMatch(/crashed .*GGML_ASSERT/);
    expect(h.status(key)?.connection).toBe('connected');
    // Signs of life again (what a restart prints) clear it.
    h.demo.emit('m', 'main: server is listening on http://127.0.0.1:18101 - starting the main loop');
    await waitFor(() => h.status(key)?.lifecycle === 'routing', 5000, 'routing again');
    expect(h.status(key)?.failureReason).toBeNull();
  });

  it('an ordinary stop that the shell reports as "Killed" is not a crash', async () => {
    const h = await harness('v1-seed', [{ name: 'm' }]);
    const key = 's1/m';
    await h.demo.startModel('m');
    await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
    h.demo.emit('m', 'Killed');
    h.demo.emit('m', 'after');
    await waitFor(() => texts(h.monitor.entries(key)).includes('after'), 5000, 'lines');
    expect(h.status(key)?.lifecycle).toBe('routing');
  });
});

describe('v3 specifics', () => {
  it('refills the 16-line drop: zero loss against the record', async () => {
    const h = await harness('v3', [{ name: 'burst' }]);
    const key = 's1/burst';
    await h.demo.startModel('burst');
    await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
    h.demo.emitMany('burst', Array.from({ length: 100 }, (_, i) => `burst line ${i}`));
    await waitFor(() => texts(h.monitor.entries(key)).includes('burst line 99'), 8000, 'burst');
    const got = texts(h.monitor.entries(key));
    for (let i = 0; i < 100; i++) expect(got.filter((t) => t === `burst line ${i}`)).toHaveLength(1);
    const record = h.demo.record('burst').map((r) => r.message);
    for (const t of record) expect(got).toContain(t);
  });

  it('a model the server reports as starting is "connecting", not "not running", while its log is not open yet', async () => {
    const h = await harness('v3', [{ name: 'slow' }]);
    const key = 's1/slow';
    await waitFor(() => h.status(key)?.connection === 'not-running', 5000, 'not running while stopped');
    // health_check without a log session yet (v3 opens it at spawn): the stream cannot be opened.
    h.demo.setStatus('slow', 'health_check');
    await waitFor(() => h.status(key)?.lifecycle === 'health_check', 5000, 'lifecycle health_check');
    expect(h.status(key)?.connection).toBe('connecting');
    h.demo.setStatus('slow', 'failed', 'probe failed');
    await waitFor(() => h.status(key)?.connection === 'not-running', 5000, 'failed → not running');
  });

  it('session end: the tail never pushed live is fetched; a new session is followed', async () => {
    const h = await harness('v3', [{ name: 'alpha' }]);
    const key = 's1/alpha';
    await h.demo.startModel('alpha');
    await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
    h.demo.crashModel('alpha', ['GGML_ASSERT(x) failed', 'FATAL: crashed (abort)']);
    await waitFor(() => texts(h.monitor.entries(key)).includes('FATAL: crashed (abort)'), 8000, 'tail');
    await waitFor(() => h.status(key)?.lifecycle === 'failed', 5000, 'failed');
    await h.demo.startModel('alpha');
    h.demo.emit('alpha', 'second session');
    await waitFor(() => texts(h.monitor.entries(key)).includes('second session'), 8000, 'second session');
    const record = h.demo.record('alpha').map((r) => r.message);
    const got = texts(h.monitor.entries(key));
    for (const t of record) expect(got.filter((x) => x === t).length, t).toBe(record.filter((x) => x === t).length);
  });
});

describe('v3 reconnect into a brand-new session', () => {
  it('a new session with no lines yet is not "cleared on the server" (v3 has no clear)', async () => {
    const h = await harness('v3', [{ name: 'alpha' }]);
    const key = 's1/alpha';
    await h.demo.startModel('alpha');
    h.demo.emitMany('alpha', ['run 1 a', 'run 1 b']);
    await waitFor(() => texts(h.monitor.entries(key)).includes('run 1 b'), 5000, 'run 1');
    h.demo.stopModel('alpha');
    await waitFor(() => h.status(key)?.connection === 'not-running', 10_000, 'not-running');
    await h.demo.startModel('alpha');
    await waitFor(() => h.status(key)?.connection === 'connected', 10_000, 'connected to the new session');
    h.demo.emit('alpha', 'run 2 a');
    await waitFor(() => texts(h.monitor.entries(key)).includes('run 2 a'), 5000, 'run 2');
    const gaps = h.monitor.entries(key).filter((e) => e.kind === 'marker' && e.marker === 'gap');
    expect(gaps).toEqual([]);
  });
});

describe('v1 server restarted quickly (seen on the real v1-oct: the health probe never noticed)', () => {
  it.each(['v1-seed', 'v1-oct'] as const)('%s: after the shutdown error frame, the new history is marked server-restarted, not cleared', async (gen) => {
    const h = await harness(gen, [{ name: 'alpha' }], { policy: { healthIntervalMs: 100_000 } });
    const key = 's1/alpha';
    await h.demo.startModel('alpha');
    for (let i = 0; i < 5; i++) h.demo.emit('alpha', `old ${i}`);
    await waitFor(() => texts(h.monitor.entries(key)).includes('old 4'), 5000, 'old lines');
    await h.demo.shutdown();
    await waitFor(() => h.status(key)?.lastProblem?.includes('cannot schedule new futures') === true, 5000, 'shutdown frame');
    await h.demo.restart({ fresh: true });
    await h.demo.startModel('alpha');
    h.demo.emit('alpha', 'new 0');
    await waitFor(() => texts(h.monitor.entries(key)).includes('new 0'), 8000, 'the new history');
    expect(h.monitor.snapshot().servers[0]?.health).toBe('healthy');
    const reasons = h.monitor.entries(key).flatMap((e) => (e.kind === 'marker' && e.marker === 'gap' ? [e.reason] : []));
    expect(reasons).toContain('server-restarted');
    expect(reasons).not.toContain('server-cleared');
  });
});

describe('v3 server that comes back with an empty database', () => {
  it('new lines (ids from 1 again) are shown after a marker, not dropped as duplicates', async () => {
    let skew = 0;
    const demo = await startDemoServer({ generation: 'v3', port: 0, replayDelayMs: 0, startupMs: 0, startupLogs: false, models: [{ name: 'm' }], v3FlushMs: 50, now: () => Date.now() + skew });
    scope.defer(() => demo.close());
    const monitor = createMonitor({ servers: [{ id: 's1', name: 'demo', url: demo.url }], policy: FAST });
    scope.defer(() => monitor.stop());
    await monitor.start();
    const key = 's1/m';
    const status = () => monitor.snapshot().models.find((m) => m.key === key);
    await demo.startModel('m');
    await waitFor(() => status()?.connection === 'connected', 5000, 'connected');
    for (let i = 0; i < 30; i++) demo.emit('m', `old ${i}`);
    await waitFor(() => texts(monitor.entries(key)).includes('old 29'), 5000, 'old lines');
    skew = 60_000; // the wipe and restart take a while
    await demo.restart({ fresh: true });
    await demo.startModel('m');
    demo.emit('m', 'new 0');
    demo.emit('m', 'new 1');
    await waitFor(() => texts(monitor.entries(key)).includes('new 1'), 8000, 'lines of the new database');
    const entries = monitor.entries(key);
    const gapAt = entries.findIndex((e) => e.kind === 'marker' && e.reason === 'server-restarted');
    expect(gapAt).toBeGreaterThan(entries.findIndex((e) => e.kind === 'line' && e.text === 'old 29'));
    expect(texts(entries).filter((t) => t === 'new 0')).toHaveLength(1);
  });
});

/** v3: one session streamed and ended (its late lines had their ~2 s to reach /lines), then a proxy answers 502. */
async function v3OneSessionThen502(): Promise<{ h: Harness; key: string }> {
  const h = await harness('v3', [{ name: 'alpha' }]);
  const key = 's1/alpha';
  await h.demo.startModel('alpha');
  await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
  h.demo.emit('alpha', 'run 1 line');
  await waitFor(() => texts(h.monitor.entries(key)).includes('run 1 line'), 5000, 'run 1');
  h.demo.stopModel('alpha');
  await waitFor(() => h.status(key)?.connection === 'not-running', 20_000, 'not-running');
  h.demo.setFault({ kind: 'html-502' });
  return { h, key };
}

describe('v3 sessions missed while not streaming', () => {
  it('a whole session that started and ended while the server answered 502 is fetched from /lines', async () => {
    const { h, key } = await v3OneSessionThen502();
    await h.demo.startModel('alpha');
    h.demo.emitMany('alpha', ['run 2 first', 'run 2 second', 'run 2 last']);
    h.demo.stopModel('alpha');
    h.demo.setFault(null);
    await waitFor(() => texts(h.monitor.entries(key)).includes('run 2 last'), 20_000, 'the missed session');
    const got = texts(h.monitor.entries(key));
    const record = h.demo.record('alpha').map((r) => r.message);
    for (const t of record) expect(got.filter((x) => x === t).length, t).toBe(record.filter((x) => x === t).length);
    expect(got.indexOf('run 2 first')).toBeLessThan(got.indexOf('run 2 last'));
  }, 30_000);
});

describe('v3 delivery progress across re-probes', () => {
  it('a session that ran while a proxy answered 502 long enough for a re-probe is still fetched (same database)', async () => {
    const { h, key } = await v3OneSessionThen502();
    // Unreachable: the server is probed again when it answers, which builds a new adapter.
    await waitFor(() => h.monitor.snapshot().servers[0]?.health === 'unreachable', 5000, 'unreachable');
    await h.demo.startModel('alpha');
    h.demo.emitMany('alpha', ['run 2 first', 'run 2 last']);
    h.demo.stopModel('alpha');
    h.demo.setFault(null);
    await waitFor(() => h.monitor.snapshot().servers[0]?.health === 'healthy', 5000, 'healthy again');
    await waitFor(() => texts(h.monitor.entries(key)).includes('run 2 last'), 10_000, 'the session that ran during the outage');
    const got = texts(h.monitor.entries(key));
    for (const t of ['run 1 line', 'run 2 first', 'run 2 last']) expect(got.filter((x) => x === t), t).toHaveLength(1);
    expect(h.monitor.entries(key).filter((e) => e.kind === 'marker' && e.marker === 'gap')).toEqual([]);
  }, 30_000);
});

describe('server health and control through the monitor', () => {
  it('shutdown: error frame ends the stream, health marks the server unreachable, restart recovers', async () => {
    const h = await harness('v1-oct', [{ name: 'alpha' }], { policy: { healthIntervalMs: 100_000 } });
    const key = 's1/alpha';
    await h.demo.startModel('alpha');
    await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
    await h.demo.shutdown();
    await waitFor(() => h.status(key)?.lastProblem?.includes('cannot schedule new futures'), 5000, 'error frame');
    expect(h.status(key)?.connection).toBe('disconnected');
    h.monitor.updatePolicy({ healthIntervalMs: 50 });
    await waitFor(() => h.monitor.snapshot().servers[0]?.health === 'unreachable', 5000, 'unreachable');
    await h.demo.restart();
    await waitFor(() => h.monitor.snapshot().servers[0]?.health === 'healthy', 5000, 'healthy again');
    await h.demo.startModel('alpha');
    h.demo.emit('alpha', 'back');
    await waitFor(() => texts(h.monitor.entries(key)).includes('back'), 5000, 'back');
  });

  it('startModel / stopModel / clearOnServer / clearLocal / stopAll', async () => {
    const h = await harness('v1-seed', [{ name: 'alpha' }, { name: 'beta' }]);
    const key = 's1/alpha';
    await waitFor(() => h.status(key)?.connection === 'not-running', 5000, 'not-running');
    const r = await h.monitor.startModel(key);
    expect(r.ok).toBe(true);
    await waitFor(() => h.status(key)?.connection === 'connected', 5000, 'connected');
    h.demo.emit('alpha', 'to be cleared');
    await waitFor(() => texts(h.monitor.entries(key)).includes('to be cleared'), 5000, 'line');
    const c = await h.monitor.clearOnServer(key, 0);
    expect(c.ok).toBe(true);
    expect(h.events.some((e) => e.type === 'cleared' && e.key === key && e.scope === 'server')).toBe(true);
    h.monitor.clearLocal(key);
    expect(h.events.some((e) => e.type === 'cleared' && e.key === key && e.scope === 'local')).toBe(true);
    expect(texts(h.monitor.entries(key))).not.toContain('to be cleared');
    expect((await h.monitor.stopAll('s1')).ok).toBe(true);
    await waitFor(() => h.demo.status('alpha') === 'stopped', 5000, 'stopped');
    expect((await h.monitor.stopModel('s1/nope')).ok).toBe(false);
    await h.monitor.refreshServerStats('s1');
    expect(h.monitor.snapshot().servers[0]?.logStats).not.toBeNull();
  });

  it('discovers added and removed models without restart; updateServers swaps servers', async () => {
    const h = await harness('v2', [{ name: 'alpha' }]);
    await waitFor(() => h.status('s1/alpha'), 5000, 'alpha');
    h.demo.addModel({ name: 'gamma' });
    await waitFor(() => h.status('s1/gamma'), 5000, 'gamma discovered');
    h.demo.removeModel('alpha');
    await waitFor(() => !h.status('s1/alpha'), 5000, 'alpha removed');
    await h.monitor.updateServers([]);
    expect(h.monitor.snapshot().servers).toHaveLength(0);
    await h.monitor.updateServers([{ id: 's2', name: 'again', url: h.demo.url }]);
    await waitFor(() => h.status('s2/gamma'), 5000, 'second server');
  });
});

it('re-detects the API generation when the server comes back upgraded (v2 → v3 on the same port)', async () => {
  const h = await harness('v2', [{ name: 'alpha' }]);
  const key = 's1/alpha';
  await h.demo.startModel('alpha');
  h.demo.emit('alpha', 'from v2');
  await waitFor(() => texts(h.monitor.entries(key)).includes('from v2'), 5000, 'v2 line');
  expect(h.monitor.snapshot().servers[0]?.generation).toBe('v2');
  const port = Number(new URL(h.demo.url).port);
  await h.demo.close();
  await waitFor(() => h.monitor.snapshot().servers[0]?.health === 'unreachable', 5000, 'unreachable');
  const v3 = await startDemoServer({ generation: 'v3', port, replayDelayMs: 0, startupMs: 0, startupLogs: false, models: [{ name: 'alpha' }], v3FlushMs: 50 });
  scope.defer(() => v3.close());
  await waitFor(() => h.monitor.snapshot().servers[0]?.generation === 'v3', 5000, 'generation v3');
  expect(h.monitor.snapshot().servers[0]?.health).toBe('healthy');
  await v3.startModel('alpha');
  v3.emit('alpha', 'from v3');
  await waitFor(() => texts(h.monitor.entries(key)).includes('from v3'), 5000, 'v3 line');
  expect(h.status(key)?.connection).toBe('connected');
});
