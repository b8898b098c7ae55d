import { describe, expect, it } from 'vitest';
import { normaliseServerConfig, sameConnection, ServerRuntime, type Connector } from '../../../../main/core/monitor/server-runtime.js';
import type { ModelRuntime } from '../../../../main/core/monitor/model-runtime.js';
import { WatchRules } from '../../../../main/core/monitor/watch-rules.js';
import type { ServerConfig } from '../../../../main/core/ports.js';
import type { ServerLogStats } from '../../../../main/core/types.js';
import { fakeAdapter, remote, type FakeAdapter, type FakeAdapterOptions } from '../../../fakes/fake-adapter.js';
import { settle, testContext } from '../../../fakes/monitor-context.js';

const HEALTH = 1000;
const DISCOVERY = 3000;

/** A server whose probe the test answers: each probe builds a fresh fake adapter (or fails). */
function setup(config: Partial<ServerConfig> = {}, adapterOpts: FakeAdapterOptions = {}) {
  const t = testContext({ healthIntervalMs: HEALTH, discoveryIntervalMs: DISCOVERY });
  const adapters: FakeAdapter[] = [];
  let refuse: string | null = null;
  let models = [remote('a'), remote('b')];
  let probes = 0;
  const connect: Connector = () => {
    probes++;
    if (refuse !== null) return Promise.resolve({ ok: false, message: refuse });
    const fa = fakeAdapter({ generation: 'v1-oct', ...adapterOpts });
    fa.setModels(models);
    adapters.push(fa);
    return Promise.resolve({ ok: true, adapter: fa.adapter });
  };
  const started: ModelRuntime[] = [];
  const srv = new ServerRuntime(normaliseServerConfig({ id: 's', name: 'S', url: 'http://127.0.0.1:9', ...config }), t.ctx, {
    watch: new WatchRules(),
    // The budget's part, reduced to "every watched model streams".
    budget: {
      reconciled: () => {
        for (const m of srv.models) {
          if (!m.watched || m.conn.isActive()) continue;
          m.conn.start();
          started.push(m);
        }
      },
      statusChanged: () => {},
    },
    connect,
  });
  const tick = async (ms: number) => {
    t.clock.advance(ms);
    await settle();
  };
  return {
    ...t,
    srv,
    adapters,
    started,
    tick,
    fa: () => adapters.at(-1)!,
    probes: () => probes,
    refuse: (why: string | null) => (refuse = why),
    list: (next: typeof models) => (models = next),
    health: () => t.of('server').at(-1)?.server,
  };
}

const stats = (perModel: Record<string, { entries: number; subscribers: number }>): ServerLogStats => ({ totalEntries: 0, totalSubscribers: 0, perModel });

