// Pure: monitor snapshot + unread state + settings → tray icon variant, tooltip and menu model.
// The Electron adapter turns the menu model into a fresh Menu on every change (Linux AppIndicator
// ignores clicks, so every action lives in the menu).
import { isPaused } from './alerts/policy.js';
import { sanitizeLabel } from './logs/ansi.js';
import type { UiLanguage } from './locale.js';
import { HEALTH_ORDER, modelHealth, type ModelHealth } from './model-health.js';
import type { AppSettings, ConnectionState, Lifecycle, ModelKey, ModelStatus, MonitorSnapshot } from './types.js';

/**
 * The icon speaks health, like the window's dots: failed (red), starting (amber), ready (green),
 * stopped (hollow grey), by the worst watched model. "-lost" adds the secondary mark: a stream or a
 * server is lost, so what the icon says may be stale.
 */
export type TrayHealth = Exclude<ModelHealth, 'unknown'>;
export type TrayIcon = TrayHealth | `${TrayHealth}-lost`;
const TRAY_HEALTHS: readonly TrayHealth[] = ['failed', 'starting', 'ready', 'stopped'];
export const TRAY_ICONS: readonly TrayIcon[] = [...TRAY_HEALTHS, ...TRAY_HEALTHS.map((h) => `${h}-lost` as const)];

export type TrayAction =
  | { readonly kind: 'open-model'; readonly key: ModelKey }
  | { readonly kind: 'start-model'; readonly key: ModelKey }
  | { readonly kind: 'stop-model'; readonly key: ModelKey }
  | { readonly kind: 'stop-all'; readonly serverId: string }
  | { readonly kind: 'open-window' }
  | { readonly kind: 'pause'; readonly minutes: number | null }
  | { readonly kind: 'resume' }
  | { readonly kind: 'open-settings' }
  | { readonly kind: 'quit' };

export type MenuItemModel =
  | { readonly type: 'item'; readonly id: string; readonly label: string; readonly enabled: boolean; readonly action: TrayAction }
  | { readonly type: 'submenu'; readonly id: string; readonly label: string; readonly items: readonly MenuItemModel[] }
  | { readonly type: 'separator'; readonly id: string };

export interface TrayState {
  readonly icon: TrayIcon;
  readonly tooltip: string;
  readonly menu: readonly MenuItemModel[];
}

/** What the user has not acknowledged yet (the app controller keeps it). */
export interface TrayUnread {
  /** Unacknowledged error lines per model (beyond what ModelStatus.unreadErrors says). */
  readonly errors: ReadonlyMap<ModelKey, number>;
  /** Failed models whose failure the user has already seen (opened the tab). */
  readonly acknowledgedFailed: ReadonlySet<ModelKey>;
}

export const NO_UNREAD: TrayUnread = { errors: new Map(), acknowledgedFailed: new Set() };

interface TrayTexts {
  connection: Record<ConnectionState, string>;
  /** A watched model over the connection budget (instead of its connection state). */
  notStreamed: string;
  /** Same words as the window's tabs, so tray and window agree in either language. */
  lifecycle: Record<Exclude<Lifecycle, 'unknown'>, string>;
  /** Joins the connection state and the lifecycle in a menu label. */
  comma: string;
  errors(n: number): string;
  startStop: string;
  start: string;
  stop: string;
  stopAll: string;
  stopAllOn(server: string): string;
  openWindow: string;
  pause: string;
  pause1h: string;
  pause4h: string;
  pauseForever: string;
  resume: string;
  settings: string;
  quit: string;
  noModels: string;
  paused: string;
  summary(parts: string[]): string;
  unreadTotal(n: number): string;
  /** A start request the window or the tray sent, still waiting for the server's answer. */
  pendingStart(seconds: number): string;
  /** Tooltip line naming the models with a pending start. */
  pendingStarts(parts: string[]): string;
  /** Tooltip line with the latest generation speed of each model that has one. */
  speeds(parts: string[]): string;
}

