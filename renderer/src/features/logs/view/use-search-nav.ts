import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { lowerBoundIndex, type EntryList, type IndexList } from '../../../stores/entry-list.js';
import { indexOfSeq, type CompiledSearch } from '../log-filter.js';

/**
 * The current search match: a new search selects and scrolls to its first match (no "0/201" with
 * nothing on screen); Enter / F3 step forward, Shift steps back, wrapping around.
 */
export function useSearchNav(opts: { visible: EntryList; matches: IndexList; compiled: CompiledSearch; jumpTo: (index: number) => void }) {
  const { visible, matches, compiled, jumpTo } = opts;
  const [currentSeq, setCurrentSeq] = useState<number | null>(null);
  const selectFirst = useRef(false);

  useEffect(() => {
    setCurrentSeq(null);
    selectFirst.current = compiled.ok && compiled.re !== null;
  }, [compiled]);

  // Recomputed on every batch: a binary search (seqs ascend in view order), not a pass over the matches.
  const matchIndex = useMemo(() => (currentSeq === null ? -1 : matchOfSeq(visible, matches, currentSeq)), [matches, visible, currentSeq]);

  const select = useCallback(
    (k: number) => {
      const idx = matches.at(k);
      if (idx === undefined) return;
      setCurrentSeq(visible.at(idx)?.seq ?? null);
      jumpTo(idx);
    },
    [matches, visible, jumpTo],
  );

  useEffect(() => {
    if (!selectFirst.current || matches.length === 0) return;
    selectFirst.current = false;
    select(0);
  }, [matches, select]);

  const goMatch = useCallback(
    (dir: 1 | -1) => {
      if (matches.length === 0) return;
      let next: number;
      if (matchIndex >= 0) next = (matchIndex + dir + matches.length) % matches.length;
      else if (currentSeq !== null) {
        // The current line was trimmed or filtered: continue from where it was.
        let after = -1;
        for (let k = 0; k < matches.length; k++) {
          if ((visible.at(matches.at(k) ?? -1)?.seq ?? 0) > currentSeq) {
            after = k;
            break;
          }
        }
        next = dir === 1 ? (after >= 0 ? after : 0) : after > 0 ? after - 1 : matches.length - 1;
      } else next = dir === 1 ? 0 : matches.length - 1;
      select(next);
    },
    [matches, matchIndex, currentSeq, visible, select],
  );

  return { currentSeq, matchIndex, currentMatchSeq: matchIndex >= 0 ? currentSeq : null, goMatch };
}

/** The k with visible[matches[k]] the line `seq`, else -1. */
function matchOfSeq(visible: EntryList, matches: IndexList, seq: number): number {
  const idx = indexOfSeq(visible, seq);
  if (idx >= 0 && visible.at(idx)?.seq === seq) {
    const k = lowerBoundIndex(matches, idx);
    return matches.at(k) === idx ? k : -1;
  }
  // Not where the order puts it: trimmed away (older than every line held), else a line recovered
  // in place (a higher seq among lower ones): look among the matches.
  if (seq < (visible.at(0)?.seq ?? Infinity)) return -1;
  for (let k = 0; k < matches.length; k++) if (visible.at(matches.at(k) ?? -1)?.seq === seq) return k;
  return -1;
}
