// The command line: commander definitions, flag validation, and dispatch to the commands.
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_POLICY, type DiagnosticLogger } from '../core/ports.js';
import { runDiagnose } from './commands/diagnose.js';
import { runInteractive } from './commands/interactive.js';
import { runControl, runStats, type ControlAction } from './commands/one-shot.js';
import { runWatch } from './commands/watch.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliContext, type CliDeps } from './context.js';
import { escapeJsonControls, guardTerminal } from '../core/logs/ansi.js';
import { createColors, formatClock } from './human-format.js';
import { createTranslator, detectLanguage, type CliLanguage, type Translator } from './i18n.js';
import { credentialsFromUrl, headerNames } from '../core/credentials.js';
import { createLineWriter, type LineWriter } from './stdout-writer.js';
import {
  ATTEMPTS_RANGE,
  findLangArg,
  KEEP_MINUTES_RANGE,
  MAX_STREAMS_RANGE,
  parseLanguage,
  parseNonNegativeInt,
  parsePositiveInt,
  parsePositiveNumber,
  resolveServerUrl,
  SECONDS_RANGE,
  type NumberRange,
} from './options.js';
import { createScrubber, parseHeader, readHeaderFile, secretsInArgv, type Scrubber } from './secrets.js';

export const CLI_VERSION = '0.1.0';
/** How long the end of a command waits for a slow stdout reader to take the last lines. */
const OUT_DRAIN_TIMEOUT_MS = 1000;

interface CommonFlags {
  url?: string;
  config?: string;
  header?: string[];
  headerFile?: string;
  lang?: CliLanguage;
  color: boolean;
  verbose?: boolean;
  json?: boolean;
}

const MAX_STREAMS_HELP = `connection budget: at most N model log streams open at once (${MAX_STREAMS_RANGE.min}-${MAX_STREAMS_RANGE.max}; streaming, running, then named models first)`;

interface WatchFlags extends CommonFlags {
  model: string[];
  interval: number;
  maxAttempts: number;
  maxStreams: number;
}

interface ModelFlags extends CommonFlags {
  model: string[];
  keepMinutes?: number;
  timeout?: number;
  /** start: --follow / --no-follow (undefined: follow when stdout is a terminal). */
  follow?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function wantsColour(flags: CommonFlags, deps: CliDeps, json: boolean): boolean {
  if (!flags.color || json) return false;
  if (deps.env['NO_COLOR'] !== undefined && deps.env['NO_COLOR'] !== '') return false;
  if (deps.env['FORCE_COLOR'] !== undefined && deps.env['FORCE_COLOR'] !== '0') return true;
  return deps.stdout.isTTY === true;
}

function verboseLogger(deps: CliDeps, enabled: boolean, scrub: (text: string) => string): DiagnosticLogger {
  const warn = (message: string): void => void deps.stderr.write(scrub(`${guardTerminal(`warning: ${message}`, false)}\n`));
  if (!enabled) return { debug: () => {}, warn };
  return { debug: (message) => void deps.stderr.write(scrub(`${guardTerminal(`[verbose ${formatClock(deps.clock.now())}] ${message}`, false)}\n`)), warn };
}

const noScrub = (text: string): string => text;

/** The marker a slow stdout reader gets where lines had to be dropped. */
export function droppedLinesMarker(count: number, entries: number, json: boolean, tr: Translator, colors: ReturnType<typeof createColors>): string {
  const message = tr.t('out.dropped', { n: count });
  return json ? JSON.stringify({ type: 'dropped', lines: count, entries, message }) : colors.yellow(message);
}

/**
 * A `--json` record of a log entry (a line or a marker): the ones that carry a `seq`, serialised as
 * `{"type":…,"model":…,"seq":…` (json-format.ts entryToRecord). Status and server records do not.
 */
const JSON_ENTRY = /^\{"type":"[a-z-]+","model":"(?:[^"\\]|\\.)*","seq":\d/;
export const isJsonEntryRecord = (text: string): boolean => JSON_ENTRY.test(text);

