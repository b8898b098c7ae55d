import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CompiledSearch } from '../log-filter.js';
import type { EntryList } from '../../../stores/entry-list.js';

/**
 * The current search match: a new search selects and scrolls to its first match (no "0/201" with
 * nothing on screen); Enter / F3 step forward, Shift steps back, wrapping around.
 */
export function useSearchNav(opts: { visible: EntryList; matches: readonly number[]; compiled: CompiledSearch; jumpTo: (index: number) => void }) {
  const { visible, matches, compiled, jumpTo } = opts;
  const [currentSeq, setCurrentSeq] = useState<number | null>(null);
  const selectFirst = useRef(false);

  useEffect(() => {
    setCurrentSeq(null);
    selectFirst.current = compiled.ok && compiled.re !== null;
  }, [compiled]);

  const matchIndex = useMemo(() => (currentSeq === null ? -1 : matches.findIndex((i) => visible.at(i)?.seq === currentSeq)), [matches, visible, currentSeq]);

  const select = useCallback(
    (k: number) => {
      const idx = matches[k];
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
        const after = matches.findIndex((i) => (visible.at(i)?.seq ?? 0) > currentSeq);
        next = dir === 1 ? (after >= 0 ? after : 0) : after > 0 ? after - 1 : matches.length - 1;
      } else next = dir === 1 ? 0 : matches.length - 1;
      select(next);
    },
    [matches, matchIndex, currentSeq, visible, select],
  );

  return { currentSeq, matchIndex, currentMatchSeq: matchIndex >= 0 ? currentSeq : null, goMatch };
}
