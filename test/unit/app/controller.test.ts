import { beforeEach, describe, expect, it } from 'vitest';
import { createAppController, type AppController, type AppControllerDeps } from '../../../main/app/index.js';
import type { MonitorOptions } from '../../../main/core/ports.js';
import { createMemoryStorage, createSettingsService, defaultSettings, type SettingsService } from '../../../main/core/settings/index.js';
import type { AppSettings, VitalsSummary } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeMonitor } from '../../fakes/fake-monitor.js';
import { logLine, modelStatus, serverStatus } from '../../fakes/monitor-data.js';
import { RecordingNotifier, RecordingSink, RecordingTray, RecordingWindow } from '../../fakes/recording-ports.js';

const KEY = 'local/Qwen3-8B';
let clock: FakeClock;
let monitors: FakeMonitor[];
let tray: RecordingTray;
let win: RecordingWindow;
let notifier: RecordingNotifier;
let sink: RecordingSink;
let settings: SettingsService;
let demoCloses: number;
let demoStarts: number;
let opened: string[];
let loginItem: boolean[];
let quits: number;

function makeController(initial?: Partial<AppSettings>, over: Partial<AppControllerDeps> = {}): AppController {
  settings = createSettingsService(createMemoryStorage(initial ? { ...defaultSettings(), ...initial } : undefined));
  return createAppController({
    createMonitor: (o: MonitorOptions) => {
      const m = new FakeMonitor(o);
      monitors.push(m);
      return m;
    },
    settings,
    notifier,
    tray,
    window: win,
    sink,
    clock,
    systemLocale: () => 'en-US',
    startDemo: async () => {
      demoStarts++;
      return { url: `http://127.0.0.1:${40000 + demoStarts}`, close: async () => void demoCloses++ };
    },
    openExternal: (u) => void opened.push(u),
    setLaunchAtLogin: (v) => void loginItem.push(v),
    quit: () => void quits++,
    ...over,
  });
}
const monitor = () => {
  const m = monitors[monitors.length - 1];
  if (!m) throw new Error('no monitor');
  return m;
};

beforeEach(() => {
  clock = new FakeClock();
  monitors = [];
  tray = new RecordingTray();
  win = new RecordingWindow();
  notifier = new RecordingNotifier();
  sink = new RecordingSink();
  demoCloses = 0;
  demoStarts = 0;
  opened = [];
  loginItem = [];
  quits = 0;
});

describe('start and first run', () => {
  it('builds the monitor from settings, starts it, and opens the window only on first run', async () => {
    const app = makeController();
    await app.start();
    const m = monitor();
    expect(m.started).toBe(true);
    expect(m.options.servers).toEqual([{ id: 'local', name: 'Local', url: 'http://127.0.0.1:8080', headers: {} }]);
    expect(m.options.policy).toMatchObject({ retryIntervalMs: 5000, backoffCapMs: 60_000, healthIntervalMs: 15_000, bufferSize: 20_000 });
    // The event batcher below is the window's only coalescing: the monitor must not add its own delay.
    expect(m.options.policy?.batchMs).toBe(0);
    expect(m.options.clock).toBe(clock);
    // Vitals read, but their events without samples: the window and the tray read the summary only.
    expect(m.options.vitals ?? true).toBe(true);
    expect(m.options.vitalsSamples).toBe(false);
    expect(win.shown).toEqual([{ view: 'logs' }]);
    expect(settings.get().firstRunDone).toBe(true);
    expect(tray.last?.icon).toBe('stopped');
    expect(loginItem).toEqual([false]);

    const again = makeController({ firstRunDone: true });
    win.shown.length = 0;
    await again.start();
    expect(win.shown).toEqual([]);
  });
});

