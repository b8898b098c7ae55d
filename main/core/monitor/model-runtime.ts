// One watched-or-not model of one server: its connection, logbook, vitals and line batcher, wired so
// that lines, status and problems leave as monitor events in order (a status never overtakes the
// lines it describes). The status is a pure projection (status-projection.ts).
import { modelKey, type ModelKey, type ModelStatus } from '../types.js';
import { Logbook } from '../logs/logbook.js';
import { VitalsTracker } from '../logs/vitals/tracker.js';
import type { RemoteModel, ServerAdapter } from '../servers/adapter.js';
import { ModelConnection } from '../stream/model-connection.js';
import { projectModelStatus } from '../status-projection.js';
import { EntryBatcher } from '../entry-batcher.js';
import type { MonitorContext } from './context.js';

export interface ModelRuntime {
  readonly key: ModelKey;
  readonly serverId: string;
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
  /** Its rank in the budget order when the budget last looked (see StreamBudget.maybeChanged). */
  budgetRank: number | null;
}

/** What a model needs from the server it belongs to. */
export interface ModelOwner {
  readonly serverId: string;
  /** The server's adapter now (it changes when the server is probed again). */
  adapter(): ServerAdapter | null;
  /** The server was removed: nothing more is emitted for its models. */
  closed(): boolean;
  /** It is still this server's model of that name (not removed, not replaced). */
  holds(m: ModelRuntime): boolean;
  /** Scrubs the server's secret header values from problem text. */
  redact(text: string): string;
  /** After the model's status event: the budget may want to look again. */
  statusChanged(m: ModelRuntime): void;
}

export function modelStatus(m: ModelRuntime, maxStreams: number): ModelStatus {
  const c = m.conn;
  return projectModelStatus({
    key: m.key,
    serverId: m.serverId,
    name: m.name,
    aliases: m.aliases,
    mode: m.mode,
    watched: m.watched,
    overBudget: m.overBudget,
    maxStreams,
    connection: { state: c.state, since: c.connectionSince, lastProblem: c.lastProblem, nextRetryAt: c.nextRetryAt() },
    lifecycle: { state: c.lifecycle, since: c.lifecycleSince, failureReason: c.failureReason },
    crashedFromLog: c.crashedFromLog,
    unreadErrors: m.logbook.unreadErrors(),
    lastError: m.logbook.lastError(),
    vitals: m.vitals.summary(),
  });
}

export function createModelRuntime(ctx: MonitorContext, owner: ModelOwner, remote: RemoteModel, watched: boolean): ModelRuntime {
  const { clock, logger } = ctx;
  const key = modelKey(owner.serverId, remote.name);
  const logbook = new Logbook({ key, cap: ctx.policy().bufferSize, clock });
  const status = (m: ModelRuntime): ModelStatus => modelStatus(m, ctx.policy().maxStreams);
  // The runtime is referenced from the connection's callbacks, so build it in two steps.
  const holder: { m: ModelRuntime | null } = { m: null };
  const conn = new ModelConnection({
    model: remote.name,
    clock,
    random: ctx.random,
    policy: () => ctx.policy(),
    adapter: () => owner.adapter(),
    logbook,
    logger,
    onEntries: (entries) => {
      holder.m?.batcher.queue(entries);
    },
    onStatus: () => {
      if (holder.m && !owner.closed() && owner.holds(holder.m)) {
        // Status must not overtake the lines it describes.
        holder.m.batcher.flush();
        ctx.emit({ type: 'status', status: status(holder.m) });
        owner.statusChanged(holder.m);
      }
    },
    onProblem: (message) => ctx.emit({ type: 'problem', key, serverId: owner.serverId, message: owner.redact(message) }),
  });
  const vitals = new VitalsTracker(key);
  const batcher = new EntryBatcher({
    clock,
    policy: () => ctx.policy(),
    observeVitals: ctx.vitals ? (entries) => vitals.observe(entries) : () => -1,
    newestSamples: ctx.vitalsSamples ? (n) => vitals.newest(n) : undefined,
    vitalsSummary: () => vitals.summary(),
    unreadErrors: () => logbook.unreadErrors(),
    onLines: (entries) => {
      if (!owner.closed()) ctx.emit({ type: 'lines', key, entries });
    },
    onVitals: (samples, summary) => {
      const liveSpeeds = vitals.takeLiveSpeeds();
      if (!owner.closed()) ctx.emit({ type: 'vitals', key, samples, liveSpeeds, summary });
    },
    onUnreadChanged: () => {
      if (holder.m) ctx.emit({ type: 'status', status: status(holder.m) });
    },
  });
  const m: ModelRuntime = {
    key,
    serverId: owner.serverId,
    name: remote.name,
    aliases: remote.aliases,
    mode: remote.mode,
    watched,
    logbook,
    conn,
    vitals,
    batcher,
    overBudget: false,
    budgetRank: null,
  };
  holder.m = m;
  return m;
}
