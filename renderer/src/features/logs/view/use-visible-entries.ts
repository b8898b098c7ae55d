import { useMemo, useRef } from 'react';
import type { ModelKey } from '../../../../../main/core/types.js';
import type { LogBuffer } from '../../../stores/log-store.js';
import { filterEntries, findMatches, MatchMemo } from '../log-filter.js';
import type { LogViewState } from '../use-log-view-state.js';

/** The entries the view shows (filters, search-only, freeze) and the indices of the search matches. */
export function useVisibleEntries(modelKey: ModelKey, buffer: LogBuffer | undefined, version: number, state: LogViewState, frozenAt: number | null) {
  const search = state.compiled.ok ? state.compiled.re : null;
  const memo = useRef(new MatchMemo());
  const visible = useMemo(() => {
    // `version` changes on every in-place mutation of buffer.entries: read it so the memo re-runs.
    if (!buffer || version < 0) return [];
    memo.current.sync(modelKey, search, buffer.entries);
    return filterEntries(
      buffer.entries,
      { levels: state.levels, origins: state.origins, onlyMatches: state.onlyMatches, search, maxSeq: frozenAt },
      undefined,
      undefined,
      memo.current.matches,
    );
  }, [buffer, version, modelKey, state.levels, state.origins, state.onlyMatches, search, frozenAt]);
  const matches = useMemo(() => findMatches(visible, search, memo.current.matches), [visible, search]);
  return { visible, matches, search };
}
