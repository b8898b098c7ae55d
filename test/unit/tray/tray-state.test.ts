import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../main/core/settings/index.js';
import { computeTrayState, NO_UNREAD, type MenuItemModel, type TrayIcon, type TrayUnread } from '../../../main/core/tray-state.js';
import type { ModelStatus, MonitorSnapshot } from '../../../main/core/types.js';
import { modelStatus, serverStatus } from '../../fakes/monitor-data.js';

const NOW = 1_000_000;
const snap = (models: ModelStatus[], servers = [serverStatus('local')]): MonitorSnapshot => ({ servers, models });
const m = (name: string, over: Partial<ModelStatus> = {}) => modelStatus(`local/${name}`, over);
const icon = (s: MonitorSnapshot, unread: TrayUnread = NO_UNREAD) => computeTrayState(s, unread, defaultSettings(), 'en', NOW).icon;

function flatten(items: readonly MenuItemModel[]): MenuItemModel[] {
  return items.flatMap((i) => (i.type === 'submenu' ? [i, ...flatten(i.items)] : [i]));
}

describe('tray icon speaks health: failed > starting > ready > stopped, with a lost mark', () => {
  const table: Array<[string, MonitorSnapshot, TrayIcon]> = [
    ['nothing configured', snap([]), 'stopped'],
    ['all stopped', snap([m('a', { connection: 'not-running', lifecycle: 'stopped' })]), 'stopped'],
    ['one ready', snap([m('a'), m('b', { connection: 'not-running', lifecycle: 'stopped' })]), 'ready'],
    ['one starting beats ready', snap([m('a'), m('b', { connection: 'connecting', lifecycle: 'starting' })]), 'starting'],
    ['a failed model beats everything', snap([m('a', { connection: 'connecting', lifecycle: 'starting' }), m('b', { lifecycle: 'failed', connection: 'not-running' })]), 'failed'],
    ['a stopped model is not red', snap([m('a', { connection: 'not-running', lifecycle: 'stopped' })]), 'stopped'],
    ['routing but the log says the model failed to load', snap([m('a', { lifecycleSince: 10, lastError: { ts: 20, seq: 5, text: 'ERROR: failed to load model', signature: 'model-load' } })]), 'failed'],
    ['an old load failure before the last lifecycle change does not count', snap([m('a', { lifecycleSince: 30, lastError: { ts: 20, seq: 5, text: 'ERROR: failed to load model', signature: 'model-load' } })]), 'ready'],
    ['an out-of-memory error alone keeps it ready', snap([m('a', { unreadErrors: 2, lastError: { ts: 20, seq: 5, text: 'CUDA error: out of memory', signature: 'cuda-oom' } })]), 'ready'],
    ['v1-seed: connected without a lifecycle is ready', snap([m('a', { lifecycle: 'unknown' })]), 'ready'],
    ['a lost stream adds the mark', snap([m('a'), m('b', { connection: 'disconnected' })]), 'ready-lost'],
    ['an unreachable server adds the mark', snap([m('a', { connection: 'connecting', lifecycle: 'starting' })], [serverStatus('local', { health: 'unreachable' })]), 'starting-lost'],
    ['unwatched models do not count', snap([m('a', { watched: false, lifecycle: 'failed' }), m('b')]), 'ready'],
  ];
  it.each(table)('%s', (_name, s, expected) => {
    expect(icon(s)).toBe(expected);
  });
});

describe('tooltip and menu', () => {
  const s = snap([
    m('Qwen3-8B', { unreadErrors: 2 }),
    m('bge-m3', { connection: 'not-running', lifecycle: 'stopped' }),
    m('GLM-4', { connection: 'disconnected', lifecycle: 'unknown' }),
  ]);

  it('summarises counts per state and unread errors in the tooltip', () => {
    const st = computeTrayState(s, NO_UNREAD, defaultSettings(), 'en', NOW);
    expect(st.tooltip).toBe('LLM Log Tray\n1 connected, 1 not running, 1 disconnected\n2 unread errors');
    const zh = computeTrayState(s, NO_UNREAD, defaultSettings(), 'zh-CN', NOW);
    expect(zh.tooltip).toContain('1 已连接，1 模型未运行，1 连接断开');
  });

  it('has one entry per model that opens its tab, start/stop per model, stop all, open, pause, settings, quit', () => {
    const st = computeTrayState(s, NO_UNREAD, defaultSettings(), 'en', NOW);
    const items = flatten(st.menu);
    const open = items.filter((i) => i.type === 'item' && i.action.kind === 'open-model');
    expect(open.map((i) => i.type === 'item' && i.label)).toEqual([
      '● Qwen3-8B — connected, routing (2 errors)',
      '○ bge-m3 — not running, stopped',
      '◌ GLM-4 — disconnected',
    ]);
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get('start:local/bge-m3')).toMatchObject({ enabled: true, action: { kind: 'start-model', key: 'local/bge-m3' } });
    expect(byId.get('stop:local/bge-m3')).toMatchObject({ enabled: false });
    expect(byId.get('start:local/Qwen3-8B')).toMatchObject({ enabled: false });
    expect(byId.get('stop:local/Qwen3-8B')).toMatchObject({ enabled: true, action: { kind: 'stop-model' } });
    expect(byId.get('stop-all:local')).toMatchObject({ label: 'Stop all models', action: { kind: 'stop-all', serverId: 'local' } });
    expect(byId.get('pause:60')).toMatchObject({ action: { kind: 'pause', minutes: 60 } });
    expect(byId.get('pause:240')).toMatchObject({ action: { kind: 'pause', minutes: 240 } });
    expect(byId.get('pause:forever')).toMatchObject({ action: { kind: 'pause', minutes: null } });
    const topLevel = st.menu.filter((i) => i.type !== 'separator').map((i) => i.id);
    expect(topLevel.slice(-5)).toEqual(['stop-all:local', 'open-window', 'pause', 'settings', 'quit']);
  });

  it('offers Resume while paused, and says so in the tooltip', () => {
    const base = defaultSettings();
    const paused = { ...base, notifications: { ...base.notifications, pausedUntil: NOW + 1000 } };
    const st = computeTrayState(s, NO_UNREAD, paused, 'en', NOW);
    expect(flatten(st.menu).some((i) => i.id === 'resume')).toBe(true);
    expect(flatten(st.menu).some((i) => i.id === 'pause')).toBe(false);
    expect(st.tooltip).toContain('notifications paused');
    const expired = computeTrayState(s, NO_UNREAD, paused, 'en', NOW + 2000);
    expect(flatten(expired.menu).some((i) => i.id === 'pause')).toBe(true);
  });

  it('translates labels and names servers when there are several', () => {
    const two = snap([m('a'), modelStatus('gpu/b')], [serverStatus('local', { name: 'Local' }), serverStatus('gpu', { name: 'GPU box' })]);
    const st = computeTrayState(two, NO_UNREAD, defaultSettings(), 'zh-CN', NOW);
    const labels = flatten(st.menu).flatMap((i) => (i.type === 'separator' ? [] : [i.label]));
    expect(labels).toContain('● b (GPU box) — 已连接，运行中');
    expect(labels).toContain('停止 GPU box 上的所有模型');
    expect(labels).toContain('退出');
    const zhOne = computeTrayState(s, NO_UNREAD, defaultSettings(), 'zh-CN', NOW);
    expect(flatten(zhOne.menu).flatMap((i) => (i.type === 'item' && i.action.kind === 'open-model' ? [i.label] : []))).toEqual([
      '● Qwen3-8B — 已连接，运行中 (2 个错误)',
      '○ bge-m3 — 模型未运行，已停止',
      '◌ GLM-4 — 连接断开',
    ]);
    expect(labels).toContain('暂停通知');
  });
});