describe('ServerRuntime', () => {
  it('start: probes the generation, reports it healthy, discovers the models and reads the log statistics', async () => {
    const t = setup();
    expect(t.srv.adapter).toBeNull();
    await t.srv.start();
    await settle();
    expect(t.of('server')[0]?.server).toMatchObject({ id: 's', name: 'S', health: 'unknown', generation: null });
    expect(t.health()).toMatchObject({ health: 'healthy', generation: 'v1-oct', lastProblem: null });
    expect([...t.srv.models].map((m) => m.name)).toEqual(['a', 'b']);
    expect(t.of('models')).toHaveLength(1);
    expect(t.fa().counts.logStats).toBe(1);
    expect(t.started.map((m) => m.name)).toEqual(['a', 'b']);
  });

  it('without its credentials it sends no request at all', async () => {
    const t = setup({ credentialsNeeded: 'enter the password for S' });
    await t.srv.start();
    expect(t.probes()).toBe(0);
    expect(t.health()).toMatchObject({ health: 'unreachable', lastProblem: 'enter the password for S' });
    t.srv.close();
  });

  it('down at start: unreachable with the reason (secrets scrubbed), then healthy at the health tick after it came up', async () => {
    const t = setup({ headers: { authorization: 'Bearer sekrit-token-123' } });
    t.refuse('proxy said: Bearer sekrit-token-123 is not welcome');
    await t.srv.start();
    expect(t.health()?.health).toBe('unreachable');
    expect(t.health()?.lastProblem).not.toContain('sekrit-token-123');
    t.refuse(null);
    await t.tick(HEALTH - 1);
    expect(t.probes()).toBe(1);
    await t.tick(1);
    expect(t.probes()).toBe(2);
    expect(t.health()?.health).toBe('healthy');
    expect(t.srv.models.size).toBe(2);
    t.srv.close();
  });

  it('a failed health probe: unreachable, every connection waits; the next tick probes again', async () => {
    const t = setup();
    await t.srv.start();
    await settle();
    const first = t.fa();
    first.setHealth({ ok: false, message: 'ECONNREFUSED' });
    await t.tick(HEALTH);
    expect(t.health()).toMatchObject({ health: 'unreachable', lastProblem: 'ECONNREFUSED' });
    for (const m of t.srv.models) expect(m.conn.state).toBe('disconnected');
    await t.tick(HEALTH);
    expect(t.probes()).toBe(2);
    expect(t.health()?.health).toBe('healthy');
    // The old adapter is closed when the new one takes over.
    expect(first.counts.close).toBe(1);
    t.srv.close();
  });

  it('lifecycles: polled with the health probe (v1-oct, v2), pushed (v3)', async () => {
    const polled = setup({}, { reportsLifecycle: true });
    await polled.srv.start();
    await settle();
    const lists = polled.fa().counts.listModels;
    await polled.tick(HEALTH);
    expect(polled.fa().counts.listModels).toBe(lists + 1);
    polled.srv.close();

    const pushed = setup({}, { reportsLifecycle: true, push: true, generation: 'v3' });
    await pushed.srv.start();
    await settle();
    const before = pushed.fa().counts.listModels;
    await pushed.tick(HEALTH);
    expect(pushed.fa().counts.listModels).toBe(before);
    pushed.fa().push([remote('a', { lifecycle: 'failed', failureReason: 'OOM' })]);
    expect([...pushed.srv.models].map((m) => [m.name, m.conn.lifecycle])).toEqual([['a', 'failed']]);
    pushed.srv.close();
    expect(pushed.fa().subscribed).toBe(false);
  });

  it('discovery runs on its own timer while healthy; a failed list is a problem, not a change', async () => {
    const t = setup();
    await t.srv.start();
    await settle();
    t.list([remote('a'), remote('b'), remote('c')]);
    t.fa().setModels([remote('a'), remote('b'), remote('c')]);
    await t.tick(DISCOVERY);
    expect([...t.srv.models].map((m) => m.name)).toEqual(['a', 'b', 'c']);
    t.fa().failList('HTTP 502 from the proxy');
    await t.tick(DISCOVERY);
    expect(t.of('problem').map((p) => [p.serverId, p.message])).toContainEqual(['s', 'HTTP 502 from the proxy']);
    expect(t.srv.models.size).toBe(3);
    t.srv.close();
  });

  it('a stalled stream is reconnected and the user told, from the log statistics of two health ticks', async () => {
    const t = setup();
    await t.srv.start();
    await settle();
    const fa = t.fa();
    for (const name of ['a', 'b']) {
      fa.streamOf(name)!.emit({ kind: 'open' });
      fa.streamOf(name)!.emit({ kind: 'history-complete' });
    }
    fa.setStats(stats({ a: { entries: 5, subscribers: 1 }, b: { entries: 5, subscribers: 1 } }));
    await t.tick(HEALTH);
    const streamA = fa.streamOf('a');
    fa.setStats(stats({ a: { entries: 9, subscribers: 1 }, b: { entries: 5, subscribers: 1 } }));
    await t.tick(HEALTH);
    expect(t.of('problem').map((p) => [p.key, p.message])).toEqual([['s/a', 'stream stalled (the server holds 4 new lines that did not arrive); reconnecting']]);
    expect(streamA?.closed).toBe(true);
    expect(fa.streamOf('a')).not.toBe(streamA);
    expect(t.health()?.logStats?.perModel.a?.entries).toBe(9);
    t.srv.close();
  });

  it('health ticks with unchanged log statistics emit no server event; a change emits one', async () => {
    const t = setup();
    await t.srv.start();
    await settle();
    t.fa().setStats(stats({ a: { entries: 5, subscribers: 1 }, b: { entries: 2, subscribers: 1 } }));
    await t.tick(HEALTH);
    const after = t.of('server').length;
    expect(t.health()?.logStats?.perModel.a?.entries).toBe(5);
    const reads = t.fa().counts.logStats;
    // The same figures in new objects, three ticks in a row: read every tick, emitted never.
    for (let i = 0; i < 3; i++) {
      t.fa().setStats(stats({ a: { entries: 5, subscribers: 1 }, b: { entries: 2, subscribers: 1 } }));
      await t.tick(HEALTH);
    }
    expect(t.fa().counts.logStats).toBe(reads + 3);
    expect(t.of('server')).toHaveLength(after);
    // One model's count moves: one event with the new figures.
    t.fa().setStats(stats({ a: { entries: 6, subscribers: 1 }, b: { entries: 2, subscribers: 1 } }));
    await t.tick(HEALTH);
    expect(t.of('server')).toHaveLength(after + 1);
    expect(t.health()?.logStats?.perModel.a?.entries).toBe(6);
    // A model gone from the statistics is a change too.
    t.fa().setStats(stats({ a: { entries: 6, subscribers: 1 } }));
    await t.tick(HEALTH);
    expect(t.of('server')).toHaveLength(after + 2);
    expect(Object.keys(t.health()?.logStats?.perModel ?? {})).toEqual(['a']);
    t.srv.close();
  });

  it('close: no timer left, the adapter closed, nothing emitted after, timers not re-armed', async () => {
    const t = setup();
    await t.srv.start();
    await settle();
    t.srv.close();
    expect(t.srv.closed).toBe(true);
    expect(t.clock.pending()).toBe(0);
    expect(t.fa().counts.close).toBe(1);
    const count = t.events.length;
    await t.tick(DISCOVERY * 2);
    expect(t.events).toHaveLength(count);
  });

  it('stopped monitor: the running timers fire once more and are not re-armed', async () => {
    const t = setup();
    await t.srv.start();
    await settle();
    t.setRunning(false);
    await t.tick(DISCOVERY);
    expect(t.clock.pending()).toBe(0);
    t.srv.close();
  });

  it('a new name is a rename (one server event); a new URL or credentials is a new connection', async () => {
    const t = setup();
    const before = t.of('server').length;
    t.srv.rename({ ...t.srv.config });
    expect(t.of('server')).toHaveLength(before);
    t.srv.rename({ ...t.srv.config, name: 'Renamed' });
    expect(t.of('server').at(-1)?.server.name).toBe('Renamed');
    expect(sameConnection(t.srv.config, { ...t.srv.config, name: 'x' })).toBe(true);
    expect(sameConnection(t.srv.config, { ...t.srv.config, url: 'http://127.0.0.1:10' })).toBe(false);
    expect(sameConnection(t.srv.config, { ...t.srv.config, headers: { authorization: 'Bearer x' } })).toBe(false);
    // User info in the URL becomes a header: the URL shown is bare.
    const moved = normaliseServerConfig({ id: 'p', name: 'P', url: 'http://me:pw@127.0.0.1:9' });
    expect(moved.url).toBe('http://127.0.0.1:9');
    expect(moved.headers?.authorization ?? moved.headers?.Authorization).toMatch(/^Basic /);
  });
});
