// The app's composition logic, shared by the Electron main process and the e2e browser harness:
// monitor lifecycle from settings, alerts, unread tracking, tray state, event batching to the UI,
// and the command handler. Everything outside (Electron, the demo server) comes in as ports.
import type { AppState, CommandChannel, CommandResults } from '../../contract/ipc.js';
import { createAlertPolicy } from '../core/alerts/policy.js';
import { resolveLanguage } from '../core/locale.js';
import type { Notifier } from '../core/alerts/notifier.js';
import type { Clock, Monitor, MonitorOptions, ServerConfig, TimerHandle } from '../core/ports.js';
import { isDefaultServerList } from '../core/settings/defaults.js';
import { settingsToMonitorOptions, settingsToPolicy, settingsToServers } from '../core/settings/monitor-options.js';
import { publicSettings } from '../core/settings/public-settings.js';
import type { SettingsService } from '../core/settings/service.js';
import { computeTrayState, type TrayAction, type TrayState } from '../core/tray-state.js';
import type { AppSettings, ControlResult, ModelKey, MonitorEvent, MonitorSnapshot, ServerSetting, SettingsResult } from '../core/types.js';
import { createCommandHandler, pauseNotifications } from './command-handler.js';
import { createEventBatcher } from './event-batcher.js';
import { heldRequestFetch } from './held-fetch.js';
import type { DemoServerHandle, RendererSink, TrayPort, WindowPort } from './ports.js';
import { createUnreadTracker } from './unread-tracker.js';
import { httpUrl } from '../core/guards.js';

export const DEMO_SERVER_ID = 'demo';

export interface AppControllerDeps {
  createMonitor(options: MonitorOptions): Monitor;
  readonly settings: SettingsService;
  readonly notifier: Notifier;
  readonly tray: TrayPort;
  readonly window: WindowPort;
  readonly sink: RendererSink;
  readonly clock: Clock;
  readonly systemLocale: () => string;
  readonly systemDark?: () => boolean;
  /** Whether header values are protected by an OS keyring (createSecretStorage's protection()); default 'none'. */
  readonly credentialProtection?: () => 'keyring' | 'none';
  /** Starts the built-in demo server (scripted, v1-seed). */
  readonly startDemo?: () => Promise<DemoServerHandle>;
  readonly openExternal?: (url: string) => Promise<void> | void;
  readonly setLaunchAtLogin?: (enabled: boolean) => void;
  readonly quit?: () => void;
  /**
   * fetch / random / logger for the monitor. `controlFetch` (start/stop/clear) defaults to
   * heldRequestFetch: a v1/v2 start is held open up to 300 s, the moment Node's fetch stops waiting
   * for the headers, and its answer carries the reason the window shows.
   */
  readonly monitorOptions?: Pick<MonitorOptions, 'fetch' | 'controlFetch' | 'random' | 'logger' | 'policy'>;
  /** --demo: watch only the built-in demo server, without saving it in the settings. */
  readonly demoOnly?: boolean;
  readonly batchMs?: number;
  readonly trayThrottleMs?: number;
}

export interface AppController {
  start(): Promise<void>;
  stop(): Promise<void>;
  handleCommand<C extends CommandChannel>(channel: C, payload: unknown): Promise<CommandResults[C]>;
  handleTrayAction(action: TrayAction): Promise<void>;
  /** Tray entry / notification click: show the model's tab (scrolled to seq) and acknowledge it. */
  openModel(key: ModelKey, seq?: number): void;
  getState(): AppState;
  trayState(): TrayState;
}

const EMPTY_SNAPSHOT: MonitorSnapshot = { servers: [], models: [] };

export function isHttpUrl(value: string): boolean {
  return httpUrl(value) !== null;
}

/**
 * The window already gets at most one monitor:events message per `batchMs` (the event batcher): a
 * per-model coalescing window in the monitor would only add its delay on top (50 + 50 ms worst case,
 * measured p99 ~100 ms). With 0 the monitor hands lines on at the next turn of the event loop (a zero
 * timer) instead.
 */
export const APP_MONITOR_BATCH_MS = 0;

