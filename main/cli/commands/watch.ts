// `llm-log-tray watch`: the seed tester's behaviour (keep trying until the model runs, history then
// live lines in colour) for one model or every model; `--json` for scripts.
import { DEFAULT_POLICY, type Clock, type TimerHandle } from '../../core/ports.js';
import type { ModelStatus, MonitorEvent } from '../../core/types.js';
import { EXIT_FAILURE, EXIT_OK, type CliContext } from '../context.js';
import { createHumanPrinter } from '../human-printer.js';
import { formatJsonText, type JsonExitRecord } from '../json-format.js';
import { CLI_SERVER_ID, openSession, type Session } from '../session.js';

export interface WatchOptions {
  readonly url: string;
  readonly models: readonly string[];
  readonly intervalSec: number;
  /** 0 = unlimited. */
  readonly maxAttempts: number;
  /** Connection budget (default DEFAULT_POLICY.maxStreams). */
  readonly maxStreams?: number;
  readonly json: boolean;
}

/** A model has given up when it is not connected, nothing is scheduled, and it used every attempt. */
export function hasGivenUp(status: ModelStatus, attempts: number, maxAttempts: number): boolean {
  if (maxAttempts <= 0) return false;
  if (status.connection === 'connected' || status.connection === 'connecting') return false;
  return status.nextRetryAt === null && attempts >= maxAttempts;
}

export function watchPolicy(intervalSec: number, maxAttempts: number, maxStreams: number = DEFAULT_POLICY.maxStreams) {
  const retryIntervalMs = Math.round(intervalSec * 1000);
  return {
    retryIntervalMs,
    maxAttempts,
    maxStreams,
    // With a short interval the user wants a quick answer; don't let the backoff cap hide it.
    backoffCapMs: Math.max(retryIntervalMs, 60_000),
    // The server probe doubles as the "is the server there at all" retry, so it follows --interval.
    healthIntervalMs: Math.min(15_000, Math.max(retryIntervalMs, 100)),
    // An unusable model list is asked for again on this timer, and each failure counts as an attempt.
    discoveryIntervalMs: Math.min(30_000, Math.max(retryIntervalMs, 1000)),
  };
}

export type GiveUp = 'models' | 'server' | 'unknown-models' | 'model-list' | null;

/**
 * Decides when `watch` should stop by itself. Models count their own attempts (the core stops
 * retrying at maxAttempts). A server that never answers lists no models at all; the core re-probes
 * it every health interval (set to --interval) but reports the failure only once, so its attempts
 * are counted in time: the probe at start plus one per interval.
 */
export function createGiveUpTracker(
  session: Session,
  opts: { readonly maxAttempts: number; readonly intervalMs: number; readonly requested: readonly string[] },
  clock: Clock,
  onGiveUp: (why: Exclude<GiveUp, null>) => void,
) {
  let serverTimer: TimerHandle | null = null;
  let everHealthy = false;
  /** The server answered, but its model list was unusable (not JSON, not a list): counted per try. */
  let listFailures = 0;
  let listProblem = '';
  const clearServerTimer = (): void => {
    if (serverTimer !== null) clock.clearTimeout(serverTimer);
    serverTimer = null;
  };
  /** Requested names that match no model on the server. */
  const unknownModels = (): string[] => {
    const models = session.models();
    return opts.requested.filter((name) => !models.some((m) => m.model === name || m.aliases.includes(name)));
  };
  return {
    unknownModels,
    listProblem: () => listProblem,
    observe(event: MonitorEvent): void {
      if (event.type === 'problem' && event.key === null && event.serverId === CLI_SERVER_ID && event.message.startsWith('model list')) {
        listProblem = event.message;
        if (session.models().length === 0 && opts.maxAttempts > 0 && ++listFailures >= opts.maxAttempts) onGiveUp('model-list');
        return;
      }
      if (event.type === 'server' && event.server.id === CLI_SERVER_ID) {
        if (event.server.health === 'healthy') {
          everHealthy = true;
          clearServerTimer();
        } else if (event.server.health === 'unreachable' && opts.maxAttempts > 0 && serverTimer === null) {
          if (!everHealthy && session.models().length === 0) {
            if (opts.maxAttempts <= 1) onGiveUp('server');
            else {
              // Half an interval of slack so the last probe has had time to fail.
              const wait = (opts.maxAttempts - 1) * opts.intervalMs + opts.intervalMs / 2;
              serverTimer = clock.setTimeout(() => {
                serverTimer = null;
                const s = session.server();
                if (s?.health !== 'healthy' && session.models().length === 0) onGiveUp('server');
              }, wait);
            }
          }
        }
      }
      if (event.type === 'models' && opts.requested.length > 0 && event.models.length > 0) {
        if (unknownModels().length === opts.requested.length) onGiveUp('unknown-models');
      }
      if (opts.maxAttempts <= 0) return;
      // Models over the connection budget are never tried: the ones that were decide.
      const watched = session.models().filter((m) => m.watched && m.overBudget !== true);
      if (watched.length === 0) return;
      if (watched.every((m) => hasGivenUp(m, session.monitor.stats(m.key)?.attempts ?? 0, opts.maxAttempts))) onGiveUp('models');
    },
    dispose: clearServerTimer,
  };
}

