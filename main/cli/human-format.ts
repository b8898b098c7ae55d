// Human-readable output: pure functions from monitor data to lines of terminal text.
import pc from 'picocolors';
import type { ConnectionState, LogLine, LogMarker, ModelStatus, ServerStatus } from '../core/types.js';
import type { Translator } from './i18n.js';
import { sanitizeText as coreSanitizeText } from '../core/logs/ansi.js';

export type Colors = ReturnType<typeof pc.createColors>;

export function createColors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

export interface HumanFormatOptions {
  readonly tr: Translator;
  readonly colors: Colors;
  /** Prefix lines with the model name (when several models are watched). */
  readonly showModel: boolean;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `HH:MM:SS` in local time, like the seed's tester. */
// The last second formatted: a stream's lines come many to the second, and one epoch second is one
// local HH:MM:SS (time zone offsets are whole seconds).
let clockSecond = Number.NaN;
let clockText = '';

export function formatClock(ts: number): string {
  const second = Math.floor(ts / 1000);
  if (second === clockSecond) return clockText;
  const d = new Date(ts);
  const text = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  clockSecond = second;
  clockText = text;
  return text;
}

/** `HH:MM:SS.mmm`: where a recovered line belongs, to the millisecond. */
export function formatClockMs(ts: number): string {
  const ms = Math.floor(ts % 1000);
  return `${formatClock(ts)}.${ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : String(ms)}`;
}

/** The model name part of a `${serverId}/${model}` key (server ids never contain '/'). */
export function modelNameOfKey(key: string): string {
  const i = key.indexOf('/');
  return i < 0 ? key : key.slice(i + 1);
}

// Log text comes from arbitrary processes: the core's sanitiser re-renders colour codes (SGR) when
// colouring and drops every other escape or control sequence (7-bit and C1) so a line cannot move the
// cursor, retitle the terminal, write the clipboard, etc.
export function sanitizeText(text: string, keepColour: boolean): string {
  return coreSanitizeText(text, keepColour);
}

export function stripAnsi(text: string): string {
  return sanitizeText(text, false);
}

const INDICATOR: Record<ConnectionState, string> = {
  connected: '●',
  connecting: '◐',
  'not-running': '○',
  disconnected: '◌',
};

export function colourConnection(state: ConnectionState, text: string, c: Colors): string {
  switch (state) {
    case 'connected':
      return c.green(text);
    case 'connecting':
      return c.yellow(text);
    case 'not-running':
      return c.red(text);
    case 'disconnected':
      return c.gray(text);
  }
}

/** "● 已连接" in the indicator's colour. */
export function formatIndicator(state: ConnectionState, opts: Pick<HumanFormatOptions, 'tr' | 'colors'>): string {
  return colourConnection(state, `${INDICATOR[state]} ${opts.tr.connection(state)}`, opts.colors);
}

function prefix(ts: number, key: string, opts: HumanFormatOptions): string {
  const time = opts.colors.dim(`[${formatClock(ts)}]`);
  return opts.showModel ? `${time} ${opts.colors.cyan(`[${modelNameOfKey(key)}]`)}` : time;
}

/** One log line, plus an indented hint line when it matched a failure signature. */
export function formatLogLine(line: LogLine, opts: HumanFormatOptions): string[] {
  const c = opts.colors;
  const tag = `[${opts.tr.origin(line.origin)}]`;
  const originTag = line.origin === 'history' ? c.dim(tag) : c.blue(tag);
  const text = sanitizeText(line.text, c.isColorSupported);
  let body: string;
  switch (line.level) {
    case 'error':
      body = c.red(text);
      break;
    case 'warning':
      body = c.yellow(text);
      break;
    case 'success':
      body = c.green(text);
      break;
    case 'info':
      body = text;
      break;
  }
  // A recovered line is printed when it was found, after newer lines: say so, and when it belongs.
  const recovered = line.recovered ? ` ${c.magenta(`[↺ ${opts.tr.t('line.recovered')} ${formatClockMs(line.ts)}]`)}` : '';
  const out = [`${prefix(line.ts, line.key, opts)} ${originTag}${recovered} ${body}`];
  if (line.signature && !line.continuation) {
    out.push(c.magenta(`    ↳ ${opts.tr.t('hint.prefix')}: ${opts.tr.hint(line.signature)}`));
  }
  return out;
}

export function formatMarker(marker: LogMarker, opts: HumanFormatOptions): string {
  const c = opts.colors;
  const who = opts.showModel ? ` ${modelNameOfKey(marker.key)}` : '';
  if (marker.marker === 'history-complete') {
    return c.dim(`──${who} ${opts.tr.t('marker.historyComplete')} ${'─'.repeat(40)}`);
  }
  const why = marker.reason ? ` (${opts.tr.t(`gap.${marker.reason}`)})` : '';
  if (marker.marker === 'gap-resolved') {
    // Could not be checked: the gap stays, and says why (a stream cannot change a line printed above).
    if (marker.unchecked !== undefined) {
      const text = opts.tr.t('marker.gapUnknown', { why: opts.tr.t(`unchecked.${marker.unchecked}`) });
      return c.yellow(`┄┄${who} ${text} ${'┄'.repeat(10)}`);
    }
    const n = marker.recovered ?? 0;
    return n > 0
      ? c.green(`┄┄${who} ${n === 1 ? opts.tr.t('marker.gapRecoveredOne') : opts.tr.t('marker.gapRecovered', { n })} ${'┄'.repeat(10)}`)
      : c.dim(`┄┄${who} ${opts.tr.t('marker.gapComplete')} ${'┄'.repeat(10)}`);
  }
  if (marker.unverified) return c.dim(`┄┄${who} ${opts.tr.t('marker.gapChecking')}${why} ${'┄'.repeat(10)}`);
  const what =
    marker.missing !== undefined && marker.missing > 0
      ? opts.tr.t('marker.gapMissing', { n: marker.missing })
      : opts.tr.t('marker.gap');
  return c.yellow(`┄┄${who} ${what}${why} ${'┄'.repeat(30)}`);
}

export interface StatusExtra {
  readonly now: number;
  readonly attempts?: number;
  /** 0 = unlimited. */
  readonly maxAttempts?: number;
}

/** `[12:00:01] Qwen3-8B ● 已连接 · routing` with the problem and retry plan when there is one. */
export function formatStatus(status: ModelStatus, opts: HumanFormatOptions, extra: StatusExtra): string {
  const c = opts.colors;
  const parts = [`${c.dim(`[${formatClock(extra.now)}]`)} ${c.bold(stripAnsi(status.model))} ${formatIndicator(status.connection, opts)}`];
  if (status.lifecycle !== 'unknown') parts.push(c.dim(`· ${status.lifecycle}`));
  if (status.failureReason) parts.push(c.red(`· ${status.failureReason}`));
  const details: string[] = [];
  if ((status.connection === 'not-running' || status.connection === 'disconnected') && status.lastProblem) details.push(stripAnsi(status.lastProblem));
  const attempts = extra.attempts ?? 0;
  const max = extra.maxAttempts ?? 0;
  if (status.connection !== 'connected' && attempts > 0) {
    if (status.nextRetryAt === null && max > 0 && attempts >= max) {
      // The core already says so in lastProblem; don't say it twice.
      if (!details.some((d) => d.includes('gave up'))) details.push(opts.tr.t('status.gaveUp', { n: attempts }));
    } else {
      details.push(opts.tr.t('status.attempt', { n: attempts }));
    }
  }
  if (status.connection !== 'connected' && status.nextRetryAt !== null) {
    const s = Math.max(0, (status.nextRetryAt - extra.now) / 1000);
    details.push(opts.tr.t('status.retryIn', { s: s < 10 ? s.toFixed(1) : Math.round(s) }));
  }
  if (details.length > 0) parts.push(c.dim(`(${details.join(', ')})`));
  return parts.join(' ');
}

export function formatServer(server: ServerStatus, opts: HumanFormatOptions, now: number): string {
  const c = opts.colors;
  const health =
    server.health === 'healthy'
      ? c.green(opts.tr.t('server.healthy'))
      : server.health === 'unreachable'
        ? c.red(opts.tr.t('server.unreachable'))
        : opts.tr.t('server.unknown');
  const gen = server.generation ? ` (${server.generation}${server.version ? ` ${server.version}` : ''})` : '';
  const problem = server.health !== 'healthy' && server.lastProblem ? c.dim(` — ${stripAnsi(server.lastProblem)}`) : '';
  return `${c.dim(`[${formatClock(now)}]`)} ${opts.tr.t('server.line', { name: server.url, health, gen })}${problem}`;
}

export function formatProblem(message: string, key: string | null, opts: HumanFormatOptions, now: number): string {
  const who = key ? ` ${modelNameOfKey(key)}` : '';
  return opts.colors.red(`[${formatClock(now)}]${who} ${opts.tr.t('problem.prefix')}: ${stripAnsi(message)}`);
}

export function formatCleared(key: string, scope: 'local' | 'server', opts: HumanFormatOptions, now: number): string {
  const msg = opts.tr.t(scope === 'server' ? 'cleared.server' : 'cleared.local');
  return opts.colors.dim(`[${formatClock(now)}] ${modelNameOfKey(key)}: ${msg}`);
}