export function createAppController(deps: AppControllerDeps): AppController {
  const { clock, settings } = deps;
  const batchMs = deps.batchMs ?? 50;
  const trayThrottleMs = deps.trayThrottleMs ?? 250;
  let monitor: Monitor | null = null;
  let demo: DemoServerHandle | null = null;
  let demoStarting: Promise<DemoServerHandle> | null = null;
  let unsubscribeMonitor: (() => void) | null = null;
  let unsubscribeSettings: (() => void) | null = null;
  let trayTimer: TimerHandle | null = null;
  let lastTrayJson = '';
  let lastTray: TrayState | null = null;
  let stopped = false;

  const unread = createUnreadTracker();
  const alerts = createAlertPolicy({ clock, notifier: deps.notifier, settings: () => settings.get(), systemLocale: deps.systemLocale });
  const batcher = createEventBatcher(clock, batchMs, (batch) => deps.sink.send('monitor:events', batch));

  const snapshot = (): MonitorSnapshot => monitor?.snapshot() ?? EMPTY_SNAPSHOT;
  const lang = () => resolveLanguage(settings.get().language, deps.systemLocale());

  /** Start requests sent from the window or the tray and not answered yet → when they were sent. */
  const pendingStarts = new Map<ModelKey, number>();
  let pendingTick: TimerHandle | null = null;
  const computeTray = () => computeTrayState(snapshot(), unread, settings.get(), lang(), clock.now(), pendingStarts);
  const updateTray = () => {
    if (trayTimer !== null) {
      clock.clearTimeout(trayTimer);
      trayTimer = null;
    }
    const state = computeTray();
    const json = JSON.stringify(state);
    lastTray = state;
    if (json === lastTrayJson) return;
    lastTrayJson = json;
    deps.tray.update(state);
  };
  const scheduleTray = () => {
    trayTimer ??= clock.setTimeout(updateTray, trayThrottleMs);
  };

  // While a start is pending, the tray's elapsed seconds move once a second.
  const tickPending = () => {
    pendingTick = null;
    if (stopped || pendingStarts.size === 0) return;
    updateTray();
    pendingTick = clock.setTimeout(tickPending, 1000);
  };
  const startModel = async (key: ModelKey): Promise<ControlResult> => {
    const m = requireMonitor();
    const mine = !pendingStarts.has(key);
    if (mine) pendingStarts.set(key, clock.now());
    updateTray();
    pendingTick ??= clock.setTimeout(tickPending, 1000);
    try {
      return await m.startModel(key);
    } finally {
      if (mine) pendingStarts.delete(key);
      if (pendingStarts.size === 0 && pendingTick !== null) {
        clock.clearTimeout(pendingTick);
        pendingTick = null;
      }
      if (!stopped) updateTray();
    }
  };

  const ensureDemo = async (): Promise<DemoServerHandle> => {
    if (demo) return demo;
    if (!deps.startDemo) throw new Error('the built-in demo server is not available here');
    demoStarting ??= deps.startDemo();
    try {
      demo = await demoStarting;
    } finally {
      demoStarting = null;
    }
    return demo;
  };

  const demoServer = (url: string): ServerSetting => ({ id: DEMO_SERVER_ID, name: 'Demo', url, headers: {} });

  /** Servers the monitor should watch: the settings', or only the demo under --demo. */
  const effectiveServers = (s: AppSettings): ServerConfig[] => {
    if (deps.demoOnly && demo) return settingsToServers({ ...s, servers: [demoServer(demo.url)] });
    return settingsToServers(s);
  };

  const onMonitorEvent = (event: MonitorEvent) => {
    alerts.handle(event);
    unread.handle(event);
    batcher.push(event);
    scheduleTray();
  };

  const onSettingsChanged = (prev: AppSettings, next: AppSettings) => {
    deps.sink.send('settings:changed', publicSettings(next));
    const m = monitor;
    if (m) {
      if (JSON.stringify(effectiveServers(prev)) !== JSON.stringify(effectiveServers(next))) {
        m.updateServers(effectiveServers(next)).catch(() => {
          // The monitor reports server problems as events; nothing more to do here.
        });
      }
      if (JSON.stringify(settingsToPolicy(prev)) !== JSON.stringify(settingsToPolicy(next))) {
        m.updatePolicy(settingsToPolicy(next));
      }
      const before = new Set(prev.unwatched);
      const after = new Set(next.unwatched);
      for (const k of after) if (!before.has(k)) m.setWatched(k, false);
      for (const k of before) if (!after.has(k)) m.setWatched(k, true);
    }
    if (prev.launchAtLogin !== next.launchAtLogin) deps.setLaunchAtLogin?.(next.launchAtLogin);
    updateTray();
  };

  const acknowledge = (key: ModelKey) => {
    const failed = snapshot().models.some((m) => m.key === key && m.lifecycle === 'failed');
    unread.acknowledge(key, failed);
    monitor?.acknowledge(key);
    updateTray();
  };

  const openModel = (key: ModelKey, seq?: number) => {
    if (seq !== undefined) deps.window.show('logs', key, seq);
    else deps.window.show('logs', key);
    acknowledge(key);
  };

  const useDemoServer = async (): Promise<SettingsResult> => {
    const handle = await ensureDemo();
    if (deps.demoOnly) return { ok: true, settings: settings.get() };
    const current = settings.get();
    const others = current.servers.filter((s) => s.id !== DEMO_SERVER_ID);
    const servers = isDefaultServerList(current.servers) ? [demoServer(handle.url)] : [...others, demoServer(handle.url)];
    return settings.update({ servers });
  };

  const getState = (): AppState => {
    batcher.flush();
    return {
      snapshot: snapshot(),
      settings: publicSettings(settings.get()),
      credentialProtection: deps.credentialProtection?.() ?? 'none',
      systemLocale: deps.systemLocale(),
      systemDark: deps.systemDark?.() ?? false,
      settingsNotice: settings.notice(),
      eventSeq: batcher.seq(),
      demoServerUrl: demo?.url ?? null,
    };
  };

  const requireMonitor = (): Monitor => {
    if (!monitor) throw new Error('the monitor is not running yet');
    return monitor;
  };

  const handleCommand = createCommandHandler({
    clock,
    settings,
    monitor: requireMonitor,
    startModel,
    getState,
    acknowledge,
    expectStop: (target) => alerts.expectStop(target),
    useDemoServer,
    async openExternal(url) {
      if (!isHttpUrl(url) || !deps.openExternal) return false;
      await deps.openExternal(url);
      return true;
    },
  });

  const reportControl = (title: string, result: { ok: boolean; message: string }) => {
    if (result.ok) return;
    deps.notifier.show({ id: `control-${clock.now()}`, title, body: result.message, key: null, urgency: 'normal' });
  };

  return {
    async start() {
      // A saved demo server gets a fresh process (and port) on every launch.
      const saved = settings.get();
      if (deps.demoOnly || (deps.startDemo && saved.servers.some((s) => s.id === DEMO_SERVER_ID))) {
        try {
          const handle = await ensureDemo();
          if (!deps.demoOnly) {
            settings.update({ servers: saved.servers.map((s) => (s.id === DEMO_SERVER_ID ? demoServer(handle.url) : s)) });
          }
        } catch {
          // Without the demo the monitor shows the server as unreachable, which says it plainly.
        }
      }
      let prev = settings.get();
      unsubscribeSettings = settings.subscribe((next) => {
        const before = prev;
        prev = next;
        onSettingsChanged(before, next);
      });
      const current = settings.get();
      const options: MonitorOptions = {
        ...settingsToMonitorOptions(current),
        servers: effectiveServers(current),
        clock,
        controlFetch: heldRequestFetch,
        // The window and the tray read a vitals event's summary only (the Vitals view fetches a model's
        // series when it shows it): the events carry no samples for the IPC to copy. At 20 models × 1,000
        // lines/s they were about 1,200 sample objects a second (BENCHMARKS.md, vitals).
        vitalsSamples: false,
        ...(deps.monitorOptions ?? {}),
        policy: { ...settingsToPolicy(current), batchMs: APP_MONITOR_BATCH_MS, ...(deps.monitorOptions?.policy ?? {}) },
      };
      monitor = deps.createMonitor(options);
      unsubscribeMonitor = monitor.subscribe(onMonitorEvent);
      deps.setLaunchAtLogin?.(current.launchAtLogin);
      updateTray();
      if (!current.firstRunDone) {
        if (!current.startHidden) deps.window.show('logs');
        settings.update({ firstRunDone: true });
      }
      await monitor.start();
      updateTray();
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      unsubscribeSettings?.();
      alerts.dispose();
      batcher.flush();
      batcher.dispose();
      if (trayTimer !== null) clock.clearTimeout(trayTimer);
      trayTimer = null;
      if (pendingTick !== null) clock.clearTimeout(pendingTick);
      pendingTick = null;
      const m = monitor;
      if (m) await m.stop();
      unsubscribeMonitor?.();
      const d = demo;
      demo = null;
      if (d) await d.close();
    },

    handleCommand,

    async handleTrayAction(action) {
      switch (action.kind) {
        case 'open-model':
          openModel(action.key);
          return;
        case 'start-model':
          reportControl(action.key, await startModel(action.key));
          return;
        case 'stop-model':
          alerts.expectStop({ key: action.key });
          reportControl(action.key, await requireMonitor().stopModel(action.key));
          return;
        case 'stop-all':
          alerts.expectStop({ serverId: action.serverId });
          reportControl(action.serverId, await requireMonitor().stopAll(action.serverId));
          return;
        case 'open-window':
          deps.window.show('logs');
          return;
        case 'open-settings':
          deps.window.show('settings');
          return;
        case 'pause':
          pauseNotifications({ clock, settings }, action.minutes);
          return;
        case 'resume':
          pauseNotifications({ clock, settings }, 0);
          return;
        case 'quit':
          deps.quit?.();
          return;
      }
    },

    openModel,
    getState,
    trayState: () => lastTray ?? computeTray(),
  };
}
