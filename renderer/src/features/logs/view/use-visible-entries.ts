import { useEffect, useMemo, useState } from 'react';
import type { ModelKey } from '../../../../../main/core/types.js';
import { emptyList, type EntryList } from '../../../stores/entry-list.js';
import type { LogBuffer } from '../../../stores/log-store.js';
import { MatchMemo } from '../log-filter.js';
import type { LogViewState } from '../use-log-view-state.js';
import { IndexTracker, VisibleBuilder } from './visible-lineage.js';

/**
 * How long one slice of a new search may test lines before the frame is given back (ms). The rest
 * of the render (filter, match indices, rows) comes on top, so a slice stays well under the 50 ms of
 * a long task. Tests lower it to see the progressive state on small buffers.
 */
export const searchSlice = { budgetMs: 25 };

/**
 * The entries the view shows (filters, search-only, freeze) and the indices of the search matches.
 * A new search over a big buffer runs in slices, one per task: the view shows the matches found so
 * far and `searchProgress` (0 to <1) until the whole buffer is tested, then null. Changing the query
 * in between starts over (the memo drops the old pass).
 */
export function useVisibleEntries(modelKey: ModelKey, buffer: LogBuffer | undefined, version: number, state: LogViewState, frozenAt: number | null) {
  const search = state.compiled.ok ? state.compiled.re : null;
  // Made once per view (lazily: not a new memo, builder and tracker thrown away on every render).
  const [{ memo, builder, matchTracker }] = useState(() => {
    const m = new MatchMemo();
    return { memo: m, builder: new VisibleBuilder(), matchTracker: new IndexTracker((e, key) => e.kind === 'line' && m.matches(e, (key as { search: RegExp }).search)) };
  });
  // Bumped to run the next slice of a search in progress.
  const [slice, setSlice] = useState(0);
  const { visible, revision } = useMemo((): { visible: EntryList; revision: number } => {
    // `version` changes on every in-place mutation of buffer.entries, `slice` on every search slice:
    // read them so the memo re-runs.
    if (!buffer || version < 0 || slice < 0) return { visible: emptyList, revision: -1 };
    memo.sync(modelKey, search, buffer.list, searchSlice.budgetMs);
    const onlyMatches = state.onlyMatches && search !== null;
    // Appends extend the previous list (and everything derived from it) while these stay the same.
    const key = [state.levels, state.origins, onlyMatches, onlyMatches ? search : null, onlyMatches ? memo.revision : null, frozenAt];
    const list = builder.build(buffer, { levels: state.levels, origins: state.origins, onlyMatches: state.onlyMatches, search, maxSeq: frozenAt }, memo.matches, key);
    return { visible: list, revision: memo.revision };
  }, [buffer, version, slice, modelKey, state.levels, state.origins, state.onlyMatches, search, frozenAt, memo, builder]);
  const searchProgress = memo.progress;
  // The match list is kept across appends; a new search or a slice of its first pass starts it over.
  const matchKey = useMemo(() => ({ search, revision }), [search, revision]);
  const matches = useMemo(() => (search ? matchTracker.indices(visible, matchKey) : []), [visible, search, matchKey, matchTracker]);
  useEffect(() => {
    if (searchProgress === null) return;
    const id = setTimeout(() => setSlice((n) => n + 1), 0);
    return () => clearTimeout(id);
  }, [visible, searchProgress]);
  return { visible, matches, search, searchProgress };
}
