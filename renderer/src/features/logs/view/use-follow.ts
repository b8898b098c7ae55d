import type { Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { LogEntry } from '../../../../../main/core/types.js';

export const ROW_HEIGHT = 20;

/**
 * Follow mode: stay on the newest line while lines arrive; an upward scroll by the user (wheel, key,
 * pointer) switches it off, scrolling back to the bottom switches it on again.
 */
export function useFollow(opts: {
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  visible: readonly LogEntry[];
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

  // A jump switches follow off in the same update, so the two never race in the virtualiser.
  useLayoutEffect(() => {
    if (!follow || visible.length === 0) return;
    userIntent.current = false;
    virtualizer.scrollToIndex(visible.length - 1, { align: 'end' });
  }, [follow, visible, virtualizer]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 1.5;
    const prev = lastScroll.current;
    const sameContent = el.scrollHeight === prev.height;
    // While lines stream in, the content height changes between two scroll events; a wheel, key or
    // pointer on the list still says the user moved, so their upward scroll is never mistaken for ours.
    const movedUp = el.scrollTop < prev.top - 1 && (sameContent || userIntent.current);
    const movedDown = el.scrollTop > prev.top + 1;
    lastScroll.current = { top: el.scrollTop, height: el.scrollHeight };
    if (follow && movedUp && !atBottom) setFollow(false);
    else if (!follow && atBottom && movedDown && userIntent.current && !frozen) setFollowState(true);
  }, [follow, setFollow, frozen, scrollRef]);

  /** Our own scroll is about to happen (a jump): it must not read as the user's. */
  const ownScroll = useCallback(() => {
    userIntent.current = false;
  }, []);
  const markIntent = useCallback(() => {
    userIntent.current = true;
  }, []);

  return { follow, setFollow, unfollowSeq, onScroll, markIntent, ownScroll };
}
