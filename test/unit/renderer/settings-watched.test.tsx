// Settings → Watched models (and Muted models) name models the way the user knows them: by server
// display name and model name (with aliases), never by the internal `serverId/model` key.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { watchedGroups } from '../../../renderer/src/features/settings/watched-list.js';
import { modelStatus, serverStatus } from '../../fakes/monitor-data.js';
import { FakeApi, T0, makeSettings } from './fake-api.js';
import { renderApp } from './render-app.js';

afterEach(() => cleanup());

const SERVERS = [
  { id: 'local', name: 'Home GPU', url: 'http://127.0.0.1:8080', headers: {} },
  { id: 'srv-1a2b3c4d', name: 'Lab box', url: 'http://10.0.0.5:8080', headers: {} },
];
const model = (key: string, over: Parameters<typeof modelStatus>[1] = {}) => modelStatus(key, { lifecycleSince: T0, connectionSince: T0, ...over });

function makeApi(language: 'en' | 'zh-CN' = 'en') {
  return new FakeApi({
    snapshot: {
      servers: [serverStatus('local', { name: 'Home GPU', healthSince: T0 }), serverStatus('srv-1a2b3c4d', { name: 'Lab box', healthSince: T0 })],
      models: [
        model('srv-1a2b3c4d/Qwen3-8B'),
        model('local/Qwen3-30B'),
        model('local/GLM-4', { watched: false }),
        model('local/Qwen3-8B', { aliases: ['Qwen3-8B', 'qwen-8b', 'qwen'] }),
        model('local/bge-m3'),
      ],
    },
    settings: makeSettings({
      language,
      servers: SERVERS,
      // An unwatched model the server no longer lists, and one of a server removed since.
      unwatched: ['local/GLM-4', 'local/old-model', 'srv-gone/Mistral-7B'],
      notifications: { ...makeSettings().notifications, mutes: { 'local/GLM-4': null, 'srv-1a2b3c4d/Qwen3-8B': T0 + 3_600_000 } },
    }),
  });
}

async function openSettings(api: FakeApi, language: 'en' | 'zh-CN' = 'en'): Promise<HTMLElement> {
  await renderApp(api, language);
  fireEvent.click(screen.getByRole('tab', { name: language === 'en' ? 'Settings' : '设置' }));
  return screen.getByTestId('watched-models');
}

const groupOf = (list: HTMLElement) =>
  [...list.querySelectorAll<HTMLElement>('.watched-group')].map((g) => ({
    server: g.querySelector('.watched-server-name')?.textContent,
    models: [...g.querySelectorAll<HTMLElement>('.watched-model')].map((m) => ({
      name: m.querySelector('.watched-name')?.textContent,
      aliases: m.querySelector('.watched-aliases')?.textContent ?? null,
      absent: m.querySelector('.watched-absent') !== null,
      checked: m.querySelector<HTMLInputElement>('input[type="checkbox"]')?.checked,
    })),
  }));

describe('settings: watched models', () => {
  it('lists models by server display name and model name, sorted, with aliases; no internal key on screen', async () => {
    const list = await openSettings(makeApi());
    expect(groupOf(list)).toEqual([
      {
        server: 'Home GPU',
        models: [
          { name: 'bge-m3', aliases: null, absent: false, checked: true },
          { name: 'GLM-4', aliases: null, absent: false, checked: false },
          { name: 'old-model', aliases: null, absent: true, checked: false },
          // Natural order: 8B before 30B.
          { name: 'Qwen3-8B', aliases: 'qwen-8b, qwen', absent: false, checked: true },
          { name: 'Qwen3-30B', aliases: null, absent: false, checked: true },
        ],
      },
      { server: 'Lab box', models: [{ name: 'Qwen3-8B', aliases: null, absent: false, checked: true }] },
      { server: 'Servers no longer configured', models: [{ name: 'Mistral-7B', aliases: null, absent: true, checked: false }] },
    ]);
    expect(within(list).getByText('3 of 5 watched')).toBeTruthy();
    expect(list.querySelector('.watched-absent')?.textContent).toBe('not listed by the server now');
    // No key anywhere in the visible text of the settings view (mutes included).
    const text = screen.getByTestId('settings-view').textContent ?? '';
    for (const key of ['local/', 'srv-1a2b3c4d', 'srv-gone', '/GLM-4', '/Qwen3-8B']) expect(text).not.toContain(key);
  });

  it('a checkbox toggles that model (by its key) and Save sends the unwatched keys', async () => {
    const api = makeApi();
    const list = await openSettings(api);
    const row = (server: string, name: string) => {
      const group = [...list.querySelectorAll<HTMLElement>('.watched-group')].find((g) => g.querySelector('.watched-server-name')?.textContent === server);
      const item = [...(group?.querySelectorAll<HTMLElement>('.watched-model') ?? [])].find((m) => m.querySelector('.watched-name')?.textContent === name);
      return item?.querySelector('input') as HTMLInputElement;
    };
    // The same name on two servers: only the one clicked changes.
    fireEvent.click(row('Lab box', 'Qwen3-8B'));
    fireEvent.click(row('Home GPU', 'GLM-4'));
    expect(row('Lab box', 'Qwen3-8B').checked).toBe(false);
    expect(row('Home GPU', 'Qwen3-8B').checked).toBe(true);
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-save'));
    });
    const patch = (api.callsTo('settings:update')[0] as { patch: { unwatched?: string[] } }).patch;
    expect([...(patch.unwatched ?? [])].sort()).toEqual(['local/old-model', 'srv-1a2b3c4d/Qwen3-8B', 'srv-gone/Mistral-7B']);
  });

  it('in Chinese: server groups and labels are translated', async () => {
    const list = await openSettings(makeApi('zh-CN'), 'zh-CN');
    expect(groupOf(list).map((g) => g.server)).toEqual(['Home GPU', 'Lab box', '已不再配置的服务器']);
    expect(within(list).getByText('已监视 3 / 5')).toBeTruthy();
    expect(list.querySelector('.watched-absent')?.textContent).toBe('服务器当前未列出');
    expect(screen.getByText('监视的模型')).toBeTruthy();
  });

  it('muted models are named by model and server too', async () => {
    await openSettings(makeApi());
    const rows = [...document.querySelectorAll<HTMLElement>('.mute-row')].map((r) => r.querySelector('.mute-model')?.textContent);
    expect(rows).toEqual(['GLM-4 · Home GPU', 'Qwen3-8B · Lab box']);
  });
});

describe('watchedGroups', () => {
  it('keeps settings server order, a key whose server id contains a slash, and drops duplicates', () => {
    const servers = [
      { id: 'b', name: 'Second' },
      { id: 'a/x', name: 'First' },
    ];
    const groups = watchedGroups([model('b/m1'), model('b/m1')], ['a/x/Qwen', 'b/m1', 'nope'], servers);
    expect(groups.map((g) => [g.serverName, g.items.map((i) => i.model)])).toEqual([
      ['Second', ['m1']],
      ['First', ['Qwen']],
      ['', ['nope']],
    ]);
    expect(groups[2]?.serverId).toBeNull();
  });
});