describe('events to the renderer', () => {
  it('coalesces events into sequence-numbered batches, at most one per 50 ms', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    const m = monitor();
    m.emit({ type: 'server', server: serverStatus('local') });
    m.emit({ type: 'status', status: modelStatus(KEY) });
    m.emit({ type: 'lines', key: KEY, entries: [logLine(KEY, 'hello')] });
    expect(sink.of('monitor:events')).toEqual([]);
    clock.advance(50);
    const batches = sink.of('monitor:events');
    expect(batches).toHaveLength(1);
    expect(batches[0]?.seq).toBe(1);
    expect(batches[0]?.events.map((e) => e.type)).toEqual(['server', 'status', 'lines']);
    m.emit({ type: 'lines', key: KEY, entries: [logLine(KEY, 'again')] });
    clock.advance(49);
    expect(sink.of('monitor:events')).toHaveLength(1);
    clock.advance(1);
    expect(sink.of('monitor:events').map((b) => b.seq)).toEqual([1, 2]);
  });

  it('vitals events reach the window with their summary (the app makes its monitor without samples: the window fetches the series itself)', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    expect(monitor().options.vitalsSamples).toBe(false);
    const summary = { genTps: 42, genTpsMedian5m: 40, lastSeq: 7 } as unknown as VitalsSummary;
    monitor().emit({ type: 'vitals', key: KEY, samples: [], liveSpeeds: 1, summary });
    clock.advance(50);
    const events = sink.of('monitor:events').flatMap((b) => b.events);
    expect(events).toEqual([{ type: 'vitals', key: KEY, samples: [], liveSpeeds: 1, summary }]);
  });

  it('get-state flushes pending events first and reports the last batch seq', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    monitor().emit({ type: 'status', status: modelStatus(KEY) });
    const state = await app.handleCommand('app:get-state', {});
    expect(state.eventSeq).toBe(1);
    expect(sink.of('monitor:events')).toHaveLength(1);
    expect(state.snapshot.models.map((m) => m.key)).toEqual([KEY]);
    expect(state.systemLocale).toBe('en-US');
    expect(state.settingsNotice).toBeNull();
  });
});

describe('alerts, unread and the tray', () => {
  it('a live error line notifies once and counts as unread in the tray; opening the model clears it', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    const m = monitor();
    m.emit({ type: 'server', server: serverStatus('local') });
    m.emit({ type: 'status', status: modelStatus(KEY) });
    clock.advance(300);
    expect(tray.last?.icon).toBe('ready');
    const line = logLine(KEY, 'CUDA error: out of memory', { level: 'error', signature: 'cuda-oom' });
    m.emit({ type: 'lines', key: KEY, entries: [line] });
    clock.advance(300);
    // The icon speaks health (the model still serves); the tooltip counts the unread error.
    expect(tray.last?.icon).toBe('ready');
    expect(tray.last?.tooltip).toContain('1 unread error');
    expect(notifier.shown).toHaveLength(1);
    expect(notifier.shown[0]).toMatchObject({ key: KEY, seq: line.seq });

    app.openModel(KEY, line.seq);
    expect(win.shown).toEqual([{ view: 'logs', key: KEY, seq: line.seq }]);
    expect(m.callsTo('acknowledge')).toHaveLength(1);
    expect(tray.last?.tooltip).not.toContain('unread');
  });

  it('a failed model keeps the tray red until it runs again; acknowledging does not hide a failure', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    const m = monitor();
    m.emit({ type: 'status', status: modelStatus(KEY) });
    m.emit({ type: 'status', status: modelStatus(KEY, { lifecycle: 'failed', connection: 'not-running', failureReason: 'exit 1' }) });
    clock.advance(300);
    expect(tray.last?.icon).toBe('failed');
    expect(notifier.shown.map((n) => n.title)).toEqual(['Qwen3-8B failed']);
    await app.handleCommand('model:acknowledge', { key: KEY });
    expect(tray.last?.icon).toBe('failed');
    m.emit({ type: 'status', status: modelStatus(KEY, { lifecycle: 'starting', connection: 'connecting' }) });
    clock.advance(300);
    expect(tray.last?.icon).toBe('starting');
    m.emit({ type: 'status', status: modelStatus(KEY, { lifecycle: 'failed', connection: 'not-running' }) });
    clock.advance(300);
    expect(tray.last?.icon).toBe('failed');
  });

  it('tray actions reach the monitor, the window and the settings', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    const m = monitor();
    await app.handleTrayAction({ kind: 'start-model', key: KEY });
    await app.handleTrayAction({ kind: 'stop-all', serverId: 'local' });
    expect(m.callsTo('startModel')[0]?.args).toEqual([KEY]);
    expect(m.callsTo('stopAll')[0]?.args).toEqual(['local']);
    m.controlResult = { ok: false, message: '模型别名 \'x\' 未找到', status: 200 };
    await app.handleTrayAction({ kind: 'stop-model', key: KEY });
    expect(notifier.shown.at(-1)).toMatchObject({ body: "模型别名 'x' 未找到" });
    await app.handleTrayAction({ kind: 'open-settings' });
    await app.handleTrayAction({ kind: 'open-model', key: KEY });
    expect(win.shown).toEqual([{ view: 'settings' }, { view: 'logs', key: KEY }]);
    await app.handleTrayAction({ kind: 'pause', minutes: 60 });
    expect(settings.get().notifications.pausedUntil).toBe(clock.now() + 3_600_000);
    expect(tray.last?.menu.some((i) => i.id === 'resume')).toBe(true);
    await app.handleTrayAction({ kind: 'resume' });
    expect(settings.get().notifications.pausedUntil).toBeUndefined();
    await app.handleTrayAction({ kind: 'quit' });
    expect(quits).toBe(1);
  });
});

