import { useCallback, useMemo, useState } from 'react';
import { LEVELS } from '../../../../contract/domain.js';
import type { Level, Origin } from '../../../../main/core/types.js';
import { compileSearch } from './log-filter.js';

export const ORIGINS: readonly Origin[] = ['history', 'live'];

/** Toolbar state of the log view (search, filters, toggles): plain React state, one per window. */
export function useLogViewState() {
  const [query, setQuery] = useState('');
  const [regex, setRegex] = useState(false);
  const [matchCase, setMatchCase] = useState(false);
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [levels, setLevels] = useState<ReadonlySet<Level>>(() => new Set(LEVELS));
  const [origins, setOrigins] = useState<ReadonlySet<Origin>>(() => new Set(ORIGINS));
  const [showTime, setShowTime] = useState(true);
  const [wrap, setWrap] = useState(false);

  const compiled = useMemo(() => compileSearch({ query, regex, matchCase }), [query, regex, matchCase]);

  const toggleLevel = useCallback((level: Level) => {
    setLevels((prev) => {
      const next = new Set(prev);
      if (next.has(level)) next.delete(level);
      else next.add(level);
      return next;
    });
  }, []);
  const toggleOrigin = useCallback((origin: Origin) => {
    setOrigins((prev) => {
      const next = new Set(prev);
      if (next.has(origin)) next.delete(origin);
      else next.add(origin);
      return next;
    });
  }, []);
  const clearFilters = useCallback(() => {
    setLevels(new Set(LEVELS));
    setOrigins(new Set(ORIGINS));
    setOnlyMatches(false);
  }, []);

  // One object per change of what it holds, not per render: the log view and its memoised parts
  // (toolbar, hooks) take it as a prop and a dependency.
  return useMemo(
    () => ({
      query, setQuery, regex, setRegex, matchCase, setMatchCase, onlyMatches, setOnlyMatches,
      levels, toggleLevel, origins, toggleOrigin, clearFilters, showTime, setShowTime, wrap, setWrap, compiled,
    }),
    [query, regex, matchCase, onlyMatches, levels, toggleLevel, origins, toggleOrigin, clearFilters, showTime, wrap, compiled],
  );
}

export type LogViewState = ReturnType<typeof useLogViewState>;
