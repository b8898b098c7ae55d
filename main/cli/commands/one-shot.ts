// One-shot commands: `stats`, `start`, `stop`, `clear`. Each opens a monitor that watches nothing,
// waits for the server to be probed and its models listed, does one thing, and exits.
import type { ControlResult, ModelStatus } from '../../core/types.js';
import { EXIT_FAILURE, EXIT_OK, type CliContext } from '../context.js';
import { formatModelList, formatServerSummary } from '../stats-format.js';
import { openSession, waitForServer, type Session } from '../session.js';

export interface OneShotOptions {
  readonly url: string;
  readonly json: boolean;
  /** How long to wait for the server (ms). */
  readonly timeoutMs: number;
}

async function withServer(
  ctx: CliContext,
  opts: OneShotOptions,
  body: (session: Session) => Promise<number>,
): Promise<number> {
  const session = openSession(ctx, opts.url, { watch: [] });
  try {
    // Not awaited: the generation probe of a silent server takes several request timeouts; the
    // user's --timeout is the deadline for the whole wait.
    void session.monitor.start().catch(() => {});
    const server = await waitForServer(session, opts.timeoutMs);
    if (server?.listProblem !== undefined) {
      const message = ctx.tr.t('oneShot.badList', { url: opts.url, error: server.listProblem });
      if (opts.json) ctx.out(JSON.stringify({ type: 'error', ok: false, message }));
      ctx.err(ctx.colors.red(message));
      return EXIT_FAILURE;
    }
    if (!server || server.health !== 'healthy') {
      const error = server?.lastProblem ?? ctx.tr.t('diag.timeout', { s: Math.round(opts.timeoutMs / 1000) });
      const message = ctx.tr.t('unreachable', { url: opts.url, error });
      if (opts.json) ctx.out(JSON.stringify({ type: 'error', ok: false, message }));
      ctx.err(ctx.colors.red(message));
      return EXIT_FAILURE;
    }
    return await body(session);
  } finally {
    await session.close();
  }
}

export function runStats(ctx: CliContext, opts: OneShotOptions): Promise<number> {
  return withServer(ctx, opts, async (session) => {
    await session.monitor.refreshServerStats(session.server()?.id ?? '');
    const server = session.server();
    const models = session.models();
    if (opts.json) {
      ctx.out(JSON.stringify({ type: 'stats', server, models }));
      return EXIT_OK;
    }
    const format = { tr: ctx.tr, colors: ctx.colors, showModel: true };
    if (server) for (const l of formatServerSummary(server, format)) ctx.out(l);
    ctx.out('');
    for (const l of formatModelList(models, format)) ctx.out(l);
    return EXIT_OK;
  });
}

export type ControlAction = 'start' | 'stop' | 'clear';

export interface ControlOptions extends OneShotOptions {
  readonly action: ControlAction;
  readonly model: string;
  readonly keepMinutes: number;
}

function unknownModel(ctx: CliContext, opts: ControlOptions, session: Session): number {
  const known = session.models().map((m: ModelStatus) => m.model);
  const message = `${ctx.tr.t('watch.unknownModel', { model: opts.model })}${known.length > 0 ? ` (${known.join(', ')})` : ''}`;
  if (opts.json) ctx.out(JSON.stringify({ type: 'result', ok: false, message }));
  ctx.err(ctx.colors.red(message));
  return EXIT_FAILURE;
}

/** The control call's answer, or a failure once the user's deadline passed. */
function withDeadline(ctx: CliContext, call: Promise<ControlResult>, timeoutMs: number): Promise<ControlResult> {
  return new Promise((resolve) => {
    const timer = ctx.deps.clock.setTimeout(
      () => resolve({ ok: false, message: ctx.tr.t('diag.timeout', { s: Math.round(timeoutMs / 100) / 10 }) }),
      timeoutMs,
    );
    void call.then(
      (r) => {
        ctx.deps.clock.clearTimeout(timer);
        resolve(r);
      },
      (err: unknown) => {
        ctx.deps.clock.clearTimeout(timer);
        resolve({ ok: false, message: err instanceof Error ? err.message : String(err) });
      },
    );
  });
}

export function runControl(ctx: CliContext, opts: ControlOptions): Promise<number> {
  return withServer(ctx, opts, async (session) => {
    const model = session.findModel(opts.model);
    if (!model) return unknownModel(ctx, opts, session);
    let result: ControlResult;
    switch (opts.action) {
      case 'start':
        result = await session.monitor.startModel(model.key);
        break;
      // stop and clear answer at once on every generation: --timeout bounds them (start is held open
      // by v1/v2 until the model is healthy, so it keeps the core's own long deadline).
      case 'stop':
        result = await withDeadline(ctx, session.monitor.stopModel(model.key), opts.timeoutMs);
        break;
      case 'clear':
        result = await withDeadline(ctx, session.monitor.clearOnServer(model.key, opts.keepMinutes), opts.timeoutMs);
        break;
    }
    if (opts.json) {
      ctx.out(JSON.stringify({ type: 'result', action: opts.action, model: model.model, ...result }));
    } else {
      const text = ctx.tr.t(result.ok ? 'control.ok' : 'control.failed', { message: result.message });
      if (result.ok) ctx.out(ctx.colors.green(text));
      else ctx.err(ctx.colors.red(text));
    }
    return result.ok ? EXIT_OK : EXIT_FAILURE;
  });
}
