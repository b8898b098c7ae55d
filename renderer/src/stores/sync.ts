import type { EventPayloads, RendererApi } from '../../../contract/ipc.js';
import type { ModelKey, ModelStatus, ServerStatus } from '../../../main/core/types.js';
import type { AppStore, AppStoreState, ProblemNote, View } from './app-store.js';
import type { EntryList } from './entry-list.js';
import type { LogStore } from './log-store.js';
import { Activity } from './activity.js';

const MAX_PROBLEMS = 20;
/** Lines of a tab fetched first (its last screens); the rest follows. */
export const FIRST_PAGE = 1000;

export interface Sync {
  /** Subscribe to events, then load app:get-state. Safe to call once. */
  start(): Promise<void>;
  stop(): void;
  /** Select a model's tab: loads its lines (first time) and acknowledges its errors. */
  selectModel(key: ModelKey | null): void;
  setView(view: View): void;
  /** Re-fetch a tab's lines from the main process (after a gap or a clear). */
  refetch(key: ModelKey): Promise<void>;
  /** Ask the log view to scroll to a line. */
  scrollTo(key: ModelKey, seq: number): void;
  /** What the window saw of each model (health over time, lines and errors per minute). */
  readonly activity: Activity;
  /** Open a model's tab at the first of its `unread` newest errors (the red badge). */
  openFirstUnread(key: ModelKey, unread: number): Promise<void>;
}

/** Seq of the first of the `count` newest error lines (heads, not continuations), or null. */
export function firstOfNewestErrors(entries: EntryList, count: number): number | null {
  let seen = 0;
  let seq: number | null = null;
  for (let i = entries.length - 1; i >= 0 && seen < count; i--) {
    const e = entries.at(i);
    if (e && e.kind === 'line' && e.level === 'error' && !e.continuation) {
      seq = e.seq;
      seen++;
    }
  }
  return seq;
}

function pageVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The one place the window talks to the main process about state: applies each `monitor:events`
 * batch as a whole (one store update, one notify per changed log), detects missed batches by `seq`
 * and per-model seq jumps, and re-fetches instead of guessing.
 */
