import { useCallback, useRef } from 'react';

/**
 * A callback whose identity never changes and that always calls the latest `fn`: memoised children
 * (the toolbar, the marks, the overview) then skip the re-render a new closure per batch would cause.
 * Only for event handlers (called after the render that made them), never during a render.
 */
export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  ref.current = fn;
  return useCallback((...args: A) => ref.current(...args), []);
}
