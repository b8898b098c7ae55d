// Exactly-once across reconnects (product.md §1, llm-manager-api.md points 2, 3, 9).
//
// v1/v2 lines have no ids and every connection replays the model's whole server history: one
// append-only list per model, emptied only by a clear or a manager restart. Two facts make the
// de-duplication exact for repeated identical lines, in any number and at any timestamp resolution
// (including none):
//
// 1. POSITION. A replay we read to the end covered list positions 0..N-1. The next replay's first N
//    lines are therefore already handled, whatever they say: they are skipped by count, and checked
//    only at both ends (the first line and line N-1 must be the ones we saw there; otherwise the
//    history changed and we fall back to matching by content, with a marker).
// 2. RUNS. What we appended since (the live tail) is matched by content after position N. The recent
//    window holds runs of identical lines (ts + text) with their full counts, so 10,000 copies
//    of the same progress line cost one entry and are counted exactly.
//
// Within the live tail we find our ANCHOR (the last line we hold) by occurrence count; replayed
// lines up to it are duplicates, lines after it are new (produced while we were away). Lines the
// replay hole swallowed sit before the tail: they are left to the logbook's hole recovery.
//
// If the anchor never appears the server's history is not the one we followed (cleared, restarted);
// we then keep only replayed lines newer than the anchor and report a gap once.
//
// Memory stays bounded: RECENT_RUNS runs (each a count, not copies), and while searching for the
// anchor only replayed lines newer than it are held, up to the pending cap.
//
// THE LIVE TAIL'S BOUND. The tail costs nothing per live line but its seq and server time in two typed
// arrays, for the lines the logbook still holds; the (ts, text) counts are built from them (texts read
// back from the logbook) only when a reconnect starts matching. When the logbook drops a tail line
// (cap, clear), it is forgotten ("pruned") once its time is more than TAIL_KEEP_MS older than the
// newest tail line; until then its pair is kept in a small map. Why this stays exact: the replay's
// matching depends on the tail only through
//   (a) the anchor's occurrence count — a pruned line cannot share the anchor's pair when the anchor
//       is newer than every pruned line (`prunedMaxTs`), which holds unless the server's clock stepped
//       back by more than TAIL_KEEP_MS;
//   (b) whether a replayed line before the anchor is "held" — a pruned pair is older than the anchor,
//       so it is dropped either way (held: a duplicate; not held and older: a line before the anchor,
//       which the hole recovery owns); a line no newer than the newest pruned one is never kept
//       pending for the same reason;
//   (c) after the anchor, duplicates of held lines (lines a few ms out of order) — those are recent,
//       never pruned.
// So the result is the one an unbounded tail would give, for a tail of any length (the old map gave
// up beyond 50,000 distinct pairs). If the clock stepped back and a pruned line shares the anchor's
// pair, the count may fall short; the anchor is then still not accepted before replay index
// prefix + tailLines - 1 (the tail follows the prefix and the hole), which is exact unless the hole
// was as long as the ring.
import type { GapReason } from '../types.js';
import type { IncomingLine } from './incoming.js';

/** Runs of identical fingerprints kept for matching (each run any number of lines). */
export const RECENT_RUNS = 64;

/** Distinct (ts, text) pairs kept for dropped tail lines (see TAIL_KEEP_MS); beyond it the recent runs are used. */
const TAIL_FP_CAP = 50_000;

/**
 * A tail line the logbook drops is forgotten when it is this much older than the newest tail line
 * (stdout and stderr lines may arrive a little out of time order, llm-manager-api.md); a newer one
 * (identical timestamps, lines without a time) keeps its pair.
 */
export const TAIL_KEEP_MS = 2_000;

/** How far a v3 line may lag in time behind a higher id (lines are stored in 1 s flushes). */
const ID_RESET_TOLERANCE_MS = 2_000;

export type DedupOutput =
  | { readonly kind: 'line'; readonly line: IncomingLine }
  | { readonly kind: 'gap'; readonly reason: GapReason };

