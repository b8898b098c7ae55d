import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { ToggleChip } from '../../../components/toggle-chip.js';
import type { LogViewState } from '../use-log-view-state.js';

/** Line count, notices, the "N new lines" pill and the view toggles (time, wrap, freeze, follow). */
export function LogStatusBar(props: {
  state: LogViewState;
  shown: number;
  total: number;
  notice: string | null;
  /** The tab shows its newest lines while the older ones are still loading. */
  olderLoading: boolean;
  heldBack: number | null;
  newLines: number;
  follow: boolean;
  onFollow: (on: boolean) => void;
  onFreeze: () => void;
}) {
  const { t, i18n } = useTranslation();
  const frozen = props.heldBack !== null;
  return (
    <div className="log-statusbar">
      <span className="line-count" data-testid="line-count">
        {t('logs.lineCount', { shown: props.shown.toLocaleString(i18n.language), total: props.total.toLocaleString(i18n.language) })}
      </span>
      {props.olderLoading && (
        <span className="status-notice" data-testid="older-loading" aria-busy="true">
          {t('logs.loadingOlder')}
        </span>
      )}
      {props.notice && <span className="status-notice">{props.notice}</span>}
      {frozen && <span className="paused-banner">{t('logs.pausedBanner', { count: props.heldBack ?? 0 })}</span>}
      <span className="toolbar-spacer" />
      {!props.follow && props.newLines > 0 && (
        <button type="button" className="new-lines-pill" data-testid="new-lines" title={t('logs.followTitle')} onClick={() => props.onFollow(true)}>
          {t('logs.newLines', { count: props.newLines })}
        </button>
      )}
      <ViewToggles state={props.state} frozen={frozen} follow={props.follow} onFollow={props.onFollow} onFreeze={props.onFreeze} />
    </div>
  );
}

/** The view toggles: memoised, so a batch (a new line count) does not translate their labels again. */
const ViewToggles = memo(function ViewToggles({ state, frozen, follow, onFollow, onFreeze }: { state: LogViewState; frozen: boolean; follow: boolean; onFollow: (on: boolean) => void; onFreeze: () => void }) {
  const { t } = useTranslation();
  return (
    <>
        <div className="labelled-group">
          <span className="group-label" id="view-group-label">
            {t('logs.viewGroup')}
          </span>
          <div className="chip-group" role="group" aria-labelledby="view-group-label">
            <ToggleChip on={state.showTime} title={t('logs.timestampsTitle')} onToggle={() => state.setShowTime(!state.showTime)}>
              {t('logs.timestamps')}
            </ToggleChip>
            <ToggleChip on={state.wrap} title={t('logs.wrapTitle')} onToggle={() => state.setWrap(!state.wrap)}>
              {t('logs.wrap')}
            </ToggleChip>
          </div>
        </div>
        <span className="statusbar-sep" />
        <div className="labelled-group">
          <span className="group-label" id="scroll-group-label">
            {t('logs.scrollGroup')}
          </span>
          <div className="chip-group" role="group" aria-labelledby="scroll-group-label">
            <ToggleChip on={frozen} className={frozen ? 'warn' : undefined} title={t('logs.pauseTitle')} testId="pause" onToggle={onFreeze}>
              {t('logs.pause')}
            </ToggleChip>
            <ToggleChip on={follow} title={t('logs.followTitle')} testId="follow" onToggle={() => onFollow(!follow)}>
              {t('logs.follow')}
            </ToggleChip>
          </div>
        </div>
    </>
  );
});
