// Small type helpers every part of the core shares (one copy each).

/** A plain object (not null, not an array): the shape JSON objects decode to. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** T with its top-level readonly modifiers removed, for building a value before freezing its type. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
