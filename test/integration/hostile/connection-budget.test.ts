// Issue 10 point 4: watching many models stays within a connection budget (policy.maxStreams).
// The open log streams are counted where they are served (the demo server's SSE responses), not
// trusted from the client: never more than the budget, running models first, a freed stream goes
// to the next model in line, and the models left out say why with ONE problem note.
import { describe, expect, it } from 'vitest';
import { systemClock, type Monitor } from '../../../main/core/ports.js';
import type { ModelStatus, MonitorEvent } from '../../../main/core/types.js';
import type { DemoGeneration, DemoServer } from '../../../main/demo/server.js';
import { waitFor } from '../core/helpers.js';
import { QUIET_DEMO } from '../../helpers/demo-helpers.js';
import { testScope } from '../../helpers/test-scope.js';

const scope = testScope();

const NAMES = Array.from({ length: 200 }, (_, i) => `m${String(i).padStart(3, '0')}`);
/** Running: 30 models in the middle of the name order, so "running first" is not "first by name". */
const RUNNING = NAMES.slice(100, 130);

async function demo(generation: DemoGeneration, names: readonly string[], running: readonly string[]): Promise<DemoServer> {
  const d = await scope.demo({ ...QUIET_DEMO, generation, models: names.map((name) => ({ name })) });
  for (const m of running) await d.startModel(m);
  return d;
}

async function watch(url: string, maxStreams: number, models?: string[]): Promise<{ monitor: Monitor; events: MonitorEvent[] }> {
  return scope.monitor({
    servers: [{ id: 's', name: 's', url }],
    policy: { retryIntervalMs: 300, backoffCapMs: 1000, healthIntervalMs: 300, discoveryIntervalMs: 500, maxStreams },
    clock: systemClock,
    random: Math.random,
    ...(models ? { watch: models } : {}),
  });
}

const connected = (monitor: Monitor): string[] =>
  monitor
    .snapshot()
    .models.filter((m) => m.connection === 'connected')
    .map((m) => m.model)
    .sort();
const statusOf = (monitor: Monitor, name: string): ModelStatus | undefined => monitor.snapshot().models.find((m) => m.model === name);
const budgetNotes = (events: readonly MonitorEvent[]) => events.filter((e) => e.type === 'problem' && /connection budget/.test(e.message));

