// One-shot commands: `stats`, `start`, `stop`, `clear`. Each opens a monitor that watches nothing,
// waits for the server to be probed and its models listed, does one thing, and exits.
import type { ConnectionPolicy } from '../../core/ports.js';
import type { ControlResult, ModelKey, ModelStatus } from '../../core/types.js';
import { EXIT_FAILURE, EXIT_OK, type CliContext } from '../context.js';
import { createHumanPrinter } from '../human-printer.js';
import { formatModelList, formatServerSummary, formatVitalsTable } from '../stats-format.js';
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
  /** Model names to stream; null = every model (stats reads their histories). */
  watch: readonly string[] | null = [],
  policy?: Partial<ConnectionPolicy>,
): Promise<number> {
  const session = openSession(ctx, opts.url, { ...(watch ? { watch } : {}), ...(policy ? { policy } : {}) });
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

/** A model's history has been read (or there is none to read): its vitals are as complete as they get. */
function settled(session: Session, m: ModelStatus): boolean {
  if (m.connection === 'not-running') return true;
  // Over the connection budget and known not to run: there is no history worth waiting for.
  if (m.overBudget === true) return m.lifecycle === 'stopped' || m.lifecycle === 'failed';
  // A fresh connection reads 'disconnected' before its first attempt: only a failed attempt settles it.
  if (m.connection === 'disconnected') return (session.monitor.stats(m.key)?.attempts ?? 0) > 0 && m.lastProblem !== null;
  if (m.connection !== 'connected') return false;
  return session.monitor.entries(m.key).some((e) => e.kind === 'marker' && e.marker === 'history-complete');
}

export interface StatsOptions extends OneShotOptions {
  /** Connection budget: histories read at once (default DEFAULT_POLICY.maxStreams). */
  readonly maxStreams?: number;
}

/** Names shown in the "vitals incomplete" line; the rest are counted. */
const PENDING_NAMES_SHOWN = 20;

export function runStats(ctx: CliContext, opts: StatsOptions): Promise<number> {
  // Every model is watched: the vitals come from reading each running model's history, at most
  // maxStreams at once. A model whose history was read hands its stream on to the next in line.
  return withServer(
    ctx,
    opts,
    async (session) => {
      await session.monitor.refreshServerStats(session.server()?.id ?? '');
      const done = new Set<ModelKey>();
      const release: ModelKey[] = [];
      let releaseTimer: ReturnType<typeof ctx.deps.clock.setTimeout> | null = null;
      const allSettled = (): true | undefined => {
        const models = session.models();
        const waiting = models.some((m) => m.overBudget === true);
        for (const m of models) {
          if (done.has(m.key) || !settled(session, m)) continue;
          done.add(m.key);
          if (waiting && m.watched) release.push(m.key);
        }
        // Not from inside the event that told us: unwatching emits events of its own.
        if (release.length > 0 && releaseTimer === null) {
          releaseTimer = ctx.deps.clock.setTimeout(() => {
            releaseTimer = null;
            for (const key of release.splice(0)) session.monitor.setWatched(key, false);
          }, 0);
        }
        return done.size >= models.length ? true : undefined;
      };
      await session.waitFor(allSettled, opts.timeoutMs);
      if (releaseTimer !== null) ctx.deps.clock.clearTimeout(releaseTimer);
      const server = session.server();
      const models = session.models();
      const vitals = models.map((m) => ({ model: m.model, vitals: session.monitor.vitals(m.key)?.summary ?? null }));
      const unread = models.filter((m) => !done.has(m.key) && !settled(session, m)).map((m) => m.model);
      const pending =
        unread.length > PENDING_NAMES_SHOWN
          ? [...unread.slice(0, PENDING_NAMES_SHOWN), ctx.tr.t('vitals.andMore', { n: unread.length - PENDING_NAMES_SHOWN })]
          : unread;
      if (opts.json) {
        ctx.out(JSON.stringify({ type: 'stats', server, models, vitals: Object.fromEntries(vitals.map((v) => [v.model, v.vitals])) }));
        return EXIT_OK;
      }
      const format = { tr: ctx.tr, colors: ctx.colors, showModel: true };
      if (server) for (const l of formatServerSummary(server, format)) ctx.out(l);
      ctx.out('');
      for (const l of formatModelList(models, format)) ctx.out(l);
      ctx.out('');
      for (const l of formatVitalsTable(vitals, format)) ctx.out(l);
      if (pending.length > 0) ctx.out(ctx.colors.dim(ctx.tr.t('vitals.incomplete', { models: pending.join(', ') })));
      return EXIT_OK;
    },
    null,
    opts.maxStreams !== undefined ? { maxStreams: opts.maxStreams } : undefined,
  );
}

export type ControlAction = 'start' | 'stop' | 'clear';

export interface ControlOptions extends OneShotOptions {
  readonly action: ControlAction;
  readonly model: string;
  readonly keepMinutes: number;
  /** start: print the model's new log lines while waiting (default: when stdout is a terminal). */
  readonly follow?: boolean;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Without a terminal, one progress line this often. */
const PROGRESS_EVERY_MS = 15_000;

/**
 * A v1/v2 start is held open until the model is healthy or the server's own 300 s health check gives
 * up (then it answers with the reason). Meanwhile: elapsed time and lifecycle (a spinner on a
 * terminal, a line every 15 s otherwise), the model's new log lines with --follow (default on a
 * terminal), and Ctrl-C abandons the wait. Resolves with the server's answer, or null when abandoned.
 */
async function startWithProgress(ctx: CliContext, session: Session, model: ModelStatus, opts: ControlOptions): Promise<ControlResult | null> {
  const { deps, tr } = ctx;
  const clock = deps.clock;
  const began = clock.now();
  const tty = !opts.json && deps.stderr.isTTY === true;
  const follow = !opts.json && (opts.follow ?? deps.stdout.isTTY === true);
  let spinnerShown = false;
  const clearSpinner = (): void => {
    if (!spinnerShown) return;
    deps.stderr.write('\r\u001b[K');
    spinnerShown = false;
  };
  const progress = (): string => {
    const s = session.findModel(opts.model) ?? model;
    const state = s.lifecycle !== 'unknown' ? s.lifecycle : tr.connection(s.connection);
    return tr.t('start.pending', { model: model.model, s: Math.floor((clock.now() - began) / 1000), state });
  };
  const printer = follow
    ? createHumanPrinter({
        format: { tr, colors: ctx.colors, showModel: false },
        now: () => clock.now(),
        attemptsOf: () => 0,
        maxAttempts: 0,
        // Only what the model prints from now on: the history of earlier runs is not progress.
        showEntry: (e) => e.kind === 'line' && e.ts >= began - 2_000,
        showStatus: () => false,
      })
    : null;
  const offLines = session.monitor.subscribe((event) => {
    if (!printer || event.type !== 'lines' || event.key !== model.key) return;
    const out = printer.handle(event);
    if (out.length === 0) return;
    clearSpinner();
    for (const l of out) ctx.out(l);
  });
  let frame = 0;
  let lastLine = began;
  let lastNudge = began;
  let timer = clock.setTimeout(function tick() {
    // The model's log opens once the start is under way: don't wait for the next retry to follow it.
    if (follow && clock.now() - lastNudge >= 500 && (session.findModel(opts.model) ?? model).connection !== 'connected') {
      lastNudge = clock.now();
      session.monitor.reconnectAll();
    }
    if (tty) {
      deps.stderr.write(`\r\u001b[K${ctx.colors.cyan(SPINNER[frame++ % SPINNER.length] ?? '…')} ${progress()}`);
      spinnerShown = true;
    } else if (!opts.json && clock.now() - lastLine >= PROGRESS_EVERY_MS) {
      lastLine = clock.now();
      ctx.err(progress());
    }
    timer = clock.setTimeout(tick, tty ? 120 : 1_000);
  }, tty ? 120 : 1_000);
  let offInterrupt = (): void => {};
  const abandoned = new Promise<null>((resolve) => {
    offInterrupt = deps.onInterrupt(() => resolve(null));
  });
  try {
    return await Promise.race([session.monitor.startModel(model.key), abandoned]);
  } finally {
    clock.clearTimeout(timer);
    offInterrupt();
    offLines();
    clearSpinner();
  }
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
  const follow = opts.action === 'start' && !opts.json && (opts.follow ?? ctx.deps.stdout.isTTY === true);
  return withServer(ctx, opts, async (session) => {
    const model = session.findModel(opts.model);
    if (!model) return unknownModel(ctx, opts, session);
    let result: ControlResult;
    switch (opts.action) {
      case 'start': {
        const answer = await startWithProgress(ctx, session, model, opts);
        if (answer === null) {
          const message = ctx.tr.t('start.abandoned', { model: model.model });
          if (opts.json) ctx.out(JSON.stringify({ type: 'result', action: 'start', model: model.model, ok: false, abandoned: true, message }));
          else ctx.err(ctx.colors.yellow(message));
          return EXIT_FAILURE;
        }
        result = answer;
        break;
      }
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
  }, follow ? [opts.model] : []);
}