/** The stdout writer of a command: in --json mode the dropped marker counts log entries apart. */
function stdoutWriter(deps: CliDeps, json: boolean, tr: Translator, colors: ReturnType<typeof createColors>): LineWriter {
  return createLineWriter(deps.stdout, {
    droppedMarker: (n, entries) => droppedLinesMarker(n, entries, json, tr, colors),
    ...(json ? { isEntry: isJsonEntryRecord } : {}),
  });
}

export function buildContext(
  deps: CliDeps,
  flags: CommonFlags,
  fallbackTr: Translator,
  headers: Readonly<Record<string, string>> = {},
  scrub: (text: string) => string = noScrub,
  writer?: LineWriter,
): CliContext {
  const tr = flags.lang ? createTranslator(flags.lang) : fallbackTr;
  const json = flags.json === true;
  const colors = createColors(wantsColour(flags, deps, json));
  const verbose = flags.verbose === true;
  const keepColour = colors.isColorSupported;
  // Every line goes through the terminal guard: server text can never reach the terminal as an
  // escape sequence, even through a message that forgot to sanitise it. JSON escapes C1 controls.
  const outLine = json ? (line: string) => escapeJsonControls(line) : (line: string) => guardTerminal(line, keepColour);
  const out = writer ?? stdoutWriter(deps, json, tr, colors);
  return {
    deps,
    tr,
    colors,
    verbose,
    headers,
    logger: verboseLogger(deps, verbose, scrub),
    out: (line) => out.line(scrub(outLine(line))),
    // The guard, the JSON escape and the scrubber work character by character (a secret never holds
    // a newline): one pass over the batch's text gives what a pass per line gives.
    outLines: (lines) => out.lines(lines, (text) => scrub(outLine(text))),
    outJoined: (text) => out.joined(text, (t) => scrub(outLine(t))),
    write: (text) => out.raw(scrub(text)),
    flushOut: () => out.flush(),
    err: (line) => void deps.stderr.write(scrub(`${guardTerminal(line, keepColour)}\n`)),
  };
}

/** --header and --header-file, plus the URL's user info as `Authorization: Basic` (the URL is shown without it). */
async function resolveHeaders(
  flags: CommonFlags,
  url: string,
  deps: CliDeps,
  tr: Translator,
  scrubber: Scrubber,
): Promise<{ url: string; headers: Record<string, string> }> {
  const headers: Record<string, string> = {};
  if (flags.headerFile !== undefined) {
    for (const [name, value] of await readHeaderFile(flags.headerFile, deps, tr)) headers[name] = value;
  }
  for (const h of flags.header ?? []) {
    const [name, value] = parseHeader(h, '--header', tr);
    headers[name] = value;
  }
  scrubber.add(Object.values(headers));
  const moved = credentialsFromUrl(url, headers);
  scrubber.add(Object.values(moved.headers));
  return { url: moved.url, headers: { ...moved.headers } };
}

