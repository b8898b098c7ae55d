import { memo, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { LEVELS } from '../../../../contract/domain.js';
import { ORIGINS, type LogViewState } from './use-log-view-state.js';
import { useDropdown } from '../../hooks/use-dropdown.js';
import { ToggleChip } from '../../components/toggle-chip.js';
import { SearchIcon } from '../../components/icons.js';

export interface LogToolbarProps {
  readonly state: LogViewState;
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly matchTotal: number;
  /** Share of the buffer a search in progress has tested (0 to <1), or null when it is done. */
  readonly searchProgress?: number | null;
  /** 0-based index of the current match, -1 when none is selected. */
  readonly matchIndex: number;
  readonly onNext: () => void;
  readonly onPrevious: () => void;
  readonly onShowInContext: () => void;
  readonly onCopy: () => void;
  readonly onExport: (format: 'txt' | 'ndjson') => void;
  readonly onClearView: () => void;
  readonly onClearServer: () => void;
}

export const LogToolbar = memo(function LogToolbar(props: LogToolbarProps) {
  const { t } = useTranslation();
  const { state } = props;
  const { open: menuOpen, setOpen: setMenuOpen, ref: menuRef } = useDropdown();

  const searching = state.query !== '';
  const invalid = !state.compiled.ok;
  const progress = props.searchProgress ?? null;
  const countText = !searching
    ? ''
    : progress !== null && !invalid
      ? t('logs.searchProgress', { percent: Math.floor(progress * 100), found: props.matchTotal })
      : props.matchTotal === 0
      ? t('logs.noMatches')
      : t('logs.matchCount', { current: props.matchIndex >= 0 ? props.matchIndex + 1 : 0, total: props.matchTotal });

  const act = (fn: () => void) => () => {
    setMenuOpen(false);
    fn();
  };

  return (
    <div className="log-toolbar" role="toolbar">
      <div className={`search-box${invalid ? ' invalid' : ''}`}>
        <SearchIcon className="search-icon" />
        <input
          ref={props.searchRef}
          type="search"
          className="search-input"
          aria-label={t('logs.searchPlaceholder')}
          placeholder={t('logs.searchPlaceholder')}
          title={t('logs.searchTitle')}
          value={state.query}
          spellCheck={false}
          onChange={(e) => state.setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (e.shiftKey) props.onPrevious();
              else props.onNext();
            } else if (e.key === 'Escape') {
              state.setQuery('');
            }
          }}
        />
        <button
          type="button"
          className={`chip small${state.regex ? ' on' : ''}`}
          aria-pressed={state.regex}
          title={t('logs.regexTitle')}
          onClick={() => state.setRegex(!state.regex)}
        >
          .*
        </button>
        <button
          type="button"
          className={`chip small${state.matchCase ? ' on' : ''}`}
          aria-pressed={state.matchCase}
          title={t('logs.matchCaseTitle')}
          onClick={() => state.setMatchCase(!state.matchCase)}
        >
          {t('logs.matchCase')}
        </button>
      </div>
      {searching && (
        <div className="search-nav">
        <button type="button" className="icon-btn" title={t('logs.previous')} aria-label={t('logs.previous')} disabled={props.matchTotal === 0} onClick={props.onPrevious}>
          ‹
        </button>
        <span className="match-count" data-testid="match-count" aria-busy={progress !== null && !invalid ? true : undefined}>
          {countText}
        </span>
        <button type="button" className="icon-btn" title={t('logs.next')} aria-label={t('logs.next')} disabled={props.matchTotal === 0} onClick={props.onNext}>
          ›
        </button>
            <ToggleChip on={state.onlyMatches} disabled={invalid} onToggle={() => state.setOnlyMatches(!state.onlyMatches)}>
              {t('logs.onlyMatches')}
            </ToggleChip>
            <button type="button" className="link-btn" disabled={props.matchIndex < 0} onClick={props.onShowInContext}>
              {t('logs.showInContext')}
            </button>
        </div>
      )}
      {/* A label and its chips wrap as one unit: a narrow window never leaves a label orphaned at a line end. */}
      <div className="labelled-group">
        <span className="group-label" id="levels-group-label">
          {t('logs.levelsGroup')}
        </span>
        <div className="chip-group" role="group" aria-labelledby="levels-group-label">
          {LEVELS.map((level) => (
            <ToggleChip key={level} on={state.levels.has(level)} className={`level-chip level-${level}`} data={{ level }} onToggle={() => state.toggleLevel(level)}>
              {t(`level.${level}`)}
            </ToggleChip>
          ))}
        </div>
      </div>
      <div className="labelled-group">
        <span className="group-label" id="origins-group-label">
          {t('logs.originsGroup')}
        </span>
        <div className="chip-group" role="group" aria-labelledby="origins-group-label">
          {ORIGINS.map((origin) => (
            <ToggleChip key={origin} on={state.origins.has(origin)} className={`origin-chip origin-${origin}`} data={{ origin }} onToggle={() => state.toggleOrigin(origin)}>
              {t(`origin.${origin}`)}
            </ToggleChip>
          ))}
        </div>
      </div>
      <div className="toolbar-spacer" />
      <div className="menu-anchor" ref={menuRef}>
        <button type="button" className="icon-btn" aria-haspopup="menu" aria-expanded={menuOpen} title={t('logs.more')} aria-label={t('logs.more')} onClick={() => setMenuOpen(!menuOpen)}>
          ⋯
        </button>
        {menuOpen && (
          <div className="menu" role="menu">
            <button type="button" role="menuitem" title={t('logs.copyTitle')} onClick={act(props.onCopy)}>
              {t('logs.copy')}
            </button>
            <button type="button" role="menuitem" onClick={act(() => props.onExport('txt'))}>
              {t('logs.exportTxt')}
            </button>
            <button type="button" role="menuitem" onClick={act(() => props.onExport('ndjson'))}>
              {t('logs.exportNdjson')}
            </button>
            <div className="menu-sep" />
            <button type="button" role="menuitem" title={t('logs.clearViewTitle')} onClick={act(props.onClearView)}>
              {t('logs.clearView')}
            </button>
            <button type="button" role="menuitem" className="danger" onClick={act(props.onClearServer)}>
              {t('logs.clearServer')}
            </button>
          </div>
        )}
      </div>
      {invalid && (
        <div className="search-error" role="alert">
          {t('logs.invalidRegex', { message: state.compiled.ok ? '' : state.compiled.error })}
        </div>
      )}
    </div>
  );
});
