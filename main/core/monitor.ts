// Servers × models → connections, and the one event stream every front end consumes. This file
// only composes the parts in monitor/: each server's life (server-runtime.ts: probe, health,
// discovery, stall check), its models (model-registry.ts, model-runtime.ts), the connection budget
// over all servers (stream-budget.ts) and the watch rules (watch-rules.ts); line entries are
// coalesced per model (entry-batcher.ts) and each status is a pure projection (status-projection.ts).
import {
  DEFAULT_POLICY,
  silentLogger,
  systemClock,
  type ConnectionPolicy,
  type FetchLike,
  type Monitor,
  type MonitorOptions,
  type ServerConfig,
} from './ports.js';
import type { ControlResult, ModelKey, ModelStats, MonitorEvent, MonitorSnapshot, VitalsSeries } from './types.js';
import { isRunningLifecycle } from './servers/adapter.js';
import type { MonitorContext } from './monitor/context.js';
import type { ModelRuntime } from './monitor/model-runtime.js';
import { normaliseServerConfig, sameConnection, ServerRuntime } from './monitor/server-runtime.js';
import { StreamBudget } from './monitor/stream-budget.js';
import { WatchRules } from './monitor/watch-rules.js';
import { createHttpTransport, type HttpTransport } from './stream/transport.js';
import { withByteSource } from './stream/byte-source.js';

