// One configured server over its life: probe its API generation, discover its models (timer; v3
// pushes), probe its health (timer; the API has no heartbeat), keep its log statistics (which
// double as the stall check of its streams), and close everything when it is removed.
import type { ServerConfig, TimerHandle } from '../ports.js';
import type { ServerLogStats, ServerStatus } from '../types.js';
import type { Mutable } from '../guards.js';
import { createRedactor, credentialsFromUrl } from '../credentials.js';
import { connectServer, createAdapterMemory, type AdapterMemory, type ConnectResult } from '../servers/create-adapter.js';
import type { ServerAdapter } from '../servers/adapter.js';
import type { MonitorContext } from './context.js';
import { ModelRegistry, type BudgetHooks } from './model-registry.js';
import { checkStalls, type StallSample } from './stall-check.js';
import type { WatchRules } from './watch-rules.js';

/** User info in the URL becomes an Authorization header: status, logs and errors show the bare URL. */
export function normaliseServerConfig(config: ServerConfig): ServerConfig {
  const moved = credentialsFromUrl(config.url, config.headers);
  return moved.url === config.url ? config : { ...config, url: moved.url, headers: moved.headers };
}

/** A change of URL, credentials or headers needs a new runtime; a new name does not. */
export function sameConnection(a: ServerConfig, b: ServerConfig): boolean {
  return (
    a.url === b.url &&
    a.credentialsNeeded === b.credentialsNeeded &&
    JSON.stringify(a.headers ?? {}) === JSON.stringify(b.headers ?? {})
  );
}

export function sameLogStats(a: ServerLogStats | null, b: ServerLogStats | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.totalEntries !== b.totalEntries || a.totalSubscribers !== b.totalSubscribers) return false;
  const names = Object.keys(a.perModel);
  if (names.length !== Object.keys(b.perModel).length) return false;
  for (const name of names) {
    const x = a.perModel[name];
    const y = b.perModel[name];
    if (!x || !y || x.entries !== y.entries || x.subscribers !== y.subscribers) return false;
  }
  return true;
}

/** Probes a server and builds the adapter for its generation (connectServer; tests pass a fake). */
export type Connector = (config: ServerConfig, memory: AdapterMemory) => Promise<ConnectResult>;

export interface ServerDeps {
  readonly watch: WatchRules;
  readonly budget: BudgetHooks;
  readonly connect?: Connector;
}

export class ServerRuntime {
  /** Scrubs this server's secret header values from problem text (a proxy may echo them). */
  readonly redact: (text: string) => string;
  readonly models: ModelRegistry;
  private configNow: ServerConfig;
  private readonly state: Mutable<ServerStatus>;
  private current: ServerAdapter | null = null;
  /** Survives re-probes: what the adapters delivered (see AdapterMemory). */
  private readonly memory: AdapterMemory = createAdapterMemory();
  private healthTimer: TimerHandle | null = null;
  private discoveryTimer: TimerHandle | null = null;
  private unsubscribeModels: (() => void) | null = null;
  private probing: Promise<void> | null = null;
  private isClosed = false;
  /** The previous /api/logs/stats sample, for noticing a stalled stream (see stall-check.ts). */
  private stallSample: StallSample | null = null;

  private readonly connect: Connector;

  /** `config` as normaliseServerConfig returns it. */
  constructor(
    config: ServerConfig,
    private readonly ctx: MonitorContext,
    deps: ServerDeps,
  ) {
    this.configNow = config;
    this.connect =
      deps.connect ??
      ((c, memory) =>
        connectServer({
          url: c.url,
          fetch: ctx.fetch,
          ...(ctx.controlFetch ? { controlFetch: ctx.controlFetch } : {}),
          clock: ctx.clock,
          memory,
          ...(c.headers ? { headers: c.headers } : {}),
        }));
    this.redact = createRedactor(Object.values(config.headers ?? {}));
    this.state = {
      id: config.id,
      name: config.name,
      url: config.url,
      generation: null,
      version: null,
      health: 'unknown',
      healthSince: ctx.clock.now(),
      lastProblem: null,
      logStats: null,
    };
    this.models = new ModelRegistry(
      ctx,
      { serverId: config.id, adapter: () => this.current, closed: () => this.isClosed, redact: (t) => this.redact(t) },
      deps.watch,
      deps.budget,
    );
  }

  get id(): string {
    return this.configNow.id;
  }

