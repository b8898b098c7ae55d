import { beforeEach, describe, expect, it } from 'vitest';
import { createAlertPolicy, type AlertNotification, type AlertPolicy } from '../../../main/core/alerts/index.js';
import { alertTexts } from '../../../main/core/alerts/messages.js';
import { HINTS } from '../../../main/core/logs/signatures.js';
import { defaultSettings } from '../../../main/core/settings/index.js';
import type { AppSettings, MonitorEvent } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { logLine, modelStatus, serverStatus } from '../../fakes/monitor-data.js';

const KEY = 'local/Qwen3-8B';
let clock: FakeClock;
let shown: AlertNotification[];
let settings: AppSettings;
let locale: string;
let policy: AlertPolicy;

const oom = (over = {}) => logLine(KEY, 'ggml_backend_cuda_buffer_type_alloc_buffer: cudaMalloc failed: out of memory', { level: 'error', signature: 'cuda-oom', ...over });
const lines = (...entries: ReturnType<typeof logLine>[]): MonitorEvent => ({ type: 'lines', key: KEY, entries });
const status = (over: Parameters<typeof modelStatus>[1]): MonitorEvent => ({ type: 'status', status: modelStatus(KEY, over) });

beforeEach(() => {
  clock = new FakeClock();
  shown = [];
  settings = defaultSettings();
  locale = 'en-US';
  policy = createAlertPolicy({ clock, notifier: { show: (n) => shown.push(n) }, settings: () => settings, systemLocale: () => locale });
  policy.handle(status({}));
});

describe('notification hints', () => {
  it('every failure signature but the generic one has a hint in both languages', () => {
    const ids = Object.keys(HINTS).filter((id) => id !== 'generic-error');
    for (const lang of ['en', 'zh-CN'] as const) {
      const missing = ids.filter((id) => !(alertTexts(lang).hints as Record<string, string | undefined>)[id]);
      expect(missing, lang).toEqual([]);
    }
  });
});

describe('error lines', () => {
  it('notifies the first live error of a signature, with the line seq to scroll to and a hint', () => {
    const line = oom();
    policy.handle(lines(line));
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ key: KEY, seq: line.seq, urgency: 'normal', title: 'Qwen3-8B: error' });
    expect(shown[0]?.body).toMatch(/cudaMalloc failed.*\n.*lower context size/);
  });

  it('ignores history lines, non-error lines and continuation lines', () => {
    policy.handle(lines(oom({ origin: 'history' }), logLine(KEY, 'warn', { level: 'warning' }), oom({ continuation: true })));
    expect(shown).toEqual([]);
  });

  it('throttles repeats of a group; the next notification after the window says ×N', () => {
    policy.handle(lines(oom()));
    clock.advance(1000);
    policy.handle(lines(oom(), oom()));
    clock.advance(10_000);
    policy.handle(lines(oom()));
    expect(shown).toHaveLength(1);
    clock.advance(60_000);
    policy.handle(lines(oom()));
    expect(shown).toHaveLength(2);
    expect(shown[1]?.title).toBe('Qwen3-8B: error ×4');
  });

  it('groups by signature: a different signature on the same model notifies separately', () => {
    policy.handle(lines(oom(), logLine(KEY, "couldn't bind HTTP server socket", { level: 'error', signature: 'port-in-use' })));
    expect(shown.map((n) => n.title)).toEqual(['Qwen3-8B: error', 'Qwen3-8B: error']);
    expect(new Set(shown.map((n) => n.id)).size).toBe(2);
  });

  it('treats crash signatures as a critical model-failed alert', () => {
    policy.handle(lines(logLine(KEY, 'GGML_ASSERT(ctx) failed', { level: 'error', signature: 'ggml-assert' })));
    expect(shown[0]).toMatchObject({ title: 'Qwen3-8B crashed', urgency: 'critical' });
  });

  it('speaks Chinese with a Chinese system locale, or when chosen in settings', () => {
    locale = 'zh-CN';
    policy.handle(lines(oom()));
    expect(shown[0]?.title).toBe('Qwen3-8B：错误');
    expect(shown[0]?.body).toContain('显存不足');
    locale = 'en-GB';
    settings = { ...settings, language: 'zh-CN' };
    policy.handle(lines(logLine(KEY, 'Segmentation fault', { level: 'error', signature: 'segfault' })));
    expect(shown[1]?.title).toBe('Qwen3-8B 已崩溃');
  });

  it('respects disabled notification kinds', () => {
    settings = { ...settings, notifications: { ...settings.notifications, enabled: { ...settings.notifications.enabled, 'error-line': false } } };
    policy.handle(lines(oom()));
    expect(shown).toEqual([]);
  });
});