const TEXTS: Record<UiLanguage, TrayTexts> = {
  en: {
    connection: { connected: 'connected', connecting: 'connecting', 'not-running': 'not running', disconnected: 'disconnected' },
    notStreamed: 'not streamed',
    lifecycle: { stopped: 'stopped', starting: 'starting', init_script: 'init script', health_check: 'health check', routing: 'routing', failed: 'failed' },
    comma: ', ',
    errors: (n) => `${n} error${n === 1 ? '' : 's'}`,
    startStop: 'Start / stop',
    start: 'Start',
    stop: 'Stop',
    stopAll: 'Stop all models',
    stopAllOn: (s) => `Stop all models on ${s}`,
    openWindow: 'Open window',
    pause: 'Pause notifications',
    pause1h: 'For 1 hour',
    pause4h: 'For 4 hours',
    pauseForever: 'Until resumed',
    resume: 'Resume notifications',
    settings: 'Settings…',
    quit: 'Quit',
    noModels: 'No models yet',
    paused: 'notifications paused',
    summary: (p) => p.join(', '),
    unreadTotal: (n) => `${n} unread error${n === 1 ? '' : 's'}`,
    pendingStart: (s) => `starting… ${s} s`,
    pendingStarts: (p) => `Starting: ${p.join(', ')}`,
    speeds: (p) => `Generation: ${p.join(', ')}`,
  },
  'zh-CN': {
    connection: { connected: '已连接', connecting: '连接中', 'not-running': '模型未运行', disconnected: '连接断开' },
    notStreamed: '未接收日志',
    lifecycle: { stopped: '已停止', starting: '启动中', init_script: '初始化脚本', health_check: '健康检查', routing: '运行中', failed: '失败' },
    comma: '，',
    errors: (n) => `${n} 个错误`,
    startStop: '启动 / 停止',
    start: '启动',
    stop: '停止',
    stopAll: '停止所有模型',
    stopAllOn: (s) => `停止 ${s} 上的所有模型`,
    openWindow: '打开窗口',
    pause: '暂停通知',
    pause1h: '1 小时',
    pause4h: '4 小时',
    pauseForever: '直到恢复',
    resume: '恢复通知',
    settings: '设置…',
    quit: '退出',
    noModels: '暂无模型',
    paused: '通知已暂停',
    summary: (p) => p.join('，'),
    unreadTotal: (n) => `${n} 个未读错误`,
    pendingStart: (s) => `启动中… ${s} 秒`,
    pendingStarts: (p) => `正在启动：${p.join('，')}`,
    speeds: (p) => `生成速度：${p.join('，')}`,
  },
};

const GLYPH: Record<ConnectionState, string> = { connected: '●', connecting: '◐', 'not-running': '○', disconnected: '◌' };
const ACTIVE: ReadonlySet<string> = new Set(['starting', 'init_script', 'health_check', 'routing']);
const STATE_ORDER: readonly ConnectionState[] = ['connected', 'connecting', 'not-running', 'disconnected'];

const MAX_SPEEDS = 4;

