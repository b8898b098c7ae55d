// Credentials for a reverse proxy in front of LLM-Manager: extra request headers (e.g. Authorization)
// and user info in a server URL. Everything that shows a server (status, logs, errors, exports) goes
// through these helpers, so a secret is sent to the server and nowhere else.

/** Redaction mark used in place of a secret value. */
export const REDACTED = '[redacted]';

function utf8Base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export interface SplitUrl {
  /** The URL without user info. */
  readonly url: string;
  /** `Basic …` for the user info, or null when the URL had none. */
  readonly authorization: string | null;
}

/**
 * Moves user info out of a URL: `http://u:p@host` → `http://host` plus `Authorization: Basic base64(u:p)`
 * (what curl and browsers send). fetch refuses URLs with credentials, so they have to go here anyway.
 * A value that is not a URL is returned unchanged (validation reports it elsewhere).
 */
export function splitUrlCredentials(url: string): SplitUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, authorization: null };
  }
  if (u.username === '' && u.password === '') return { url, authorization: null };
  const user = safeDecode(u.username);
  const password = safeDecode(u.password);
  u.username = '';
  u.password = '';
  const clean = url.endsWith('/') ? u.toString() : u.toString().replace(/\/$/, '');
  return { url: clean, authorization: `Basic ${utf8Base64(`${user}:${password}`)}` };
}

/**
 * The URL for display: without user info. Works on text that does not parse as a URL too (an
 * invalid URL the user typed is still echoed in error messages), by cutting `//…@`.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '') return url;
    return splitUrlCredentials(url).url;
  } catch {
    return url.replace(/\/\/[^/?#]*@/, '//');
  }
}

/** True when the URL carries user info (a password or a user name). */
export function hasUrlCredentials(url: string): boolean {
  try {
    const u = new URL(url);
    return u.username !== '' || u.password !== '';
  } catch {
    return /\/\/[^/?#]*@/.test(url);
  }
}

/** Header names only, for logs: "Authorization, X-Api-Key" (values never). */
export function headerNames(headers: Readonly<Record<string, unknown>> | undefined): string {
  return Object.keys(headers ?? {}).join(', ');
}

/**
 * Adds the URL's user info as an Authorization header (unless one is given explicitly, which wins)
 * and strips it from the URL.
 */
export function credentialsFromUrl<V = string>(
  url: string,
  headers: Readonly<Record<string, V | string>> = {},
): { readonly url: string; readonly headers: Readonly<Record<string, V | string>> } {
  const split = splitUrlCredentials(url);
  if (split.authorization === null) return { url, headers };
  const hasAuth = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
  return { url: split.url, headers: hasAuth ? headers : { ...headers, Authorization: split.authorization } };
}

/** Pieces of a header value worth scrubbing on their own: the token after "Bearer", Basic's password. */
function secretParts(value: string): string[] {
  const parts = [value];
  const m = /^\s*(\S+)\s+(.+?)\s*$/.exec(value);
  if (m?.[2]) {
    parts.push(m[2]);
    if (m[1]?.toLowerCase() === 'basic') {
      try {
        const decoded = new TextDecoder().decode(Uint8Array.from(atob(m[2]), (c) => c.charCodeAt(0)));
        parts.push(decoded);
        const colon = decoded.indexOf(':');
        if (colon >= 0) parts.push(decoded.slice(colon + 1));
      } catch {
        // not base64: the raw parts are scrubbed already
      }
    }
  }
  return parts;
}

/** Shorter fragments are not scrubbed: replacing "ab" everywhere would mangle output for no gain. */
const MIN_SECRET_LENGTH = 4;

/**
 * A last line of defence for free text (error messages, server answers) that might echo a secret:
 * replaces every known secret value (and its token / password part) with REDACTED.
 */
export function createRedactor(headerValues: Iterable<string>): (text: string) => string {
  const secrets = new Set<string>();
  for (const value of headerValues) {
    for (const part of secretParts(value)) if (part.length >= MIN_SECRET_LENGTH) secrets.add(part);
  }
  // Longest first, so a full value is replaced before its own token part.
  const list = [...secrets].sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  };
}