describe('connection budget', () => {
  it('200 models (30 running), budget 20: at most 20 log streams at the server, running ones first, a freed stream goes to the next', async () => {
    const d = await demo('v3', NAMES, RUNNING);
    const { monitor, events } = await watch(d.url, 20);

    await waitFor(() => connected(monitor).length === 20, 15_000, '20 models streaming');
    // The 20 streams go to running models, in name order: m100 … m119, not m000 … m019.
    expect(connected(monitor)).toEqual(RUNNING.slice(0, 20));
    const models = monitor.snapshot().models;
    expect(models).toHaveLength(200);
    const over = models.filter((m) => m.overBudget === true);
    expect(over).toHaveLength(180);
    expect(over.every((m) => m.connection === 'disconnected' && m.nextRetryAt === null)).toBe(true);
    expect(over.every((m) => m.lastProblem === 'not streamed: over the connection budget of 20 log streams (raise Max streams in Settings / --max-streams)')).toBe(true);
    // Counted at the server: 20 open, and never more at any moment.
    expect(d.logStreams().open).toBe(20);
    expect(d.logStreams().peak).toBeLessThanOrEqual(20);
    // One note for all 180, not one per model.
    expect(budgetNotes(events).map((e) => e.type === 'problem' && e.message)).toEqual([
      '180 watched model(s) not streamed: over the connection budget of 20 log streams (raise Max streams in Settings / --max-streams)',
    ]);
    expect(events.filter((e) => e.type === 'problem' && e.key !== null && /connection budget/.test(e.message))).toHaveLength(0);

    // A model stops: its stream is freed and the next running model in line (m120) gets it.
    d.stopModel('m100');
    await waitFor(() => statusOf(monitor, 'm120')?.connection === 'connected', 10_000, 'm120 streaming after m100 stopped');
    expect(statusOf(monitor, 'm120')?.overBudget).toBeUndefined();
    // Unwatching frees one too: m121 is next.
    monitor.setWatched('s/m101', false);
    await waitFor(() => statusOf(monitor, 'm121')?.connection === 'connected', 10_000, 'm121 streaming after m101 was unwatched');
    // Every model that streams runs; the stopped m100 waits over the budget now.
    await waitFor(() => d.logStreams().open <= 20 && connected(monitor).length === 20, 10_000, 'settled at 20 streams');
    expect(connected(monitor)).toEqual([...RUNNING.slice(2, 22)].sort());
    expect(statusOf(monitor, 'm100')?.overBudget).toBe(true);
    expect(d.logStreams().peak).toBeLessThanOrEqual(20);
    expect(d.logStreams().open).toBeLessThanOrEqual(20);
  });

  it('v1-seed (no lifecycles from the server): the streams move on from models found stopped until they are on running ones', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `s${i}`);
    const d = await demo('v1-seed', names, ['s7', 's8', 's9']);
    const { monitor, events } = await watch(d.url, 2);
    // s0 and s1 are tried first (name order), answer 400, and hand their streams on.
    await waitFor(() => connected(monitor).length === 2, 15_000, 'two running models found');
    expect(connected(monitor)).toEqual(['s7', 's8']);
    expect(d.logStreams().peak).toBeLessThanOrEqual(4); // 2 streams + at most one replay-hole check each (v1)
    await waitFor(() => d.logStreams().open <= 2, 5000, 'hole checks closed');
    expect(statusOf(monitor, 's9')?.overBudget).toBe(true);
    expect(statusOf(monitor, 's0')?.overBudget).toBe(true);
    expect(budgetNotes(events)).toHaveLength(1);

    // Started from here (the window's Start), a model found stopped earlier is known to run now: it
    // waits (both streams carry running models), but goes before s9, which was never tried.
    expect((await monitor.startModel('s/s0')).ok).toBe(true);
    expect(statusOf(monitor, 's0')?.lifecycle).toBe('starting');
    expect(statusOf(monitor, 's0')?.overBudget).toBe(true);
    monitor.setWatched('s/s7', false);
    await waitFor(() => connected(monitor).includes('s0'), 15_000, 's0 streamed once a stream is free');
    expect(connected(monitor)).toEqual(['s0', 's8']);
    expect(statusOf(monitor, 's9')?.overBudget).toBe(true);
  });

  it('v2: running models first, then the named ones; raising the budget streams the rest, lowering it keeps the oldest', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const d = await demo('v2', names, ['d', 'e']);
    const { monitor, events } = await watch(d.url, 3, ['a', 'c', 'd', 'e']);
    const state = (m: string) => statusOf(monitor, m);
    await waitFor(() => state('d')?.connection === 'connected' && state('e')?.connection === 'connected', 10_000, 'running ones streamed');
    // The third stream goes to the first named model ('a', stopped: it waits for its start);
    // 'c' is over the budget, 'b' is not watched at all.
    await waitFor(() => state('a')?.connection === 'not-running', 10_000, 'a tried');
    expect(state('c')?.overBudget).toBe(true);
    expect(state('b')?.watched).toBe(false);
    expect(state('b')?.overBudget).toBeUndefined();
    expect(budgetNotes(events)).toHaveLength(1);

    monitor.updatePolicy({ maxStreams: 5 });
    await waitFor(() => state('c')?.connection === 'not-running', 10_000, 'c tried once the budget allows');
    expect(monitor.snapshot().models.some((m) => m.overBudget === true)).toBe(false);

    // Lowering it: the streaming models keep their streams; the stopped ones give theirs up.
    monitor.updatePolicy({ maxStreams: 2 });
    await waitFor(() => state('a')?.overBudget === true && state('c')?.overBudget === true, 5000, 'stopped ones over the budget');
    expect(state('d')?.connection).toBe('connected');
    expect(state('e')?.connection).toBe('connected');
  });
});
