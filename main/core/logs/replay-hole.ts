// The v1/v2 replay hole (llm-manager-api.md point 3): a connection replays the server's history and
// only then subscribes to live lines, so whatever the model printed during the replay never reaches
// it. The lines are in the server's history, so a LATER replay holds them: between the last line we
// held before the hole (`before`) and the first live line after it (`after`).
//
// HoleScan reads one later replay and collects exactly that stretch. It is pure; the connection layer
// decides which replay to scan (a second connection opened while the first is live, or the next
// reconnect) and what to do while `after` is not known yet.
import { fingerprint } from './replay-dedup.js';

export interface HoleLine {
  readonly ts: number;
  readonly text: string;
  readonly serverLevel?: string;
}

/** Where one hole sits in server order, as the logbook saw it. */
export interface HoleBounds {
  /** The gap marker's seq. */
  readonly markerSeq: number;
  /** Last line held before the hole (null: nothing held before it). */
  readonly before: HoleLine | null;
  /** How many held lines share `before`'s fingerprint up to and including it (identical lines). */
  readonly beforeOcc: number;
  /**
   * Where the hole starts in the server's list: the length of the replay that opened it (replay-dedup).
   * When known, a later replay of the same history is read by position, which stays exact however
   * many identical copies of `before` there are; `before` must then sit just in front of it.
   */
  readonly startIndex?: number;
  /** First live line after the hole (null: none arrived yet). */
  readonly after: HoleLine | null;
  /** How many identical copies of `after` arrived live in a row, starting with it. */
  readonly afterRun: number;
}

/** Most lines one hole may hold before the scan gives up (bounded memory). */
export const HOLE_SCAN_CAP = 5_000;

export type HoleScanResult =
  /** The stretch after `before`; `closed` false when `after` is not known (the tail is open). */
  | { readonly kind: 'found'; readonly lines: readonly HoleLine[]; readonly closed: boolean }
  /** `before` is not in this replay (the server's history changed) or the stretch was too long. */
  | { readonly kind: 'lost'; readonly why: 'history-changed' | 'too-long' };

export class HoleScan {
  private seenBefore = 0;
  private index = 0;
  /** By position, the line in front of the hole was not `before`: this is another history. */
  private positionFailed = false;
  private collecting: boolean;
  private readonly lines: HoleLine[] = [];
  private overflow = false;
  private readonly beforeFp: string;

  constructor(
    readonly bounds: HoleBounds,
    private readonly cap = HOLE_SCAN_CAP,
  ) {
    this.beforeFp = bounds.before ? fingerprint(bounds.before.ts, bounds.before.text) : '';
    this.collecting = bounds.before === null;
  }

  /** One replayed line, in replay order. */
  offer(line: HoleLine): void {
    if (this.overflow) return;
    const index = this.index++;
    const start = this.bounds.startIndex;
    if (!this.collecting && start !== undefined && start > 0) {
      if (this.positionFailed || index < start - 1) return;
      const before = this.bounds.before;
      if (before === null || (line.ts === before.ts && fingerprint(line.ts, line.text) === this.beforeFp)) this.collecting = true;
      else this.positionFailed = true;
      return;
    }
    if (!this.collecting) {
      if (line.ts === this.bounds.before?.ts && fingerprint(line.ts, line.text) === this.beforeFp) {
        this.seenBefore++;
        if (this.seenBefore >= this.bounds.beforeOcc) this.collecting = true;
      }
      return;
    }
    // Beyond the cap only `after` can still bound the hole: keep the first `cap` lines.
    if (this.lines.length >= this.cap) {
      this.overflow = true;
      return;
    }
    this.lines.push(line);
  }

  /**
   * The replay is over. `after` is the hole's first live line as known NOW (it may have arrived on the
   * first connection while this replay ran). The swallowed lines are those before it; without it the
   * whole stretch after `before` is returned with `closed: false`.
   */
  result(after: HoleLine | null, afterRun = 1): HoleScanResult {
    if (!this.collecting) return { kind: 'lost', why: 'history-changed' };
    const r = cutAt(this.lines, after, afterRun);
    // Too long to hold: found only when the hole's first live line is among the lines kept.
    if (this.overflow && (r.kind !== 'found' || !r.closed || r.lines.length >= this.lines.length)) return { kind: 'lost', why: 'too-long' };
    return r;
  }
}

/**
 * The lines before `after` (all of them when `after` is not among them); open when `after` is null.
 * Identical copies (same time and text) sit next to each other: of a run of copies of `after`, the
 * last `afterRun` are the ones the live feed delivered, any before them were swallowed.
 */
export function cutAt(lines: readonly HoleLine[], after: HoleLine | null, afterRun = 1): HoleScanResult {
  if (after === null) return { kind: 'found', lines: [...lines], closed: false };
  const fp = fingerprint(after.ts, after.text);
  const same = (l: HoleLine | undefined): boolean => l !== undefined && l.ts === after.ts && fingerprint(l.ts, l.text) === fp;
  const at = lines.findIndex(same);
  // `after` was printed after the scanned replay started: everything collected came before it.
  if (at < 0) return { kind: 'found', lines: [...lines], closed: true };
  let run = 0;
  while (same(lines[at + run])) run++;
  return { kind: 'found', lines: lines.slice(0, at + Math.max(0, run - Math.max(1, afterRun))), closed: true };
}
