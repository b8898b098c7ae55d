// Exactly-once across reconnects (product.md §1, llm-manager-api.md points 2, 3, 9).
//
// v1/v2 lines have no ids and every connection replays the model's whole server history. We remember
// our ANCHOR — the last line we hold, fingerprinted as ts + text — and find it in the replay by
// position: replayed lines up to it are duplicates, lines after it are new (produced while we were
// away). Identical fingerprints can only come from lines appended at the same instant, so they sit
// next to each other; counting occurrences within a short window of recent lines is exact. The same
// window absorbs the small reorderings of the server's two reader threads around the anchor.
//
// If the anchor never appears the server's history is not the one we followed (cleared, restarted);
// we then keep only replayed lines newer than the anchor and report a gap once.
//
// Memory stays bounded: only RECENT_WINDOW fingerprints are kept, and while searching for the anchor
// only replayed lines newer than it are held (anything older is either a duplicate or discarded).
import type { GapReason } from '../types.js';
import type { IncomingLine } from './incoming.js';

export const RECENT_WINDOW = 64;

/** How far a v3 line may lag in time behind a higher id (lines are stored in 1 s flushes). */
const ID_RESET_TOLERANCE_MS = 2_000;

export type DedupOutput =
  | { readonly kind: 'line'; readonly line: IncomingLine }
  | { readonly kind: 'gap'; readonly reason: GapReason };

type Mode =
  | 'first' // nothing held yet: every replayed line is new
  | 'search' // looking for the anchor
  | 'after' // anchor found: new unless a recent duplicate (reordering)
  | 'fallback' // anchor missing: keep only lines newer than the anchor
  | 'live'; // replay over

export function fingerprint(ts: number, text: string): string {
  return `${ts}\u0000${text}`;
}

export interface BeginHint {
  /** The connection layer knows the server process restarted (e.g. a new start time). */
  readonly serverRestarted?: boolean;
}

export class ReplayDedup {
  // Recent window of what we hold, in append order (a ring). Fingerprints are built only when a
  // connection begins: the hot path (live lines) does no string work.
  private readonly recent: Array<{ readonly ts: number; readonly text: string }> = [];
  private recentHead = 0;

  private anchor: { readonly ts: number; readonly text: string } | null = null;
  private anchorFp = '';
  private maxId = -Infinity;
  /** Newest server time among v3 lines (ids and times grow together within one database). */
  private maxIdTs = -Infinity;

  private mode: Mode = 'first';
  private anchorOcc = 0;
  private heldCounts = new Map<string, number>();
  /** Timestamps of heldCounts: a cheap numeric pre-check before building a fingerprint. */
  private heldTs = new Set<number>();
  private seenCounts = new Map<string, number>();
  private pending: IncomingLine[] = [];
  private sawForeignOlder = false;
  private restartHint = false;
  /** We cleared the server ourselves: a missing anchor is expected, no gap marker. */
  private clearedByUs = false;
  /** A missing anchor was already reported; don't report it on every reconnect. */
  private anchorLost = false;
  /** v3 connections carry ids: replay matching does not apply to them. */
  private idsThisConnection = false;

  constructor(private readonly pendingCap: number) {
    this.beginConnection();
  }

  get replaying(): boolean {
    return this.mode !== 'live';
  }

  beginConnection(hint?: BeginHint): void {
    this.pending = [];
    this.seenCounts = new Map();
    this.sawForeignOlder = false;
    this.restartHint = hint?.serverRestarted === true;
    this.idsThisConnection = false;
    if (!this.anchor) {
      this.mode = 'first';
      return;
    }
    this.mode = 'search';
    // Snapshot: lines appended during this replay must not change what counts as "already held".
    this.heldCounts = new Map();
    this.heldTs = new Set();
    for (const l of this.recent) {
      const fp = fingerprint(l.ts, l.text);
      this.heldCounts.set(fp, (this.heldCounts.get(fp) ?? 0) + 1);
      this.heldTs.add(l.ts);
    }
    this.anchorFp = fingerprint(this.anchor.ts, this.anchor.text);
    this.anchorOcc = this.heldCounts.get(this.anchorFp) ?? 1;
  }