describe('global cap', () => {
  it('shows at most maxPerMinute, then ONE summary with the held-back count', () => {
    const keys = Array.from({ length: 12 }, (_, i) => `local/m${i}`);
    for (const k of keys) policy.handle({ type: 'lines', key: k, entries: [logLine(k, 'boom', { level: 'error' })] });
    expect(shown).toHaveLength(5);
    clock.advance(30_000);
    expect(shown).toHaveLength(5);
    clock.advance(30_000);
    expect(shown).toHaveLength(6);
    expect(shown[5]).toMatchObject({ key: null, title: '7 more alerts held back' });
    clock.advance(600_000);
    expect(shown).toHaveLength(6);
  });
});

describe('mute and pause', () => {
  it('a muted model stays silent until the mute expires; null mutes until resumed', () => {
    settings = { ...settings, notifications: { ...settings.notifications, mutes: { [KEY]: clock.now() + 3_600_000 } } };
    policy.handle(lines(oom()));
    expect(shown).toEqual([]);
    clock.advance(3_600_001);
    policy.handle(lines(oom()));
    expect(shown).toHaveLength(1);
    settings = { ...settings, notifications: { ...settings.notifications, mutes: { [KEY]: null } } };
    clock.advance(10_000_000);
    policy.handle(lines(logLine(KEY, 'Killed', { level: 'error', signature: 'killed' })));
    expect(shown).toHaveLength(1);
  });

  it('pause-all silences everything, including server alerts, until it ends', () => {
    settings = { ...settings, notifications: { ...settings.notifications, pausedUntil: clock.now() + 60_000 } };
    policy.handle(lines(oom()));
    policy.handle(status({ lifecycle: 'failed', failureReason: 'exit 1' }));
    expect(shown).toEqual([]);
    clock.advance(60_001);
    policy.handle(lines(oom()));
    expect(shown).toHaveLength(1);
  });
});

describe('lifecycle', () => {
  it('notifies a failure seen live, with the reason, but not a model already failed at startup', () => {
    policy.handle({ type: 'status', status: modelStatus('local/other', { lifecycle: 'failed' }) });
    expect(shown).toEqual([]);
    policy.handle(status({ lifecycle: 'failed', failureReason: 'process exited code=1' }));
    expect(shown[0]).toMatchObject({ title: 'Qwen3-8B failed', body: 'Reason: process exited code=1', urgency: 'critical', key: KEY });
  });

  it('model ready is off by default and notifies when enabled', () => {
    policy.handle(status({ lifecycle: 'starting', connection: 'connecting' }));
    policy.handle(status({ lifecycle: 'routing' }));
    expect(shown).toEqual([]);
    settings = { ...settings, notifications: { ...settings.notifications, enabled: { ...settings.notifications.enabled, 'model-ready': true } } };
    policy.handle(status({ lifecycle: 'stopped', connection: 'not-running' }));
    policy.handle(status({ lifecycle: 'routing' }));
    expect(shown.map((n) => n.title)).toEqual(['Qwen3-8B is ready']);
  });
});

