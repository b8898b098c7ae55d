// Request headers for a reverse proxy (--header, --header-file, user info in --url) and the scrubber
// that keeps their values out of everything the CLI prints (stdout, stderr, --verbose, commander's own
// errors). Values are found in argv before commander runs, so even a usage error cannot echo one.
import { isAbsolute, join } from 'node:path';
import { createRedactor, splitUrlCredentials } from '../core/credentials.js';
import { UsageError } from './context.js';
import type { Translator } from './i18n.js';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export interface Scrubber {
  /** Adds header values (full "Bearer x", its token and a Basic password are all scrubbed). */
  add(headerValues: Iterable<string>): void;
  scrub(text: string): string;
}

export function createScrubber(): Scrubber {
  const values: string[] = [];
  let redact = createRedactor(values);
  return {
    add(more) {
      const before = values.length;
      for (const v of more) values.push(v);
      if (values.length !== before) redact = createRedactor(values);
    },
    scrub: (text) => redact(text),
  };
}

/** The value after a flag, in its `--flag value` and `--flag=value` forms (up to `--`). */
function flagValues(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') break;
    for (const n of names) {
      if (a === n && i + 1 < argv.length) out.push(argv[i + 1] ?? '');
      else if (a.startsWith(`${n}=`)) out.push(a.slice(n.length + 1));
      else if (n.length === 2 && a.startsWith(n) && a.length > 2 && !a.startsWith('--')) out.push(a.slice(2));
    }
  }
  return out;
}

/** Every secret that appears on the command line, whether or not it parses. */
export function secretsInArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const h of flagValues(argv, ['--header', '-H'])) {
    out.push(h);
    const colon = h.indexOf(':');
    if (colon > 0) out.push(h.slice(colon + 1).trim());
  }
  for (const url of flagValues(argv, ['--url'])) {
    const split = splitUrlCredentials(url);
    if (split.authorization !== null) out.push(split.authorization);
    try {
      const u = new URL(url);
      if (u.password) out.push(u.password);
    } catch {
      const m = /\/\/[^/?#:@]*:([^/?#@]*)@/.exec(url);
      if (m?.[1]) out.push(m[1]);
    }
  }
  return out;
}

/** "Name: value" → [name, value]. The message never quotes the input: it may be a secret. */
export function parseHeader(text: string, where: string, tr: Translator): [string, string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  const value = colon > 0 ? text.slice(colon + 1).trim() : '';
  if (!HEADER_NAME.test(name) || /[\r\n]/.test(value)) throw new UsageError(tr.t('usage.badHeader', { where }));
  return [name, value];
}

/** `--header-file`: one "Name: value" per line; blank lines and lines starting with # are skipped. */
export async function readHeaderFile(
  path: string,
  io: { readonly cwd: string; readFile(path: string): Promise<string> },
  tr: Translator,
): Promise<Array<[string, string]>> {
  let text: string;
  try {
    text = await io.readFile(isAbsolute(path) ? path : join(io.cwd, path));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new UsageError(tr.t('usage.configRead', { path, error: typeof code === 'string' ? code : 'unreadable' }));
  }
  const out: Array<[string, string]> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    out.push(parseHeader(trimmed, `${path}:${i + 1}`, tr));
  });
  return out;
}
