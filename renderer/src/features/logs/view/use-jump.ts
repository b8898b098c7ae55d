import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { LogBuffer } from '../../../stores/log-store.js';
import { findIndexBySeq } from './log-index.js';
import type { RowVirtualizer } from './row-virtualizer.js';
import type { EntryList } from '../../../stores/entry-list.js';

/**
 * Jumps to a line: scroll it to the middle, stop following, and keep it in view until the user
 * scrolls (a re-fetch can re-render the list after the jump, briefly empty, so the browser clamps
 * scrollTop and loses it). A jump to a seq that has not arrived yet waits for it.
 */
export function useJump(opts: {
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: RowVirtualizer;
  visible: EntryList;
  buffer: LogBuffer | undefined;
  follow: boolean;
  stopFollowing: () => void;
  ownScroll: () => void;
}) {
  const { scrollRef, virtualizer, visible, buffer, follow, stopFollowing, ownScroll } = opts;
  const stickTo = useRef<number | null>(null);
  const [pendingSeq, setPendingSeq] = useState<number | null>(null);
  const [focusSeq, setFocusSeq] = useState<number | null>(null);

  const jumpTo = useCallback(
    (index: number) => {
      stopFollowing();
      ownScroll();
      stickTo.current = visible.at(index)?.seq ?? null;
      virtualizer.scrollToIndex(index, 'center');
    },
    [virtualizer, visible, stopFollowing, ownScroll],
  );

  /** Jump to a line and mark it (error navigation, time jumps, notification clicks). */
  const focusIndex = useCallback(
    (index: number) => {
      setFocusSeq(visible.at(index)?.seq ?? null);
      jumpTo(index);
    },
    [visible, jumpTo],
  );

  useLayoutEffect(() => {
    const seq = stickTo.current;
    if (follow) stickTo.current = null;
    if (seq === null || follow || !scrollRef.current) return;
    // The line left the buffer (trimmed at the front): nothing to hold in view any more.
    const first = visible.at(0);
    if (!first || (first.seq > seq && !(first.kind === 'line' && first.recovered))) {
      stickTo.current = null;
      return;
    }
    const idx = findIndexBySeq(visible, seq);
    if (idx < 0) return;
    // The virtualizer's own scroll offset and size: reading the element's would force a layout
    // on every batch.
    const top = virtualizer.offset;
    const start = virtualizer.startOf(idx);
    const inView = start >= top - 1 && start + virtualizer.sizeOf(idx) <= top + virtualizer.height + 1;
    if (!inView) virtualizer.scrollToIndex(idx, 'center');
  }, [visible, follow, virtualizer, scrollRef]);

  // A jump may target a line among the older ones still loading: wait for them too.
  const loading = !buffer || buffer.loading || buffer.olderLoading;
  useEffect(() => {
    if (pendingSeq === null || loading) return;
    // The target line has not arrived yet (the tab's lines are still loading): keep waiting.
    const newest = visible.at(visible.length - 1)?.seq ?? -1;
    if (newest < pendingSeq) return;
    const idx = findIndexBySeq(visible, pendingSeq);
    setPendingSeq(null);
    if (idx >= 0) focusIndex(idx);
  }, [pendingSeq, visible, loading, focusIndex]);

  /** The user scrolled: stop holding the jump target in view. */
  const release = useCallback(() => {
    stickTo.current = null;
  }, []);

  return { jumpTo, focusIndex, focusSeq, setFocusSeq, pendingSeq, jumpToSeq: setPendingSeq, release };
}
