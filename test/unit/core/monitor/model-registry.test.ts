import { describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../../main/core/monitor/model-registry.js';
import type { ModelRuntime } from '../../../../main/core/monitor/model-runtime.js';
import { WatchRules } from '../../../../main/core/monitor/watch-rules.js';
import type { ModelKey } from '../../../../main/core/types.js';
import { fakeAdapter, remote } from '../../../fakes/fake-adapter.js';
import { testContext } from '../../../fakes/monitor-context.js';

function setup(opts: { watch?: WatchRules; reportsLifecycle?: boolean } = {}) {
  const t = testContext({ batchMs: 50, batchMaxLines: 500 });
  const fa = fakeAdapter({ reportsLifecycle: opts.reportsLifecycle ?? false });
  let closed = false;
  const calls: string[] = [];
  const changed: ModelRuntime[] = [];
  const models = new ModelRegistry(
    t.ctx,
    { serverId: 's', adapter: () => fa.adapter, closed: () => closed, redact: (text) => text.split('sekrit-token').join('[redacted]') },
    opts.watch ?? new WatchRules(),
    {
      reconciled: () => calls.push(`reconciled after ${t.events.length} events`),
      statusChanged: (m) => changed.push(m),
    },
  );
  const get = (name: string): ModelRuntime => {
    const m = models.find(`s/${name}` as ModelKey);
    if (!m) throw new Error(`no model ${name}`);
    return m;
  };
  return { ...t, fa, models, calls, changed, get, close: () => (closed = true) };
}

describe('ModelRegistry', () => {
  it('creates the listed models, and announces the list only when what it shows changes', () => {
    const t = setup();
    t.models.reconcile([remote('a'), remote('b', { aliases: ['bee'], mode: 'chat' })]);
    expect([...t.models].map((m) => m.key)).toEqual(['s/a', 's/b']);
    expect(t.of('models')).toHaveLength(1);
    expect(t.of('models')[0]?.models.map((m) => [m.model, m.aliases, m.mode])).toEqual([
      ['a', [], undefined],
      ['b', ['bee'], 'chat'],
    ]);
    // The budget hears first, then the list goes out.
    expect(t.calls).toEqual(['reconciled after 0 events']);

    t.models.reconcile([remote('a'), remote('b', { aliases: ['bee'], mode: 'chat' })]);
    expect(t.of('models')).toHaveLength(1);
    expect(t.calls).toHaveLength(2);

    t.models.reconcile([remote('a'), remote('b', { aliases: ['bee', 'b2'], mode: 'chat' })]);
    expect(t.of('models')).toHaveLength(2);
    expect(t.get('b').aliases).toEqual(['bee', 'b2']);

    t.models.emitModels(true);
    expect(t.of('models')).toHaveLength(3);
  });

  it('a model the server stops listing is stopped and dropped', () => {
    const t = setup();
    t.models.reconcile([remote('a'), remote('b')]);
    const a = t.get('a');
    a.conn.start();
    expect(t.fa.streamOf('a')).toBeDefined();
    t.models.reconcile([remote('b')]);
    expect(t.models.size).toBe(1);
    expect(t.models.holds(a)).toBe(false);
    expect(a.conn.isActive()).toBe(false);
    expect(t.fa.streamOf('a')).toBeUndefined();
    expect(t.of('models').at(-1)?.models.map((m) => m.model)).toEqual(['b']);
  });

  it('applies the watch rules: named models only, minus the unwatched; an unwatched model stops', () => {
    const watch = new WatchRules(['a', 'cee'], ['s/b' as ModelKey]);
    const t = setup({ watch });
    t.models.reconcile([remote('a'), remote('b'), remote('c', { aliases: ['cee'] }), remote('d')]);
    expect([...t.models].map((m) => [m.name, m.watched])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
      ['d', false],
    ]);
    t.get('a').conn.start();
    watch.setWatched('s/a' as ModelKey, false);
    t.models.reconcile([remote('a'), remote('b'), remote('c', { aliases: ['cee'] }), remote('d')]);
    expect(t.get('a').watched).toBe(false);
    expect(t.get('a').conn.isActive()).toBe(false);
  });

  it('takes the lifecycle from the list only where the generation reports it', () => {
    const withLifecycle = setup({ reportsLifecycle: true });
    withLifecycle.models.reconcile([remote('a', { lifecycle: 'failed', failureReason: 'OOM' }), remote('b')]);
    expect(withLifecycle.get('a').conn.lifecycle).toBe('failed');
    expect(withLifecycle.get('a').conn.failureReason).toBe('OOM');
    expect(withLifecycle.get('b').conn.lifecycle).toBe('unknown');

    const without = setup({ reportsLifecycle: false });
    without.models.reconcile([remote('a', { lifecycle: 'failed', failureReason: 'OOM' })]);
    expect(without.get('a').conn.lifecycle).toBe('unknown');
  });

  it('sends lines in batches, and a status never overtakes the lines it describes', () => {
    const t = setup();
    t.models.reconcile([remote('a')]);
    const a = t.get('a');
    a.conn.start();
    const s = t.fa.streamOf('a')!;
    s.emit({ kind: 'open' });
    s.emit({ kind: 'line', origin: 'history', ts: 1, text: 'h1' });
    s.emit({ kind: 'line', origin: 'history', ts: 2, text: 'h2' });
    expect(t.of('lines')).toHaveLength(0);
    s.emit({ kind: 'history-complete' });
    const kinds = t.events.filter((e) => e.type === 'lines' || e.type === 'status').map((e) => e.type);
    expect(kinds.indexOf('lines')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('lines')).toBeLessThan(kinds.lastIndexOf('status'));
    expect(t.of('status').at(-1)?.status.connection).toBe('connected');
    expect(t.changed.at(-1)).toBe(a);

    s.emit({ kind: 'line', origin: 'live', ts: 3, text: 'l1' });
    const before = t.of('lines').length;
    t.clock.advance(49);
    expect(t.of('lines')).toHaveLength(before);
    t.clock.advance(1);
    expect(t.of('lines').at(-1)?.entries.flatMap((e) => (e.kind === 'line' ? [e.text] : []))).toEqual(['l1']);
  });

  it("redacts the server's secrets from a model's problem text", () => {
    const t = setup();
    t.models.reconcile([remote('a')]);
    t.get('a').conn.start();
    const s = t.fa.streamOf('a')!;
    s.emit({ kind: 'open' });
    s.emit({ kind: 'bad-frame', bad: 'non-json', detail: 'echoed Bearer sekrit-token back' });
    expect(t.of('problem').map((p) => p.message)).toEqual(['bad frame (non-json): echoed Bearer [redacted] back']);
  });

  it('after its server closed: no list, no lines, no status; dispose stops every stream and timer', () => {
    const t = setup();
    t.models.reconcile([remote('a')]);
    const a = t.get('a');
    a.conn.start();
    t.fa.streamOf('a')!.emit({ kind: 'open' });
    t.fa.streamOf('a')!.emit({ kind: 'line', origin: 'history', ts: 1, text: 'h1' });
    const count = t.events.length;
    t.close();
    t.models.reconcile([remote('a'), remote('b')]);
    t.models.emitModels(true);
    t.models.dispose();
    expect(t.events).toHaveLength(count);
    expect(a.conn.isActive()).toBe(false);
    expect(t.fa.streamOf('a')).toBeUndefined();
    expect(t.clock.pending()).toBe(0);
  });
});
