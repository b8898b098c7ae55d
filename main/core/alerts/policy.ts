// Decides which monitor events become desktop notifications. Never a flood: grouping by model +
// signature, a throttle window per group, a global per-minute cap with one summary, mutes and
// pause-all from settings. History lines and states first seen at startup never notify.
import { redactUrl } from '../credentials.js';
import type { Clock, TimerHandle } from '../ports.js';
import type {
  AppSettings,
  Lifecycle,
  ConnectionState,
  LogEntry,
  ModelKey,
  ModelStatus,
  MonitorEvent,
  NotificationKind,
  ServerStatus,
  SignatureId,
  VitalsSummary,
} from '../types.js';
import { sanitizeLabel, sanitizeMultiline } from '../logs/ansi.js';
import { resolveLanguage } from '../locale.js';
import { alertTexts, type AlertTexts } from './messages.js';
import type { AlertNotification, Notifier } from './notifier.js';
import { CRASH_ALERT_SIGNATURES } from '../logs/signatures.js';

export interface AlertPolicyOptions {
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly settings: () => AppSettings;
  readonly systemLocale: () => string;
}

export interface AlertPolicy {
  handle(event: MonitorEvent): void;
  /**
   * The user asked us to stop a model (or every model of a server): for a short while its death
   * rattle (`Killed` from the shell, an exit code, v1-seed's late `failed`) is expected, not a crash.
   */
  expectStop(target: { readonly key: ModelKey } | { readonly serverId: string }): void;
  /** Cancels pending grace and summary timers. */
  dispose(): void;
}

const CAP_WINDOW_MS = 60_000;
/** How long after our own stop request crash lines and a failed state are taken as its result. */
export const STOP_QUIET_MS = 20_000;
/** Models on one server whose grace periods end this close together are reported as one alert. */
export const LOST_COALESCE_MS = 5_000;
const MAX_NAMES = 5;

interface ModelMemo {
  readonly model: string;
  readonly serverId: string;
  connection: ConnectionState;
  lifecycle: Lifecycle;
  /** Last connection state other than 'connecting': tells a fresh start from a reconnect. */
  settled: ConnectionState;
}

interface Group {
  lastShownAt: number;
  /** Occurrences since the last notification of this group. */
  pending: number;
}

interface Candidate {
  /** 'slow-generation' has its own switch: notifications.slowGenerationTps > 0. */
  readonly kind: NotificationKind | 'slow-generation';
  readonly group: string;
  readonly key: ModelKey | null;
  readonly seq?: number;
  readonly urgency: 'normal' | 'critical';
  readonly text: (t: AlertTexts) => { title: string; body: string };
}

export function isMuted(settings: AppSettings, key: ModelKey, now: number): boolean {
  const mutes = settings.notifications.mutes;
  if (!Object.prototype.hasOwnProperty.call(mutes, key)) return false;
  const until = mutes[key];
  return until === null || until === undefined || until > now;
}

export function isPaused(settings: AppSettings, now: number): boolean {
  const p = settings.notifications.pausedUntil;
  if (p === undefined) return false;
  return p === null || p > now;
}

function plain(text: string, max = 180): string {
  return sanitizeLabel(text, max);
}

