import { describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../../main/core/monitor/model-registry.js';
import type { ModelRuntime } from '../../../../main/core/monitor/model-runtime.js';
import { StreamBudget, type BudgetServer } from '../../../../main/core/monitor/stream-budget.js';
import { WatchRules } from '../../../../main/core/monitor/watch-rules.js';
import type { ModelKey } from '../../../../main/core/types.js';
import { fakeAdapter, remote, type FakeAdapter } from '../../../fakes/fake-adapter.js';
import { testContext } from '../../../fakes/monitor-context.js';

/** Servers with fake adapters, their registries wired to one budget as the monitor wires them. */
function setup(maxStreams: number, watch = new WatchRules()) {
  const t = testContext({ maxStreams });
  const servers: Array<BudgetServer & { closed: boolean; fa: FakeAdapter }> = [];
  const budget = new StreamBudget(t.ctx, { servers: () => servers, isNamed: (m) => watch.isNamed(m.name, m.aliases) });
  const addServer = (id: string) => {
    const fa = fakeAdapter({ reportsLifecycle: true });
    const srv = {
      closed: false,
      fa,
      models: null as unknown as ModelRegistry,
    };
    srv.models = new ModelRegistry(
      t.ctx,
      { serverId: id, adapter: () => fa.adapter, closed: () => srv.closed, redact: (s) => s },
      watch,
      { reconciled: () => budget.apply(true), statusChanged: (m) => budget.maybeChanged(m) },
    );
    servers.push(srv);
    return srv;
  };
  const model = (key: string): ModelRuntime => {
    for (const s of servers) {
      const m = s.models.find(key as ModelKey);
      if (m) return m;
    }
    throw new Error(`no model ${key}`);
  };
  const streamed = () => servers.flatMap((s) => [...s.models].filter((m) => m.conn.isActive()).map((m) => m.key));
  const over = () => servers.flatMap((s) => [...s.models].filter((m) => m.overBudget).map((m) => m.key));
  const notes = () => t.of('problem').filter((p) => p.key === null).map((p) => p.message);
  return { ...t, budget, addServer, model, streamed, over, notes };
}

describe('StreamBudget', () => {
  it('streams at most maxStreams models; the rest are marked, with one note for all of them', () => {
    const t = setup(2);
    const s = t.addServer('s');
    s.models.reconcile([remote('a'), remote('b'), remote('c'), remote('d')]);
    expect(t.streamed()).toEqual(['s/a', 's/b']);
    expect(t.over()).toEqual(['s/c', 's/d']);
    expect(t.budget.waiting).toBe(2);
    expect(t.notes()).toEqual([expect.stringMatching(/^2 watched model\(s\) not streamed: over the connection budget of 2 log streams/)]);
    const marked = t.of('status').filter((e) => e.status.lastProblem?.includes('connection budget of 2'));
    expect(marked.map((e) => e.status.key).sort()).toEqual(['s/c', 's/d']);

    // The same count again: no second note.
    t.budget.apply(false);
    expect(t.notes()).toHaveLength(1);
    // A model fewer waits: the note says so once.
    s.models.reconcile([remote('a'), remote('b'), remote('c')]);
    expect(t.notes()).toHaveLength(2);
    expect(t.notes()[1]).toMatch(/^1 watched model/);
  });

  it('running models before named ones before the rest; servers in their order', () => {
    const t = setup(3, new WatchRules(['n1', 'n2', 'r1', 'r2', 'x']));
    const first = t.addServer('s1');
    const second = t.addServer('s2');
    t.setRunning(false);
    first.models.reconcile([remote('x', { lifecycle: 'stopped' }), remote('n2')]);
    second.models.reconcile([remote('n1'), remote('r2', { lifecycle: 'routing' }), remote('r1', { lifecycle: 'starting' })]);
    // Not running: nothing connects.
    expect(t.streamed()).toEqual([]);
    t.setRunning(true);
    t.budget.apply(false);
    expect(t.streamed().sort()).toEqual(['s1/n2', 's2/r1', 's2/r2']);
  });

  it("a streaming model the server reports stopped hands its slot to a waiting one, in one pass per burst", () => {
    const t = setup(1);
    const s = t.addServer('s');
    s.models.reconcile([remote('a', { lifecycle: 'routing' }), remote('b', { lifecycle: 'routing' })]);
    expect(t.streamed()).toEqual(['s/a']);
    const timers = t.clock.pending();
    t.model('s/a').conn.setLifecycle('stopped', null);
    t.model('s/a').conn.setLifecycle('failed', 'gone');
    // Coalesced: one pass scheduled, not run yet.
    expect(t.clock.pending()).toBe(timers + 1);
    expect(t.streamed()).toEqual(['s/a']);
    t.clock.advance(0);
    expect(t.streamed()).toEqual(['s/b']);
    expect(t.over()).toEqual(['s/a']);
  });

  it('nothing moves while no model waits, and cancel drops a scheduled pass', () => {
    const t = setup(5);
    const s = t.addServer('s');
    s.models.reconcile([remote('a', { lifecycle: 'routing' })]);
    const timers = t.clock.pending();
    t.model('s/a').conn.setLifecycle('stopped', null);
    expect(t.clock.pending()).toBe(timers);
    t.budget.schedule();
    expect(t.clock.pending()).toBe(timers + 1);
    t.budget.cancel();
    expect(t.clock.pending()).toBe(timers);
  });

  it("a closed server's models take no slot", () => {
    const t = setup(1);
    const gone = t.addServer('s1');
    const kept = t.addServer('s2');
    gone.models.reconcile([remote('a')]);
    kept.models.reconcile([remote('b')]);
    expect(t.streamed()).toEqual(['s1/a']);
    gone.models.dispose();
    gone.closed = true;
    t.budget.apply(false);
    expect(t.streamed()).toEqual(['s2/b']);
    expect(t.budget.waiting).toBe(0);
  });
});