type Mode =
  | 'first' // nothing held yet: every replayed line is new
  | 'skip' // inside the prefix a previous replay covered: duplicates by position
  | 'search' // looking for the anchor
  | 'after' // anchor found: new unless a recent duplicate (reordering)
  | 'fallback' // anchor missing: keep only lines newer than the anchor
  | 'live'; // replay over

export function fingerprint(ts: number, text: string): string {
  return `${ts}\u0000${text}`;
}

/** Number equality as the fingerprint string compared it (NaN equals NaN, 0 equals -0). */
function sameTs(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

interface TsText {
  readonly ts: number;
  readonly text: string;
}

/**
 * Counts of (ts, text) pairs keyed by the line's own text string (the logbook already holds it, so
 * an entry adds no string). A text seen once maps to the line itself; only a text seen at several
 * instants or several times gets a small map of ts -> count. Exact: equality of ts and text, no hashing.
 */
type PairCounts = Map<string, TsText | Map<number, number>>;

/** Reads the text of a line the logbook holds, by its seq (undefined when not held). */
export type HeldText = (seq: number) => string | undefined;

function pairCount(m: PairCounts, ts: number, text: string): number | undefined {
  const v = m.get(text);
  if (v === undefined) return undefined;
  if (!(v instanceof Map)) return sameTs(v.ts, ts) ? 1 : undefined;
  return v.get(ts);
}

/** Adds n occurrences of (ts, text); returns the pair's new count. */
function addPair(m: PairCounts, line: TsText, n: number): number {
  const { ts, text } = line;
  const v = m.get(text);
  if (v === undefined) {
    if (n === 1) m.set(text, line);
    else m.set(text, new Map([[ts, n]]));
    return n;
  }
  if (!(v instanceof Map)) {
    const counts = new Map<number, number>([[v.ts, 1]]);
    const total = (counts.get(ts) ?? 0) + n;
    counts.set(ts, total);
    m.set(text, counts);
    return total;
  }
  const total = (v.get(ts) ?? 0) + n;
  v.set(ts, total);
  return total;
}

/** Removes one occurrence of (ts, text); true when the pair is gone. */
function removePair(m: PairCounts, ts: number, text: string): boolean {
  const v = m.get(text);
  if (v === undefined) return false;
  if (!(v instanceof Map)) {
    if (!sameTs(v.ts, ts)) return false;
    m.delete(text);
    return true;
  }
  // Map keys compare like sameTs (NaN equals NaN, 0 equals -0).
  const c = v.get(ts);
  if (c === undefined) return false;
  if (c > 1) {
    v.set(ts, c - 1);
    return false;
  }
  v.delete(ts);
  if (v.size === 0) m.delete(text);
  return true;
}

/** A copy that shares no mutable inner map with the original. */
function copyPairs(m: PairCounts): PairCounts {
  const out: PairCounts = new Map();
  for (const [text, v] of m) out.set(text, v instanceof Map ? new Map(v) : v);
  return out;
}

function samePair(a: TsText | null, ts: number, text: string): boolean {
  return a !== null && a.text === text && sameTs(a.ts, ts);
}

export interface BeginHint {
  /** The connection layer knows the server process restarted (e.g. it was unreachable meanwhile). */
  readonly serverRestarted?: boolean;
  /**
   * The connection carries line ids (v3): no replay to match, so a connection that brings no lines
   * at all (a brand-new session) is not a sign that the server was cleared.
   */
  readonly ids?: boolean;
}

/** Runs held in the recent window (the newest RUN_SLOTS; at least RECENT_RUNS, as before). */
const RUN_SLOTS = RECENT_RUNS * 2;

export class ReplayDedup {
  // Recent runs of what we hold, in a circular set of columns (no object per line): the hot path
  // (live lines) compares ts and text of the newest run only; pairs are built when a search begins.
  private runTs = new Float64Array(0);
  private runCounts = new Float64Array(0);
  private runTexts: string[] = [];
  /** Slot of the newest run. */
  private runNewest = -1;
  private runsHeld = 0;

  private anchor: TsText | null = null;
  private maxId = -Infinity;
  /** Newest server time among v3 lines (ids and times grow together within one database). */
  private maxIdTs = -Infinity;

  private mode: Mode = 'first';
  private anchorOcc = 0;
  /** The replay index the anchor cannot come before (see startSearch). */
  private minAnchorIndex = 0;
  /** The tail's prunedMaxTs when this search started. */
  private searchPrunedMaxTs = -Infinity;
  private heldCounts: PairCounts = new Map();
  private seenCounts: PairCounts = new Map();
  private pending: IncomingLine[] = [];
  private sawForeignOlder = false;
  private restartHint = false;
  /** We cleared the server ourselves: a missing anchor is expected, no gap marker. */
  private clearedByUs = false;
  /** A missing anchor was already reported; don't report it on every reconnect. */
  private anchorLost = false;
  /** v3 connections carry ids: replay matching does not apply to them. */
  private idsThisConnection = false;

  // Position bookkeeping (fact 1).
  /** List positions a previous replay covered, when known (the tail then starts right after). */
  private prefix = 0;
  private prefixKnown = false;
  private prefixFirst: TsText | null = null;
  private prefixLast: TsText | null = null;
  /** Lines appended since the prefix was established (our live tail). */
  private tailLines = 0;
  /**
   * The tail lines the logbook still holds, oldest first: their seqs and server times in a circular
   * pair of typed arrays (16 bytes a line; texts are read back from the logbook when a search starts).
   */
  private tailSeqs = new Float64Array(0);
  private tailTs = new Float64Array(0);
  private tailHead = 0;
  private tailHeld = 0;
  /** Newest server time in the tail. */
  private tailMaxTs = -Infinity;
  /** Newest server time among the tail lines forgotten when the logbook dropped them. */
  private prunedMaxTs = -Infinity;
  /** Pairs of dropped tail lines not forgotten (close to the newest time; see TAIL_KEEP_MS). */
  private tailKept: PairCounts = new Map();
  /** The same kept lines in the order they were dropped, to forget them once they are old enough. */
  private keptTs: number[] = [];
  private keptTexts: string[] = [];
  private keptHead = 0;
  /** Distinct (ts, text) pairs in tailKept. */
  private tailDistinct = 0;
  private tailOverflow = false;
  /** This connection's replayed lines so far, and the lines at its ends. */
  private replayIndex = 0;
  private replayFirst: TsText | null = null;
  private replayLast: TsText | null = null;

  /** `heldText` reads the text of a line the logbook holds by its seq (noteAppended's `heldSeq`). */
  constructor(
    private readonly pendingCap: number,
    private readonly heldText: HeldText,
  ) {
    this.beginConnection();
  }

  get replaying(): boolean {
    return this.mode !== 'live';
  }

  /** History lines this connection's replay delivered so far (its list positions 0..n-1). */
  get replayedLines(): number {
    return this.replayIndex;
  }

  beginConnection(hint?: BeginHint): void {
    // A connection that dropped mid-replay, past its anchor, still covered what it replayed.
    if (this.mode === 'first' || this.mode === 'after' || this.mode === 'fallback') this.notePrefix();
    this.pending = [];
    this.seenCounts = new Map();
    this.sawForeignOlder = false;
    this.restartHint = hint?.serverRestarted === true;
    this.idsThisConnection = hint?.ids === true;
    this.replayIndex = 0;
    this.replayFirst = null;
    this.replayLast = null;
    if (!this.anchor) {
      this.mode = 'first';
      return;
    }
    if (this.prefixKnown && this.prefix > 0) {
      this.mode = 'skip';
      return;
    }
    this.startSearch(this.prefixKnown);
  }

  /** Search the anchor among what we hold: the whole recent window, or only the live tail. */
  private startSearch(tailOnly: boolean): void {
    this.heldCounts = new Map();
    // The tail follows the prefix (after the hole, if any): the anchor, its last line, sits at least
    // this far into the replay. With the counts exact this never decides; if the clock stepped back
    // and a forgotten tail line shares the anchor's pair, it keeps an earlier copy from passing for it.
    this.minAnchorIndex = tailOnly ? this.prefix + this.tailLines - 1 : 0;
    this.searchPrunedMaxTs = tailOnly ? this.prunedMaxTs : -Infinity;
    const anchor0 = this.anchor;
    if (tailOnly && !this.tailOverflow && this.tailLines > 0 && anchor0) {
      const counts = this.tailPairs();
      if (counts) {
        this.heldCounts = counts;
        this.anchorOcc = pairCount(counts, anchor0.ts, anchor0.text) ?? 1;
        this.mode = 'search';
        return;
      }
    }
    let budget = tailOnly ? this.tailLines : Infinity;
    for (let k = 0; k < this.runsHeld && budget > 0; k++) {
      const slot = (this.runNewest - k + RUN_SLOTS) % RUN_SLOTS;
      const n = Math.min(this.runCounts[slot] ?? 0, budget);
      budget -= n;
      addPair(this.heldCounts, { ts: this.runTs[slot] ?? Number.NaN, text: this.runTexts[slot] ?? '' }, n);
    }
    if (tailOnly && this.tailLines === 0) {
      // Nothing appended since the prefix: the anchor was its last line, everything after is new.
      this.mode = 'after';
      return;
    }
    const anchor = this.anchor;
    if (!anchor) {
      this.mode = 'first';
      return;
    }
    this.anchorOcc = pairCount(this.heldCounts, anchor.ts, anchor.text) ?? 1;
    this.mode = 'search';
  }

  /**
   * The common cases without an output array: true = append the line as it is, false = a duplicate,
   * undefined = nothing decided and nothing changed (call offer()). offer() decides these cases
   * through this very method, so both give the same answers with the same state changes.
   */
  quick(line: IncomingLine): boolean | undefined {
    if (line.id !== undefined) {
      // v3: ids are global and increase; the connection layer emits them in id order.
      if (line.id <= this.maxId) return undefined;
      this.idsThisConnection = true;
      this.maxId = line.id;
      this.maxIdTs = Math.max(this.maxIdTs, line.ts);
      return true;
    }
    if (line.origin === 'live') return this.mode === 'live' ? true : undefined;
    const index = this.replayIndex;
    // 'skip': inside the prefix a previous replay covered, away from both ends that are checked.
    const skip = this.mode === 'skip' && index > 0 && index < this.prefix - 1;
    if (this.mode !== 'first' && !skip) return undefined;
    this.replayIndex++;
    if (index === 0) this.replayFirst = line;
    this.replayLast = line;
    return !skip;
  }

  /** Decide what to do with one incoming line. Lines to append come back in order. */
  offer(line: IncomingLine): DedupOutput[] {
    const q = this.quick(line);
    if (q !== undefined) return q ? [{ kind: 'line', line }] : [];
    // What quick() leaves: a v3 id that is not new, a live line ending a replay, and replayed lines
    // that need matching.
    if (line.id !== undefined) {
      this.idsThisConnection = true;
      // Within one v3 database ids grow with time. A line whose id is not new but whose time is
      // clearly newer than the newest line we hold means the ids started over (the server's
      // database was reset): dropping it as a duplicate would silently lose the new server's log.
      if (line.ts <= this.maxIdTs + ID_RESET_TOLERANCE_MS) return [];
      this.maxId = line.id;
      this.maxIdTs = line.ts;
      return [{ kind: 'gap', reason: 'server-restarted' }, { kind: 'line', line }];
    }
    if (line.origin === 'live') {
      const out = this.endReplay();
      out.push({ kind: 'line', line });
      return out;
    }
    // A history line after the replay ended means a new connection the caller did not announce.
    if (this.mode === 'live') this.beginConnection();
    const index = this.replayIndex++;
    if (index === 0) this.replayFirst = line;
    this.replayLast = line;
    return this.offerReplayed(line, index);
  }

  private offerReplayed(line: IncomingLine, index: number): DedupOutput[] {
    const anchor = this.anchor;
    switch (this.mode) {
      case 'first':
        return [{ kind: 'line', line }];
      case 'skip': {
        if (index === 0 && !samePair(this.prefixFirst, line.ts, line.text)) {
          // Not the history we read before (cleared, restarted, or a clear kept only a suffix):
          // positions mean nothing now, match by content from here.
          this.forgetPrefix();
          this.startSearch(false);
          return this.offerReplayed(line, index);
        }
        if (index < this.prefix - 1) return [];
        if (!samePair(this.prefixLast, line.ts, line.text)) {
          // Same beginning, different line where our prefix ended: the history changed under us.
          this.forgetPrefix();
          return this.resolveMismatch(line.ts > (anchor?.ts ?? -Infinity) ? [line] : []);
        }
        this.startSearch(true);
        return [];
      }
      case 'search': {
        if (!anchor) return [{ kind: 'line', line }];
        const held = pairCount(this.heldCounts, line.ts, line.text);
        if (held !== undefined) {
          const seen = addPair(this.seenCounts, line, 1);
          if (samePair(anchor, line.ts, line.text) && seen >= this.anchorOcc && index >= this.minAnchorIndex) {
            // Everything before the anchor in server order is something we already had.
            this.mode = 'after';
            this.pending = [];
          }
          return [];
        }
        if (line.ts <= anchor.ts) this.sawForeignOlder = true;
        else if (!(line.ts <= this.searchPrunedMaxTs)) {
          // (Not held but no newer than a forgotten tail line: possibly that line; dropped like an older one.)
          this.pending.push(line);
          if (this.pending.length > this.pendingCap) return this.resolveMismatch();
        }
        return [];
      }
      case 'after': {
        const held = pairCount(this.heldCounts, line.ts, line.text);
        if (held !== undefined) {
          const seen = addPair(this.seenCounts, line, 1);
          if (seen <= held) return [];
        }
        return [{ kind: 'line', line }];
      }
      case 'fallback':
        return anchor && line.ts <= anchor.ts ? [] : [{ kind: 'line', line }];
      case 'live':
        return [{ kind: 'line', line }];
    }
  }

  /** The replay is over (v1/v2 `historical_complete`, or the first live line). */
  endReplay(): DedupOutput[] {
    let out: DedupOutput[] = [];
    if (!this.idsThisConnection) {
      if (this.mode === 'search') out = this.resolveMismatch();
      else if (this.mode === 'skip') {
        // Shorter than what we read before: the history was cleared or the server restarted.
        this.forgetPrefix();
        out = this.resolveMismatch();
      }
      this.notePrefix(true);
    }
    this.mode = 'live';
    this.pending = [];
    // Only used while a replay is matched: don't keep them (up to the tail's size) until the next one.
    this.heldCounts = new Map();
    this.seenCounts = new Map();
    return out;
  }

  /**
   * The logbook settled a replay hole between replays (the check connection) and appended `lines`,
   * the server's list positions from `startIndex` on. When they follow the prefix directly, with no
   * live line since, they are the newest lines we hold in server order: they extend the prefix and
   * become the anchor, exactly as if a replay had delivered them, so the next replay skips them by
   * position. (A live line since means they sit between the prefix and the tail, where the anchor
   * search already drops them.) Returns whether they did.
   */
  noteRecovered(startIndex: number, lines: readonly TsText[]): boolean {
    const first = lines[0];
    const last = lines[lines.length - 1];
    if (!first || !last || this.mode !== 'live' || this.idsThisConnection || !this.prefixKnown || this.tailLines !== 0 || startIndex !== this.prefix) return false;
    if (this.prefix === 0) this.prefixFirst = first;
    this.prefix += lines.length;
    this.prefixLast = last;
    // As replayed lines: the anchor and the recent runs, not the live tail (so no seq is needed).
    for (const l of lines) this.noteAppended({ origin: 'history', ts: l.ts, text: l.text }, Number.NaN);
    return true;
  }

  /** Every (ts, text) of the live tail with its count; null if a held text cannot be read. */
  private tailPairs(): PairCounts | null {
    const out = copyPairs(this.tailKept);
    const len = this.tailSeqs.length;
    for (let k = 0; k < this.tailHeld; k++) {
      const slot = (this.tailHead + k) % len;
      const text = this.heldText(this.tailSeqs[slot] ?? Number.NaN);
      if (text === undefined) return null;
      addPair(out, { ts: this.tailTs[slot] ?? Number.NaN, text }, 1);
    }
    return out;
  }

  /** This connection's replay covered positions 0..replayIndex-1 of the server's list. */
  private notePrefix(complete = false): void {
    if (this.idsThisConnection || (this.replayIndex === 0 && !complete)) return;
    if (this.prefixKnown && this.replayIndex < this.prefix && this.mode !== 'fallback') return;
    this.prefix = this.replayIndex;
    this.prefixKnown = true;
    this.prefixFirst = this.replayFirst;
    this.prefixLast = this.replayLast;
    this.resetTail();
  }

  private resolveMismatch(extra: readonly IncomingLine[] = []): DedupOutput[] {
    const out: DedupOutput[] = [];
    if (!this.clearedByUs && !this.anchorLost) {
      const reason: GapReason = this.restartHint || this.sawForeignOlder ? 'server-restarted' : 'server-cleared';
      out.push({ kind: 'gap', reason });
    }
    this.anchorLost = true;
    this.clearedByUs = false;
    for (const line of this.pending) out.push({ kind: 'line', line });
    for (const line of extra) out.push({ kind: 'line', line });
    this.pending = [];
    this.mode = 'fallback';
    return out;
  }

  /**
   * The logbook appended this line: it is the new anchor. `heldSeq` is the seq of the logbook's own
   * entry for it: the live tail refers to it by that number instead of holding anything per line
   * (the logbook then calls releaseHeld before it drops that line).
   */
  noteAppended(line: IncomingLine, heldSeq: number): void {
    this.anchor = line;
    this.anchorLost = false;
    if (line.id !== undefined) {
      if (line.id > this.maxId) this.maxId = line.id;
      if (line.ts > this.maxIdTs) this.maxIdTs = line.ts;
    } else if (line.origin === 'live') {
      // A live line lies beyond every replayed position: part of the tail matched by content.
      this.tailLines++;
      if (!this.tailOverflow) this.pushTail(line, heldSeq);
    }
    const newest = this.runNewest;
    if (newest >= 0 && this.runTs[newest] === line.ts && this.runTexts[newest] === line.text) {
      this.runCounts[newest] = (this.runCounts[newest] ?? 0) + 1;
      return;
    }
    if (this.runTs.length === 0) {
      this.runTs = new Float64Array(RUN_SLOTS);
      this.runCounts = new Float64Array(RUN_SLOTS);
    }
    const slot = (newest + 1) % RUN_SLOTS;
    this.runTs[slot] = line.ts;
    this.runTexts[slot] = line.text;
    this.runCounts[slot] = 1;
    this.runNewest = slot;
    if (this.runsHeld < RUN_SLOTS) this.runsHeld++;
  }

  /**
   * The logbook drops its held line `seq` (cap, clear, resize). A tail line is forgotten, or its pair
   * kept when it is about as new as the newest tail line (see "the live tail's bound").
   */
  releaseHeld(seq: number, _ts: number, text: string): void {
    // The logbook drops lines oldest first (cap, resize, clear): a tail line is the oldest one we note.
    if (this.tailHeld === 0 || this.tailSeqs[this.tailHead] !== seq) return;
    // Our own copy of the server time: the logbook shows a line without one at its receive time.
    const ts = this.tailTs[this.tailHead] ?? Number.NaN;
    this.tailHead = (this.tailHead + 1) % this.tailSeqs.length;
    this.tailHeld--;
    const oldest = this.tailMaxTs - TAIL_KEEP_MS;
    // Kept pairs that have grown old enough are forgotten too (in drop order; one newer stops it).
    while (this.keptHead < this.keptTs.length && (this.keptTs[this.keptHead] ?? Infinity) < oldest) this.forgetKept();
    if (ts < oldest) {
      if (ts > this.prunedMaxTs) this.prunedMaxTs = ts;
      return;
    }
    this.keptTs.push(ts);
    this.keptTexts.push(text);
    if (addPair(this.tailKept, { ts, text }, 1) === 1 && ++this.tailDistinct > TAIL_FP_CAP) this.resetTail(true);
  }

  /** Forgets the oldest kept pair (one occurrence). */
  private forgetKept(): void {
    const i = this.keptHead++;
    const ts = this.keptTs[i] ?? Number.NaN;
    const text = this.keptTexts[i] ?? '';
    if (ts > this.prunedMaxTs) this.prunedMaxTs = ts;
    if (removePair(this.tailKept, ts, text)) this.tailDistinct--;
    if (this.keptHead >= 1024 && this.keptHead * 2 >= this.keptTs.length) {
      this.keptTs = this.keptTs.slice(this.keptHead);
      this.keptTexts = this.keptTexts.slice(this.keptHead);
      this.keptHead = 0;
    }
  }

  /** What the live tail retains (for tests): lines noted by seq, and pairs of dropped ones. */
  tailRetained(): { readonly held: number; readonly kept: number; readonly overflow: boolean } {
    return { held: this.tailHeld, kept: this.keptTs.length - this.keptHead, overflow: this.tailOverflow };
  }

  /** Notes one live line of the tail by its seq in the logbook (bounded by what the logbook holds). */
  private pushTail(line: IncomingLine, heldSeq: number): void {
    if (line.ts > this.tailMaxTs) this.tailMaxTs = line.ts;
    let len = this.tailSeqs.length;
    if (this.tailHeld === len) {
      this.growTail(Math.max(64, len * 2));
      len = this.tailSeqs.length;
    }
    const slot = (this.tailHead + this.tailHeld) % len;
    this.tailSeqs[slot] = heldSeq;
    this.tailTs[slot] = line.ts;
    this.tailHeld++;
  }

  private growTail(len: number): void {
    const seqs = new Float64Array(len);
    const ts = new Float64Array(len);
    const old = this.tailSeqs.length;
    for (let k = 0; k < this.tailHeld; k++) {
      const from = (this.tailHead + k) % old;
      seqs[k] = this.tailSeqs[from] ?? Number.NaN;
      ts[k] = this.tailTs[from] ?? Number.NaN;
    }
    this.tailSeqs = seqs;
    this.tailTs = ts;
    this.tailHead = 0;
  }

  /** After a successful clear on the server: the next replay may legitimately lack our anchor. */
  serverCleared(anchorStillThere: boolean): void {
    if (!anchorStillThere) this.clearedByUs = true;
    // The server's list lost its head: positions from earlier replays no longer apply.
    this.forgetPrefix();
  }

  private forgetPrefix(): void {
    this.prefix = 0;
    this.prefixKnown = false;
    this.resetTail();
  }

  private resetTail(overflow = false): void {
    if (!overflow) this.tailLines = 0;
    this.tailSeqs = new Float64Array(0);
    this.tailTs = new Float64Array(0);
    this.tailHead = 0;
    this.tailHeld = 0;
    this.tailMaxTs = -Infinity;
    this.prunedMaxTs = -Infinity;
    this.tailKept = new Map();
    this.keptTs = [];
    this.keptTexts = [];
    this.keptHead = 0;
    this.tailDistinct = 0;
    this.tailOverflow = overflow;
  }

  anchorTs(): number | null {
    return this.anchor ? this.anchor.ts : null;
  }
}
