// One server's models: created when discovery first lists them, updated (aliases, mode, watched,
// lifecycle) on every list, stopped and dropped when the server stops listing them. Announces the
// list as a `models` event only when something the list shows changed.
import { modelKey, type ModelKey, type ModelStatus } from '../types.js';
import type { RemoteModel, ServerAdapter } from '../servers/adapter.js';
import type { MonitorContext } from './context.js';
import { createModelRuntime, modelStatus, type ModelOwner, type ModelRuntime } from './model-runtime.js';
import type { WatchRules } from './watch-rules.js';

/** What the registry needs from its server. */
export type RegistryServer = Pick<ModelOwner, 'serverId' | 'adapter' | 'closed' | 'redact'>;

/** How the connection budget hears about the models (stream-budget.ts). */
export interface BudgetHooks {
  /** The list changed: connect what the budget allows (and re-arm models found again). */
  reconciled(): void;
  /** A model's status event went out: its place in the budget's line may have moved. */
  statusChanged(m: ModelRuntime): void;
}

export class ModelRegistry implements Iterable<ModelRuntime> {
  private readonly byName = new Map<string, ModelRuntime>();
  private lastSignature = '';
  private readonly owner: ModelOwner;

  constructor(
    private readonly ctx: MonitorContext,
    private readonly server: RegistryServer,
    private readonly watch: WatchRules,
    private readonly budget: BudgetHooks,
  ) {
    this.owner = {
      serverId: server.serverId,
      adapter: (): ServerAdapter | null => server.adapter(),
      closed: () => server.closed(),
      redact: (text) => server.redact(text),
      holds: (m) => this.holds(m),
      statusChanged: (m) => this.budget.statusChanged(m),
    };
  }

  [Symbol.iterator](): Iterator<ModelRuntime> {
    return this.byName.values();
  }

  get size(): number {
    return this.byName.size;
  }

  find(key: ModelKey): ModelRuntime | undefined {
    for (const m of this.byName.values()) if (m.key === key) return m;
    return undefined;
  }

  /** It is still this server's model of that name (not removed, not replaced). */
  holds(m: ModelRuntime): boolean {
    return this.byName.get(m.name) === m;
  }

  status(m: ModelRuntime): ModelStatus {
    return modelStatus(m, this.ctx.policy().maxStreams);
  }

  statuses(): ModelStatus[] {
    return [...this.byName.values()].map((m) => this.status(m));
  }

  emitStatus(m: ModelRuntime): void {
    this.ctx.emit({ type: 'status', status: this.status(m) });
  }

  /** The server's list of models now (discovery, or a v3 push). */
  reconcile(remotes: readonly RemoteModel[]): void {
    if (this.server.closed()) return;
    const seen = new Set<string>();
    const reports = this.server.adapter()?.reportsLifecycle ?? false;
    for (const r of remotes) {
      seen.add(r.name);
      let m = this.byName.get(r.name);
      if (!m) {
        const key = modelKey(this.server.serverId, r.name);
        m = createModelRuntime(this.ctx, this.owner, r, this.watch.isWatched(key, r.name, r.aliases));
        this.byName.set(r.name, m);
      }
      m.aliases = r.aliases;
      m.mode = r.mode;
      m.watched = this.watch.isWatched(m.key, r.name, r.aliases);
      if (reports && r.lifecycle !== 'unknown') m.conn.setLifecycle(r.lifecycle, r.failureReason);
      if (!m.watched && m.conn.isActive()) m.conn.stop();
    }
    for (const [name, m] of this.byName) {
      if (seen.has(name)) continue;
      m.conn.stop('model-removed');
      m.batcher.flush();
      this.byName.delete(name);
    }
    this.budget.reconciled();
    this.emitModels();
  }

  /** A `models` event, when names, aliases, modes or watched flags changed (or when forced). */
  emitModels(force = false): void {
    if (this.server.closed()) return;
    const list = this.statuses();
    const sig = JSON.stringify(list.map((m) => [m.key, m.aliases, m.mode, m.watched]));
    if (!force && sig === this.lastSignature) return;
    this.lastSignature = sig;
    this.ctx.emit({ type: 'models', serverId: this.server.serverId, models: list });
  }

  /** The server went away: every connection waits for it (no retry storm). */
  serverDown(problem: string): void {
    for (const m of this.byName.values()) m.conn.serverDown(problem);
  }

  /** After an outage the streams were aborted: reconnect them now (new ones are already opening). */
  nudgeWatched(): void {
    for (const m of this.byName.values()) if (m.watched) m.conn.nudge();
  }

  reconnectWatched(): void {
    for (const m of this.byName.values()) if (m.watched) m.conn.reconnect();
  }

  setBufferSize(size: number): void {
    for (const m of this.byName.values()) m.logbook.setCap(size);
  }

  /** The server is removed: every stream stops and no timer is left. */
  dispose(): void {
    for (const m of this.byName.values()) {
      m.conn.stop();
      m.batcher.dispose();
    }
  }
}