export function createMonitor(opts: MonitorOptions): Monitor {
  let policy: ConnectionPolicy = { ...DEFAULT_POLICY, ...(opts.policy ?? {}) };
  let running = false;
  const logger = opts.logger ?? silentLogger;
  const listeners = new Set<(e: MonitorEvent) => void>();
  const servers = new Map<string, ServerRuntime>();
  const watch = new WatchRules(opts.watch, opts.unwatched);

  const emit = (event: MonitorEvent): void => {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch (err) {
        logger.warn(`a monitor listener threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    }
  };

  // Without a fetch of its own the monitor owns a transport without the 300 s body timeout of Node's
  // fetch (transport.ts), made on first use while running and closed on stop: a request that comes
  // after stop is refused rather than opening a transport nobody closes.
  let transport: HttpTransport | null = null;
  const liveTransport = (): HttpTransport | null => (running ? (transport ??= createHttpTransport()) : null);
  const stopped = (): Error => new Error('the monitor is stopped');
  const ownFetch: FetchLike = withByteSource(
    (...args) => liveTransport()?.fetch(...args) ?? Promise.reject(stopped()),
    (req, sink) => {
      const t = liveTransport();
      if (t) return t.byteSource(req, sink);
      queueMicrotask(() => sink.onEnd(stopped()));
      return { close: () => {} };
    },
  );

  const ctx: MonitorContext = {
    clock: opts.clock ?? systemClock,
    random: opts.random ?? Math.random,
    fetch: opts.fetch ?? ownFetch,
    controlFetch: opts.controlFetch,
    logger,
    vitals: opts.vitals ?? true,
    vitalsSamples: opts.vitalsSamples ?? true,
    policy: () => policy,
    running: () => running,
    emit,
  };

  const budget = new StreamBudget(ctx, {
    servers: () => servers.values(),
    isNamed: (m) => watch.isNamed(m.name, m.aliases),
  });
  const budgetHooks = { reconciled: () => budget.apply(true), statusChanged: (m: ModelRuntime) => budget.maybeChanged(m) };

  const addServer = (config: ServerConfig): ServerRuntime => {
    const srv = new ServerRuntime(config, ctx, { watch, budget: budgetHooks });
    servers.set(srv.id, srv);
    return srv;
  };

  const removeServer = (srv: ServerRuntime): void => {
    srv.close();
    servers.delete(srv.id);
  };

  for (const s of opts.servers) addServer(normaliseServerConfig(s));

  const find = (key: ModelKey): { srv: ServerRuntime; m: ModelRuntime } | null => {
    for (const srv of servers.values()) {
      const m = srv.models.find(key);
      if (m) return { srv, m };
    }
    return null;
  };

  const notFound = (key: ModelKey): ControlResult => ({ ok: false, message: `unknown model ${key}` });

  /** After start/stop: the list (and lifecycles) change on the server now, not at the next discovery. */
  const afterControl = (srv: ServerRuntime, m?: ModelRuntime): void => {
    void srv.discover().then(() => m?.conn.nudge());
  };

  return {
    async start() {
      if (running) return;
      running = true;
      await Promise.all([...servers.values()].map((s) => s.start()));
    },

    async stop() {
      running = false;
      budget.cancel();
      for (const srv of [...servers.values()]) removeServer(srv);
      const closing = transport;
      transport = null;
      await closing?.close();
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    snapshot(): MonitorSnapshot {
      const list = [...servers.values()];
      return {
        servers: list.map((s) => s.status),
        models: list.flatMap((s) => s.models.statuses()),
      };
    },

    entries(key, afterSeq, page) {
      // Entries still waiting in the batch are already in the logbook: a late reader sees them now.
      return find(key)?.m.logbook.entries(afterSeq, page) ?? [];
    },

    stats(key): ModelStats | null {
      return find(key)?.m.conn.stats() ?? null;
    },

    vitals(key, sinceTs): VitalsSeries | null {
      return find(key)?.m.vitals.series(sinceTs) ?? null;
    },

    reconnectAll() {
      for (const srv of servers.values()) srv.reconnect();
    },

    setWatched(key, watched) {
      watch.setWatched(key, watched);
      const f = find(key);
      if (!f) return;
      f.m.watched = watched && watch.isWatched(key, f.m.name, f.m.aliases);
      if (!f.m.watched) {
        f.m.conn.stop();
        f.m.overBudget = false;
      }
      // An unwatched model frees its slot for the next one in line; a watched one joins the line.
      // While models wait, a burst of unwatching (stats handing slots on) is one pass, not one each.
      if (!watched && budget.waiting > 0) budget.schedule();
      else budget.apply(false);
      f.srv.models.emitModels(true);
    },

    acknowledge(key) {
      const f = find(key);
      if (!f) return;
      f.m.logbook.acknowledge();
      f.m.batcher.acknowledged();
      f.srv.models.emitStatus(f.m);
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
        void f.srv.refreshStats();
      }
      return r;
    },

    async startModel(key) {
      const f = find(key);
      if (!f) return notFound(key);
      const adapter = f.srv.adapter;
      if (!adapter) return { ok: false, message: 'server not connected' };
      const r = await adapter.start(f.m.name);
      // A server without lifecycles (v1-seed) would never tell a model over the budget is running
      // now (it is not streamed, so no stream answers): our own start's success says so.
      if (r.ok && f.m.overBudget && !adapter.reportsLifecycle && f.srv.adapter === adapter) {
        f.m.conn.setLifecycle('starting', null);
        budget.apply(false);
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
      const runningModels = [...srv.models]
        .filter((m) => isRunningLifecycle(m.conn.lifecycle) || m.conn.state === 'connected')
        .map((m) => m.name);
      const r = await srv.adapter.stopAll(runningModels);
      afterControl(srv);
      return r;
    },

    async refreshServerStats(serverId) {
      await servers.get(serverId)?.refreshStats();
    },

    async updateServers(next) {
      const nextIds = new Set(next.map((s) => s.id));
      let removed = false;
      for (const srv of [...servers.values()]) {
        if (nextIds.has(srv.id)) continue;
        removeServer(srv);
        removed = true;
      }
      // A removed server's streams are free for the models of the others.
      if (removed) budget.apply(false);
      const starting: Promise<void>[] = [];
      for (const given of next) {
        const config = normaliseServerConfig(given);
        const srv = servers.get(config.id);
        if (srv && sameConnection(srv.config, config)) {
          srv.rename(config);
          continue;
        }
        if (srv) removeServer(srv);
        const added = addServer(config);
        if (running) starting.push(added.start());
      }
      await Promise.all(starting);
    },

    updatePolicy(patch) {
      const before = policy;
      policy = { ...policy, ...patch };
      for (const srv of servers.values()) {
        if (policy.bufferSize !== before.bufferSize) srv.models.setBufferSize(policy.bufferSize);
        if (!running || srv.closed) continue;
        if (policy.healthIntervalMs !== before.healthIntervalMs) srv.scheduleHealth();
        if (policy.discoveryIntervalMs !== before.discoveryIntervalMs) srv.scheduleDiscovery();
      }
      if (policy.maxStreams !== before.maxStreams) budget.apply(false);
    },
  };
}
