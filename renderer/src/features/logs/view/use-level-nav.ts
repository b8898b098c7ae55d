import { useCallback, useMemo, useRef, type RefObject } from 'react';
import type { LogEntry } from '../../../../../main/core/types.js';
import { findIndexBySeq, stepIndex } from './log-index.js';
import type { RowVirtualizer } from './row-virtualizer.js';
import { IndexTracker } from './visible-lineage.js';
import type { EntryList } from '../../../stores/entry-list.js';

const isHead = (e: LogEntry, level: NavLevel): boolean => e.kind === 'line' && e.level === level && !e.continuation;

export type NavLevel = 'error' | 'warning';

/**
 * Next / previous error or warning, from the marked line, else from the screen: forward starts at
 * the top of what is shown, backward at its bottom.
 */
export function useLevelNav(opts: {
  visible: EntryList;
  /** A possibly older `visible` (useDeferredValue): the error lists are computed on it. */
  deferredVisible: EntryList;
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: RowVirtualizer;
  anchorSeq: number | null;
  focusIndex: (index: number) => void;
}) {
  const { visible, deferredVisible, scrollRef, virtualizer, anchorSeq, focusIndex } = opts;
  // Kept across appends and trims: a batch costs its own lines, not the tab's (see visible-lineage).
  const trackers = useRef<{ error: IndexTracker; warning: IndexTracker } | null>(null);
  trackers.current ??= { error: new IndexTracker((e) => isHead(e, 'error')), warning: new IndexTracker((e) => isHead(e, 'warning')) };
  const { error: errorTracker, warning: warningTracker } = trackers.current;
  const errors = useMemo(() => errorTracker.indices(deferredVisible), [errorTracker, deferredVisible]);
  const warnings = useMemo(() => warningTracker.indices(deferredVisible), [warningTracker, deferredVisible]);

  /** An index into deferredVisible → the same line in visible. */
  const toVisible = useCallback(
    (deferredIndex: number) => {
      const e = deferredVisible.at(deferredIndex);
      if (!e) return -1;
      return visible.at(deferredIndex) === e ? deferredIndex : findIndexBySeq(visible, e.seq);
    },
    [visible, deferredVisible],
  );
  const focusDeferred = useCallback(
    (deferredIndex: number) => {
      const i = toVisible(deferredIndex);
      if (i >= 0) focusIndex(i);
    },
    [toVisible, focusIndex],
  );

  const go = useCallback(
    (level: NavLevel, dir: 1 | -1) => {
      const list = level === 'error' ? errors : warnings;
      // Positions in deferredVisible: the same as in visible up to the lines the deferred copy lacks.
      let from: number;
      const anchored = anchorSeq === null ? -1 : findIndexBySeq(deferredVisible, anchorSeq);
      if (anchored >= 0 && deferredVisible.at(anchored)?.seq === anchorSeq) from = anchored;
      else {
        const el = scrollRef.current;
        const top = el ? Math.max(0, virtualizer.indexAt(virtualizer.offset)) : 0;
        const bottom = el ? Math.max(0, virtualizer.indexAt(virtualizer.offset + virtualizer.height - 1)) : visible.length - 1;
        const seqAt = (i: number) => visible.at(Math.max(0, Math.min(visible.length - 1, i)))?.seq ?? 0;
        const at = findIndexBySeq(deferredVisible, seqAt(dir === 1 ? top : bottom));
        from = at < 0 ? (dir === 1 ? -1 : deferredVisible.length) : dir === 1 ? at - 1 : at + 1;
      }
      const idx = stepIndex(list, from, dir);
      if (idx !== null) focusDeferred(idx);
    },
    [errors, warnings, anchorSeq, visible, deferredVisible, scrollRef, virtualizer, focusDeferred],
  );

  return { errors, warnings, go, focusDeferred };
}