export function createSync(api: RendererApi, appStore: AppStore, logStore: LogStore, now: () => number = Date.now): Sync {
  const activity = new Activity(now);
  let lastEventSeq = -1;
  let ready = false;
  let early: EventPayloads['monitor:events'][] = [];
  const unsubscribers: Array<() => void> = [];
  let problemId = 0;
  let nonce = 0;
  const loads = new Map<ModelKey, Promise<void>>();

  function refetch(key: ModelKey): Promise<void> {
    const p = load(key).finally(() => {
      if (loads.get(key) === p) loads.delete(key);
    });
    loads.set(key, p);
    return p;
  }

  async function load(key: ModelKey): Promise<void> {
    const loadId = logStore.beginLoad(key);
    logStore.flush();
    // The newest page first, shown at once; a big log's older lines follow in a second request
    // and go in front of it (moving 200,000 lines to the window takes far longer than a screen).
    let first: number | null = null;
    try {
      const { entries } = await api.invoke('logs:get-entries', { key, limit: FIRST_PAGE });
      const more = entries.length >= FIRST_PAGE;
      logStore.replace(key, entries, { olderPending: more });
      if (more) first = entries[0]?.seq ?? null;
    } catch (err) {
      logStore.replace(key, []);
      pushProblem({ key, serverId: null, message: errorMessage(err) });
    }
    logStore.flush();
    if (first === null) return;
    try {
      const { entries } = await api.invoke('logs:get-entries', { key, beforeSeq: first });
      logStore.prependOlder(key, loadId, entries);
    } catch (err) {
      logStore.olderFailed(key, loadId);
      pushProblem({ key, serverId: null, message: errorMessage(err) });
    }
    logStore.flush();
  }

  function pushProblem(p: Omit<ProblemNote, 'id'>): void {
    const problems = [...appStore.getState().problems, { ...p, id: ++problemId }].slice(-MAX_PROBLEMS);
    appStore.setState({ problems });
  }

  async function refreshSnapshot(): Promise<void> {
    try {
      const state = await api.invoke('app:get-state', {});
      appStore.setState({ servers: state.snapshot.servers, models: state.snapshot.models, settings: state.settings, settingsNotice: state.settingsNotice });
      lastEventSeq = Math.max(lastEventSeq, state.eventSeq);
    } catch (err) {
      pushProblem({ key: null, serverId: null, message: errorMessage(err) });
    }
  }

  function applyBatch(batch: EventPayloads['monitor:events']): void {
    if (batch.seq <= lastEventSeq) return;
    const missedBatches = lastEventSeq >= 0 && batch.seq > lastEventSeq + 1;
    lastEventSeq = batch.seq;

    const state = appStore.getState();
    let servers: readonly ServerStatus[] = state.servers;
    let models: readonly ModelStatus[] = state.models;
    let problems = state.problems;
    const refetchKeys = new Set<ModelKey>();

    for (const ev of batch.events) {
      switch (ev.type) {
        case 'server': {
          const i = servers.findIndex((s) => s.id === ev.server.id);
          servers = i >= 0 ? servers.map((s, j) => (j === i ? ev.server : s)) : [...servers, ev.server];
          break;
        }
        case 'models': {
          models = [...models.filter((m) => m.serverId !== ev.serverId), ...ev.models];
          break;
        }
        case 'status': {
          const i = models.findIndex((m) => m.key === ev.status.key);
          models = i >= 0 ? models.map((m, j) => (j === i ? ev.status : m)) : [...models, ev.status];
          break;
        }
        case 'lines': {
          activity.record(ev.key, ev.entries);
          if (logStore.append(ev.key, ev.entries) === 'gap') refetchKeys.add(ev.key);
          break;
        }
        case 'cleared': {
          if (logStore.get(ev.key)) {
            logStore.clear(ev.key);
            refetchKeys.add(ev.key);
          }
          break;
        }
        case 'vitals': {
          // The summary rides on the model's status (tab sparkline, Vitals view refetch).
          const i = models.findIndex((m) => m.key === ev.key);
          if (i >= 0) models = models.map((m, j) => (j === i ? { ...m, vitals: ev.summary } : m));
          break;
        }
        case 'problem': {
          problems = [...problems, { id: ++problemId, key: ev.key, serverId: ev.serverId, message: ev.message }].slice(
            -MAX_PROBLEMS,
          );
          break;
        }
      }
    }

    // Errors arriving in the tab the user is looking at are read already: acknowledge them.
    const selected = state.selectedKey;
    if (selected !== null && state.view === 'logs' && models !== state.models && pageVisible()) {
      const now = models.find((m) => m.key === selected);
      const before = state.models.find((m) => m.key === selected);
      if (now && now.unreadErrors > 0 && now !== before) void api.invoke('model:acknowledge', { key: selected }).catch(() => undefined);
    }

    const patch: Partial<AppStoreState> = {};
    if (servers !== state.servers) Object.assign(patch, { servers });
    if (models !== state.models) Object.assign(patch, { models });
    if (problems !== state.problems) Object.assign(patch, { problems });
    if (models !== state.models) activity.observe(models);
    if (Object.keys(patch).length > 0) appStore.setState(patch);
    logStore.flush();

    if (missedBatches) {
      // Status and lines of any model may be stale: reload everything we show.
      void refreshSnapshot();
      for (const key of logStore.keys()) refetchKeys.add(key);
    }
    for (const key of refetchKeys) void refetch(key);
    autoSelect();
  }

  function autoSelect(): void {
    const s = appStore.getState();
    if (s.selectedKey !== null || s.models.length === 0) return;
    const serverOrder = new Map(s.servers.map((srv, i) => [srv.id, i] as const));
    const first = [...s.models].sort(
      (a, b) =>
        (serverOrder.get(a.serverId) ?? 1e9) - (serverOrder.get(b.serverId) ?? 1e9) || a.model.localeCompare(b.model),
    )[0];
    if (first) selectModel(first.key);
  }

  function selectModel(key: ModelKey | null): void {
    appStore.setState({ selectedKey: key });
    if (key === null) return;
    if (!logStore.get(key)) void refetch(key);
    void api.invoke('model:acknowledge', { key }).catch(() => undefined);
  }

  function onNavigate(nav: EventPayloads['app:navigate']): void {
    appStore.setState({ view: nav.view });
    if (nav.key !== undefined) {
      if (appStore.getState().selectedKey !== nav.key) selectModel(nav.key);
      else void api.invoke('model:acknowledge', { key: nav.key }).catch(() => undefined);
      if (nav.seq !== undefined) scrollTo(nav.key, nav.seq);
    }
  }

  function scrollTo(key: ModelKey, seq: number): void {
    appStore.setState({ scrollRequest: { key, seq, nonce: ++nonce } });
  }

  return {
    async start() {
      unsubscribers.push(
        api.on('monitor:events', (batch) => {
          if (!ready) early.push(batch);
          else applyBatch(batch);
        }),
        api.on('settings:changed', (settings) => {
          const before = appStore.getState().settings;
          appStore.setState({ settings });
          // A removed server gets no event of its own (the monitor just drops it): reload the
          // snapshot, or the window keeps showing e.g. the unreachable default the demo replaced.
          // The snapshot also carries the settings notice: a save that failed (read-only disk) says so.
          if (before && JSON.stringify(before.servers) !== JSON.stringify(settings.servers)) void refreshSnapshot();
          else void api.invoke('app:get-state', {}).then((state) => appStore.setState({ settingsNotice: state.settingsNotice }), () => undefined);
          logStore.setCap(settings.bufferSize);
          logStore.flush();
        }),
        api.on('app:navigate', onNavigate),
      );
      try {
        const state = await api.invoke('app:get-state', {});
        lastEventSeq = state.eventSeq;
        logStore.setCap(state.settings.bufferSize);
        appStore.setState({
          phase: 'ready',
          loadError: null,
          servers: state.snapshot.servers,
          models: state.snapshot.models,
          settings: state.settings,
          credentialProtection: state.credentialProtection,
          systemLocale: state.systemLocale,
          systemDark: state.systemDark,
          settingsNotice: state.settingsNotice,
          demoServerUrl: state.demoServerUrl,
        });
        activity.observe(state.snapshot.models);
        ready = true;
        const queued = early;
        early = [];
        for (const batch of queued) applyBatch(batch);
        autoSelect();
      } catch (err) {
        appStore.setState({ phase: 'failed', loadError: errorMessage(err) });
      }
    },
    stop() {
      for (const u of unsubscribers.splice(0)) u();
    },
    selectModel,
    setView(view) {
      appStore.setState({ view });
    },
    refetch,
    scrollTo,
    activity,
    async openFirstUnread(key, unread) {
      appStore.setState({ view: 'logs' });
      if (appStore.getState().selectedKey !== key) selectModel(key);
      else void api.invoke('model:acknowledge', { key }).catch(() => undefined);
      await loads.get(key);
      const buf = logStore.get(key);
      const seq = buf ? firstOfNewestErrors(buf.list, Math.max(1, unread)) : null;
      if (seq !== null) scrollTo(key, seq);
    },
  };
}