describe('grace period', () => {
  it('a stream lost longer than the grace period notifies once', () => {
    policy.handle(status({ connection: 'disconnected' }));
    clock.advance(29_999);
    expect(shown).toEqual([]);
    clock.advance(1);
    expect(shown[0]).toMatchObject({ title: 'Lost connection to Qwen3-8B', body: 'No log stream for 30 s; still retrying.' });
  });

  it('a stream closed for the connection budget is not lost: no alert, and a lost one in grace is cancelled', () => {
    // Displaced by a model that runs (the budget was lowered): our choice, and the status says so.
    policy.handle(status({ connection: 'disconnected', overBudget: true }));
    clock.advance(100_000);
    expect(shown).toEqual([]);
    policy.handle(status({ connection: 'connected' }));
    policy.handle(status({ connection: 'disconnected' }));
    clock.advance(10_000);
    policy.handle(status({ connection: 'disconnected', overBudget: true }));
    clock.advance(100_000);
    expect(shown).toEqual([]);
  });

  it('is cancelled when the stream comes back in time', () => {
    policy.handle(status({ connection: 'disconnected' }));
    clock.advance(10_000);
    policy.handle(status({ connection: 'connecting' }));
    policy.handle(status({ connection: 'connected' }));
    clock.advance(100_000);
    expect(shown).toEqual([]);
  });

  it('a server lost for longer than the grace period notifies once (not once per model)', () => {
    policy.handle({ type: 'server', server: serverStatus('local') });
    policy.handle({ type: 'server', server: serverStatus('local', { health: 'unreachable' }) });
    policy.handle(status({ connection: 'disconnected' }));
    clock.advance(31_000);
    expect(shown.map((n) => n.title)).toEqual(['Server local unreachable']);
    expect(shown[0]?.key).toBeNull();
  });

  it('a server that recovers within the grace period does not notify; dispose cancels timers', () => {
    policy.handle({ type: 'server', server: serverStatus('local') });
    policy.handle({ type: 'server', server: serverStatus('local', { health: 'unreachable' }) });
    clock.advance(5000);
    policy.handle({ type: 'server', server: serverStatus('local') });
    policy.handle({ type: 'server', server: serverStatus('local', { health: 'unreachable' }) });
    policy.dispose();
    expect(clock.pending()).toBe(0);
    clock.advance(100_000);
    expect(shown).toEqual([]);
  });
});

