import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ModelStats } from '../../../main/core/types.js';
import { FakeApi, T0, line, makeModel, makeServer, makeSettings } from './fake-api.js';
import { fakeLayout, renderApp } from './render-app.js';

const K = 's1/Qwen3-8B';

beforeAll(() => fakeLayout());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function twoModels(): FakeApi {
  const api = new FakeApi();
  api.state = { ...api.state, snapshot: { servers: [makeServer()], models: [makeModel('Qwen3-8B'), makeModel('bge-m3', { connection: 'not-running' })] } };
  return api;
}

const STATS: ModelStats = {
  attempts: 3,
  reconnects: 1,
  connectedSince: T0,
  lines: { total: 120, history: 100, live: 20, byLevel: { error: 2, warning: 5, success: 3, info: 110 } },
  linesPerSecond: 2.5,
  lastError: { ts: T0, text: 'ERROR: CUDA error: out of memory', seq: 77 },
  errorGroups: [
    { signature: 'cuda-oom', count: 2, firstSeen: T0, lastSeen: T0 + 5000, example: 'ERROR: CUDA error: out of memory', exampleSeq: 77, hint: 'english hint', hintKey: 'hint.cuda-oom' },
  ],
  badFrames: 0,
  gaps: 1,
  buffered: 120,
};

