import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelKey } from '../../../../main/core/types.js';
import { useAppState, useLogBuffer, useServices } from '../../app-context.js';
import { useStableCallback } from '../../hooks/use-stable-callback.js';
import { ClearServerDialog } from './clear-server-dialog.js';
import { LogToolbar } from './log-toolbar.js';
import type { LogViewState } from './use-log-view-state.js';
import { LevelNavButtons } from './view/level-nav-buttons.js';
import { LogRows } from './view/log-rows.js';
import { LogStatusBar } from './view/log-status-bar.js';
import { OverviewStrip } from './view/overview-strip.js';
import { useRowVirtualizer } from './view/row-virtualizer.js';
import { ScrollMarks, type MarkKind } from './view/scroll-marks.js';
import { ROW_HEIGHT, useFollow } from './view/use-follow.js';
import { useJump } from './view/use-jump.js';
import { useLevelNav } from './view/use-level-nav.js';
import { useLogActions } from './view/use-log-actions.js';
import { useLogKeys } from './view/use-log-keys.js';
import { useSearchNav } from './view/use-search-nav.js';
import { useVisibleEntries } from './view/use-visible-entries.js';
import { bufferLineage, HintTracker, lineageOf, TrailingCount } from './view/visible-lineage.js';

export { ROW_HEIGHT };

export interface LogViewProps {
  readonly modelKey: ModelKey;
  readonly state: LogViewState;
}

/**
 * One model's log. Mounted per tab (keyed by model), so follow, freeze, focus and the current match
 * start fresh on every tab. Each job lives in its own hook: what is visible, following, jumping,
 * search and error navigation, actions, keys.
 */
