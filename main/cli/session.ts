// One monitor over one server for the duration of a command, plus the waiting helpers commands share.
import type { ConnectionPolicy, Monitor } from '../core/ports.js';
import type { ModelStatus, MonitorEvent, ServerStatus } from '../core/types.js';
import type { CliContext } from './context.js';
import { describeForVerbose, verboseFetch } from './verbose-fetch.js';

export const CLI_SERVER_ID = 'cli';

export interface Session {
  readonly monitor: Monitor;
  readonly url: string;
  server(): ServerStatus | undefined;
  models(): readonly ModelStatus[];
  /** Primary name or alias, exact first, then case-insensitive. */
  findModel(name: string): ModelStatus | undefined;
  /**
   * Resolves with the first value `check` returns (not undefined), tested now and after every
   * event; resolves undefined after timeoutMs.
   */
  waitFor<T>(check: (event: MonitorEvent | null) => T | undefined, timeoutMs: number): Promise<T | undefined>;
  close(): Promise<void>;
}

export function openSession(
  ctx: CliContext,
  url: string,
  opts: { readonly watch?: readonly string[]; readonly policy?: Partial<ConnectionPolicy> },
): Session {
  const { deps } = ctx;
  const monitor = deps.createMonitor({
    servers: [{ id: CLI_SERVER_ID, name: url, url, headers: ctx.headers }],
    ...(opts.policy ? { policy: opts.policy } : {}),
    ...(opts.watch ? { watch: opts.watch } : {}),
    clock: deps.clock,
    random: deps.random,
    fetch: ctx.verbose ? verboseFetch(deps.fetch, ctx.logger, deps.clock) : deps.fetch,
    ...(deps.controlFetch
      ? { controlFetch: ctx.verbose ? verboseFetch(deps.controlFetch, ctx.logger, deps.clock) : deps.controlFetch }
      : {}),
    logger: ctx.logger,
  });
  let closed = false;
  const unsubscribeVerbose = ctx.verbose
    ? monitor.subscribe((event) => {
        const text = describeForVerbose(event, deps.clock.now());
        if (text !== null) ctx.logger.debug(text);
      })
    : () => {};

  const findModel = (name: string): ModelStatus | undefined => {
    const models = monitor.snapshot().models;
    const exact = models.find((m) => m.model === name || m.aliases.includes(name));
    if (exact) return exact;
    const lower = name.toLowerCase();
    return models.find((m) => m.model.toLowerCase() === lower || m.aliases.some((a) => a.toLowerCase() === lower));
  };

  return {
    monitor,
    url,
    server: () => monitor.snapshot().servers.find((s) => s.id === CLI_SERVER_ID),
    models: () => monitor.snapshot().models.filter((m) => m.serverId === CLI_SERVER_ID),
    findModel,
    waitFor<T>(check: (event: MonitorEvent | null) => T | undefined, timeoutMs: number): Promise<T | undefined> {
      return new Promise((resolve) => {
        const first = check(null);
        if (first !== undefined) {
          resolve(first);
          return;
        }
        let done = false;
        const finish = (value: T | undefined): void => {
          if (done) return;
          done = true;
          unsubscribe();
          deps.clock.clearTimeout(timer);
          resolve(value);
        };
        const unsubscribe = monitor.subscribe((event) => {
          const v = check(event);
          if (v !== undefined) finish(v);
        });
        const timer = deps.clock.setTimeout(() => finish(undefined), timeoutMs);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      unsubscribeVerbose();
      await monitor.stop();
    },
  };
}

/** The server as waitForServer saw it; `listProblem` when it answered but its model list was unusable. */
export type ServerSeen = ServerStatus & { readonly listProblem?: string };

/** Waits until the server's health is known (healthy or unreachable) and, if healthy, its models are listed. */
export async function waitForServer(session: Session, timeoutMs: number): Promise<ServerSeen | undefined> {
  let sawModels = false;
  let listProblem: string | undefined;
  return session.waitFor<ServerSeen>((event) => {
    if (event?.type === 'models' && event.serverId === CLI_SERVER_ID) sawModels = true;
    if (event?.type === 'problem' && event.serverId === CLI_SERVER_ID && event.key === null && event.message.startsWith('model list')) {
      listProblem = event.message;
    }
    const s = session.server();
    if (!s) return undefined;
    if (s.health === 'unreachable') return s;
    if (s.health === 'healthy' && s.generation !== null && (sawModels || session.models().length > 0)) return s;
    if (s.health === 'healthy' && s.generation !== null && listProblem !== undefined) return { ...s, listProblem };
    return undefined;
  }, timeoutMs);
}