describe('app shell', () => {
  it('shows the settings notice (corrupt file reset) until dismissed', async () => {
    await renderApp(new FakeApi({ settingsNotice: 'Your settings file could not be used' }));
    expect(screen.getByTestId('settings-notice').textContent).toContain('Your settings file could not be used');
    fireEvent.click(within(screen.getByTestId('settings-notice')).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('settings-notice')).toBeNull();
  });

  it('statistics: per-model cards, error groups with translated hints, opening a line', async () => {
    const api = twoModels();
    api.handle('logs:get-stats', ({ key }) => (key === K ? STATS : null));
    const { appStore, sync } = await renderApp(api);
    await act(async () => {
      fireEvent.click(screen.getByRole('tab', { name: 'Statistics' }));
    });
    await act(async () => undefined);
    const card = document.querySelector<HTMLElement>(`[data-testid="model-card"][data-key="${K}"]`);
    expect(card?.textContent).toContain('120');
    expect(card?.textContent).toContain('2.5');
    expect(card?.querySelector('[data-testid="card-errors"]')?.textContent).toBe('2');
    const groups = screen.getByTestId('error-groups');
    expect(groups.textContent).toContain('CUDA out of memory');
    expect(groups.textContent).toContain('GPU out of memory: lower the context size');
    expect(groups.textContent).not.toContain('english hint');
    const scrollTo = vi.spyOn(sync, 'scrollTo');
    fireEvent.click(within(groups).getByRole('button', { name: 'ERROR: CUDA error: out of memory' }));
    expect(appStore.getState().view).toBe('logs');
    expect(scrollTo).toHaveBeenCalledWith(K, 77);
  });

  it('settings: shows each validation issue next to its field; a valid save sends the patch', async () => {
    const api = new FakeApi();
    let attempt = 0;
    api.handle('settings:update', ({ patch }) => {
      attempt += 1;
      if (attempt === 1)
        return {
          ok: false,
          issues: [
            { path: 'retryIntervalSec', messageKey: 'settings.number.positive', message: 'Must be greater than zero' },
            { path: 'servers.0.url', messageKey: 'settings.badUrl', message: 'Not a valid URL' },
          ],
        };
      return { ok: true, settings: { ...api.state.settings, ...(patch as object) } };
    });
    await renderApp(api);
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    fireEvent.change(screen.getByTestId('field-retryIntervalSec'), { target: { value: '-1' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-save'));
    });
    expect(document.querySelector('[data-field="retryIntervalSec"] .field-issues')?.textContent).toBe('Must be greater than zero');
    expect(document.querySelector('[data-field="servers.0.url"] .field-issues')?.textContent).toBe('Not a valid URL');
    expect(screen.getByTestId('settings-message').textContent).toContain('Nothing was saved');
    fireEvent.change(screen.getByTestId('field-retryIntervalSec'), { target: { value: '7' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-save'));
    });
    const patch = (api.callsTo('settings:update')[1] as { patch: Record<string, unknown> }).patch;
    expect(patch.retryIntervalSec).toBe(7);
    expect(patch.servers).toEqual([{ id: 's1', name: 'Home GPU', url: 'http://127.0.0.1:8080', headers: {} }]);
    expect(screen.getByTestId('settings-message').textContent).toBe('Saved.');
    expect(document.querySelector('.field-issues')).toBeNull();
  });

  it('settings: imports LLM-Manager config.json text through the file input', async () => {
    const api = new FakeApi();
    api.handle('settings:import-llm-manager-config', () => ({ ok: true, settings: makeSettings() }));
    await renderApp(api);
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    const file = new File(['{"program":{"openai_host":"0.0.0.0","openai_port":8080}}'], 'config.json', { type: 'application/json' });
    const input = screen.getByTestId('import-config') as HTMLInputElement;
    Object.defineProperty(input, 'files', { configurable: true, value: [file] });
    await act(async () => {
      fireEvent.change(input);
    });
    await act(async () => undefined);
    expect(api.callsTo('settings:import-llm-manager-config')).toEqual([{ text: '{"program":{"openai_host":"0.0.0.0","openai_port":8080}}' }]);
    expect(screen.getByTestId('settings-message').textContent).toContain('Imported');
  });

  it('keyboard: Ctrl+2 and Ctrl+Tab switch model tabs', async () => {
    const { appStore } = await renderApp(twoModels());
    // Sorted by name: bge-m3 first.
    expect(appStore.getState().selectedKey).toBe('s1/bge-m3');
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    expect(appStore.getState().selectedKey).toBe(K);
    fireEvent.keyDown(window, { key: 'Tab', ctrlKey: true });
    expect(appStore.getState().selectedKey).toBe('s1/bge-m3');
  });

  it('exports the visible lines as .txt and .ndjson', async () => {
    const api = new FakeApi();
    api.entries.set(K, [line(K, 1, '\u001b[31mred\u001b[0m text', { level: 'error' }), line(K, 2, 'plain', { origin: 'history' })]);
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:x';
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await renderApp(api);
    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Export .txt' }));
    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Export .ndjson' }));
    const [txt, nd] = await Promise.all(blobs.map((b) => b.text()));
    expect(txt).toBe(`${new Date(T0 + 1000).toISOString()} [live] [error] red text\n${new Date(T0 + 2000).toISOString()} [history] [info] plain\n`);
    expect(nd?.trim().split('\n').map((l) => JSON.parse(l).seq)).toEqual([1, 2]);
  });

  it('mutes a model from its header menu and shows problems for the open model', async () => {
    const api = new FakeApi();
    api.handle('model:mute', () => ({ ok: true, settings: api.state.settings }));
    await renderApp(api);
    fireEvent.click(screen.getByTestId('model-menu'));
    await act(async () => {
      fireEvent.click(screen.getByRole('menuitem', { name: 'for 4 h' }));
    });
    expect(api.callsTo('model:mute')).toEqual([{ key: K, minutes: 240 }]);
    act(() => {
      api.emit('monitor:events', { seq: 1, events: [{ type: 'problem', key: K, serverId: 's1', message: '3 bad frames (non-JSON)' }] });
    });
    expect(screen.getByTestId('problem-bar').textContent).toContain('3 bad frames (non-JSON)');
  });

  it('groups model tabs by server (every configured server, health in the heading), the header sums them up', async () => {
    const api = new FakeApi();
    api.state = {
      ...api.state,
      snapshot: {
        servers: [
          makeServer(),
          makeServer({ id: 's2', name: 'Lab box', generation: 'v3', health: 'unreachable' }),
          makeServer({ id: 's3', name: 'Old rig', generation: null, health: 'unreachable', url: 'http://127.0.0.1:8082' }),
        ],
        models: [makeModel('Qwen3-8B'), makeModel('GLM-4', { key: 's2/GLM-4', serverId: 's2', connection: 'disconnected' })],
      },
    };
    await renderApp(api);
    const groups = [...document.querySelectorAll('.model-group')];
    expect(groups.map((g) => g.querySelector('.group-title')?.textContent)).toEqual([
      'Home GPUhealthy · v1-seed',
      'Lab boxunreachable · v3',
      'Old rigunreachableno models',
    ]);
    const glm = groups[1]?.querySelector<HTMLElement>('[data-key="s2/GLM-4"]');
    expect(glm?.querySelector('.conn-mark')?.className).toContain('conn-disconnected');
    expect(glm?.querySelector('.tab-status')?.textContent).toBe('disconnected');
    const header = document.querySelector('.header-servers')?.textContent ?? '';
    expect(header).toContain('3 servers');
    expect(header).toContain('2 unreachable');
    // With several servers the model header names the model's server.
    fireEvent.click(glm as HTMLElement);
    expect(screen.getByTestId('model-server').textContent).toBe('on Lab box');
  });
});
