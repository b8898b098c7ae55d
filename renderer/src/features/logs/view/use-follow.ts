import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { RowVirtualizer } from './row-virtualizer.js';
import type { EntryList } from '../../../stores/entry-list.js';

export const ROW_HEIGHT = 20;

/**
 * Follow mode: stay on the newest line while lines arrive; an upward scroll by the user (wheel, key,
 * pointer) switches it off, scrolling back to the bottom switches it on again.
 */
export function useFollow(opts: {
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: RowVirtualizer;
  visible: EntryList;
  lastSeq: number;
  frozen: boolean;
}) {
  const { scrollRef, virtualizer, visible, lastSeq, frozen } = opts;
  const [follow, setFollowState] = useState(true);
  const [unfollowSeq, setUnfollowSeq] = useState(-1);
  const userIntent = useRef(false);
  const lastScroll = useRef({ top: 0, height: 0 });

  const setFollow = useCallback(
    (on: boolean) => {
      setFollowState(on);
      if (!on) setUnfollowSeq(lastSeq);
    },
    [lastSeq],
  );

  // While following, the rows pin the view to the end (LogRows, `followEnd`): the scroll that
  // follows a batch is ours. A jump switches follow off in the same update, so the two never race.
  useLayoutEffect(() => {
    if (follow && visible.length > 0) userIntent.current = false;
  }, [follow, visible]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    // The content height and the viewport from the virtualiser: reading the element's would force
    // a layout in the scroll event, before the rows it re-renders.
    const contentHeight = virtualizer.totalSize();
    const atBottom = contentHeight - el.scrollTop - virtualizer.height < ROW_HEIGHT * 1.5;
    const prev = lastScroll.current;
    const sameContent = contentHeight === prev.height;
    // While lines stream in, the content height changes between two scroll events; a wheel, key or
    // pointer on the list still says the user moved, so their upward scroll is never mistaken for ours.
    const movedUp = el.scrollTop < prev.top - 1 && (sameContent || userIntent.current);
    const movedDown = el.scrollTop > prev.top + 1;
    lastScroll.current = { top: el.scrollTop, height: contentHeight };
    if (follow && movedUp && !atBottom) setFollow(false);
    else if (!follow && atBottom && movedDown && userIntent.current && !frozen) setFollowState(true);
  }, [follow, setFollow, frozen, scrollRef, virtualizer]);

  /** Our own scroll is about to happen (a jump): it must not read as the user's. */
  const ownScroll = useCallback(() => {
    userIntent.current = false;
  }, []);
  const markIntent = useCallback(() => {
    userIntent.current = true;
  }, []);

  return { follow, setFollow, unfollowSeq, onScroll, markIntent, ownScroll };
}