  get config(): ServerConfig {
    return this.configNow;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** The adapter of the generation last probed (null before the first probe succeeds). */
  get adapter(): ServerAdapter | null {
    return this.current;
  }

  get status(): ServerStatus {
    return { ...this.state };
  }

  /** The same connection under a new name. */
  rename(config: ServerConfig): void {
    if (this.configNow.name === config.name) return;
    this.configNow = config;
    this.state.name = config.name;
    this.emitServer();
  }

  async start(): Promise<void> {
    this.emitServer();
    this.scheduleHealth();
    this.scheduleDiscovery();
    await this.probe();
  }

  /** The user asked to reconnect: probe again when the server is away, else restart every watched stream. */
  reconnect(): void {
    if (this.state.health !== 'healthy' || !this.current) void this.probe();
    else this.models.reconnectWatched();
  }

  close(): void {
    this.models.dispose();
    this.isClosed = true;
    if (this.healthTimer !== null) this.ctx.clock.clearTimeout(this.healthTimer);
    if (this.discoveryTimer !== null) this.ctx.clock.clearTimeout(this.discoveryTimer);
    this.healthTimer = null;
    this.discoveryTimer = null;
    this.unsubscribeModels?.();
    this.current?.close();
  }

  /** Asks the server for its model list (lifecycles included where the API has them). */
  async discover(): Promise<void> {
    const adapter = this.current;
    if (!adapter || this.isClosed) return;
    const list = await adapter.listModels();
    if (this.isClosed || this.current !== adapter) return;
    if (!list.ok) {
      this.ctx.logger.debug(`${this.id}: ${list.message}`);
      this.ctx.emit({ type: 'problem', key: null, serverId: this.id, message: this.redact(list.message) });
      return;
    }
    this.models.reconcile(list.models);
  }

  /** Probe the generation (first time, or after the server came back) and (re)connect every model. */
  probe(): Promise<void> {
    if (this.probing) return this.probing;
    const needed = this.configNow.credentialsNeeded;
    if (needed !== undefined) {
      // No request at all: without its credentials the proxy would only answer 401 (or worse, log them).
      this.setHealth('unreachable', needed);
      return Promise.resolve();
    }
    this.probing = (async () => {
      const result = await this.connect(this.configNow, this.memory);
      if (this.isClosed) {
        if (result.ok) result.adapter.close();
        return;
      }
      if (!result.ok) {
        this.setHealth('unreachable', result.message);
        this.models.serverDown(result.message);
        return;
      }
      this.attach(result.adapter);
      this.setHealth('healthy', null);
      this.emitServer();
      await this.discover();
      this.models.nudgeWatched();
      void this.refreshStats();
    })().finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  async refreshStats(): Promise<void> {
    const adapter = this.current;
    if (!adapter || !adapter.supports.logStats) return;
    const stats = await adapter.logStats();
    if (this.isClosed || this.current !== adapter) return;
    const changed = !sameLogStats(this.state.logStats, stats);
    this.state.logStats = stats;
    // Unchanged statistics (every idle server, every tick) are not news: no event, so no batch to the
    // window and no tray update wakes the app.
    if (changed) this.emitServer();
    this.checkStalls(stats);
  }

  scheduleHealth(): void {
    const { clock } = this.ctx;
    if (this.healthTimer !== null) clock.clearTimeout(this.healthTimer);
    this.healthTimer = clock.setTimeout(() => {
      this.healthTimer = null;
      void this.healthTick().finally(() => {
        if (!this.isClosed && this.ctx.running()) this.scheduleHealth();
      });
    }, this.ctx.policy().healthIntervalMs);
  }

  scheduleDiscovery(): void {
    const { clock } = this.ctx;
    if (this.discoveryTimer !== null) clock.clearTimeout(this.discoveryTimer);
    this.discoveryTimer = clock.setTimeout(() => {
      this.discoveryTimer = null;
      const work = this.state.health === 'healthy' ? this.discover() : Promise.resolve();
      void work.finally(() => {
        if (!this.isClosed && this.ctx.running()) this.scheduleDiscovery();
      });
    }, this.ctx.policy().discoveryIntervalMs);
  }

  private emitServer(): void {
    if (!this.isClosed) this.ctx.emit({ type: 'server', server: this.status });
  }

  private setHealth(health: ServerStatus['health'], problem: string | null): void {
    const s = this.state;
    const changed = s.health !== health || s.lastProblem !== problem;
    if (s.health !== health) s.healthSince = this.ctx.clock.now();
    s.health = health;
    s.lastProblem = problem === null ? null : this.redact(problem);
    if (changed) this.emitServer();
  }

  private attach(adapter: ServerAdapter): void {
    this.unsubscribeModels?.();
    this.current?.close();
    this.current = adapter;
    this.state.generation = adapter.generation;
    this.state.version = adapter.version;
    this.unsubscribeModels = adapter.onModels ? adapter.onModels((models) => this.models.reconcile(models)) : null;
  }

  private async healthTick(): Promise<void> {
    if (this.isClosed) return;
    const adapter = this.current;
    if (!adapter || this.state.health !== 'healthy') {
      await this.probe();
      return;
    }
    const h = await adapter.health();
    if (this.isClosed || this.current !== adapter) return;
    if (!h.ok) {
      this.setHealth('unreachable', h.message);
      this.models.serverDown(`server unreachable: ${h.message}`);
      return;
    }
    // v1-oct / v2 report lifecycles only when asked: poll them with the health probe.
    if (adapter.reportsLifecycle && !adapter.onModels) await this.discover();
    // The log statistics double as the stall check of every connected stream.
    if (adapter.supports.logStats) await this.refreshStats();
  }

  private checkStalls(stats: ServerLogStats | null): void {
    if (!stats) return;
    const watched = [...this.models]
      .filter((m) => stats.perModel[m.name] !== undefined)
      .map((m) => ({
      m,
      name: m.name,
      watched: m.watched,
      state: m.conn.state,
      connectedSince: m.conn.counters().connectedSince,
      lines: m.logbook.stats().lines.total,
    }));
    const verdict = checkStalls(this.stallSample, stats, watched, this.ctx.clock.now());
    this.stallSample = verdict.sample;
    for (const { name, message } of verdict.stalled) {
      const m = watched.find((w) => w.name === name)?.m;
      if (!m) continue;
      this.ctx.logger.debug(`${m.key}: ${message}`);
      this.ctx.emit({ type: 'problem', key: m.key, serverId: this.id, message });
      m.conn.reconnect();
    }
  }
}
