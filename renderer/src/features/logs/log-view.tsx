import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogEntry, ModelKey } from '../../../../main/core/types.js';
import { useAppState, useLogBuffer, useServices } from '../../app-context.js';
import { ClearServerDialog } from './clear-server-dialog.js';
import { downloadText } from './download.js';
import { filterEntries, findMatches, indexOfSeq, MatchMemo, toNdjson, toPlainText } from './log-filter.js';
import { LogRow, useMarkerText } from './log-row.js';
import { LogToolbar } from './log-toolbar.js';
import type { LogViewState } from './use-log-view-state.js';

export const ROW_HEIGHT = 20;

function countAfter(entries: readonly LogEntry[], seq: number): number {
  let n = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (!e || e.seq <= seq) break;
    n++;
  }
  return n;
}

export interface LogViewProps {
  readonly modelKey: ModelKey;
  readonly state: LogViewState;
}

/** One model's log: virtualised rows, follow mode, pause, search navigation, export and clearing. */
export function LogView({ modelKey, state }: LogViewProps) {
  const { t, i18n } = useTranslation();
  const { api, logStore } = useServices();
  const { buffer, version } = useLogBuffer(modelKey);
  const scrollRequest = useAppState((s) => s.scrollRequest);
  const markerText = useMarkerText();

  const [follow, setFollowState] = useState(true);
  const [unfollowSeq, setUnfollowSeq] = useState(-1);
  const [pausedSeq, setPausedSeq] = useState<number | null>(null);
  const [currentSeq, setCurrentSeq] = useState<number | null>(null);
  const [focusSeq, setFocusSeq] = useState<number | null>(null);
  const [pendingJump, setPendingJump] = useState<number | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const lastScroll = useRef({ top: 0, height: 0 });
  const userIntent = useRef(false);
  // The line a jump aimed at stays in view until the user scrolls: a tab switch or a re-fetch can
  // re-render the list after the jump (briefly empty, so the browser clamps scrollTop) and lose it.
  const stickTo = useRef<number | null>(null);

  const lastSeq = buffer?.lastSeq ?? -1;
  const setFollow = useCallback(
    (on: boolean) => {
      setFollowState(on);
      if (!on) setUnfollowSeq(lastSeq);
    },
    [lastSeq],
  );

  // A different tab starts following, unpaused, with no current match.
  useEffect(() => {
    setFollowState(true);
    setPausedSeq(null);
    setCurrentSeq(null);
    setFocusSeq(null);
    setNotice(null);
    stickTo.current = null;
  }, [modelKey]);

  useEffect(() => setCurrentSeq(null), [state.compiled]);

  const search = state.compiled.ok ? state.compiled.re : null;
  const matchMemo = useRef(new MatchMemo());
  const visible = useMemo(() => {
    if (!buffer) return [];
    matchMemo.current.sync(modelKey, search, buffer.entries);
    return filterEntries(
      buffer.entries,
      { levels: state.levels, origins: state.origins, onlyMatches: state.onlyMatches, search, maxSeq: pausedSeq },
      undefined,
      undefined,
      matchMemo.current.matches,
    );
    // `version` tracks the in-place mutation of buffer.entries.
  }, [buffer, version, modelKey, state.levels, state.origins, state.onlyMatches, search, pausedSeq]);
  const matches = useMemo(() => findMatches(visible, search, matchMemo.current.matches), [visible, search]);
  const matchIndex = useMemo(() => {
    if (currentSeq === null) return -1;
    return matches.findIndex((i) => visible[i]?.seq === currentSeq);
  }, [matches, visible, currentSeq]);

  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 25,
    // Index keys: a per-item key function makes every batch rebuild 200k string keys.
  });

  useEffect(() => {
    virtualizer.measure();
  }, [state.wrap, state.showTime, virtualizer]);

  // Follow: stay on the newest line whenever lines arrive.
  // A pending jump wins: two competing scrollToIndex calls would race in the virtualiser.
  useLayoutEffect(() => {
    if (follow) stickTo.current = null;
    if (!follow || pendingJump !== null || visible.length === 0) return;
    userIntent.current = false;
    virtualizer.scrollToIndex(visible.length - 1, { align: 'end' });
  }, [follow, pendingJump, visible, virtualizer]);

  const jumpTo = useCallback(
    (index: number) => {
      setFollowState(false);
      setUnfollowSeq(lastSeq);
      userIntent.current = false;
      stickTo.current = visible[index]?.seq ?? null;
      virtualizer.scrollToIndex(index, { align: 'center' });
    },
    [virtualizer, lastSeq, visible],
  );

  useLayoutEffect(() => {
    const seq = stickTo.current;
    const el = scrollRef.current;
    if (seq === null || follow || !el) return;
    const idx = indexOfSeq(visible, seq);
    if (idx < 0) return;
    const inView = virtualizer.getVirtualItems().some((item) => {
      if (item.index !== idx) return false;
      return item.start >= el.scrollTop - 1 && item.end <= el.scrollTop + el.clientHeight + 1;
    });
    if (!inView) virtualizer.scrollToIndex(idx, { align: 'center' });
  });

  // Scroll requests (notification click, error group "open", show in context) for this tab.
  useEffect(() => {
    if (scrollRequest && scrollRequest.key === modelKey) {
      state.clearFilters();
      setPausedSeq(null);
      setFollowState(false);
      setPendingJump(scrollRequest.seq);
    }
    // Only a new request (nonce) triggers a jump.
  }, [scrollRequest?.nonce, modelKey]);

  useEffect(() => {
    if (pendingJump === null || !buffer || buffer.loading) return;
    // The target line has not arrived yet (the tab's lines are still loading): keep the jump pending.
    const newest = visible[visible.length - 1]?.seq ?? -1;
    if (newest < pendingJump) return;
    const idx = indexOfSeq(visible, pendingJump);
    setPendingJump(null);
    if (idx >= 0) {
      setFocusSeq(visible[idx]?.seq ?? null);
      jumpTo(idx);
    }
  }, [pendingJump, visible, buffer, jumpTo]);

  const goMatch = useCallback(
    (dir: 1 | -1) => {
      if (matches.length === 0) return;
      let next: number;
      if (matchIndex >= 0) next = (matchIndex + dir + matches.length) % matches.length;
      else if (currentSeq !== null) {
        // The current line was trimmed or filtered: continue from where it was.
        const after = matches.findIndex((i) => (visible[i]?.seq ?? 0) > currentSeq);
        next = dir === 1 ? (after >= 0 ? after : 0) : after > 0 ? after - 1 : matches.length - 1;
      } else next = dir === 1 ? 0 : matches.length - 1;
      const idx = matches[next];
      if (idx === undefined) return;
      setCurrentSeq(visible[idx]?.seq ?? null);
      jumpTo(idx);
    },
    [matches, matchIndex, currentSeq, visible, jumpTo],
  );

  const showInContext = useCallback(() => {
    const seq = currentSeq ?? focusSeq;
    state.clearFilters();
    setPausedSeq(null);
    if (seq !== null) {
      setFocusSeq(seq);
      setPendingJump(seq);
    }
  }, [currentSeq, focusSeq, state]);

  // Keyboard: Ctrl/Cmd+F, F3 / Shift+F3, End / Ctrl+End (follow toggle).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
      if (mod && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'F3') {
        e.preventDefault();
        goMatch(e.shiftKey ? -1 : 1);
      } else if (e.key === 'End' && (mod || !typing)) {
        e.preventDefault();
        setFollow(!follow);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [goMatch, follow, setFollow]);

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
    // Only the user scrolls up while following (our own scrolls go to the bottom).
    if (follow && movedUp && !atBottom) setFollow(false);
    else if (!follow && atBottom && movedDown && userIntent.current && pausedSeq === null) setFollowState(true);
  }, [follow, setFollow, pausedSeq]);

  const markIntent = useCallback(() => {
    userIntent.current = true;
    stickTo.current = null;
  }, []);

  const newLines = follow ? 0 : countAfter(visible, unfollowSeq);
  const heldBack = pausedSeq !== null && buffer ? countAfter(buffer.entries, pausedSeq) : 0;

  const copySelection = useCallback(() => {
    const text = window.getSelection()?.toString() ?? '';
    // Say why nothing happened rather than leaving a menu click without an answer.
    if (!text) {
      setNotice(t('logs.copyNothing'));
      return;
    }
    // Absent outside a secure context; keep the old quiet behaviour there rather than throw.
    if (!(navigator.clipboard as Clipboard | undefined)) return;
    void navigator.clipboard.writeText(text).then(
      () => setNotice(t('logs.copied')),
      (err: unknown) => setNotice(t('common.error', { message: String(err) })),
    );
  }, [t]);

  const exportVisible = useCallback(
    (format: 'txt' | 'ndjson') => {
      const safe = modelKey.replace(/[^\w.-]+/g, '_');
      if (format === 'txt') downloadText(`${safe}.txt`, toPlainText(visible, markerText), 'text/plain');
      else downloadText(`${safe}.ndjson`, toNdjson(visible), 'application/x-ndjson');
    },
    [visible, modelKey, markerText],
  );

  const clearView = useCallback(() => {
    logStore.clear(modelKey);
    logStore.flush();
    api.invoke('logs:clear-local', { key: modelKey }).catch((err: unknown) => setNotice(t('common.error', { message: String(err) })));
  }, [api, logStore, modelKey, t]);

  const items = virtualizer.getVirtualItems();
  const currentMatchSeq = matchIndex >= 0 ? currentSeq : null;

  let emptyText: string | null = null;
  if (!buffer || (buffer.loading && buffer.entries.length === 0)) emptyText = t('logs.loading');
  else if (visible.length === 0) emptyText = buffer.entries.length === 0 ? t('logs.empty') : t('logs.emptyFiltered');

  return (
    <div className="log-view" data-follow={follow} data-paused={pausedSeq !== null}>
      <LogToolbar
        state={state}
        searchRef={searchRef}
        matchTotal={matches.length}
        matchIndex={matchIndex}
        onNext={() => goMatch(1)}
        onPrevious={() => goMatch(-1)}
        onShowInContext={showInContext}
        onCopy={copySelection}
        onExport={exportVisible}
        onClearView={clearView}
        onClearServer={() => setDialogOpen(true)}
      />
      <div
        ref={scrollRef}
        className={`log-scroll${state.wrap ? ' wrap' : ''}`}
        data-testid="log-scroll"
        tabIndex={0}
        onScroll={onScroll}
        onWheel={markIntent}
        onPointerDown={markIntent}
        onKeyDown={markIntent}
      >
        {emptyText !== null ? (
          <div className="log-empty">{emptyText}</div>
        ) : (
          <div className="log-rows" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const entry = visible[item.index];
              if (!entry) return null;
              return (
                <div
                  key={item.key}
                  className="log-row-slot"
                  data-index={item.index}
                  ref={state.wrap ? virtualizer.measureElement : undefined}
                  style={{ transform: `translateY(${item.start}px)`, height: state.wrap ? undefined : ROW_HEIGHT }}
                >
                  <LogRow
                    entry={entry}
                    showTime={state.showTime}
                    search={search}
                    isCurrentMatch={entry.seq === currentMatchSeq && entry.kind === 'line'}
                    isFocused={entry.seq === focusSeq}
                  />
                </div>
              );
            })}
          </div>
        )}
      </div>
      <div className="log-statusbar">
        <span className="line-count" data-testid="line-count">
          {t('logs.lineCount', { shown: visible.length.toLocaleString(i18n.language), total: (buffer?.entries.length ?? 0).toLocaleString(i18n.language) })}
        </span>
        {notice && <span className="status-notice">{notice}</span>}
        {pausedSeq !== null && <span className="paused-banner">{t('logs.pausedBanner', { count: heldBack })}</span>}
        <span className="toolbar-spacer" />
        {!follow && newLines > 0 && (
          <button type="button" className="new-lines-pill" data-testid="new-lines" onClick={() => setFollowState(true)}>
            {t('logs.newLines', { count: newLines })}
          </button>
        )}
        <button
          type="button"
          className={`chip${state.showTime ? ' on' : ''}`}
          aria-pressed={state.showTime}
          title={t('logs.timestampsTitle')}
          onClick={() => state.setShowTime(!state.showTime)}
        >
          {t('logs.timestamps')}
        </button>
        <button
          type="button"
          className={`chip${state.wrap ? ' on' : ''}`}
          aria-pressed={state.wrap}
          title={t('logs.wrapTitle')}
          onClick={() => state.setWrap(!state.wrap)}
        >
          {t('logs.wrap')}
        </button>
        <span className="statusbar-sep" />
        <button
          type="button"
          className={`chip${pausedSeq !== null ? ' on warn' : ''}`}
          aria-pressed={pausedSeq !== null}
          data-testid="pause"
          onClick={() => setPausedSeq(pausedSeq === null ? lastSeq : null)}
        >
          {pausedSeq === null ? `‖ ${t('logs.pause')}` : `▶ ${t('logs.resume')}`}
        </button>
        <button
          type="button"
          className={`chip${follow ? ' on' : ''}`}
          aria-pressed={follow}
          title={t('logs.followTitle')}
          data-testid="follow"
          onClick={() => setFollow(!follow)}
        >
          ⤓ {t('logs.follow')}
        </button>
      </div>
      {dialogOpen && (
        <ClearServerDialog
          modelKey={modelKey}
          onClose={() => setDialogOpen(false)}
          onResult={(message) => setNotice(message)}
        />
      )}
    </div>
  );
}
