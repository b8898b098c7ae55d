// Small type helpers every part of the core shares (one copy each).

/** A plain object (not null, not an array): the shape JSON objects decode to. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The URL when `value` is an absolute http(s) URL with a host, else null (the one check everywhere). */
export function httpUrl(value: string): URL | null {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0 ? u : null;
  } catch {
    return null;
  }
}

/** T with its top-level readonly modifiers removed, for building a value before freezing its type. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