describe('commands', () => {
  it('rejects unknown channels and invalid payloads', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    await expect(app.handleCommand('nope:x' as 'app:get-state', {})).rejects.toThrow(/unknown command/);
    await expect(app.handleCommand('model:start', { key: '' })).rejects.toThrow(/invalid payload for model:start/);
    await expect(app.handleCommand('model:start', { key: KEY, extra: 1 })).rejects.toThrow(/invalid payload/);
    expect(monitor().callsTo('startModel')).toEqual([]);
  });

  it('routes log and model commands to the monitor', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    const m = monitor();
    m.emit({ type: 'lines', key: KEY, entries: [logLine(KEY, 'a', { seq: 1 }), logLine(KEY, 'b', { seq: 2 })] });
    expect((await app.handleCommand('logs:get-entries', { key: KEY, afterSeq: 1 })).entries.map((e) => e.seq)).toEqual([2]);
    expect((await app.handleCommand('logs:get-entries', { key: KEY, afterSeq: -1 })).entries).toHaveLength(2);
    // A page of the newest lines, then the lines before it.
    m.emit({ type: 'lines', key: KEY, entries: [3, 4, 5].map((seq) => logLine(KEY, `x${seq}`, { seq })) });
    const seqs = async (p: { afterSeq?: number; beforeSeq?: number; limit?: number }) => (await app.handleCommand('logs:get-entries', { key: KEY, ...p })).entries.map((e) => e.seq);
    expect(await seqs({ limit: 2 })).toEqual([4, 5]);
    expect(await seqs({ beforeSeq: 4 })).toEqual([1, 2, 3]);
    expect(await seqs({ beforeSeq: 4, limit: 2 })).toEqual([2, 3]);
    expect(await seqs({ afterSeq: 1, beforeSeq: 5 })).toEqual([2, 3, 4]);
    expect(await seqs({ limit: 10 })).toEqual([1, 2, 3, 4, 5]);
    expect(await app.handleCommand('logs:get-stats', { key: KEY })).toBeNull();
    expect(await app.handleCommand('logs:clear-local', { key: KEY })).toEqual({ ok: true });
    expect(await app.handleCommand('logs:clear-server', { key: KEY, keepMinutes: 5 })).toMatchObject({ ok: true });
    await app.handleCommand('model:start', { key: KEY });
    await app.handleCommand('model:stop', { key: KEY });
    await app.handleCommand('server:stop-all', { serverId: 'local' });
    await app.handleCommand('server:refresh-stats', { serverId: 'local' });
    await app.handleCommand('monitor:reconnect-all', {});
    expect(m.calls.map((c) => c.method).filter((x) => x !== 'entries' && x !== 'start')).toEqual([
      'stats',
      'clearLocal',
      'clearOnServer',
      'startModel',
      'stopModel',
      'stopAll',
      'refreshServerStats',
      'reconnectAll',
    ]);
    expect(m.callsTo('clearOnServer')[0]?.args).toEqual([KEY, 5]);
  });

  it('a stop the user asked for is not reported as a crash; a crash later is', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    const m = monitor();
    m.emit({ type: 'status', status: modelStatus(KEY, {}) });
    const killed = (seq: number) => logLine(KEY, 'Killed', { seq, level: 'error', signature: 'killed' });
    await app.handleCommand('model:stop', { key: KEY });
    m.emit({ type: 'lines', key: KEY, entries: [killed(1)] });
    await app.handleTrayAction({ kind: 'stop-all', serverId: 'local' });
    m.emit({ type: 'lines', key: KEY, entries: [killed(2)] });
    expect(notifier.shown).toEqual([]);
    clock.advance(60_000);
    m.emit({ type: 'lines', key: KEY, entries: [killed(3)] });
    expect(notifier.shown.map((n) => n.title)).toEqual(['Qwen3-8B crashed']);
  });

  it('settings changes are validated, saved, broadcast and applied to the monitor', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    const m = monitor();
    const bad = await app.handleCommand('settings:update', { patch: { retryIntervalSec: -1 } });
    expect(bad.ok).toBe(false);
    expect(m.callsTo('updatePolicy')).toEqual([]);
    const ok = await app.handleCommand('settings:update', { patch: { retryIntervalSec: 9, servers: [{ id: 'gpu', name: 'GPU', url: 'http://10.0.0.2:8080', headers: {} }] } });
    expect(ok.ok).toBe(true);
    expect(m.callsTo('updatePolicy')[0]?.args[0]).toMatchObject({ retryIntervalMs: 9000 });
    expect(m.callsTo('updateServers')[0]?.args[0]).toEqual([{ id: 'gpu', name: 'GPU', url: 'http://10.0.0.2:8080', headers: {} }]);
    expect(sink.of('settings:changed').at(-1)?.retryIntervalSec).toBe(9);
    expect(await app.handleCommand('settings:get', {})).toMatchObject({ retryIntervalSec: 9 });

    await app.handleCommand('model:set-watched', { key: KEY, watched: false });
    expect(settings.get().unwatched).toEqual([KEY]);
    expect(m.callsTo('setWatched').at(-1)?.args).toEqual([KEY, false]);
    await app.handleCommand('model:set-watched', { key: KEY, watched: true });
    expect(settings.get().unwatched).toEqual([]);
    expect(m.callsTo('setWatched').at(-1)?.args).toEqual([KEY, true]);

    await app.handleCommand('settings:update', { patch: { launchAtLogin: true } });
    expect(loginItem.at(-1)).toBe(true);
  });

  it('mute, pause, reset and config import', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    await app.handleCommand('model:mute', { key: KEY, minutes: 240 });
    expect(settings.get().notifications.mutes[KEY]).toBe(clock.now() + 240 * 60_000);
    await app.handleCommand('model:mute', { key: KEY, minutes: null });
    expect(settings.get().notifications.mutes[KEY]).toBeNull();
    await app.handleCommand('model:mute', { key: KEY, minutes: 0 });
    expect(KEY in settings.get().notifications.mutes).toBe(false);
    await app.handleCommand('notifications:pause', { minutes: null });
    expect(settings.get().notifications.pausedUntil).toBeNull();
    await app.handleCommand('notifications:pause', { minutes: 0 });
    expect('pausedUntil' in settings.get().notifications).toBe(false);

    const imported = await app.handleCommand('settings:import-llm-manager-config', {
      text: JSON.stringify({ program: { openai_host: '0.0.0.0', openai_port: 8000 } }),
    });
    expect(imported.ok && imported.settings.servers[0]?.url).toBe('http://127.0.0.1:8000');
    expect(monitor().callsTo('updateServers').at(-1)?.args[0]).toMatchObject([{ url: 'http://127.0.0.1:8000' }]);
    const badImport = await app.handleCommand('settings:import-llm-manager-config', { text: '{' });
    expect(badImport.ok).toBe(false);

    await app.handleCommand('settings:update', { patch: { theme: 'dark' } });
    const reset = await app.handleCommand('settings:reset', {});
    expect(reset.ok && reset.settings.theme).toBe('system');
  });

  it('opens only http(s) URLs externally', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    expect(await app.handleCommand('app:open-external', { url: 'https://github.com/x' })).toEqual({ ok: true });
    expect(await app.handleCommand('app:open-external', { url: 'file:///etc/passwd' })).toEqual({ ok: false });
    expect(opened).toEqual(['https://github.com/x']);
  });
});

