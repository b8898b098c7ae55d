// Servers × models → connections, and the one event stream every front end consumes.
// Per server: probe the generation, discover models (timer; v3 pushes), probe health (timer; the
// API has no heartbeat), and run one ModelConnection + Logbook per watched model. Line entries are
// coalesced per model (entry-batcher.ts); each status is a pure projection (status-projection.ts).
import {
  DEFAULT_POLICY,
  silentLogger,
  systemClock,
  type Clock,
  type ConnectionPolicy,
  type DiagnosticLogger,
  type FetchLike,
  type Monitor,
  type MonitorOptions,
  type Random,
  type ServerConfig,
  type TimerHandle,
} from './ports.js';
import {
  modelKey,
  type ControlResult,
  type ModelKey,
  type ModelStats,
  type ModelStatus,
  type MonitorEvent,
  type MonitorSnapshot,
  type ServerLogStats,
  type ServerStatus,
  type VitalsSeries,
} from './types.js';
import { createRedactor, credentialsFromUrl } from './credentials.js';
import { Logbook } from './logs/logbook.js';
import { VitalsTracker } from './logs/vitals/tracker.js';
import { connectServer, createAdapterMemory, type AdapterMemory } from './servers/create-adapter.js';
import { isRunningLifecycle, type RemoteModel, type ServerAdapter } from './servers/adapter.js';
import { ModelConnection } from './stream/model-connection.js';
import { budgetRank, chooseStreams, overBudgetNote, type BudgetCandidate } from './stream/connection-budget.js';
import type { Mutable } from './guards.js';
import { projectModelStatus } from './status-projection.js';
import { EntryBatcher } from './entry-batcher.js';


interface ModelRuntime {
  readonly key: ModelKey;
  readonly name: string;
  aliases: readonly string[];
  mode: string | undefined;
  watched: boolean;
  readonly logbook: Logbook;
  readonly conn: ModelConnection;
  readonly vitals: VitalsTracker;
  readonly batcher: EntryBatcher;
  /** Watched but not streamed: over the connection budget (policy.maxStreams). */
  overBudget: boolean;
  /** Its rank in the budget order when the budget last looked (see budgetMaybeChanged). */
  budgetRank: number | null;
}

interface ServerRuntime {
  config: ServerConfig;
  /** Scrubs this server's secret header values from problem text (a proxy may echo them). */
  redact: (text: string) => string;
  status: Mutable<ServerStatus>;
  adapter: ServerAdapter | null;
  /** Survives re-probes: what the adapters delivered (see AdapterMemory). */
  readonly memory: AdapterMemory;
  readonly models: Map<string, ModelRuntime>;
  healthTimer: TimerHandle | null;
  discoveryTimer: TimerHandle | null;
  unsubscribeModels: (() => void) | null;
  probing: Promise<void> | null;
  closed: boolean;
  lastModelsSignature: string;
  /** The previous /api/logs/stats sample, for noticing a stalled stream (see checkStalls). */
  stallSample: { readonly at: number; readonly perModel: Map<string, { readonly entries: number; readonly lines: number }> } | null;
}