/** Runs the CLI and returns the exit code; never calls process.exit. */
export async function runCli(deps: CliDeps): Promise<number> {
  const langArg = findLangArg(deps.argv);
  let tr = createTranslator(detectLanguage(deps.env));
  if (langArg !== undefined) {
    try {
      tr = createTranslator(parseLanguage(langArg, tr));
    } catch {
      // reported properly when commander parses --lang
    }
  }
  let exitCode = EXIT_OK;
  // Secrets on the command line are known before anything is printed, commander's errors included.
  const scrubber = createScrubber();
  scrubber.add(secretsInArgv(deps.argv));
  const scrub = (text: string) => scrubber.scrub(text);

  const program = new Command('llm-log-tray')
    .description('Command-line companion of LLM Log Tray: watch, monitor and control LLM-Manager models')
    .version(CLI_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void deps.stdout.write(scrub(s)),
      writeErr: (s) => void deps.stderr.write(scrub(s)),
    })
    .showHelpAfterError('(run with --help for usage)')
    .allowExcessArguments(false);

  // A model name is never empty: '' would address the server's model list, not a model.
  const modelArg = (value: string, previous: string[]): string[] => {
    if (value.trim() === '') throw new UsageError(tr.t('usage.emptyModel'));
    return collect(value, previous);
  };
  const positive = (flag: string, range: NumberRange = SECONDS_RANGE) => (v: string) => parsePositiveNumber(flag, v, tr, range);
  const nonNegative = (flag: string, range: NumberRange = ATTEMPTS_RANGE) => (v: string) => parseNonNegativeInt(flag, v, tr, range);
  const maxStreamsArg = (v: string) => parsePositiveInt('--max-streams', v, tr, MAX_STREAMS_RANGE);

  const common = (cmd: Command, withJson: boolean): Command => {
    cmd
      .option('--url <url>', 'LLM-Manager base URL (default: from ./config.json, else http://127.0.0.1:8080)')
      .option('--config <path>', "read the URL from LLM-Manager's config.json (program.openai_host/openai_port)")
      .option('-H, --header <header>', 'extra request header "Name: value" for a reverse proxy (repeatable; values are never printed)', collect, [])
      .option('--header-file <path>', 'read extra request headers from a file, one "Name: value" per line')
      .addOption(new Option('--lang <lang>', 'message language (default: from LC_ALL/LANG)').argParser((v) => parseLanguage(v, tr)))
      .option('--no-color', 'plain output without colours')
      .option('-v, --verbose', 'print connection diagnostics to stderr');
    if (withJson) cmd.option('--json', 'machine-readable output: one JSON object per line');
    return cmd;
  };

  // Every command's stdout goes through one batched writer; it is drained before runCli returns.
  const writers: LineWriter[] = [];
  const prepare = async (flags: CommonFlags) => {
    const t = flags.lang ? createTranslator(flags.lang) : tr;
    const resolved = await resolveServerUrl({ url: flags.url, config: flags.config }, deps, t);
    const { url, headers } = await resolveHeaders(flags, resolved.url, deps, t, scrubber);
    const json = flags.json === true;
    const colors = createColors(wantsColour(flags, deps, json));
    const writer = stdoutWriter(deps, json, t, colors);
    writers.push(writer);
    const ctx = buildContext(deps, flags, tr, headers, scrub, writer);
    if (resolved.warning) ctx.err(ctx.colors.yellow(resolved.warning));
    ctx.logger.debug(`server URL ${url} (from ${resolved.source})`);
    if (Object.keys(headers).length > 0) ctx.logger.debug(`request headers: ${headerNames(headers)} (values hidden)`);
    return { ctx, url };
  };

  const singleModel = (flags: ModelFlags, t: Translator): string => {
    if (flags.model.length === 0) throw new UsageError(t.t('usage.modelRequired'));
    if (flags.model.length > 1) throw new UsageError(t.t('usage.oneModel'));
    return flags.model[0] ?? '';
  };

  common(
    program
      .command('watch')
      .description('stream model logs: keeps retrying until the model runs, prints history then live lines')
      .option('-m, --model <name>', 'model to watch (repeatable; default: every model)', modelArg, [])
      .option('-i, --interval <seconds>', 'retry interval in seconds', positive('--interval'), 5)
      .option('-n, --max-attempts <n>', 'give up after N attempts (0 = never)', nonNegative('--max-attempts'), 0)
      .option('--max-streams <n>', MAX_STREAMS_HELP, maxStreamsArg, DEFAULT_POLICY.maxStreams),
    true,
  ).action(async (flags: WatchFlags) => {
    const { ctx, url } = await prepare(flags);
    exitCode = await runWatch(ctx, {
      url,
      models: flags.model,
      intervalSec: flags.interval,
      maxAttempts: flags.maxAttempts,
      maxStreams: flags.maxStreams,
      json: flags.json === true,
    });
  });

  common(
    program
      .command('interactive')
      .description('live multi-model monitor with the commands stats, logs <model>, clear, help, quit')
      .option('-m, --model <name>', 'model to monitor (repeatable; default: every model)', modelArg, [])
      .option('-i, --interval <seconds>', 'retry interval in seconds', positive('--interval'), 5)
      .option('-n, --max-attempts <n>', 'attempts per model (0 = never give up)', nonNegative('--max-attempts'), 0)
      .option('--max-streams <n>', MAX_STREAMS_HELP, maxStreamsArg, DEFAULT_POLICY.maxStreams),
    false,
  ).action(async (flags: WatchFlags) => {
    const { ctx, url } = await prepare(flags);
    exitCode = await runInteractive(ctx, { url, models: flags.model, intervalSec: flags.interval, maxAttempts: flags.maxAttempts, maxStreams: flags.maxStreams });
  });

  common(
    program
      .command('stats')
      .description("server statistics: health, API generation, /api/logs/stats, models")
      .option('--timeout <seconds>', 'how long to wait for the server', positive('--timeout'), 10)
      .option('--max-streams <n>', MAX_STREAMS_HELP, maxStreamsArg, DEFAULT_POLICY.maxStreams),
    true,
  ).action(async (flags: ModelFlags & { maxStreams: number }) => {
    const { ctx, url } = await prepare(flags);
    exitCode = await runStats(ctx, { url, json: flags.json === true, timeoutMs: (flags.timeout ?? 10) * 1000, maxStreams: flags.maxStreams });
  });

  const control = (action: ControlAction, description: string): void => {
    const cmd = program
      .command(action)
      .description(description)
      .option('-m, --model <name>', 'the model (required)', modelArg, [])
      .option('--timeout <seconds>', 'how long to wait for the server', positive('--timeout'), 10);
    if (action === 'clear') cmd.option('-k, --keep-minutes <n>', 'keep the last N minutes of logs', nonNegative('--keep-minutes', KEEP_MINUTES_RANGE), 0);
    if (action === 'start') {
      cmd
        .option('-f, --follow', "print the model's new log lines while the start is pending (default on a terminal)")
        .option('--no-follow', 'do not print log lines while waiting');
    }
    common(cmd, true).action(async (flags: ModelFlags) => {
      const t = flags.lang ? createTranslator(flags.lang) : tr;
      const model = singleModel(flags, t);
      const { ctx, url } = await prepare(flags);
      exitCode = await runControl(ctx, {
        url,
        json: flags.json === true,
        timeoutMs: (flags.timeout ?? 10) * 1000,
        action,
        model,
        keepMinutes: flags.keepMinutes ?? 0,
        ...(flags.follow !== undefined ? { follow: flags.follow } : {}),
      });
    });
  };
  control('start', 'start a model on the server');
  control('stop', 'stop a model on the server');
  control('clear', "clear a model's logs on the server");

  common(
    program
      .command('diagnose')
      .description('one-shot diagnosis: server reachable, generation, model known, status, stream test')
      .option('-m, --model <name>', 'the model (required)', modelArg, [])
      .option('--timeout <seconds>', 'how long each step may take', positive('--timeout'), 15),
    true,
  ).action(async (flags: ModelFlags) => {
    const t = flags.lang ? createTranslator(flags.lang) : tr;
    const model = singleModel(flags, t);
    const { ctx, url } = await prepare(flags);
    exitCode = await runDiagnose(ctx, { url, model, json: flags.json === true, timeoutMs: (flags.timeout ?? 15) * 1000 });
  });

  const drainAll = () => Promise.all(writers.map((w) => w.drain(OUT_DRAIN_TIMEOUT_MS)));
  try {
    await program.parseAsync([...deps.argv], { from: 'user' });
    await drainAll();
    return exitCode;
  } catch (err) {
    await drainAll();
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (err instanceof UsageError) {
      deps.stderr.write(scrub(`error: ${guardTerminal(err.message, false)}\n(run with --help for usage)\n`));
      return EXIT_USAGE;
    }
    deps.stderr.write(scrub(`error: ${guardTerminal(err instanceof Error ? (err.stack ?? err.message) : String(err), false)}\n`));
    return EXIT_FAILURE;
  }
}
