// Validation of flag values and resolution of the server URL (--url, --config, ./config.json).
import { isAbsolute, join } from 'node:path';
import { redactUrl } from '../core/credentials.js';
import { parseLlmManagerConfig } from '../core/llm-manager-config.js';
import { MAX_STREAMS_RANGE as SETTINGS_MAX_STREAMS_RANGE } from '../core/settings/limits.js';
import { CLI_LANGUAGES, type CliLanguage, type Translator } from './i18n.js';
import { UsageError } from './context.js';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** Sane bounds for a numeric flag: a value outside is a usage error, never a retry storm or a timer overflow. */
export interface NumberRange {
  readonly min: number;
  readonly max: number;
}

/** Seconds for intervals and timeouts: 0.1 s … 1 h (setTimeout overflows above ~24.8 days). */
export const SECONDS_RANGE: NumberRange = { min: 0.1, max: 3600 };
export const ATTEMPTS_RANGE: NumberRange = { min: 0, max: 1_000_000 };
/** Log streams open at once (the connection budget): the same bounds as the maxStreams setting. */
export const MAX_STREAMS_RANGE: NumberRange = SETTINGS_MAX_STREAMS_RANGE;
/** One year. */
export const KEEP_MINUTES_RANGE: NumberRange = { min: 0, max: 525_600 };

function checkRange(flag: string, value: string, n: number, range: NumberRange | undefined, tr: Translator): number {
  if (range && (n < range.min || n > range.max)) {
    throw new UsageError(tr.t('usage.range', { flag, min: range.min, max: range.max, value }));
  }
  return n;
}

export function parsePositiveNumber(flag: string, value: string, tr: Translator, range?: NumberRange): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(tr.t('usage.badNumber', { flag, what: tr.t('usage.positive'), value }));
  }
  return checkRange(flag, value, n, range, tr);
}

export function parseNonNegativeInt(flag: string, value: string, tr: Translator, range?: NumberRange): number {
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(tr.t('usage.badNumber', { flag, what: tr.t('usage.nonNegativeInt'), value }));
  }
  return checkRange(flag, value, Number(value), range, tr);
}

/** A whole number ≥ 1 (then the range): a count of things, where 0 would mean nothing at all. */
export function parsePositiveInt(flag: string, value: string, tr: Translator, range?: NumberRange): number {
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new UsageError(tr.t('usage.badNumber', { flag, what: tr.t('usage.positiveInt'), value }));
  }
  return checkRange(flag, value, Number(value), range, tr);
}

export function parseLanguage(value: string, tr: Translator): CliLanguage {
  const found = CLI_LANGUAGES.find((l) => l.toLowerCase() === value.toLowerCase());
  if (!found) throw new UsageError(tr.t('usage.badLang', { value }));
  return found;
}

/**
 * Normalised http(s) base URL without a trailing slash. User info is kept (the caller turns it into an
 * Authorization header); the error message shows the value without it.
 */
export function parseServerUrl(value: string, tr: Translator): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(tr.t('usage.badUrl', { value: redactUrl(value) }));
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(tr.t('usage.badUrl', { value: redactUrl(value) }));
  return u.toString().replace(/\/+$/, '');
}

/** `--lang` is needed before commander runs (for its own error messages), so find it by hand. */
export function findLangArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return undefined;
    if (a === '--lang') return argv[i + 1];
    if (a?.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}

export interface UrlSource {
  readonly url?: string | undefined;
  readonly config?: string | undefined;
}

export interface ResolvedUrl {
  readonly url: string;
  /** Where it came from, for --verbose. */
  readonly source: 'flag' | 'config' | 'cwd-config' | 'default';
  /** A non-fatal complaint (./config.json present but unusable). */
  readonly warning?: string;
}

export async function resolveServerUrl(
  src: UrlSource,
  io: { readonly cwd: string; readFile(path: string): Promise<string> },
  tr: Translator,
): Promise<ResolvedUrl> {
  if (src.url !== undefined && src.config !== undefined) throw new UsageError(tr.t('usage.urlAndConfig'));
  if (src.url !== undefined) return { url: parseServerUrl(src.url, tr), source: 'flag' };
  if (src.config !== undefined) {
    const path = isAbsolute(src.config) ? src.config : join(io.cwd, src.config);
    let text: string;
    try {
      text = await io.readFile(path);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const detail = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
      throw new UsageError(tr.t('usage.configRead', { path: src.config, error: detail }));
    }
    const parsed = parseLlmManagerConfig(text);
    if (!parsed.ok) throw new UsageError(tr.t('usage.config', { path: src.config, error: parsed.message }));
    return { url: parsed.url, source: 'config' };
  }
  let text: string | undefined;
  try {
    text = await io.readFile(join(io.cwd, 'config.json'));
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    const parsed = parseLlmManagerConfig(text);
    if (parsed.ok) return { url: parsed.url, source: 'cwd-config' };
    return { url: DEFAULT_URL, source: 'default', warning: tr.t('config.ignored', { error: parsed.message, url: DEFAULT_URL }) };
  }
  return { url: DEFAULT_URL, source: 'default' };
}