/** The latest generation speed read from the model's log, while it is connected: `42.3 tok/s`. */
export function speedOf(m: ModelStatus): string | null {
  const v = m.vitals?.genTps;
  if (v === null || v === undefined || m.connection !== 'connected') return null;
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} tok/s`;
}

export function unreadCount(m: ModelStatus, unread: TrayUnread): number {
  return Math.max(m.unreadErrors, unread.errors.get(m.key) ?? 0);
}

/** Worst health of the watched models ('unknown' counts as stopped), plus the lost mark. */
export function trayIconFor(snapshot: MonitorSnapshot): TrayIcon {
  const models = snapshot.models.filter((m) => m.watched);
  let worst: TrayHealth = 'stopped';
  for (const m of models) {
    const h = modelHealth(m);
    if (h !== 'unknown' && HEALTH_ORDER.indexOf(h) < HEALTH_ORDER.indexOf(worst)) worst = h;
  }
  // A model over the connection budget was never connected: nothing is lost.
  const lost = models.some((m) => m.connection === 'disconnected' && m.overBudget !== true) || snapshot.servers.some((s) => s.health === 'unreachable');
  return lost ? `${worst}-lost` : worst;
}

export function computeTrayState(
  snapshot: MonitorSnapshot,
  unread: TrayUnread,
  settings: AppSettings,
  lang: UiLanguage,
  now: number = Date.now(),
  /** Models whose start request (from the window or the tray) is still pending → when it was sent (ms). */
  pendingStarts: ReadonlyMap<ModelKey, number> = new Map(),
): TrayState {
  const t = TEXTS[lang];
  const models = snapshot.models.filter((m) => m.watched);
  const multiServer = snapshot.servers.length > 1;
  const serverName = (id: string) => snapshot.servers.find((s) => s.id === id)?.name ?? id;
  // Model and server names come from the server/settings: plain text only in the menu.
  const display = (m: ModelStatus) => sanitizeLabel(multiServer ? `${m.model} (${serverName(m.serverId)})` : m.model, 80);

  const counts = new Map<ConnectionState, number>();
  let notStreamed = 0;
  for (const m of models) {
    if (m.overBudget === true) notStreamed++;
    else counts.set(m.connection, (counts.get(m.connection) ?? 0) + 1);
  }
  const parts = STATE_ORDER.filter((s) => (counts.get(s) ?? 0) > 0).map((s) => `${counts.get(s) ?? 0} ${t.connection[s]}`);
  if (notStreamed > 0) parts.push(`${notStreamed} ${t.notStreamed}`);
  const totalUnread = models.reduce((n, m) => n + unreadCount(m, unread), 0);
  const paused = isPaused(settings, now);
  const tooltipLines = ['LLM Log Tray', parts.length > 0 ? t.summary(parts) : t.noModels];
  const speeds = models.filter((m) => speedOf(m) !== null).map((m) => `${display(m)} ${speedOf(m)}`);
  // A v1/v2 server holds a start open until the health check decides (up to 300 s): say it is underway.
  const pendingText = (m: ModelStatus): string | null => {
    const since = pendingStarts.get(m.key);
    return since === undefined ? null : t.pendingStart(Math.max(0, Math.floor((now - since) / 1000)));
  };
  const pending = models.filter((m) => pendingStarts.has(m.key)).map((m) => `${display(m)} (${pendingText(m) ?? ''})`);
  if (pending.length > 0) tooltipLines.push(t.pendingStarts(pending.length > MAX_SPEEDS ? [...pending.slice(0, MAX_SPEEDS), '…'] : pending));
  if (speeds.length > 0) tooltipLines.push(t.speeds(speeds.length > MAX_SPEEDS ? [...speeds.slice(0, MAX_SPEEDS), '…'] : speeds));
  if (totalUnread > 0) tooltipLines.push(t.unreadTotal(totalUnread));
  if (paused) tooltipLines.push(t.paused);

  const menu: MenuItemModel[] = [];
  if (models.length === 0) {
    menu.push({ type: 'item', id: 'no-models', label: t.noModels, enabled: false, action: { kind: 'open-window' } });
  }
  for (const m of models) {
    const n = unreadCount(m, unread);
    const lifecycle = m.lifecycle !== 'unknown' ? `${t.comma}${t.lifecycle[m.lifecycle]}` : '';
    const speed = speedOf(m);
    const starting = pendingText(m);
    const state = m.overBudget === true ? t.notStreamed : t.connection[m.connection];
    const label = `${GLYPH[m.connection]} ${display(m)} — ${state}${lifecycle}${starting !== null ? `${t.comma}${starting}` : ''}${speed !== null ? ` · ${speed}` : ''}${n > 0 ? ` (${t.errors(n)})` : ''}`;
    menu.push({ type: 'item', id: `open:${m.key}`, label, enabled: true, action: { kind: 'open-model', key: m.key } });
  }
  if (models.length > 0) {
    menu.push({ type: 'separator', id: 'sep-models' });
    menu.push({
      type: 'submenu',
      id: 'control',
      label: t.startStop,
      items: models.map((m) => {
        // Where the lifecycle is unknown (v1-seed) both stay enabled: the server answers plainly.
        const active = ACTIVE.has(m.lifecycle) || (m.lifecycle === 'unknown' && m.connection === 'connected');
        const stopped = m.lifecycle === 'stopped' || (m.lifecycle === 'unknown' && m.connection === 'not-running');
        return {
          type: 'submenu' as const,
          id: `control:${m.key}`,
          label: display(m),
          items: [
            { type: 'item' as const, id: `start:${m.key}`, label: t.start, enabled: !active && !pendingStarts.has(m.key), action: { kind: 'start-model' as const, key: m.key } },
            { type: 'item' as const, id: `stop:${m.key}`, label: t.stop, enabled: !stopped, action: { kind: 'stop-model' as const, key: m.key } },
          ],
        };
      }),
    });
    for (const s of snapshot.servers) {
      menu.push({
        type: 'item',
        id: `stop-all:${s.id}`,
        label: multiServer ? t.stopAllOn(s.name) : t.stopAll,
        enabled: true,
        action: { kind: 'stop-all', serverId: s.id },
      });
    }
  }
  menu.push({ type: 'separator', id: 'sep-app' });
  menu.push({ type: 'item', id: 'open-window', label: t.openWindow, enabled: true, action: { kind: 'open-window' } });
  if (paused) {
    menu.push({ type: 'item', id: 'resume', label: t.resume, enabled: true, action: { kind: 'resume' } });
  } else {
    menu.push({
      type: 'submenu',
      id: 'pause',
      label: t.pause,
      items: [
        { type: 'item', id: 'pause:60', label: t.pause1h, enabled: true, action: { kind: 'pause', minutes: 60 } },
        { type: 'item', id: 'pause:240', label: t.pause4h, enabled: true, action: { kind: 'pause', minutes: 240 } },
        { type: 'item', id: 'pause:forever', label: t.pauseForever, enabled: true, action: { kind: 'pause', minutes: null } },
      ],
    });
  }
  menu.push({ type: 'item', id: 'settings', label: t.settings, enabled: true, action: { kind: 'open-settings' } });
  menu.push({ type: 'separator', id: 'sep-quit' });
  menu.push({ type: 'item', id: 'quit', label: t.quit, enabled: true, action: { kind: 'quit' } });

  return { icon: trayIconFor(snapshot), tooltip: tooltipLines.join('\n'), menu };
}