export function createAlertPolicy(opts: AlertPolicyOptions): AlertPolicy {
  const { clock, notifier } = opts;
  const models = new Map<ModelKey, ModelMemo>();
  const servers = new Map<string, ServerStatus>();
  const groups = new Map<string, Group>();
  const graceTimers = new Map<string, TimerHandle>();
  let sentTimes: number[] = [];
  let held = 0;
  let summaryTimer: TimerHandle | null = null;
  let counter = 0;
  /** Per server: models whose grace period ended, waiting LOST_COALESCE_MS for their neighbours. */
  /** Models in (or past) their grace period, with their server. */
  const lostServer = new Map<ModelKey, string>();
  const lostBuckets = new Map<string, { timer: TimerHandle; keys: Set<ModelKey>; seconds: number }>();

  const texts = () => alertTexts(resolveLanguage(opts.settings().language, opts.systemLocale()));

  const showSummary = () => {
    summaryTimer = null;
    if (held === 0) return;
    const t = texts();
    notifier.show({ id: `summary-${++counter}`, title: t.summaryTitle(held), body: t.summaryBody, key: null, urgency: 'normal' });
    held = 0;
  };

  const offer = (c: Candidate) => {
    const settings = opts.settings();
    const now = clock.now();
    if (c.kind === 'slow-generation' ? !(settings.notifications.slowGenerationTps! > 0) : !settings.notifications.enabled[c.kind]) return;
    if (isPaused(settings, now)) return;
    if (c.key !== null && isMuted(settings, c.key, now)) return;
    const group = groups.get(c.group);
    const throttleMs = settings.notifications.throttleSec * 1000;
    if (group && now - group.lastShownAt < throttleMs) {
      group.pending++;
      return;
    }
    const count = (group?.pending ?? 0) + 1;
    sentTimes = sentTimes.filter((t) => now - t < CAP_WINDOW_MS);
    if (sentTimes.length >= settings.notifications.maxPerMinute) {
      // Keep the count so the group's next notification still says ×N.
      if (group) group.pending = count;
      else groups.set(c.group, { lastShownAt: -Infinity, pending: count });
      held++;
      if (summaryTimer === null) {
        const oldest = sentTimes[0] ?? now;
        summaryTimer = clock.setTimeout(showSummary, Math.max(0, oldest + CAP_WINDOW_MS - now));
      }
      return;
    }
    const text = c.text(texts());
    // Model names, failure reasons and log text come from the server: no escape or control reaches
    // the desktop's notification daemon.
    const title = sanitizeLabel(text.title, 200);
    const body = sanitizeMultiline(text.body, 600);
    const n: AlertNotification = {
      id: `${c.group}#${++counter}`,
      title: count > 1 ? `${title} ×${count}` : title,
      body,
      key: c.key,
      ...(c.seq !== undefined ? { seq: c.seq } : {}),
      urgency: c.urgency,
    };
    groups.set(c.group, { lastShownAt: now, pending: 0 });
    sentTimes.push(now);
    notifier.show(n);
  };

  const cancelGrace = (id: string) => {
    const t = graceTimers.get(id);
    if (t !== undefined) {
      clock.clearTimeout(t);
      graceTimers.delete(id);
    }
  };

  const startGrace = (id: string, fire: (seconds: number) => void) => {
    if (graceTimers.has(id)) return;
    const seconds = opts.settings().notifications.gracePeriodSec;
    graceTimers.set(
      id,
      clock.setTimeout(() => {
        graceTimers.delete(id);
        fire(seconds);
      }, seconds * 1000),
    );
  };

  const stopRequests = new Map<string, number>();
  const stopping = (key: ModelKey): boolean => {
    const serverId = models.get(key)?.serverId ?? key.slice(0, key.indexOf('/'));
    const until = Math.max(stopRequests.get(`model:${key}`) ?? 0, stopRequests.get(`server:${serverId}`) ?? 0);
    return until > clock.now();
  };

  /** Models whose slow-generation alert fired; re-armed once the median is back above the threshold. */
  const slowAlerted = new Set<ModelKey>();
  const onVitals = (key: ModelKey, liveSpeeds: number, summary: VitalsSummary) => {
    const threshold = opts.settings().notifications.slowGenerationTps ?? 0;
    const median = summary.genTpsMedian5m;
    if (!(threshold > 0) || median === null) return;
    if (median >= threshold) {
      slowAlerted.delete(key);
      return;
    }
    // Only what happens now: a replayed history of slow requests is not news.
    if (slowAlerted.has(key) || liveSpeeds === 0) return;
    slowAlerted.add(key);
    const name = models.get(key)?.model ?? key.slice(key.indexOf('/') + 1);
    const shown = median >= 10 ? median.toFixed(1) : median.toFixed(2);
    offer({
      kind: 'slow-generation',
      group: `${key}|slow`,
      key,
      ...(summary.lastSeq !== null ? { seq: summary.lastSeq } : {}),
      urgency: 'normal',
      text: (t) => ({ title: t.slowTitle(name), body: t.slowBody(shown, threshold) }),
    });
  };

  const onLines = (key: ModelKey, entries: readonly LogEntry[]) => {
    const memo = models.get(key);
    const name = memo?.model ?? key.slice(key.indexOf('/') + 1);
    for (const e of entries) {
      if (e.kind !== 'line' || e.origin !== 'live' || e.level !== 'error' || e.continuation) continue;
      const sig: SignatureId = e.signature ?? 'generic-error';
      const crash = CRASH_ALERT_SIGNATURES.has(sig);
      if (crash && stopping(key)) continue;
      offer({
        kind: crash ? 'model-failed' : 'error-line',
        // A crash logs several crash lines (assert, abort, exit code): one alert per crash, not per line.
        group: crash ? `${key}|crash` : `${key}|${sig}`,
        key,
        seq: e.seq,
        urgency: crash ? 'critical' : 'normal',
        text: (t) => {
          const hint = t.hints[sig];
          return { title: crash ? t.crashTitle(name) : t.errorTitle(name), body: hint ? `${plain(e.text)}\n${hint}` : plain(e.text) };
        },
      });
    }
  };

  const onStatus = (s: ModelStatus) => {
    const prev = models.get(s.key);
    const settled: ConnectionState = s.connection === 'connecting' ? (prev?.settled ?? 'not-running') : s.connection;
    models.set(s.key, { model: s.model, serverId: s.serverId, connection: s.connection, lifecycle: s.lifecycle, settled });
    if (!prev) return; // first sight (startup, discovery): nothing was seen happening live
    const name = s.model;

    if (s.lifecycle === 'failed' && prev.lifecycle !== 'failed' && !stopping(s.key)) {
      offer({
        kind: 'model-failed',
        // Same group as the crash lines: a crash seen in the log and the failed state it leads to
        // are one event for the user, not two notifications.
        group: `${s.key}|crash`,
        key: s.key,
        urgency: 'critical',
        text: (t) => ({ title: t.failedTitle(name), body: t.failedBody(s.failureReason) }),
      });
    }

    const becameReady =
      (s.lifecycle === 'routing' && prev.lifecycle !== 'routing' && prev.lifecycle !== 'unknown') ||
      (s.lifecycle === 'unknown' && s.connection === 'connected' && prev.connection !== 'connected' && prev.settled === 'not-running');
    if (becameReady) {
      offer({
        kind: 'model-ready',
        group: `${s.key}|ready`,
        key: s.key,
        urgency: 'normal',
        text: (t) => ({ title: t.readyTitle(name), body: t.readyBody }),
      });
    }

    const graceId = `model:${s.key}`;
    // prev.settled, not prev.connection: a reconnect (resume from sleep, "reconnect all") goes
    // connected → connecting → disconnected, and that loss must be reported too.
    // Over the connection budget is our choice, not a lost stream (the status says so).
    if (s.connection === 'disconnected' && prev.settled === 'connected' && s.overBudget !== true) {
      lostServer.set(s.key, s.serverId);
      startGrace(graceId, (seconds) => reportLost(s.serverId, s.key, seconds));
    } else if (s.connection === 'connected' || s.connection === 'not-running' || s.overBudget === true) {
      cancelGrace(graceId);
      lostServer.delete(s.key);
      lostBuckets.get(s.serverId)?.keys.delete(s.key);
    }
  };

  const modelName = (key: ModelKey) => models.get(key)?.model ?? key.slice(key.indexOf('/') + 1);

  /**
   * A model's grace period ended. When a server dies, all its streams drop at once: wait briefly for
   * the others and send ONE alert for the server (or none, when the server's own alert covers it).
   */
  const offerLost = (serverId: string, all: readonly ModelKey[], seconds: number) => {
    // While the whole server is down, the server's own alert covers every model on it.
    if (servers.get(serverId)?.health === 'unreachable') return;
    const current = opts.settings();
    const lost = all.filter((k) => !isMuted(current, k, clock.now()));
    const only = lost[0];
    if (only === undefined) return;
    if (lost.length === 1) {
      const name = modelName(only);
      offer({
        kind: 'connection-lost',
        group: `${only}|lost`,
        key: only,
        urgency: 'normal',
        text: (t) => ({ title: t.lostTitle(name), body: t.lostBody(seconds) }),
      });
      return;
    }
    const serverName = servers.get(serverId)?.name ?? serverId;
    const names = lost.slice(0, MAX_NAMES).map(modelName).join(', ') + (lost.length > MAX_NAMES ? ', …' : '');
    offer({
      kind: 'connection-lost',
      group: `server:${serverId}|models-lost`,
      key: null,
      urgency: 'normal',
      text: (t) => ({ title: t.modelsLostTitle(lost.length, serverName), body: t.modelsLostBody(names, seconds) }),
    });
  };

  /**
   * A model's grace period ended. When a server dies, all its streams drop at once: if other models
   * of the server are still in their grace period, wait briefly for them and send ONE alert.
   */
  const reportLost = (serverId: string, key: ModelKey, seconds: number) => {
    const bucket = lostBuckets.get(serverId);
    if (bucket) {
      bucket.keys.add(key);
      return;
    }
    const neighbours = [...lostServer].some(([k, id]) => k !== key && id === serverId && graceTimers.has(`model:${k}`));
    if (!neighbours) {
      offerLost(serverId, [key], seconds);
      return;
    }
    const keys = new Set<ModelKey>([key]);
    lostBuckets.set(serverId, {
      keys,
      seconds,
      timer: clock.setTimeout(() => {
        lostBuckets.delete(serverId);
        offerLost(serverId, [...keys], seconds);
      }, LOST_COALESCE_MS),
    });
  };

  const onServer = (srv: ServerStatus) => {
    const prev = servers.get(srv.id);
    servers.set(srv.id, srv);
    const graceId = `server:${srv.id}`;
    if (srv.health === 'unreachable' && prev?.health === 'healthy') {
      startGrace(graceId, (seconds) =>
        offer({
          kind: 'connection-lost',
          group: `server:${srv.id}|lost`,
          key: null,
          urgency: 'normal',
          text: (t) => ({ title: t.serverLostTitle(srv.name), body: t.serverLostBody(redactUrl(srv.url), seconds) }),
        }),
      );
    } else if (srv.health === 'healthy') {
      cancelGrace(graceId);
    }
  };

  return {
    handle(event) {
      switch (event.type) {
        case 'lines':
          onLines(event.key, event.entries);
          break;
        case 'status':
          onStatus(event.status);
          break;
        case 'models':
          for (const s of event.models) onStatus(s);
          break;
        case 'server':
          onServer(event.server);
          break;
        case 'vitals':
          onVitals(event.key, event.liveSpeeds, event.summary);
          break;
        default:
          break;
      }
    },
    expectStop(target) {
      const id = 'key' in target ? `model:${target.key}` : `server:${target.serverId}`;
      stopRequests.set(id, clock.now() + STOP_QUIET_MS);
    },
    dispose() {
      for (const t of graceTimers.values()) clock.clearTimeout(t);
      graceTimers.clear();
      if (summaryTimer !== null) clock.clearTimeout(summaryTimer);
      summaryTimer = null;
      for (const b of lostBuckets.values()) clock.clearTimeout(b.timer);
      lostBuckets.clear();
      lostServer.clear();
    },
  };
}