describe('demo server', () => {
  it('use-demo-server starts it once and replaces the untouched default server', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    const r = await app.handleCommand('app:use-demo-server', {});
    expect(r.ok && r.settings.servers).toEqual([{ id: 'demo', name: 'Demo', url: 'http://127.0.0.1:40001', headers: {} }]);
    await app.handleCommand('app:use-demo-server', {});
    expect(demoStarts).toBe(1);
    expect((await app.handleCommand('app:get-state', {})).demoServerUrl).toBe('http://127.0.0.1:40001');
    expect(monitor().callsTo('updateServers').at(-1)?.args[0]).toMatchObject([{ id: 'demo', url: 'http://127.0.0.1:40001' }]);
    await app.stop();
    expect(demoCloses).toBe(1);
    expect(monitor().stopped).toBe(true);
  });

  it('a saved demo server is restarted at launch with its new URL', async () => {
    const app = makeController({ firstRunDone: true, servers: [{ id: 'demo', name: 'Demo', url: 'http://127.0.0.1:1', headers: {} }] });
    await app.start();
    expect(demoStarts).toBe(1);
    expect(monitor().options.servers).toEqual([{ id: 'demo', name: 'Demo', url: 'http://127.0.0.1:40001', headers: {} }]);
  });

  it('--demo watches only the demo server and does not save it', async () => {
    const app = makeController({ firstRunDone: true }, { demoOnly: true });
    await app.start();
    expect(monitor().options.servers.map((s) => s.id)).toEqual(['demo']);
    expect(settings.get().servers.map((s) => s.id)).toEqual(['local']);
  });
});

