// `llm-log-tray interactive`: the seed's multi-model monitor. Status changes and errors scroll by;
// commands are read line by line from stdin (TTY or pipe).
import { createInterface } from 'node:readline';
import { guardTerminal } from '../../core/logs/ansi.js';
import type { LogEntry, ModelKey } from '../../core/types.js';
import { EXIT_OK, type CliContext } from '../context.js';
import { formatLogLine, formatMarker, type HumanFormatOptions } from '../human-format.js';
import { createHumanPrinter } from '../human-printer.js';
import { parseInteractiveCommand } from '../interactive-commands.js';
import { openSession, type Session } from '../session.js';
import { formatErrorGroups, formatModelStatsTable, formatServerSummary } from '../stats-format.js';
import { watchPolicy } from './watch.js';

export interface InteractiveOptions {
  readonly url: string;
  readonly models: readonly string[];
  readonly intervalSec: number;
  readonly maxAttempts: number;
  readonly maxStreams?: number;
}

type Follow = 'off' | 'all' | { readonly key: ModelKey };

/** How many buffered lines `logs <model>` shows before following live. */
const RECENT_LINES = 50;

export function statsReport(session: Session, format: HumanFormatOptions): string[] {
  const rows = session
    .models()
    .filter((m) => m.watched)
    .map((status) => ({ status, stats: session.monitor.stats(status.key) }));
  const server = session.server();
  return [
    ...(server ? formatServerSummary(server, format) : []),
    '',
    ...formatModelStatsTable(rows, format),
    '',
    ...formatErrorGroups(rows, format),
  ];
}

export async function runInteractive(ctx: CliContext, opts: InteractiveOptions): Promise<number> {
  const { tr, deps, colors: c } = ctx;
  const session = openSession(ctx, opts.url, {
    ...(opts.models.length > 0 ? { watch: opts.models } : {}),
    policy: watchPolicy(opts.intervalSec, opts.maxAttempts, opts.maxStreams),
  });
  let follow: Follow = 'off';
  const format: HumanFormatOptions = { tr, colors: c, showModel: true };
  const showEntry = (entry: LogEntry): boolean => {
    if (follow === 'all') return true;
    if (follow === 'off') return entry.kind === 'line' && entry.level === 'error';
    return entry.key === follow.key;
  };
  const printer = createHumanPrinter({
    format,
    now: () => deps.clock.now(),
    attemptsOf: (key) => session.monitor.stats(key)?.attempts ?? 0,
    maxAttempts: opts.maxAttempts,
    showEntry,
  });

  const tty = deps.stdin.isTTY === true;
  const rl = createInterface({ input: deps.stdin, terminal: tty, ...(tty ? { output: deps.stdout as NodeJS.WritableStream } : {}) });
  const lines = rl[Symbol.asyncIterator]();
  const prompt = (): void => {
    if (!tty) return;
    ctx.flushOut();
    rl.prompt(true);
  };

  const unsubscribe = session.monitor.subscribe((event) => {
    for (const l of printer.handle(event)) ctx.out(l);
  });
  let interrupted = false;
  let wake: (() => void) | null = null;
  const offInterrupt = deps.onInterrupt(() => {
    interrupted = true;
    rl.close();
    wake?.();
  });

  ctx.out(c.dim(tr.t('interactive.welcome', { url: opts.url })));
  const started = session.monitor.start().catch((err: unknown) => {
    ctx.err(c.red(tr.t('unreachable', { url: opts.url, error: err instanceof Error ? err.message : String(err) })));
  });
  // Piped commands (`printf 'stats\nquit\n' | … interactive`) arrive at once: let the server be probed
  // and its models discovered first, so the first `stats` reports them instead of an empty table.
  await started;
  await session.waitFor(
    () => (session.models().length > 0 || session.server()?.health === 'unreachable' ? true : undefined),
    5000,
  );

  const nextLine = async (): Promise<string | null> => {
    if (interrupted) return null;
    const r = await Promise.race([
      lines.next(),
      new Promise<IteratorResult<string>>((resolve) => {
        wake = () => resolve({ done: true, value: undefined });
      }),
    ]);
    wake = null;
    return r.done ? null : r.value;
  };

  try {
    prompt();
    for (let input = await nextLine(); input !== null; input = await nextLine()) {
      const cmd = parseInteractiveCommand(input);
      let quit = false;
      switch (cmd.kind) {
        case 'empty':
          break;
        case 'help':
          ctx.out(tr.t('interactive.help'));
          break;
        case 'quit':
          quit = true;
          break;
        case 'stats':
          await session.monitor.refreshServerStats(session.server()?.id ?? '').catch(() => undefined);
          for (const l of statsReport(session, format)) ctx.out(l);
          break;
        case 'clear-screen':
          // Only a terminal has a screen to clear; in a pipe the escape would be noise.
          if (deps.stdout.isTTY) ctx.write('\x1b[2J\x1b[3J\x1b[H');
          printer.reset();
          break;
        case 'logs': {
          if (cmd.target === 'off' || cmd.target === 'all') {
            follow = cmd.target;
            ctx.out(c.dim(tr.t(cmd.target === 'all' ? 'interactive.followingAll' : 'interactive.followOff')));
            break;
          }
          const model = session.findModel(cmd.target.model);
          if (!model) {
            ctx.out(c.red(tr.t('interactive.unknownModel', { model: cmd.target.model })));
            break;
          }
          follow = { key: model.key };
          ctx.out(c.dim(tr.t('interactive.following', { model: model.model })));
          const recent = session.monitor.entries(model.key).slice(-RECENT_LINES);
          for (const e of recent) {
            if (e.kind === 'line') for (const l of formatLogLine(e, format)) ctx.out(l);
            else ctx.out(formatMarker(e, format));
          }
          break;
        }
        case 'clear-server': {
          const model = session.findModel(cmd.model);
          if (!model) {
            ctx.out(c.red(tr.t('interactive.unknownModel', { model: cmd.model })));
            break;
          }
          ctx.write(guardTerminal(tr.t('interactive.confirmClear', { model: model.model, n: cmd.keepMinutes }), false));
          ctx.flushOut();
          const answer = await nextLine();
          if (answer === null) ctx.out('');
          if (answer === null || !/^\s*(y|yes|是)\s*$/i.test(answer)) {
            ctx.out(tr.t('interactive.cancelled'));
            if (answer === null) quit = true;
            break;
          }
          const result = await session.monitor.clearOnServer(model.key, cmd.keepMinutes);
          const text = tr.t(result.ok ? 'control.ok' : 'control.failed', { message: result.message });
          ctx.out(result.ok ? c.green(text) : c.red(text));
          break;
        }
        case 'invalid':
          ctx.out(c.red(cmd.reason === 'usage' && cmd.usage ? `usage: ${cmd.usage}` : tr.t('interactive.unknown', { cmd: cmd.input })));
          break;
      }
      if (quit) break;
      prompt();
    }
  } finally {
    unsubscribe();
    offInterrupt();
    rl.close();
    await session.close();
  }
  ctx.out(c.dim(tr.t('interactive.bye')));
  return EXIT_OK;
}
