// The statistics cards (issue 16): one card per model, its error count the sum of its error groups
// (stack frames under an error head are not errors of their own), a failed model's last error in
// full, uptime from the health the window saw, and each Refresh refreshing the table it sits on.
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelKey, ModelStats } from '../../../main/core/types.js';
import { LogStats } from '../../../main/core/logs/log-stats.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeApi, T0, line, makeModel, makeServer } from './fake-api.js';
import { fakeLayout, renderApp } from './render-app.js';

beforeAll(() => fakeLayout());
afterEach(() => cleanup());

const LONG = `llama_model_load: error loading model: failed to allocate CUDA0 buffer of size 17179869184 bytes for the KV cache of ${'layer '.repeat(40)}end-of-error`;

/** Statistics as the core computes them from real log lines. */
function statsFrom(key: ModelKey, lines: ReturnType<typeof line>[]): ModelStats {
  const s = new LogStats(new FakeClock(T0 + 60_000));
  for (const l of lines) s.recordLine(l);
  const snap = s.snapshot(lines.length);
  return { attempts: 1, reconnects: 0, connectedSince: T0, badFrames: 0, ...snap };
}

async function openStats(api: FakeApi, now?: () => number) {
  const app = await renderApp(api, 'en', now);
  await act(async () => {
    fireEvent.click(screen.getByRole('tab', { name: 'Statistics' }));
  });
  await act(async () => {
    await Promise.resolve();
  });
  return app;
}

describe('statistics cards', () => {
  it('show one card per model; the error count equals the sum of its groups and a failed model shows its last error in full', async () => {
    const A = 's1/GLM-4';
    const B = 's1/Qwen3-8B';
    const linesA = [
      line(A, 1, 'loading model'),
      line(A, 2, LONG, { level: 'error' }),
      // A continuation of the error block: counted by level, but not a second error.
      line(A, 3, '  at frame 1', { level: 'error', continuation: true }),
      line(A, 4, 'CUDA error: out of memory', { level: 'error', signature: 'cuda-oom' }),
      line(A, 5, 'retrying', { level: 'warning' }),
      line(A, 6, LONG, { level: 'error' }),
    ];
    const stats = new Map<ModelKey, ModelStats>([
      [A, statsFrom(A, linesA)],
      [B, statsFrom(B, [line(B, 1, 'ready to serve requests', { level: 'success' })])],
    ]);
    // The mismatch the issue saw: error lines by level (4) differ from the error heads (3).
    expect(stats.get(A)?.lines.byLevel.error).toBe(4);
    const api = new FakeApi();
    api.state = {
      ...api.state,
      snapshot: {
        servers: [makeServer()],
        models: [makeModel('GLM-4', { connection: 'connected', lifecycle: 'failed' }), makeModel('Qwen3-8B')],
      },
    };
    api.handle('logs:get-stats', (p) => stats.get(p.key) ?? null);
    await openStats(api);

    const cards = [...document.querySelectorAll<HTMLElement>('[data-testid="model-card"]')];
    expect(cards.map((c) => c.dataset.key).sort()).toEqual([A, B]);
    const glm = cards.find((c) => c.dataset.key === A) as HTMLElement;
    expect(glm.dataset.health).toBe('failed');
    const groupSum = (stats.get(A)?.errorGroups ?? []).reduce((n, g) => n + g.count, 0);
    expect(groupSum).toBe(3);
    expect(glm.querySelector('[data-testid="card-errors"]')?.textContent).toBe(String(groupSum));
    // The error groups table agrees with the card.
    const groupRows = [...document.querySelectorAll<HTMLElement>('[data-testid="error-groups"] tbody tr')];
    expect(groupRows.length).toBe(2);
    // The last error in full: every character, nothing cut.
    const last = glm.querySelector('[data-testid="last-error"] .last-error-text');
    expect(last?.textContent).toBe(LONG);
    const qwen = cards.find((c) => c.dataset.key === B) as HTMLElement;
    expect(qwen.querySelector('[data-testid="card-errors"]')?.textContent).toBe('0');
    expect(qwen.querySelector('[data-testid="last-error"] .last-error-text')).toBeNull();
    // Each card draws its errors over time through the shared chart.
    expect(glm.querySelector('[data-testid="errors-chart"]')).not.toBeNull();
  });

  it('uptime and the status history bar follow the health the window saw', async () => {
    let t = T0;
    const api = new FakeApi();
    api.state = { ...api.state, snapshot: { servers: [makeServer()], models: [makeModel('Qwen3-8B')] } };
    const app = await openStats(api, () => t);
    const card = () => document.querySelector<HTMLElement>('[data-testid="model-card"]') as HTMLElement;
    // Ready for 30 s, then failed for 10 s: 75 % up.
    t = T0 + 30_000;
    await act(async () => {
      api.emit('monitor:events', { seq: 1, events: [{ type: 'status', status: makeModel('Qwen3-8B', { connection: 'connected', lifecycle: 'failed' }) }] });
    });
    t = T0 + 40_000;
    await act(async () => {
      fireEvent.click(screen.getByTestId('refresh-models'));
      await Promise.resolve();
    });
    expect(app.sync.activity.uptime('s1/Qwen3-8B')).toBeCloseTo(0.75, 5);
    expect(card().querySelector('[data-testid="uptime"]')?.textContent).toBe('75%');
    const segs = [...card().querySelectorAll<HTMLElement>('[data-testid="status-history"] .status-seg')];
    expect(segs.map((s) => s.dataset.health)).toEqual(['ready', 'failed']);
  });

  it('each Refresh refreshes the table it sits on', async () => {
    const api = new FakeApi();
    api.handle('server:refresh-stats', () => ({ ok: true as const }));
    await openStats(api);
    const before = api.callsTo('logs:get-stats').length;
    await act(async () => {
      fireEvent.click(screen.getByTestId('refresh-models'));
      await Promise.resolve();
    });
    expect(api.callsTo('logs:get-stats').length).toBeGreaterThan(before);
    expect(api.callsTo('server:refresh-stats')).toEqual([]);
    const models = api.callsTo('logs:get-stats').length;
    await act(async () => {
      fireEvent.click(screen.getByTestId('refresh-servers'));
      await Promise.resolve();
    });
    expect(api.callsTo('server:refresh-stats')).toEqual([{ serverId: 's1' }]);
    expect(api.callsTo('logs:get-stats').length).toBe(models);
  });

  it('errors over time count the lines the core holds, also those logged before the window opened', async () => {
    const K = 's1/Qwen3-8B';
    // Three error heads (one with a continuation) in the current minute, none of them seen live by the window.
    const lines = [
      line(K, 1, 'ERROR: CUDA error: out of memory', { level: 'error', signature: 'cuda-oom' }),
      line(K, 2, '  at ggml_cuda_op_mul_mat', { level: 'error', continuation: true }),
      line(K, 3, 'ERROR: failed to load model', { level: 'error' }),
      line(K, 4, 'ERROR: CUDA error: out of memory', { level: 'error', signature: 'cuda-oom' }),
    ];
    const stats = statsFrom(K, lines);
    const api = new FakeApi();
    api.handle('logs:get-stats', () => stats);
    // The window opens in the same minute (the lines are at T0 + 1..4 s).
    await openStats(api, () => T0 + 10_000);
    const legend = document.querySelector('[data-testid="errors-chart-legend"] .chart-legend-value');
    expect(legend?.textContent).toBe('3');
    expect(document.querySelector('[data-testid="card-errors"]')?.textContent).toBe('3');
  });
});