describe('a pending start in the tray', () => {
  it('from the window or the tray: "starting…" with seconds that move, until the server answers', async () => {
    const app = makeController({ firstRunDone: true });
    await app.start();
    const m = monitor();
    m.emit({ type: 'status', status: modelStatus(KEY, { connection: 'not-running', lifecycle: 'stopped' }) });
    let answer: (r: { ok: boolean; message: string }) => void = () => undefined;
    m.startModel = () => new Promise((resolve) => (answer = resolve));
    const entry = () => tray.last?.menu.find((i) => i.id === `open:${KEY}`);
    const result = app.handleCommand('model:start', { key: KEY });
    await Promise.resolve();
    expect(entry()).toMatchObject({ label: expect.stringContaining('starting… 0 s') });
    clock.advance(3000);
    expect(entry()).toMatchObject({ label: expect.stringContaining('starting… 3 s') });
    expect(tray.last?.tooltip).toContain('Starting: Qwen3-8B (starting… 3 s)');
    answer({ ok: false, message: '健康检查失败' });
    expect(await result).toEqual({ ok: false, message: '健康检查失败' });
    expect(entry()).toMatchObject({ label: expect.not.stringContaining('starting…') });
    expect(tray.last?.tooltip).not.toContain('Starting:');

    // The tray's own Start shows it the same way.
    const fromTray = app.handleTrayAction({ kind: 'start-model', key: KEY });
    await Promise.resolve();
    expect(entry()).toMatchObject({ label: expect.stringContaining('starting… 0 s') });
    answer({ ok: true, message: 'ok' });
    await fromTray;
    expect(tray.last?.tooltip).not.toContain('Starting:');
    await app.stop();
  });
});
