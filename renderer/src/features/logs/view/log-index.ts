// Pure helpers over the visible entries of one tab: where a line is, where the errors are, where a
// time is, and the overview buckets. Entries are in view order: seq ascending except for lines a
// replay hole swallowed, which are recovered in place (a higher seq among lower ones).
import type { Level, SignatureId } from '../../../../../main/core/types.js';
import type { EntryList } from '../../../stores/entry-list.js';
import { indexOfSeq } from '../log-filter.js';

/** Index of the entry with exactly this seq (binary search, verified), else the first with a higher seq, else -1. */
export function findIndexBySeq(visible: EntryList, seq: number): number {
  const idx = indexOfSeq(visible, seq);
  if (idx >= 0 && visible.at(idx)?.seq === seq) return idx;
  for (let i = 0; i < visible.length; i++) if (visible.at(i)?.seq === seq) return i;
  return idx;
}

/** Indices of the head lines (not continuations) of one level. */
export function levelIndices(visible: EntryList, level: Level): number[] {
  const out: number[] = [];
  for (let i = 0; i < visible.length; i++) {
    const e = visible.at(i);
    if (e && e.kind === 'line' && e.level === level && !e.continuation) out.push(i);
  }
  return out;
}

/** Indices of the error and of the warning head lines, in one pass (what the level navigation needs on every batch). */
export function errorAndWarningIndices(visible: EntryList): { error: number[]; warning: number[] } {
  const error: number[] = [];
  const warning: number[] = [];
  for (let i = 0; i < visible.length; i++) {
    const e = visible.at(i);
    if (!e || e.kind !== 'line' || e.continuation) continue;
    if (e.level === 'error') error.push(i);
    else if (e.level === 'warning') warning.push(i);
  }
  return { error, warning };
}

/** The next (dir 1) or previous (dir -1) index in `sorted` strictly after/before `from`, wrapping around. */
export function stepIndex(sorted: readonly number[], from: number, dir: 1 | -1): number | null {
  if (sorted.length === 0) return null;
  if (dir === 1) {
    for (const i of sorted) if (i > from) return i;
    return sorted[0] ?? null;
  }
  for (let k = sorted.length - 1; k >= 0; k--) {
    const i = sorted[k];
    if (i !== undefined && i < from) return i;
  }
  return sorted[sorted.length - 1] ?? null;
}

/**
 * Where the failure hints go: the last row of each block (a signature line and its continuation
 * lines), with the head's signature. The hint is a full-width row under the block, never cut.
 */
export function hintPlacements(visible: EntryList): Map<number, SignatureId> {
  const out = new Map<number, SignatureId>();
  let sig: SignatureId | null = null;
  let last = -1;
  for (let i = 0; i < visible.length; i++) {
    const e = visible.at(i);
    if (e?.kind === 'line' && e.continuation && sig !== null) {
      last = i;
      continue;
    }
    if (sig !== null) out.set(last, sig);
    // An unclassified error has no advice to give: no hint row for it.
    sig = e?.kind === 'line' && e.signature && e.signature !== 'generic-error' && !e.continuation ? e.signature : null;
    last = i;
  }
  if (sig !== null) out.set(last, sig);
  return out;
}

/** Index of the first line at or after `ts` (lines only; -1 when every line is older). */
export function indexAtTime(visible: EntryList, ts: number): number {
  for (let i = 0; i < visible.length; i++) {
    const e = visible.at(i);
    if (e && e.kind === 'line' && e.ts >= ts) return i;
  }
  return -1;
}

/**
 * "14:05" or "14:05:30" as a time on the day of the newest line (the day before when that would be
 * in the future of the log). Null for text that is not a time.
 */
export function timeOnLogDay(text: string, newestTs: number): number | null {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!m) return null;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  const d = new Date(newestTs);
  d.setHours(h, min, s, 0);
  let ts = d.getTime();
  if (ts > newestTs + 60_000) ts -= 86_400_000;
  return ts;
}

export interface OverviewBucket {
  readonly start: number;
  readonly end: number;
  readonly lines: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface Overview {
  readonly from: number;
  readonly to: number;
  readonly buckets: readonly OverviewBucket[];
  readonly maxLines: number;
}

/** Lines, errors and warnings over the time the tab covers, in `count` equal buckets. */
export function overview(visible: EntryList, count: number): Overview | null {
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < visible.length; i++) {
    const e = visible.at(i);
    if (e?.kind !== 'line') continue;
    if (e.ts < from) from = e.ts;
    if (e.ts > to) to = e.ts;
  }
  if (!Number.isFinite(from)) return null;
  const span = Math.max(1000, to - from);
  const width = span / count;
  const lines = new Uint32Array(count);
  const errors = new Uint32Array(count);
  const warnings = new Uint32Array(count);
  for (let i = 0; i < visible.length; i++) {
    const e = visible.at(i);
    if (e?.kind !== 'line') continue;
    const b = Math.min(count - 1, Math.floor((e.ts - from) / width));
    lines[b] = (lines[b] ?? 0) + 1;
    if (e.continuation) continue;
    if (e.level === 'error') errors[b] = (errors[b] ?? 0) + 1;
    else if (e.level === 'warning') warnings[b] = (warnings[b] ?? 0) + 1;
  }
  return overviewOf(from, span, count, lines, errors, warnings);
}

/** The overview from per-bucket counts (`count` buckets of equal width over [from, from + span]). */
export function overviewOf(
  from: number,
  span: number,
  count: number,
  lines: ArrayLike<number>,
  errors: ArrayLike<number>,
  warnings: ArrayLike<number>,
): Overview {
  const width = span / count;
  const buckets: OverviewBucket[] = [];
  let maxLines = 0;
  for (let b = 0; b < count; b++) {
    const n = lines[b] ?? 0;
    if (n > maxLines) maxLines = n;
    buckets.push({ start: from + b * width, end: from + (b + 1) * width, lines: n, errors: errors[b] ?? 0, warnings: warnings[b] ?? 0 });
  }
  return { from, to: from + span, buckets, maxLines };
}