export function LogView({ modelKey, state }: LogViewProps) {
  const { t } = useTranslation();
  const { appStore } = useServices();
  const { buffer, version } = useLogBuffer(modelKey);
  const scrollRequest = useAppState((s) => s.scrollRequest);
  const [frozenAt, setFrozenAt] = useState<number | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const timeRef = useRef<HTMLInputElement>(null);

  const { visible, matches, search, searchProgress } = useVisibleEntries(modelKey, buffer, version, state, frozenAt);
  // Kept across appends and trims, like the other per-batch lists (see visible-lineage).
  const trackers = useRef<{ hints: HintTracker; newLines: TrailingCount; heldBack: TrailingCount } | null>(null);
  trackers.current ??= { hints: new HintTracker(), newLines: new TrailingCount(), heldBack: new TrailingCount() };
  const { hints: hintTracker } = trackers.current;
  const hints = useMemo(() => hintTracker.hints(visible), [hintTracker, visible]);
  const virtualizer = useRowVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    rowHeight: ROW_HEIGHT,
    estimated: hints,
    estimate: ROW_HEIGHT * 2,
    overscan: 25,
    // Measured heights (hint rows, wrapped lines) are kept by the line's place in the lineage: a
    // trim or an append keeps them, another list (a filter, a reload) starts without them.
    lineage: lineageOf(visible),
    measured: state.wrap ? 'all' : 'estimated',
  });
  // Wrapping or the time column change every row's width: measure again.
  useEffect(() => {
    virtualizer.measure();
  }, [state.wrap, state.showTime, virtualizer]);

  // Hint rows span the visible width (not the longest line's): the width as a CSS variable.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => el.style.setProperty('--log-view-width', `${el.clientWidth}px`));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const lastSeq = buffer?.lastSeq ?? -1;
  const follow = useFollow({ scrollRef, virtualizer, visible, lastSeq, frozen: frozenAt !== null });
  const { setFollow } = follow;
  const stopFollowing = useCallback(() => setFollow(false), [setFollow]);
  const jump = useJump({ scrollRef, virtualizer, visible, buffer, follow: follow.follow, stopFollowing, ownScroll: follow.ownScroll });
  const searchNav = useSearchNav({ visible, matches, compiled: state.compiled, jumpTo: jump.jumpTo });
  // The overview, the marks and the error counts may lag a batch behind under load (deferred):
  // the rows never do.
  const deferredVisible = useDeferredValue(visible);
  const deferredMatches = useDeferredValue(matches);
  const levelNav = useLevelNav({ visible, deferredVisible, scrollRef, virtualizer, anchorSeq: jump.focusSeq ?? searchNav.currentSeq, focusIndex: jump.focusIndex });
  const actions = useLogActions(modelKey, visible);

  // Scroll requests (notification click, error group "open", the red badge) for this tab: taken once.
  const { clearFilters } = state;
  const { jumpToSeq } = jump;
  useEffect(() => {
    if (!scrollRequest || scrollRequest.key !== modelKey) return;
    appStore.setState({ scrollRequest: null });
    clearFilters();
    setFrozenAt(null);
    setFollow(false);
    jumpToSeq(scrollRequest.seq);
  }, [scrollRequest, modelKey, appStore, clearFilters, setFollow, jumpToSeq]);

  const showInContext = useCallback(() => {
    const seq = searchNav.currentSeq ?? jump.focusSeq;
    clearFilters();
    setFrozenAt(null);
    if (seq !== null) jumpToSeq(seq);
  }, [searchNav.currentSeq, jump.focusSeq, clearFilters, jumpToSeq]);

  const keyActions = useMemo(
    () => ({
      focusSearch: () => {
        searchRef.current?.focus();
        searchRef.current?.select();
      },
      focusTime: () => {
        timeRef.current?.focus();
        timeRef.current?.select();
      },
      match: searchNav.goMatch,
      level: levelNav.go,
      toggleFollow: () => setFollow(!follow.follow),
    }),
    [searchNav.goMatch, levelNav.go, setFollow, follow.follow],
  );
  useLogKeys(keyActions);

  const markIntent = useCallback(() => {
    follow.markIntent();
    jump.release();
  }, [follow, jump]);

  const marks = useMemo<ReadonlyArray<readonly [MarkKind, readonly number[]]>>(() => {
    const current = searchNav.matchIndex >= 0 ? [matches[searchNav.matchIndex] ?? -1] : [];
    return [
      ['current', current],
      ['error', levelNav.errors],
      ['match', deferredMatches],
      ['warning', levelNav.warnings],
    ];
  }, [searchNav.matchIndex, matches, deferredMatches, levelNav.errors, levelNav.warnings]);

  // Stable handlers and props for the memoised parts around the rows (toolbar, navigation, marks,
  // overview): a batch re-renders them only when what they show changes.
  const onNext = useStableCallback(() => searchNav.goMatch(1));
  const onPrevious = useStableCallback(() => searchNav.goMatch(-1));
  const onShowInContext = useStableCallback(showInContext);
  const onCopy = useStableCallback(actions.copySelection);
  const onExport = useStableCallback(actions.exportVisible);
  const onClearView = useStableCallback(actions.clearView);
  const onClearServer = useStableCallback(() => setDialogOpen(true));
  const onGoLevel = useStableCallback(levelNav.go);
  const onPickDeferred = useStableCallback(levelNav.focusDeferred);
  const onFollow = useStableCallback(setFollow);
  const onFreeze = useStableCallback(() => setFrozenAt(frozenAt === null ? lastSeq : null));
  const errorCount = levelNav.errors.length;
  const warningCount = levelNav.warnings.length;
  const levelCounts = useMemo(() => ({ error: errorCount, warning: warningCount }), [errorCount, warningCount]);

  let emptyText: string | null = null;
  if (!buffer || (buffer.loading && buffer.size === 0)) emptyText = t('logs.loading');
  else if (visible.length === 0) emptyText = buffer.size === 0 ? t('logs.empty') : t('logs.emptyFiltered');

  return (
    <div className="log-view" data-follow={follow.follow} data-paused={frozenAt !== null} data-focus-seq={jump.focusSeq ?? undefined} data-older-loading={buffer?.olderLoading === true}>
      <LogToolbar
        state={state}
        searchRef={searchRef}
        matchTotal={matches.length}
        searchProgress={searchProgress}
        matchIndex={searchNav.matchIndex}
        onNext={onNext}
        onPrevious={onPrevious}
        onShowInContext={onShowInContext}
        onCopy={onCopy}
        onExport={onExport}
        onClearView={onClearView}
        onClearServer={onClearServer}
      />
      <div className="nav-bar">
        <LevelNavButtons counts={levelCounts} onGo={onGoLevel} />
        <OverviewStrip visible={deferredVisible} onJump={onPickDeferred} timeRef={timeRef} />
      </div>
      <div className="log-body">
        <div
          ref={scrollRef}
          className={`log-scroll${state.wrap ? ' wrap' : ''}`}
          data-testid="log-scroll"
          tabIndex={0}
          onScroll={follow.onScroll}
          onWheel={markIntent}
          onPointerDown={markIntent}
          onKeyDown={markIntent}
        >
          {emptyText !== null ? (
            <div className="log-empty">{emptyText}</div>
          ) : (
            <LogRows
              virtualizer={virtualizer}
              visible={visible}
              hints={hints}
              wrap={state.wrap}
              followEnd={follow.follow}
              showTime={state.showTime}
              search={search}
              currentMatchSeq={searchNav.currentMatchSeq}
              focusSeq={jump.focusSeq}
            />
          )}
        </div>
        <ScrollMarks count={deferredVisible.length} marks={marks} onPick={onPickDeferred} />
      </div>
      <LogStatusBar
        state={state}
        shown={visible.length}
        total={buffer?.size ?? 0}
        notice={actions.notice}
        olderLoading={buffer?.olderLoading === true}
        heldBack={frozenAt !== null && buffer ? trackers.current.heldBack.count(buffer.list, frozenAt, bufferLineage(buffer)) : null}
        newLines={follow.follow ? 0 : trackers.current.newLines.count(visible, follow.unfollowSeq)}
        follow={follow.follow}
        onFollow={onFollow}
        onFreeze={onFreeze}
      />
      {dialogOpen && <ClearServerDialog modelKey={modelKey} onClose={() => setDialogOpen(false)} onResult={actions.setNotice} />}
    </div>
  );
}