export async function runWatch(ctx: CliContext, opts: WatchOptions): Promise<number> {
  const { tr, deps } = ctx;
  const policy = watchPolicy(opts.intervalSec, opts.maxAttempts, opts.maxStreams);
  const session = openSession(ctx, opts.url, {
    ...(opts.models.length > 0 ? { watch: opts.models } : {}),
    policy,
  });
  const printer = createHumanPrinter({
    format: { tr, colors: ctx.colors, showModel: opts.models.length !== 1 },
    now: () => deps.clock.now(),
    attemptsOf: (key) => session.monitor.stats(key)?.attempts ?? 0,
    maxAttempts: opts.maxAttempts,
  });

  if (!opts.json) {
    const models = opts.models.length > 0 ? opts.models.join(', ') : tr.t('watch.allModels');
    ctx.out(ctx.colors.dim(tr.t('watch.connectingTo', { models, url: opts.url })));
  }

  return new Promise<number>((resolve) => {
    let finished = false;
    const finish = (code: number, reason?: string, message?: string): void => {
      if (finished) return;
      finished = true;
      unsubscribe();
      offInterrupt();
      tracker.dispose();
      if (message !== undefined) {
        if (opts.json) {
          const rec: JsonExitRecord = { type: 'exit', code, reason: reason ?? 'error', message };
          ctx.out(JSON.stringify(rec));
        }
        ctx.err(ctx.colors.red(message));
      }
      session.close().then(
        () => resolve(code),
        () => resolve(code),
      );
    };
    const tracker = createGiveUpTracker(
      session,
      { maxAttempts: opts.maxAttempts, intervalMs: policy.healthIntervalMs, requested: opts.models },
      deps.clock,
      (why) => {
        switch (why) {
          case 'models':
            return finish(EXIT_FAILURE, 'max-attempts', tr.t('watch.gaveUp', { n: opts.maxAttempts }));
          case 'server':
            return finish(EXIT_FAILURE, 'unreachable', tr.t('watch.serverGaveUp', { url: opts.url, n: opts.maxAttempts }));
          case 'model-list':
            return finish(EXIT_FAILURE, 'unreachable', tr.t('watch.listGaveUp', { url: opts.url, n: opts.maxAttempts, error: tracker.listProblem() }));
          case 'unknown-models': {
            const known = session.models().map((m) => m.model).join(', ');
            const msg = tr.t('watch.unknownModel', { model: opts.models.join(', ') });
            return finish(EXIT_FAILURE, 'unknown-model', known ? `${msg} (${known})` : msg);
          }
        }
      },
    );
    let warnedUnknown = false;
    const unsubscribe = session.monitor.subscribe((event) => {
      if (finished) return;
      if (opts.json) ctx.outJoined(formatJsonText(event));
      else ctx.outLines(printer.handle(event));
      tracker.observe(event);
      if (finished) return;
      if (!warnedUnknown && event.type === 'models' && event.models.length > 0) {
        warnedUnknown = true;
        for (const name of tracker.unknownModels()) ctx.err(ctx.colors.yellow(tr.t('watch.unknownModel', { model: name })));
      }
    });
    const offInterrupt = deps.onInterrupt(() => finish(EXIT_OK));
    session.monitor.start().catch((err: unknown) => {
      finish(EXIT_FAILURE, 'error', tr.t('unreachable', { url: opts.url, error: err instanceof Error ? err.message : String(err) }));
    });
  });
}