export function createMonitor(opts: MonitorOptions): Monitor {
  const clock: Clock = opts.clock ?? systemClock;
  const random: Random = opts.random ?? Math.random;
  const fetchImpl: FetchLike = opts.fetch ?? ((...args) => fetch(...args));
  const logger: DiagnosticLogger = opts.logger ?? silentLogger;
  let policy: ConnectionPolicy = { ...DEFAULT_POLICY, ...(opts.policy ?? {}) };
  const watchNames = opts.watch ? new Set(opts.watch) : null;
  const unwatched = new Set(opts.unwatched ?? []);
  const listeners = new Set<(e: MonitorEvent) => void>();
  const servers = new Map<string, ServerRuntime>();
  let running = false;

  const emit = (event: MonitorEvent): void => {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch (err) {
        logger.warn(`a monitor listener threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    }
  };

  // ---------------------------------------------------------------- status assembly

  const modelStatus = (srv: ServerRuntime, m: ModelRuntime): ModelStatus => {
    const c = m.conn;
    return projectModelStatus({
      key: m.key,
      serverId: srv.config.id,
      name: m.name,
      aliases: m.aliases,
      mode: m.mode,
      watched: m.watched,
      overBudget: m.overBudget,
      maxStreams: policy.maxStreams,
      connection: { state: c.state, since: c.connectionSince, lastProblem: c.lastProblem, nextRetryAt: c.nextRetryAt() },
      lifecycle: { state: c.lifecycle, since: c.lifecycleSince, failureReason: c.failureReason },
      crashedFromLog: c.crashedFromLog,
      unreadErrors: m.logbook.unreadErrors(),
      lastError: m.logbook.lastError(),
      vitals: m.vitals.summary(),
    });
  };

  const emitServer = (srv: ServerRuntime): void => {
    if (!srv.closed) emit({ type: 'server', server: { ...srv.status } });
  };

  const emitModels = (srv: ServerRuntime, force = false): void => {
    if (srv.closed) return;
    const list = [...srv.models.values()].map((m) => modelStatus(srv, m));
    const sig = JSON.stringify(list.map((m) => [m.key, m.aliases, m.mode, m.watched]));
    if (!force && sig === srv.lastModelsSignature) return;
    srv.lastModelsSignature = sig;
    emit({ type: 'models', serverId: srv.config.id, models: list });
  };

  const setHealth = (srv: ServerRuntime, health: ServerStatus['health'], problem: string | null): void => {
    const changed = srv.status.health !== health || srv.status.lastProblem !== problem;
    if (srv.status.health !== health) srv.status.healthSince = clock.now();
    srv.status.health = health;
    srv.status.lastProblem = problem === null ? null : srv.redact(problem);
    if (changed) emitServer(srv);
  };

  // ---------------------------------------------------------------- models

  const isWatched = (key: ModelKey, name: string, aliases: readonly string[]): boolean => {
    if (unwatched.has(key)) return false;
    if (!watchNames) return true;
    return watchNames.has(name) || aliases.some((a) => watchNames.has(a));
  };

  const createModel = (srv: ServerRuntime, remote: RemoteModel): ModelRuntime => {
    const key = modelKey(srv.config.id, remote.name);
    const logbook = new Logbook({ key, cap: policy.bufferSize, clock });
    // The runtime is referenced from the connection's callbacks, so build it in two steps.
    const holder: { m: ModelRuntime | null } = { m: null };
    const conn = new ModelConnection({
      model: remote.name,
      clock,
      random,
      policy: () => policy,
      adapter: () => srv.adapter,
      logbook,
      logger,
      onEntries: (entries) => {
        holder.m?.batcher.queue(entries);
      },
      onStatus: () => {
        if (holder.m && !srv.closed && srv.models.get(remote.name) === holder.m) {
          // Status must not overtake the lines it describes.
          holder.m.batcher.flush();
          emit({ type: 'status', status: modelStatus(srv, holder.m) });
          budgetMaybeChanged(srv, holder.m);
        }
      },
      onProblem: (message) => emit({ type: 'problem', key, serverId: srv.config.id, message: srv.redact(message) }),
    });
    const vitals = new VitalsTracker(key);
    const batcher = new EntryBatcher({
      clock,
      policy: () => policy,
      observeVitals: (entries) => vitals.observe(entries),
      vitalsSummary: () => vitals.summary(),
      unreadErrors: () => logbook.unreadErrors(),
      onLines: (entries) => {
        if (!srv.closed) emit({ type: 'lines', key, entries });
      },
      onVitals: (samples, summary) => {
        if (!srv.closed) emit({ type: 'vitals', key, samples, summary });
      },
      onUnreadChanged: () => {
        if (holder.m) emit({ type: 'status', status: modelStatus(srv, holder.m) });
      },
    });
    const m: ModelRuntime = {
      key,
      name: remote.name,
      aliases: remote.aliases,
      mode: remote.mode,
      watched: isWatched(key, remote.name, remote.aliases),
      logbook,
      conn,
      vitals,
      batcher,
      overBudget: false,
      budgetRank: null,
    };
    holder.m = m;
    return m;
  };

  const reconcile = (srv: ServerRuntime, remotes: readonly RemoteModel[]): void => {
    if (srv.closed) return;
    const seen = new Set<string>();
    const reports = srv.adapter?.reportsLifecycle ?? false;
    for (const r of remotes) {
      seen.add(r.name);
      let m = srv.models.get(r.name);
      if (!m) {
        m = createModel(srv, r);
        srv.models.set(r.name, m);
      }
      m.aliases = r.aliases;
      m.mode = r.mode;
      m.watched = isWatched(m.key, r.name, r.aliases);
      if (reports && r.lifecycle !== 'unknown') m.conn.setLifecycle(r.lifecycle, r.failureReason);
      if (!m.watched && m.conn.isActive()) m.conn.stop();
    }
    for (const [name, m] of srv.models) {
      if (seen.has(name)) continue;
      m.conn.stop('model-removed');
      m.batcher.flush();
      srv.models.delete(name);
    }
    applyBudget(true);
    emitModels(srv);
  };

  // ---------------------------------------------------------------- connection budget

  let overCount = 0;
  let budgetNoted = false;
  let budgetTimer: TimerHandle | null = null;
  /** A pass is running: the status changes it causes itself do not schedule another. */
  let applying = false;

  const isNamed = (m: ModelRuntime): boolean => watchNames !== null && (watchNames.has(m.name) || m.aliases.some((a) => watchNames.has(a)));

  const candidate = (m: ModelRuntime, serverOrder: number): BudgetCandidate => ({
    holds: m.conn.isActive() && !m.overBudget,
    state: m.conn.state,
    lifecycle: m.conn.lifecycle,
    named: isNamed(m),
    serverOrder,
    name: m.name,
  });

  /**
   * Connects the watched models within the connection budget (policy.maxStreams, over all servers;
   * the order is connection-budget.ts's) and stops and marks the rest. start() is a no-op for a live
   * connection, and re-arms one that answered 404 earlier (rearm: after discovery found it again).
   */
  const applyBudget = (rearm: boolean): void => {
    if (budgetTimer !== null) clock.clearTimeout(budgetTimer);
    budgetTimer = null;
    if (!running || applying) return;
    applying = true;
    try {
      passBudget(rearm);
    } finally {
      applying = false;
    }
  };

  const passBudget = (rearm: boolean): void => {
    const all: Array<BudgetCandidate & { readonly srv: ServerRuntime; readonly m: ModelRuntime }> = [];
    let order = 0;
    for (const srv of servers.values()) {
      order++;
      if (srv.closed) continue;
      for (const m of srv.models.values()) if (m.watched) all.push({ ...candidate(m, order), srv, m });
    }
    const { granted, over } = chooseStreams(all, policy.maxStreams);
    const changed: Array<{ srv: ServerRuntime; m: ModelRuntime }> = [];
    // Stop first, so a freed slot is free before the next model connects.
    for (const c of over) {
      if (c.m.conn.isActive()) c.m.conn.stop();
      if (!c.m.overBudget) changed.push(c);
      c.m.overBudget = true;
    }
    for (const c of granted) {
      const was = c.m.overBudget;
      c.m.overBudget = false;
      if (was) changed.push(c);
      if (rearm || was || !c.m.conn.isActive()) c.m.conn.start();
    }
    for (const c of all) c.m.budgetRank = budgetRank(candidate(c.m, 0));
    for (const { srv, m } of changed) if (srv.models.get(m.name) === m) emit({ type: 'status', status: modelStatus(srv, m) });
    const before = overCount;
    overCount = over.length;
    if (overCount === 0) {
      budgetNoted = false;
    } else if (!budgetNoted || overCount !== before) {
      // One note for all of them (not one per model); again only when the number changes.
      budgetNoted = true;
      emit({ type: 'problem', key: null, serverId: null, message: overBudgetNote(overCount, policy.maxStreams) });
    }
  };

  /**
   * A model's state changed while others wait for a slot: if that moves it in the line (a
   * stream ended, the model stopped), run the budget again soon. Coalesced: one pass for a burst.
   */
  const budgetMaybeChanged = (srv: ServerRuntime, m: ModelRuntime): void => {
    if (overCount === 0 || !running || applying || budgetTimer !== null || !m.watched) return;
    const rank = budgetRank(candidate(m, 0));
    if (rank === m.budgetRank) return;
    m.budgetRank = rank;
    if (srv.closed) return;
    scheduleBudget();
  };

  const scheduleBudget = (): void => {
    if (budgetTimer !== null || !running) return;
    budgetTimer = clock.setTimeout(() => {
      budgetTimer = null;
      applyBudget(false);
    }, 0);
  };

  const discover = async (srv: ServerRuntime): Promise<void> => {
    const adapter = srv.adapter;
    if (!adapter || srv.closed) return;
    const list = await adapter.listModels();
    if (srv.closed || srv.adapter !== adapter) return;
    if (!list.ok) {
      logger.debug(`${srv.config.id}: ${list.message}`);
      emit({ type: 'problem', key: null, serverId: srv.config.id, message: srv.redact(list.message) });
      return;
    }
    reconcile(srv, list.models);
  };

  // ---------------------------------------------------------------- server lifecycle

  const attachAdapter = (srv: ServerRuntime, adapter: ServerAdapter): void => {
    srv.unsubscribeModels?.();
    srv.adapter?.close();
    srv.adapter = adapter;
    srv.status.generation = adapter.generation;
    srv.status.version = adapter.version;
    srv.unsubscribeModels = adapter.onModels ? adapter.onModels((models) => reconcile(srv, models)) : null;
  };

  /** Probe the generation (first time, or after the server came back) and (re)connect every model. */
  const probe = (srv: ServerRuntime): Promise<void> => {
    if (srv.probing) return srv.probing;
    const needed = srv.config.credentialsNeeded;
    if (needed !== undefined) {
      // No request at all: without its credentials the proxy would only answer 401 (or worse, log them).
      setHealth(srv, 'unreachable', needed);
      return Promise.resolve();
    }
    srv.probing = (async () => {
      const result = await connectServer({
        url: srv.config.url,
        fetch: fetchImpl,
        ...(opts.controlFetch ? { controlFetch: opts.controlFetch } : {}),
        clock,
        memory: srv.memory,
        ...(srv.config.headers ? { headers: srv.config.headers } : {}),
      });
      if (srv.closed) {
        if (result.ok) result.adapter.close();
        return;
      }
      if (!result.ok) {
        setHealth(srv, 'unreachable', result.message);
        for (const m of srv.models.values()) m.conn.serverDown(result.message);
        return;
      }
      attachAdapter(srv, result.adapter);
      setHealth(srv, 'healthy', null);
      emitServer(srv);
      await discover(srv);
      // After an outage the streams were aborted: reconnect them now (new ones are already opening).
      for (const m of srv.models.values()) if (m.watched) m.conn.nudge();
      void refreshStats(srv);
    })().finally(() => {
      srv.probing = null;
    });
    return srv.probing;
  };

  const healthTick = async (srv: ServerRuntime): Promise<void> => {
    if (srv.closed) return;
    const adapter = srv.adapter;
    if (!adapter || srv.status.health !== 'healthy') {
      await probe(srv);
      return;
    }
    const h = await adapter.health();
    if (srv.closed || srv.adapter !== adapter) return;
    if (!h.ok) {
      setHealth(srv, 'unreachable', h.message);
      for (const m of srv.models.values()) m.conn.serverDown(`server unreachable: ${h.message}`);
      return;
    }
    // v1-oct / v2 report lifecycles only when asked: poll them with the health probe.
    if (adapter.reportsLifecycle && !adapter.onModels) await discover(srv);
    // The log statistics double as the stall check of every connected stream (checkStalls).
    if (adapter.supports.logStats) await refreshStats(srv);
  };

  const scheduleHealth = (srv: ServerRuntime): void => {
    if (srv.healthTimer !== null) clock.clearTimeout(srv.healthTimer);
    srv.healthTimer = clock.setTimeout(() => {
      srv.healthTimer = null;
      void healthTick(srv).finally(() => {
        if (!srv.closed && running) scheduleHealth(srv);
      });
    }, policy.healthIntervalMs);
  };

  const scheduleDiscovery = (srv: ServerRuntime): void => {
    if (srv.discoveryTimer !== null) clock.clearTimeout(srv.discoveryTimer);
    srv.discoveryTimer = clock.setTimeout(() => {
      srv.discoveryTimer = null;
      const work = srv.status.health === 'healthy' ? discover(srv) : Promise.resolve();
      void work.finally(() => {
        if (!srv.closed && running) scheduleDiscovery(srv);
      });
    }, policy.discoveryIntervalMs);
  };

  const refreshStats = async (srv: ServerRuntime): Promise<void> => {
    const adapter = srv.adapter;
    if (!adapter || !adapter.supports.logStats) return;
    const stats = await adapter.logStats();
    if (srv.closed || srv.adapter !== adapter) return;
    srv.status.logStats = stats;
    emitServer(srv);
    checkStalls(srv, stats);
  };

  /**
   * The API has no heartbeat, and an idle model is silent, so a stream that stopped delivering (a
   * half-open connection after sleep, a proxy that stopped forwarding) looks like an idle one. The
   * server's own log statistics tell them apart: for a model connected since the previous sample,
   * the server holding new entries that never arrived, or no subscriber left at all, means the
   * stream is stalled. It is then reconnected (the replay brings what was missed) and the user told.
   */
  const checkStalls = (srv: ServerRuntime, stats: ServerLogStats | null): void => {
    if (!stats) return;
    const prev = srv.stallSample;
    const now = clock.now();
    const perModel = new Map<string, { entries: number; lines: number }>();
    for (const m of srv.models.values()) {
      const s = stats.perModel[m.name];
      if (!s) continue;
      const lines = m.logbook.stats().lines.total;
      perModel.set(m.name, { entries: s.entries, lines });
      const p = prev?.perModel.get(m.name);
      if (!prev || !p || !m.watched || m.conn.state !== 'connected') continue;
      const since = m.conn.stats().connectedSince;
      if (since === null || since > prev.at) continue;
      const missed = s.entries > p.entries && lines === p.lines;
      if (!missed && s.subscribers > 0) continue;
      const why = missed ? `the server holds ${s.entries - p.entries} new lines that did not arrive` : 'the server lists no subscriber for it';
      const message = `stream stalled (${why}); reconnecting`;
      logger.debug(`${m.key}: ${message}`);
      emit({ type: 'problem', key: m.key, serverId: srv.config.id, message });
      m.conn.reconnect();
      perModel.delete(m.name);
    }
    srv.stallSample = { at: now, perModel };
  };

  /** User info in the URL becomes an Authorization header: status, logs and errors show the bare URL. */
  const normalise = (config: ServerConfig): ServerConfig => {
    const moved = credentialsFromUrl(config.url, config.headers);
    return moved.url === config.url ? config : { ...config, url: moved.url, headers: moved.headers };
  };

  const addServer = (given: ServerConfig): ServerRuntime => {
    const config = normalise(given);
    const srv: ServerRuntime = {
      config,
      redact: createRedactor(Object.values(config.headers ?? {})),
      status: {
        id: config.id,
        name: config.name,
        url: config.url,
        generation: null,
        version: null,
        health: 'unknown',
        healthSince: clock.now(),
        lastProblem: null,
        logStats: null,
      },
      adapter: null,
      memory: createAdapterMemory(),
      models: new Map(),
      healthTimer: null,
      discoveryTimer: null,
      unsubscribeModels: null,
      probing: null,
      closed: false,
      lastModelsSignature: '',
      stallSample: null,
    };
    servers.set(config.id, srv);
    return srv;
  };

  const startServer = async (srv: ServerRuntime): Promise<void> => {
    emitServer(srv);
    scheduleHealth(srv);
    scheduleDiscovery(srv);
    await probe(srv);
  };

  const removeServer = (srv: ServerRuntime): void => {
    for (const m of srv.models.values()) {
      m.conn.stop();
      m.batcher.dispose();
    }
    srv.closed = true;
    if (srv.healthTimer !== null) clock.clearTimeout(srv.healthTimer);
    if (srv.discoveryTimer !== null) clock.clearTimeout(srv.discoveryTimer);
    srv.healthTimer = null;
    srv.discoveryTimer = null;
    srv.unsubscribeModels?.();
    srv.adapter?.close();
    servers.delete(srv.config.id);
  };

  for (const s of opts.servers) addServer(s);

  // ---------------------------------------------------------------- lookups

  const find = (key: ModelKey): { srv: ServerRuntime; m: ModelRuntime } | null => {
    for (const srv of servers.values()) {
      for (const m of srv.models.values()) if (m.key === key) return { srv, m };
    }
    return null;
  };

  const notFound = (key: ModelKey): ControlResult => ({ ok: false, message: `unknown model ${key}` });

  const afterControl = (srv: ServerRuntime, m?: ModelRuntime): void => {
    void discover(srv).then(() => m?.conn.nudge());
  };

  // ---------------------------------------------------------------- the Monitor

  return {
    async start() {
      if (running) return;
      running = true;
      await Promise.all([...servers.values()].map((s) => startServer(s)));
    },

    async stop() {
      running = false;
      if (budgetTimer !== null) clock.clearTimeout(budgetTimer);
      budgetTimer = null;
      for (const srv of [...servers.values()]) removeServer(srv);
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    snapshot(): MonitorSnapshot {
      const list = [...servers.values()];
      return {
        servers: list.map((s) => ({ ...s.status })),
        models: list.flatMap((s) => [...s.models.values()].map((m) => modelStatus(s, m))),
      };
    },

    entries(key, afterSeq) {
      const f = find(key);
      if (!f) return [];
      // Entries still waiting in the batch are already in the logbook: a late reader sees them now.
      return f.m.logbook.entries(afterSeq);
    },

    stats(key): ModelStats | null {
      return find(key)?.m.conn.stats() ?? null;
    },

    vitals(key, sinceTs): VitalsSeries | null {
      return find(key)?.m.vitals.series(sinceTs) ?? null;
    },

    reconnectAll() {
      for (const srv of servers.values()) {
        if (srv.status.health !== 'healthy' || !srv.adapter) void probe(srv);
        else for (const m of srv.models.values()) if (m.watched) m.conn.reconnect();
      }
    },

    setWatched(key, watched) {
      if (watched) unwatched.delete(key);
      else unwatched.add(key);
      const f = find(key);
      if (!f) return;
      f.m.watched = watched && isWatched(key, f.m.name, f.m.aliases);
      if (!f.m.watched) {
        f.m.conn.stop();
        f.m.overBudget = false;
      }
      // An unwatched model frees its slot for the next one in line; a watched one joins the line.
      // While models wait, a burst of unwatching (stats handing slots on) is one pass, not one each.
      if (!watched && overCount > 0) scheduleBudget();
      else applyBudget(false);
      emitModels(f.srv, true);
    },

    acknowledge(key) {
      const f = find(key);
      if (!f) return;
      f.m.logbook.acknowledge();
      f.m.batcher.acknowledged();
      emit({ type: 'status', status: modelStatus(f.srv, f.m) });
    },

    clearLocal(key) {
      const f = find(key);
      if (!f) return;
      f.m.batcher.flush();
      f.m.logbook.clearLocal();
      emit({ type: 'cleared', key, scope: 'local' });
      f.m.conn.logCleared();
    },

    async clearOnServer(key, keepMinutes) {
      const f = find(key);
      if (!f) return notFound(key);
      if (!f.srv.adapter) return { ok: false, message: 'server not connected' };
      const r = await f.srv.adapter.clear(f.m.name, keepMinutes);
      if (r.ok) {
        f.m.batcher.flush();
        f.m.logbook.serverCleared(keepMinutes);
        emit({ type: 'cleared', key, scope: 'server' });
        f.m.conn.logCleared();
        void refreshStats(f.srv);
      }
      return r;
    },

    async startModel(key) {
      const f = find(key);
      if (!f) return notFound(key);
      if (!f.srv.adapter) return { ok: false, message: 'server not connected' };
      const adapter = f.srv.adapter;
      const r = await adapter.start(f.m.name);
      // A server without lifecycles (v1-seed) would never tell a model over the budget is running
      // now (it is not streamed, so no stream answers): our own start's success says so.
      if (r.ok && f.m.overBudget && !adapter.reportsLifecycle && f.srv.adapter === adapter) {
        f.m.conn.setLifecycle('starting', null);
        applyBudget(false);
      }
      afterControl(f.srv, f.m);
      return r;
    },

    async stopModel(key) {
      const f = find(key);
      if (!f) return notFound(key);
      if (!f.srv.adapter) return { ok: false, message: 'server not connected' };
      const r = await f.srv.adapter.stop(f.m.name);
      afterControl(f.srv);
      return r;
    },

    async stopAll(serverId) {
      const srv = servers.get(serverId);
      if (!srv) return { ok: false, message: `unknown server ${serverId}` };
      if (!srv.adapter) return { ok: false, message: 'server not connected' };
      const runningModels = [...srv.models.values()]
        .filter((m) => isRunningLifecycle(m.conn.lifecycle) || m.conn.state === 'connected')
        .map((m) => m.name);
      const r = await srv.adapter.stopAll(runningModels);
      afterControl(srv);
      return r;
    },

    async refreshServerStats(serverId) {
      const srv = servers.get(serverId);
      if (srv) await refreshStats(srv);
    },

    async updateServers(next) {
      const nextIds = new Set(next.map((s) => s.id));
      let removed = false;
      for (const srv of [...servers.values()]) {
        if (nextIds.has(srv.config.id)) continue;
        removeServer(srv);
        removed = true;
      }
      // A removed server's streams are free for the models of the others.
      if (removed) applyBudget(false);
      const starting: Promise<void>[] = [];
      for (const given of next) {
        const config = normalise(given);
        const srv = servers.get(config.id);
        const same =
          srv &&
          srv.config.url === config.url &&
          srv.config.credentialsNeeded === config.credentialsNeeded &&
          JSON.stringify(srv.config.headers ?? {}) === JSON.stringify(config.headers ?? {});
        if (srv && same) {
          if (srv.config.name !== config.name) {
            srv.config = config;
            srv.status.name = config.name;
            emitServer(srv);
          }
          continue;
        }
        if (srv) removeServer(srv);
        const added = addServer(config);
        if (running) starting.push(startServer(added));
      }
      await Promise.all(starting);
    },

    updatePolicy(patch) {
      const before = policy;
      policy = { ...policy, ...patch };
      for (const srv of servers.values()) {
        if (policy.bufferSize !== before.bufferSize) for (const m of srv.models.values()) m.logbook.setCap(policy.bufferSize);
        if (!running || srv.closed) continue;
        if (policy.healthIntervalMs !== before.healthIntervalMs) scheduleHealth(srv);
        if (policy.discoveryIntervalMs !== before.discoveryIntervalMs) scheduleDiscovery(srv);
      }
      if (policy.maxStreams !== before.maxStreams) applyBudget(false);
    },
  };
}
