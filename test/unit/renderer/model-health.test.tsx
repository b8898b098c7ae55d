// The window says which model is broken and why at a glance: the dot speaks health, broken models
// sort first, the tab's second line names the failure, the badge jumps to the first unread error,
// and model control is one state-aware button in the header.
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeApi, T0, line, makeModel, makeServer } from './fake-api.js';
import { fakeLayout, renderApp } from './render-app.js';

beforeAll(() => fakeLayout());
afterEach(() => cleanup());

const tab = (key: string) => document.querySelector<HTMLElement>(`[data-key="${key}"]`);

describe('model health in the window', () => {
  it('colours by health, sorts failed models first and names the failure on the second line', async () => {
    const api = new FakeApi();
    api.state = {
      ...api.state,
      snapshot: {
        servers: [makeServer()],
        models: [
          makeModel('Alpha', { connection: 'not-running', lifecycle: 'stopped' }),
          makeModel('Beta', { lifecycle: 'starting', connection: 'connecting' }),
          // The server says routing, the log says the model failed to load.
          makeModel('GLM-4', { lifecycleSince: T0, unreadErrors: 1, lastError: { ts: T0 + 1000, seq: 3, text: 'ERROR: failed to load model', signature: 'model-load' } }),
          makeModel('Zeta', { connection: 'not-running', lifecycle: 'failed', failureReason: 'exit code 1' }),
        ],
      },
    };
    await renderApp(api);
    const order = [...document.querySelectorAll<HTMLElement>('.model-tab')].map((t) => t.dataset.key);
    expect(order).toEqual(['s1/GLM-4', 's1/Zeta', 's1/Alpha', 's1/Beta']);
    expect([...document.querySelectorAll<HTMLElement>('.model-tab')].map((t) => t.dataset.health)).toEqual(['failed', 'failed', 'stopped', 'starting']);
    const glm = tab('s1/GLM-4');
    expect(glm?.querySelector('.tab-status')?.textContent).toBe('failed');
    expect(glm?.querySelector('[data-testid="tab-detail"]')?.textContent).toBe(' · Model load failure');
    expect(glm?.textContent).not.toContain('routing');
    expect(tab('s1/Zeta')?.querySelector('[data-testid="tab-detail"]')?.textContent).toBe(' · exit code 1');
    // Connecting shows as a small mark on the dot, not as its colour.
    expect(tab('s1/Beta')?.querySelector('.conn-mark')?.className).toContain('conn-connecting');
    expect(tab('s1/Beta')?.querySelector('.health-dot')?.className).toContain('hd-starting');
  });

  it('the red badge opens the tab at the first unread error', async () => {
    const api = new FakeApi();
    const K = 's1/GLM-4';
    api.state = {
      ...api.state,
      snapshot: { servers: [makeServer()], models: [makeModel('Qwen3-8B'), makeModel('GLM-4', { unreadErrors: 2 })] },
    };
    const entries = Array.from({ length: 300 }, (_, i) => line(K, i + 1, `line ${i + 1}`));
    entries[99] = line(K, 100, 'ERROR: old error', { level: 'error' });
    entries[199] = line(K, 200, 'ERROR: first unread', { level: 'error' });
    entries[200] = line(K, 201, '  at frame', { level: 'error', continuation: true });
    entries[249] = line(K, 250, 'ERROR: second unread', { level: 'error' });
    api.entries.set(K, entries);
    const { appStore } = await renderApp(api);
    await act(async () => {
      fireEvent.click(tab(K)?.querySelector('[data-testid="unread-badge"]') as HTMLElement);
      await Promise.resolve();
    });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(appStore.getState().selectedKey).toBe(K);
    // The first of the two newest errors (heads; the continuation does not count) is the line jumped to.
    expect(document.querySelector('.log-view')?.getAttribute('data-focus-seq')).toBe('200');
  });

  it('offers one state-aware control in the header; Stop all sits in a menu and asks first', async () => {
    const api = new FakeApi();
    api.handle('model:stop', () => ({ ok: true, message: 'stopped' }));
    api.handle('server:stop-all', () => ({ ok: true, message: 'all models stopped' }));
    await renderApp(api);
    const control = screen.getByTestId('model-control');
    expect(control.textContent).toBe('Stop Qwen3-8B');
    await act(async () => {
      fireEvent.click(control);
    });
    expect(api.callsTo('model:stop')).toEqual([{ key: 's1/Qwen3-8B' }]);
    expect(screen.getByTestId('control-result').textContent).toBe('Done: stopped');
    fireEvent.click(screen.getByTestId('model-menu'));
    fireEvent.click(screen.getByTestId('stop-all'));
    expect(api.callsTo('server:stop-all')).toEqual([]);
    expect(screen.getByRole('dialog').textContent).toContain('Stop every model on Home GPU?');
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-stop-all'));
    });
    expect(api.callsTo('server:stop-all')).toEqual([{ serverId: 's1' }]);
    // A stopped model offers Start instead.
    act(() => {
      api.emit('monitor:events', { seq: 1, events: [{ type: 'status', status: makeModel('Qwen3-8B', { connection: 'not-running', lifecycle: 'stopped' }) }] });
    });
    expect(screen.getByTestId('model-control').textContent).toBe('Start Qwen3-8B');
  });

  it('a start the server holds open shows how long it has waited, and Stop waiting abandons it', async () => {
    const api = new FakeApi();
    let answer: (r: { ok: boolean; message: string }) => void = () => undefined;
    api.handle('model:start', () => new Promise((resolve) => (answer = resolve)));
    await renderApp(api);
    act(() => {
      api.emit('monitor:events', { seq: 1, events: [{ type: 'status', status: makeModel('Qwen3-8B', { connection: 'not-running', lifecycle: 'stopped' }) }] });
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('model-control'));
    });
    expect(screen.getByTestId('model-control').textContent).toMatch(/^Starting… /);
    expect((screen.getByTestId('model-control') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => {
      fireEvent.click(screen.getByTestId('stop-waiting'));
    });
    expect(screen.getByTestId('control-result').textContent).toBe('Stopped waiting; the server may still be starting the model.');
    expect(screen.queryByTestId('stop-waiting')).toBeNull();
    // The server's late answer no longer overwrites what the user chose.
    await act(async () => {
      answer({ ok: false, message: '健康检查失败' });
      await Promise.resolve();
    });
    expect(screen.getByTestId('control-result').textContent).toBe('Stopped waiting; the server may still be starting the model.');
  });
});