  /** Decide what to do with one incoming line. Lines to append come back in order. */
  offer(line: IncomingLine): DedupOutput[] {
    if (line.id !== undefined) {
      this.idsThisConnection = true;
      // v3: ids are global and increase; the connection layer emits them in id order.
      if (line.id <= this.maxId) {
        // Within one v3 database ids grow with time. A line whose id is not new but whose time is
        // clearly newer than the newest line we hold means the ids started over (the server's
        // database was reset): dropping it as a duplicate would silently lose the new server's log.
        if (line.ts <= this.maxIdTs + ID_RESET_TOLERANCE_MS) return [];
        this.maxId = line.id;
        this.maxIdTs = line.ts;
        return [{ kind: 'gap', reason: 'server-restarted' }, { kind: 'line', line }];
      }
      this.maxId = line.id;
      this.maxIdTs = Math.max(this.maxIdTs, line.ts);
      return [{ kind: 'line', line }];
    }
    if (line.origin === 'live') {
      const out = this.mode === 'live' ? [] : this.endReplay();
      out.push({ kind: 'line', line });
      return out;
    }
    // A history line after the replay ended means a new connection the caller did not announce.
    if (this.mode === 'live') this.beginConnection();
    return this.offerReplayed(line);
  }

  private offerReplayed(line: IncomingLine): DedupOutput[] {
    const anchor = this.anchor;
    switch (this.mode) {
      case 'first':
        return [{ kind: 'line', line }];
      case 'search': {
        if (!anchor) return [{ kind: 'line', line }];
        const fp = this.heldTs.has(line.ts) ? fingerprint(line.ts, line.text) : '';
        const held = fp === '' ? undefined : this.heldCounts.get(fp);
        if (held !== undefined) {
          const seen = (this.seenCounts.get(fp) ?? 0) + 1;
          this.seenCounts.set(fp, seen);
          if (fp === this.anchorFp && seen >= this.anchorOcc) {
            // Everything before the anchor in server order is something we already had.
            this.mode = 'after';
            this.pending = [];
          }
          return [];
        }
        if (line.ts > anchor.ts) {
          this.pending.push(line);
          if (this.pending.length > this.pendingCap) return this.resolveMismatch();
        } else {
          this.sawForeignOlder = true;
        }
        return [];
      }
      case 'after': {
        if (!this.heldTs.has(line.ts)) return [{ kind: 'line', line }];
        const fp = fingerprint(line.ts, line.text);
        const held = this.heldCounts.get(fp);
        if (held !== undefined) {
          const seen = (this.seenCounts.get(fp) ?? 0) + 1;
          this.seenCounts.set(fp, seen);
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
    const out = this.mode === 'search' && !this.idsThisConnection ? this.resolveMismatch() : [];
    this.mode = 'live';
    this.pending = [];
    return out;
  }

  private resolveMismatch(): DedupOutput[] {
    const out: DedupOutput[] = [];
    if (!this.clearedByUs && !this.anchorLost) {
      const reason: GapReason = this.restartHint || this.sawForeignOlder ? 'server-restarted' : 'server-cleared';
      out.push({ kind: 'gap', reason });
    }
    this.anchorLost = true;
    this.clearedByUs = false;
    for (const line of this.pending) out.push({ kind: 'line', line });
    this.pending = [];
    this.mode = 'fallback';
    return out;
  }

  /** The logbook appended this line: it is the new anchor. */
  noteAppended(line: IncomingLine): void {
    this.anchor = line;
    this.anchorLost = false;
    if (line.id !== undefined && line.id > this.maxId) this.maxId = line.id;
    if (line.id !== undefined && line.ts > this.maxIdTs) this.maxIdTs = line.ts;
    if (this.recent.length < RECENT_WINDOW) {
      this.recent.push(line);
    } else {
      this.recent[this.recentHead] = line;
      this.recentHead = (this.recentHead + 1) % RECENT_WINDOW;
    }
  }

  /** After a successful clear on the server: the next replay may legitimately lack our anchor. */
  serverCleared(anchorStillThere: boolean): void {
    if (!anchorStillThere) this.clearedByUs = true;
  }

  anchorTs(): number | null {
    return this.anchor ? this.anchor.ts : null;
  }
}
