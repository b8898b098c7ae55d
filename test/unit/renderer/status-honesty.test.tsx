// What the window claims about a model must be true now: no stale lifecycle presented as current,
// no "retry in 0s", and rows of different servers never look like duplicates.
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeApi, T0, line, makeModel, makeServer } from './fake-api.js';
import { fakeLayout, renderApp } from './render-app.js';

// renderApp's clock: T0 + 60 s.
const NOW = T0 + 60_000;

beforeAll(() => fakeLayout());
afterEach(() => cleanup());

describe('status honesty', () => {
  it('a disconnected model shows its lifecycle as last known and counts the outage, not the old state', async () => {
    const api = new FakeApi();
    const K = 's1/Qwen3-8B';
    api.entries.set(K, [line(K, 1, 'hello')]);
    api.state = {
      ...api.state,
      snapshot: {
        servers: [makeServer({ health: 'unreachable' })],
        models: [makeModel('Qwen3-8B', { connection: 'disconnected', lifecycle: 'routing', lifecycleSince: T0 - 3_600_000, connectionSince: NOW - 12_000 })],
      },
    };
    await renderApp(api);
    const tab = document.querySelector<HTMLElement>(`[data-key="${K}"]`);
    expect(tab?.querySelector('.tab-status')?.textContent).toBe('disconnected');
    expect(tab?.querySelector('.tab-lifecycle')?.textContent).toBe(' · was ready');
    expect(tab?.querySelector('.tab-since')?.textContent).toBe(' · 12s');
    fireEvent.click(tab as HTMLElement);
    expect(screen.getByTestId('stale-state').textContent).toBe('was routing · for 12s');
  });

  it('a connected model shows its current lifecycle and time in it', async () => {
    const api = new FakeApi();
    api.state = {
      ...api.state,
      snapshot: { servers: [makeServer()], models: [makeModel('Qwen3-8B', { lifecycle: 'starting', lifecycleSince: NOW - 5_000, connectionSince: NOW - 50_000 })] },
    };
    await renderApp(api);
    const tab = document.querySelector<HTMLElement>('[data-key="s1/Qwen3-8B"]');
    expect(tab?.querySelector('.tab-status')?.textContent).toBe('starting');
    expect(tab?.querySelector('.tab-since')?.textContent).toBe(' · 5s');
  });

  it('a retry less than a second away reads "retry in 1s", never "retry in 0s"', async () => {
    const api = new FakeApi();
    api.state = {
      ...api.state,
      snapshot: { servers: [makeServer()], models: [makeModel('Qwen3-8B', { connection: 'not-running', lifecycle: 'failed', nextRetryAt: NOW + 300 })] },
    };
    await renderApp(api);
    fireEvent.click(document.querySelector<HTMLElement>('[data-key="s1/Qwen3-8B"]') as HTMLElement);
    expect(document.querySelector('.model-header')?.textContent).toContain('retry in 1s');
    expect(document.querySelector('.model-header')?.textContent).not.toContain('retry in 0s');
  });

  it('statistics name the server above its models when several servers have the same model names', async () => {
    const api = new FakeApi();
    api.state = {
      ...api.state,
      snapshot: {
        servers: [makeServer(), makeServer({ id: 's2', name: 'Lab box', url: 'http://127.0.0.1:8081' })],
        models: [makeModel('Qwen3-8B'), makeModel('Qwen3-8B', { key: 's2/Qwen3-8B', serverId: 's2' })],
      },
    };
    await renderApp(api);
    await act(async () => {
      fireEvent.click(screen.getByRole('tab', { name: 'Statistics' }));
    });
    const groups = [...document.querySelectorAll<HTMLElement>('[data-testid="stats-view"] .card-group')];
    expect(groups.map((g) => [g.querySelector('.card-group-title')?.textContent, ...[...g.querySelectorAll<HTMLElement>('[data-testid="model-card"]')].map((c) => c.dataset.key)])).toEqual([
      ['Home GPU', 's1/Qwen3-8B'],
      ['Lab box', 's2/Qwen3-8B'],
    ]);
  });
});
