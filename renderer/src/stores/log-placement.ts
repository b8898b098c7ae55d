// Where an entry goes in a model's view. Entries arrive in seq order, but a line a replay hole
// swallowed is recovered later (a fresh seq, `recovered`, `fills` = the gap's seq): it belongs right
// after that gap, with the lines recovered before it. A 'gap-resolved' marker is folded into its gap
// instead of being shown on its own: the gap then stops saying it is being checked, and tells how the
// check ended (recovered, nothing missing, or could not be checked: lines MAY be missing, and why).
import type { LogEntry, LogMarker } from '../../../main/core/types.js';

/** Index of the entry with this seq, searching from the end (gaps being settled are recent). */
function indexOfSeq(entries: readonly LogEntry[], seq: number): number {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e?.seq === seq) return i;
    if (e && e.seq < seq && !(e.kind === 'line' && e.recovered)) return -1;
  }
  return -1;
}

/**
 * Appends `fresh` (ascending seq) to `target` in view order. Returns how many entries were added,
 * and whether `target` only grew at its end (false when a line was recovered in place or a gap
 * marker settled where it stands).
 */
export function placeEntries(target: LogEntry[], fresh: readonly LogEntry[]): { added: number; appendOnly: boolean } {
  let added = 0;
  let appendOnly = true;
  for (const e of fresh) {
    if (e.kind === 'marker' && e.marker === 'gap-resolved') {
      const at = e.fills === undefined ? -1 : indexOfSeq(target, e.fills);
      const gap = at < 0 ? undefined : target[at];
      if (gap?.kind === 'marker') {
        const { unverified: _unverified, ...rest } = gap;
        const settled: LogMarker =
          e.unchecked !== undefined
            ? { ...rest, outcome: 'unknown', unchecked: e.unchecked }
            : { ...rest, recovered: e.recovered ?? 0, outcome: e.outcome ?? ((e.recovered ?? 0) > 0 ? 'recovered' : 'complete') };
        target[at] = settled;
        appendOnly = false;
      }
      continue;
    }
    if (e.kind === 'line' && e.recovered && e.fills !== undefined) {
      const at = indexOfSeq(target, e.fills);
      if (at >= 0) {
        let i = at + 1;
        while (i < target.length) {
          const next = target[i];
          if (next?.kind === 'line' && next.recovered && next.fills === e.fills) i++;
          else break;
        }
        if (i < target.length) appendOnly = false;
        target.splice(i, 0, e);
        added++;
        continue;
      }
    }
    target.push(e);
    added++;
  }
  return { added, appendOnly };
}

/** A whole list in seq order (the core's buffer) rearranged into view order. */
export function inViewOrder(entries: readonly LogEntry[]): LogEntry[] {
  const out: LogEntry[] = [];
  placeEntries(out, entries);
  return out;
}