describe('a start request the server still holds open', () => {
  const stopped = snap([m('Qwen3-8B', { connection: 'not-running', lifecycle: 'stopped' }), m('bge-m3', { connection: 'not-running', lifecycle: 'stopped' })]);
  const pending = new Map([['local/Qwen3-8B', NOW - 42_500]]);
  const label = (st: ReturnType<typeof computeTrayState>, id: string) => flatten(st.menu).find((i) => i.id === id);

  it('says "starting…" with the elapsed seconds in the tooltip and the model entry, and holds back a second start', () => {
    const st = computeTrayState(stopped, NO_UNREAD, defaultSettings(), 'en', NOW, pending);
    expect(st.tooltip.split('\n')).toContain('Starting: Qwen3-8B (starting… 42 s)');
    expect(label(st, 'open:local/Qwen3-8B')).toMatchObject({ label: '○ Qwen3-8B — not running, stopped, starting… 42 s' });
    expect(label(st, 'open:local/bge-m3')).toMatchObject({ label: '○ bge-m3 — not running, stopped' });
    expect(label(st, 'start:local/Qwen3-8B')).toMatchObject({ enabled: false });
    expect(label(st, 'start:local/bge-m3')).toMatchObject({ enabled: true });
  });

  it('in Chinese too', () => {
    const st = computeTrayState(stopped, NO_UNREAD, defaultSettings(), 'zh-CN', NOW, pending);
    expect(st.tooltip.split('\n')).toContain('正在启动：Qwen3-8B (启动中… 42 秒)');
    expect(label(st, 'open:local/Qwen3-8B')).toMatchObject({ label: '○ Qwen3-8B — 模型未运行，已停止，启动中… 42 秒' });
  });

  it('without a pending start nothing says starting', () => {
    const st = computeTrayState(stopped, NO_UNREAD, defaultSettings(), 'en', NOW);
    expect(st.tooltip).not.toContain('tarting');
    expect(flatten(st.menu).some((i) => i.type === 'item' && i.label.includes('starting…'))).toBe(false);
  });
});

describe('models over the connection budget', () => {
  const REASON = 'not streamed: over the connection budget of 1 log streams (raise Max streams in Settings / --max-streams)';
  const over = (name: string) => m(name, { connection: 'disconnected', lifecycle: 'unknown', overBudget: true, lastProblem: REASON });

  it('are not a lost stream: no lost mark on the icon', () => {
    expect(icon(snap([m('a'), over('b')]))).toBe('ready');
    expect(icon(snap([m('a'), over('b'), m('c', { connection: 'disconnected' })]))).toBe('ready-lost');
  });

  it('say "not streamed" in the menu and are counted apart in the tooltip (en, zh-CN)', () => {
    const s = snap([m('Qwen3-8B'), over('GLM-4'), over('bge-m3')]);
    const st = computeTrayState(s, NO_UNREAD, defaultSettings(), 'en', NOW);
    expect(st.tooltip).toBe('LLM Log Tray\n1 connected, 2 not streamed');
    const labels = flatten(st.menu).filter((i) => i.type === 'item' && i.action.kind === 'open-model').map((i) => i.type === 'item' && i.label);
    expect(labels).toEqual(['● Qwen3-8B — connected, routing', '◌ GLM-4 — not streamed', '◌ bge-m3 — not streamed']);
    expect(computeTrayState(s, NO_UNREAD, defaultSettings(), 'zh-CN', NOW).tooltip).toContain('1 已连接，2 未接收日志');
  });
});
