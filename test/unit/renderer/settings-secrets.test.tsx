// The settings view with proxy credentials: saved values never come to the window, typed ones are
// masked until "Show", Save sends them once; without a keyring the view asks where to keep them.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublicSettings } from '../../../main/core/types.js';
import { FakeApi, makeSettings } from './fake-api.js';
import { renderApp } from './render-app.js';

afterEach(() => cleanup());

const withHeaders = (headers: PublicSettings['servers'][number]['headers']) =>
  makeSettings({ servers: [{ id: 's1', name: 'Home GPU', url: 'http://127.0.0.1:8080', headers }] });

async function openSettings(api: FakeApi): Promise<HTMLElement> {
  await renderApp(api);
  fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
  return document.querySelector('[data-server-index="0"]') as HTMLElement;
}

describe('settings: extra headers', () => {
  it('shows saved values as set (never their text), masks a typed value until Show, and sends only new values', async () => {
    const api = new FakeApi({ settings: withHeaders({ Authorization: 'set' }) });
    api.handle('settings:update', () => ({ ok: true, settings: withHeaders({ Authorization: 'set', 'X-Api-Key': 'set' }) }));
    const card = await openSettings(api);
    const rows = () => [...card.querySelectorAll<HTMLElement>('.header-row')];
    expect(rows()).toHaveLength(1);
    const savedValue = rows()[0]?.querySelector<HTMLInputElement>('.header-value');
    expect(rows()[0]?.querySelector<HTMLInputElement>('.header-name')?.value).toBe('Authorization');
    expect(savedValue?.value).toBe('');
    expect(savedValue?.type).toBe('password');
    expect(savedValue?.placeholder).toContain('saved');
    // Nothing to show for a saved value: the window does not have it.
    expect(within(rows()[0] as HTMLElement).getByRole('button', { name: 'Show' })).toHaveProperty('disabled', true);

    fireEvent.click(within(card).getByRole('button', { name: '+ Add header' }));
    const added = rows()[1] as HTMLElement;
    fireEvent.change(added.querySelector('.header-name') as HTMLInputElement, { target: { value: 'X-Api-Key' } });
    const value = added.querySelector('.header-value') as HTMLInputElement;
    fireEvent.change(value, { target: { value: 'typed-5ecret' } });
    expect(value.type).toBe('password');
    fireEvent.click(within(added).getByRole('button', { name: 'Show' }));
    expect(value.type).toBe('text');
    fireEvent.click(within(added).getByRole('button', { name: 'Hide' }));
    expect(value.type).toBe('password');

    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-save'));
    });
    const patch = (api.callsTo('settings:update')[0] as { patch: { servers: unknown } }).patch;
    expect(patch.servers).toEqual([{ id: 's1', name: 'Home GPU', url: 'http://127.0.0.1:8080', headers: { Authorization: null, 'X-Api-Key': 'typed-5ecret' } }]);
    // After saving, the typed value is gone from the window too.
    expect(document.body.innerHTML).not.toContain('typed-5ecret');
    expect([...card.querySelectorAll<HTMLInputElement>('.header-value')].map((i) => i.value)).toEqual(['', '']);
  });

  it('a header that could not be read here asks to be entered again', async () => {
    const api = new FakeApi({ settings: withHeaders({ Authorization: 'missing' }) });
    const card = await openSettings(api);
    expect(within(card).getByTestId('credentials-needed').textContent).toContain('Re-enter the credentials');
    expect(card.querySelector<HTMLInputElement>('.header-value')?.placeholder).toBe('needs to be entered again');
    fireEvent.change(card.querySelector('.header-value') as HTMLInputElement, { target: { value: 'again' } });
    expect(within(card).queryByTestId('credentials-needed')).toBeNull();
  });
});

describe('settings: where header values are kept', () => {
  it('with a keyring: one quiet line, no question', async () => {
    await openSettings(new FakeApi({ credentialProtection: 'keyring' }));
    expect(screen.getByTestId('credential-storage').textContent).toContain('encrypted by the system keyring');
    expect(screen.getByTestId('credential-storage').querySelector('button')).toBeNull();
  });

  it('without a keyring: says so and asks once; the choice is saved and then shown as one line', async () => {
    const api = new FakeApi({ credentialProtection: 'none' });
    api.handle('settings:update', ({ patch }) => {
      const settings = { ...api.state.settings, ...(patch as object) };
      api.state = { ...api.state, settings };
      api.emit('settings:changed', settings);
      return { ok: true, settings };
    });
    await openSettings(api);
    const note = screen.getByTestId('credential-storage');
    expect(note.textContent).toContain('no keyring');
    await act(async () => {
      fireEvent.click(within(note).getByRole('button', { name: 'Re-enter on each start' }));
    });
    expect(api.callsTo('settings:update')).toEqual([{ patch: { credentialStorage: 'memory-only' } }]);
    expect(screen.getByTestId('credential-storage').textContent).toContain('kept in memory only');
    expect(screen.getByTestId('credential-storage').getAttribute('role')).toBeNull();
  });
});