describe('never a flood (QA)', () => {
  const keys = Array.from({ length: 20 }, (_, i) => `gpu/model-${i}`);
  const each = (over: Parameters<typeof modelStatus>[1]) => {
    for (const k of keys) policy.handle({ type: 'status', status: modelStatus(k, over) });
  };

  it('20 models dropping when their server dies give ONE alert, even before the health probe notices', () => {
    policy.handle({ type: 'server', server: serverStatus('gpu', { name: 'GPU box' }) });
    each({ connection: 'connected' });
    each({ connection: 'disconnected' });
    // reconnect attempts keep failing
    each({ connection: 'connecting' });
    each({ connection: 'disconnected' });
    clock.advance(120_000);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'Lost connection to 20 models on GPU box', key: null });
    expect(shown[0]?.body).toMatch(/^model-0, model-1, model-2, model-3, model-4, …: no log stream for 30 s/);
  });

  it('20 models on a server that the health probe then finds unreachable give only the server alert', () => {
    policy.handle({ type: 'server', server: serverStatus('gpu') });
    each({ connection: 'connected' });
    each({ connection: 'disconnected' });
    clock.advance(10_000);
    policy.handle({ type: 'server', server: serverStatus('gpu', { health: 'unreachable' }) });
    clock.advance(120_000);
    expect(shown.map((n) => n.title)).toEqual(['Server gpu unreachable']);
  });

  it('a model lost through a reconnect (connected → connecting → disconnected) is still reported', () => {
    policy.handle(status({ connection: 'connecting' }));
    policy.handle(status({ connection: 'disconnected' }));
    clock.advance(30_000);
    expect(shown.map((n) => n.title)).toEqual(['Lost connection to Qwen3-8B']);
  });

  it('models that came back during the coalescing wait are left out', () => {
    policy.handle({ type: 'server', server: serverStatus('gpu') });
    each({ connection: 'connected' });
    each({ connection: 'disconnected' });
    clock.advance(30_000);
    for (const k of keys.slice(1)) policy.handle({ type: 'status', status: modelStatus(k, { connection: 'connected' }) });
    clock.advance(10_000);
    expect(shown.map((n) => n.title)).toEqual(['Lost connection to model-0']);
  });

  it('history replayed at startup and on every reconnect never notifies; only live lines do', () => {
    const replay = Array.from({ length: 50 }, () => oom({ origin: 'replay' }));
    policy.handle(lines(...replay));
    policy.handle(status({ connection: 'connecting' }));
    policy.handle(lines(...replay));
    policy.handle(status({ connection: 'connected' }));
    expect(shown).toEqual([]);
    policy.handle(lines(oom()));
    expect(shown).toHaveLength(1);
  });

  it('states first seen at startup (failed models, dead servers) do not notify', () => {
    for (const k of keys) policy.handle({ type: 'status', status: modelStatus(k, { lifecycle: 'failed', connection: 'disconnected' }) });
    policy.handle({ type: 'server', server: serverStatus('gpu', { health: 'unreachable' }) });
    clock.advance(120_000);
    expect(shown).toEqual([]);
  });

  it('one crash logging several crash lines gives one alert', () => {
    policy.handle(
      lines(
        logLine(KEY, 'GGML_ASSERT(ctx) failed', { level: 'error', signature: 'ggml-assert' }),
        logLine(KEY, 'Segmentation fault (core dumped)', { level: 'error', signature: 'segfault' }),
        logLine(KEY, 'process exited with code 139', { level: 'error', signature: 'exit-code' }),
      ),
    );
    expect(shown.map((n) => n.title)).toEqual(['Qwen3-8B crashed']);
  });

  it('after our own stop request, crash lines and a failed state of that model (or server) are expected, not alerts', () => {
    const crash = (seq: number) => logLine(KEY, 'Killed', { seq, level: 'error', signature: 'killed' });
    policy.expectStop({ key: KEY });
    policy.handle(lines(crash(1)));
    policy.handle(status({ lifecycle: 'failed', failureReason: '被用户请求停止' }));
    policy.handle(status({ lifecycle: 'stopped' }));
    // Ordinary errors still notify during the quiet window.
    policy.handle(lines(oom()));
    expect(shown.map((n) => n.title)).toEqual(['Qwen3-8B: error']);
    clock.advance(30_000);
    policy.expectStop({ serverId: 'local' });
    policy.handle(lines(crash(2)));
    expect(shown).toHaveLength(1);
    clock.advance(30_000);
    policy.handle(lines(crash(3)));
    expect(shown.map((n) => n.title)).toEqual(['Qwen3-8B: error', 'Qwen3-8B crashed']);
  });

  it('a crash line and the failed state it leads to are one alert, not two', () => {
    policy.handle(lines(logLine(KEY, 'FATAL: backend crashed (abort)', { level: 'error', signature: 'fatal' })));
    policy.handle(status({ lifecycle: 'failed', failureReason: 'crashed (seen in the log): FATAL' }));
    expect(shown.map((n) => n.title)).toEqual(['Qwen3-8B crashed']);
  });

  it('a muted model stays silent for connection loss too; the others on its server still alert', () => {
    settings = { ...settings, notifications: { ...settings.notifications, mutes: { [keys[0] ?? '']: null } } };
    policy.handle({ type: 'server', server: serverStatus('gpu') });
    for (const k of keys.slice(0, 2)) policy.handle({ type: 'status', status: modelStatus(k, { connection: 'connected' }) });
    for (const k of keys.slice(0, 2)) policy.handle({ type: 'status', status: modelStatus(k, { connection: 'disconnected' }) });
    clock.advance(60_000);
    expect(shown.map((n) => n.title)).toEqual(['Lost connection to model-1']);
    expect(shown[0]?.key).toBe('gpu/model-1');
  });

  it('dispose cancels a pending coalesced alert', () => {
    policy.handle({ type: 'server', server: serverStatus('gpu') });
    each({ connection: 'connected' });
    each({ connection: 'disconnected' });
    clock.advance(30_000);
    policy.dispose();
    expect(clock.pending()).toBe(0);
    clock.advance(60_000);
    expect(shown).toEqual([]);
  });
});
