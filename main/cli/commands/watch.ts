// `llm-log-tray watch`: the seed tester's behaviour (keep trying until the model runs, history then
// live lines in colour) for one model or every model; `--json` for scripts.
import type { ModelStatus, MonitorEvent } from '../../core/types.js';
import { EXIT_FAILURE, EXIT_OK, type CliContext } from '../context.js';
import { createHumanPrinter } from '../human-printer.js';
import { formatJsonEvent, type JsonExitRecord } from '../json-format.js';
import { CLI_SERVER_ID, openSession, type Session } from '../session.js';

export interface WatchOptions {
  readonly url: string;
  readonly models: readonly string[];
  readonly intervalSec: number;
  /** 0 = unlimited. */
  readonly maxAttempts: number;
  readonly json: boolean;
}

/** A model has given up when it is not connected, nothing is scheduled, and it used every attempt. */
export function hasGivenUp(status: ModelStatus, attempts: number, maxAttempts: number): boolean {
  if (maxAttempts <= 0) return false;
  if (status.connection === 'connected' || status.connection === 'connecting') return false;
  return status.nextRetryAt === null && attempts >= maxAttempts;
}

export function watchPolicy(intervalSec: number, maxAttempts: number) {
  const retryIntervalMs = Math.round(intervalSec * 1000);
  return {
    retryIntervalMs,
    maxAttempts,
    // With a short interval the user wants a quick answer; don't let the backoff cap hide it.
    backoffCapMs: Math.max(retryIntervalMs, 60_000),
    // The server probe doubles as the "is the server there at all" retry, so it follows --interval.
    healthIntervalMs: Math.min(15_000, Math.max(retryIntervalMs, 100)),
  };
}

/**
 * Tracks whether everything watched has given up. The server itself counts too: when it never
 * answers, no model is ever listed, so each failed probe is one attempt.
 */
export function createGiveUpTracker(session: Session, maxAttempts: number) {
  let unreachableProbes = 0;
  return {
    observe(event: MonitorEvent): 'models' | 'server' | null {
      if (maxAttempts <= 0) return null;
      if (event.type === 'server' && event.server.id === CLI_SERVER_ID) {
        if (event.server.health === 'unreachable') {
          unreachableProbes++;
        } else if (event.server.health === 'healthy') {
          unreachableProbes = 0;
        }
      }
      const watched = session.models().filter((m) => m.watched);
      if (watched.length > 0) {
        const all = watched.every((m) => hasGivenUp(m, session.monitor.stats(m.key)?.attempts ?? 0, maxAttempts));
        return all ? 'models' : null;
      }
      return unreachableProbes >= maxAttempts ? 'server' : null;
    },
  };
}

export async function runWatch(ctx: CliContext, opts: WatchOptions): Promise<number> {
  const { tr, deps } = ctx;
  const session = openSession(ctx, opts.url, {
    ...(opts.models.length > 0 ? { watch: opts.models } : {}),
    policy: watchPolicy(opts.intervalSec, opts.maxAttempts),
  });
  const printer = createHumanPrinter({
    format: { tr, colors: ctx.colors, showModel: opts.models.length !== 1 },
    now: () => deps.clock.now(),
    attemptsOf: (key) => session.monitor.stats(key)?.attempts ?? 0,
    maxAttempts: opts.maxAttempts,
  });
  const tracker = createGiveUpTracker(session, opts.maxAttempts);

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
    const unsubscribe = session.monitor.subscribe((event) => {
      if (finished) return;
      const lines = opts.json ? formatJsonEvent(event) : printer.handle(event);
      for (const l of lines) ctx.out(l);
      const gaveUp = tracker.observe(event);
      if (gaveUp === 'models') finish(EXIT_FAILURE, 'max-attempts', tr.t('watch.gaveUp', { n: opts.maxAttempts }));
      else if (gaveUp === 'server') {
        finish(EXIT_FAILURE, 'unreachable', tr.t('watch.serverGaveUp', { url: opts.url, n: opts.maxAttempts }));
      }
    });
    const offInterrupt = deps.onInterrupt(() => finish(EXIT_OK));
    session.monitor.start().catch((err: unknown) => {
      finish(EXIT_FAILURE, 'error', tr.t('unreachable', { url: opts.url, error: err instanceof Error ? err.message : String(err) }));
    });
  });
}
