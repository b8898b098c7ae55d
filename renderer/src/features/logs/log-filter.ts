import { stripAnsi as coreStripAnsi } from '../../../../contract/domain.js';
import type { Level, LogEntry, LogLine, Origin } from '../../../../main/core/types.js';
import type { EntryList } from '../../stores/entry-list.js';

/**
 * The line's text without ANSI escape codes (what the user reads, searches and exports). Not cached:
 * stripping (a no-op scan for most lines) is cheaper than even a WeakMap hit, and filling a WeakMap
 * with 200,000 entries made the first search over a big tab several times slower than later ones.
 */
export function plainText(line: LogLine): string {
  return coreStripAnsi(line.text);
}

export interface SearchSpec {
  readonly query: string;
  readonly regex: boolean;
  readonly matchCase: boolean;
}

export type CompiledSearch = { readonly ok: true; readonly re: RegExp | null } | { readonly ok: false; readonly error: string };

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An empty query compiles to `re: null` (no search). The RegExp is global for range finding. */
export function compileSearch(spec: SearchSpec): CompiledSearch {
  if (spec.query === '') return { ok: true, re: null };
  const source = spec.regex ? spec.query : escapeRegExp(spec.query);
  try {
    return { ok: true, re: new RegExp(source, spec.matchCase ? 'gu' : 'giu') };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

// Testing with a global RegExp (and resetting lastIndex) is ~10x slower than with a non-global one:
// searching 200,000 lines on every batch needs the fast path. One tester per compiled search.
const testers = new WeakMap<RegExp, RegExp>();

export function lineMatches(line: LogLine, re: RegExp): boolean {
  let tester = testers.get(re);
  if (!tester) {
    tester = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
    testers.set(re, tester);
  }
  return tester.test(plainText(line));
}

/** [start, end) ranges of every match in `text`; zero-length matches are skipped. */
export function matchRanges(text: string, re: RegExp): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  re.lastIndex = 0;
  let guard = 0;
  for (let m = re.exec(text); m !== null && guard < 10_000; m = re.exec(text), guard++) {
    if (m[0].length === 0) {
      re.lastIndex += 1;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  re.lastIndex = 0;
  return out;
}

export interface ViewFilter {
  readonly levels: ReadonlySet<Level>;
  readonly origins: ReadonlySet<Origin>;
  /** Only lines matching the search (markers hidden too). */
  readonly onlyMatches: boolean;
  readonly search: RegExp | null;
  /** When paused: nothing newer than this seq is shown. */
  readonly maxSeq: number | null;
}

export function isFiltering(f: ViewFilter, allLevels: number, allOrigins: number): boolean {
  return f.levels.size !== allLevels || f.origins.size !== allOrigins || (f.onlyMatches && f.search !== null);
}

/**
 * Whether the view shows an entry under the filter's levels, origins and search-only (the pause,
 * `maxSeq`, cuts the list instead: see filterEntries). Markers stay visible unless only matches are
 * shown. The one rule for the full pass and the incremental lists (visible-lineage).
 */
export function passesFilter(e: LogEntry, f: ViewFilter, matches: LineMatcher = lineMatches): boolean {
  if (e.kind === 'marker') return !(f.onlyMatches && f.search);
  if (!f.levels.has(e.level) || !f.origins.has(e.origin)) return false;
  return !(f.onlyMatches && f.search && !matches(e, f.search));
}

/** The entries the view shows, in order: those that pass the filter, up to the first one after the pause. */
export function filterEntries(
  entries: EntryList,
  f: ViewFilter,
  allLevels = 4,
  allOrigins = 2,
  matches: LineMatcher = lineMatches,
): LogEntry[] {
  const needsLineFilter = isFiltering(f, allLevels, allOrigins);
  const out: LogEntry[] = [];
  for (const e of entries) {
    if (f.maxSeq !== null && e.seq > f.maxSeq) break;
    if (!needsLineFilter || passesFilter(e, f, matches)) out.push(e);
  }
  return out;
}

export type LineMatcher = (line: LogLine, re: RegExp) => boolean;

/** Indices (into `visible`) of the lines that match. */
export function findMatches(visible: EntryList, re: RegExp | null, matches: LineMatcher = lineMatches): number[] {
  if (!re) return [];
  const out: number[] = [];
  for (let i = 0; i < visible.length; i++) {
    const e = visible.at(i);
    if (e && e.kind === 'line' && matches(e, re)) out.push(i);
  }
  return out;
}

/** Lines tested between two looks at the clock in a budgeted sync (a clock read per line costs more than the test). */
const CLOCK_EVERY = 256;

const clockNow = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Remembers which lines of one model match one search. A tab with 200,000 lines re-searches on every
 * live batch; with the memo only the lines newer than the last sync are tested (seqs only grow per
 * model, so a line's answer never changes). Feed it the whole buffer, not the filtered view, so
 * lines hidden by a filter at sync time are tested too.
 *
 * The first pass of a new search can be budgeted (`sync(…, budgetMs)`): it tests from the oldest
 * line on until the budget is spent and then stops where it was; `progress` says how far it got, and
 * until it is done `matches` answers only for the lines tested so far (partial results). Each later
 * sync continues from there (its position survives appends and trims at the front). A new query,
 * another model or a rebuilt log starts over, which is what cancels a search in progress.
 */
export class MatchMemo {
  private key: string | null = null;
  private re: RegExp | null = null;
  private testedUpTo = -1;
  private hits = new Set<number>();
  /** False while the first pass of the current search is under way. */
  private complete = true;
  /** Where the first pass continues: the index of the next entry to test and that entry's seq. */
  private cursor = 0;
  private cursorSeq = -1;
  private fraction = 1;
  /**
   * Changes whenever answers for lines tested before may change (a new search, a slice of the first
   * pass); appends after the first pass leave it, since they only add answers for new lines.
   */
  revision = 0;

  sync(key: string, re: RegExp | null, entries: EntryList, budgetMs = Infinity, now: () => number = clockNow): void {
    const newest = entries.at(entries.length - 1)?.seq ?? -1;
    // Seqs going backwards means a new numbering (the core rebuilt this model's log): start over.
    if (key !== this.key || re !== this.re || newest < (this.complete ? this.testedUpTo : this.cursorSeq)) {
      this.key = key;
      this.re = re;
      this.testedUpTo = -1;
      this.hits = new Set();
      this.complete = re === null || !Number.isFinite(budgetMs);
      this.cursor = 0;
      this.cursorSeq = entries.at(0)?.seq ?? -1;
      this.fraction = this.complete ? 1 : 0;
      this.revision++;
    }
    if (!re) return;
    if (!this.complete) {
      this.revision++;
      this.continueFirstPass(re, entries, budgetMs, now);
      return;
    }
    let start = entries.length;
    while (start > 0 && (entries.at(start - 1)?.seq ?? -1) > this.testedUpTo) start--;
    for (let i = start; i < entries.length; i++) {
      const e = entries.at(i);
      if (e && e.kind === 'line' && lineMatches(e, re)) this.hits.add(e.seq);
    }
    if (newest > this.testedUpTo) this.testedUpTo = newest;
  }

  private continueFirstPass(re: RegExp, entries: EntryList, budgetMs: number, now: () => number): void {
    let i = this.cursor;
    // Trims at the front (or a rebuilt log) move entries: find the cursor's entry again by its seq.
    if (entries.at(i)?.seq !== this.cursorSeq) {
      i = indexOfSeq(entries, this.cursorSeq);
      if (i >= 0 && entries.at(i)?.seq !== this.cursorSeq) {
        let exact = -1;
        for (let k = 0; k < entries.length; k++) {
          if (entries.at(k)?.seq === this.cursorSeq) {
            exact = k;
            break;
          }
        }
        if (exact >= 0) i = exact;
      }
      if (i < 0) i = entries.length;
    }
    const started = now();
    // At least one block per call, so even a spent budget makes progress.
    const begin = i;
    for (; i < entries.length; i++) {
      if ((i & (CLOCK_EVERY - 1)) === 0 && i - begin >= CLOCK_EVERY && now() - started >= budgetMs) break;
      const e = entries.at(i);
      if (e && e.kind === 'line' && lineMatches(e, re)) this.hits.add(e.seq);
    }
    if (i >= entries.length) {
      this.complete = true;
      this.fraction = 1;
      this.testedUpTo = entries.at(entries.length - 1)?.seq ?? -1;
      return;
    }
    this.cursor = i;
    this.cursorSeq = entries.at(i)?.seq ?? -1;
    this.fraction = entries.length > 0 ? i / entries.length : 1;
  }

  /** Null when no first pass is under way, else the share of the buffer tested so far (0 to <1). */
  get progress(): number | null {
    return this.complete ? null : this.fraction;
  }

  /** Valid after sync() with the same search; falls back to testing for lines it has not seen. */
  readonly matches: LineMatcher = (line, re) => {
    if (re !== this.re) return lineMatches(line, re);
    if (!this.complete) return this.hits.has(line.seq);
    return line.seq <= this.testedUpTo ? this.hits.has(line.seq) : lineMatches(line, re);
  };
}

/** Index of the first entry with seq >= target (binary search: entries are ascending by seq). */
export function indexOfSeq(visible: EntryList, seq: number): number {
  let lo = 0;
  let hi = visible.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = visible.at(mid);
    if (e && e.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo < visible.length ? lo : -1;
}

export function formatTime(ts: number): string {
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Plain-text export: one line per entry, markers as their visible text. */
export function toPlainText(visible: EntryList, markerText: (e: Extract<LogEntry, { kind: 'marker' }>) => string): string {
  const lines: string[] = [];
  for (const e of visible) {
    if (e.kind === 'marker') lines.push(markerText(e));
    else lines.push(`${new Date(e.ts).toISOString()} [${e.origin}] [${e.level}] ${plainText(e)}`);
  }
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}

export function toNdjson(visible: EntryList): string {
  const lines: string[] = [];
  for (const e of visible) lines.push(JSON.stringify(e));
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}
