import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogEntry, LogMarker, SignatureId } from '../../../../main/core/types.js';
import { InfoIcon } from '../../components/icons.js';
import { AnsiText } from './ansi-text.js';
import { formatTime } from './log-filter.js';

/** The row texts that need a translation, made once per language by the rows' parent (not per row). */
export interface RowLabels {
  readonly markerText: (m: LogMarker) => string;
  readonly recovered: string;
  readonly recoveredTitle: string;
}

export function useRowLabels(): RowLabels {
  const { t, i18n } = useTranslation();
  const markerText = useMarkerText();
  const lang = i18n.language;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => ({ markerText, recovered: t('logs.recovered'), recoveredTitle: t('logs.recoveredTitle') }), [t, lang]);
}

export interface LogRowProps {
  readonly entry: LogEntry;
  readonly labels: RowLabels;
  readonly showTime: boolean;
  readonly search: RegExp | null;
  readonly isCurrentMatch: boolean;
  readonly isFocused: boolean;
}

export function useMarkerText(): (m: LogMarker) => string {
  const { t } = useTranslation();
  return (m) => {
    if (m.marker === 'history-complete') return `── ${t('logs.historyComplete')} ──`;
    const reason = t(`gapReason.${m.reason ?? 'unknown'}`);
    let text: string;
    if (m.unverified === true) text = t('logs.gapChecking', { reason });
    // The check could not finish: lines MAY be missing here, and why.
    else if (m.unchecked !== undefined) text = t('logs.gapUnchecked', { reason, why: t(`holeCheck.${m.unchecked}`) });
    else if (m.recovered !== undefined) text = m.recovered > 0 ? t('logs.gapRecovered', { count: m.recovered, reason }) : t('logs.gapComplete', { reason });
    else if (m.missing !== undefined) text = t('logs.gapCount', { count: m.missing, reason });
    else text = t('logs.gap', { reason });
    return `┄┄ ${text} ┄┄`;
  };
}

export const LogRow = memo(function LogRow({ entry, labels, showTime, search, isCurrentMatch, isFocused }: LogRowProps) {
  if (entry.kind === 'marker') {
    return (
      <div
        className={`log-marker marker-${entry.marker}${entry.unverified ? ' unverified' : ''}${entry.recovered !== undefined ? ' settled' : ''}${entry.unchecked !== undefined ? ' unchecked' : ''}`}
        data-seq={entry.seq}
        data-kind="marker"
        role="separator"
      >
        <span className="marker-text">{labels.markerText(entry)}</span>
      </div>
    );
  }
  const classes = ['log-line', `level-${entry.level}`];
  if (entry.continuation) classes.push('continuation');
  if (isCurrentMatch) classes.push('current-match');
  if (isFocused) classes.push('focused');
  if (entry.recovered) classes.push('recovered');
  return (
    <div className={classes.join(' ')} data-seq={entry.seq} data-level={entry.level} data-origin={entry.origin}>
      {showTime && <span className="log-time">{formatTime(entry.ts)}</span>}
      {entry.recovered && (
        <span className="log-recovered" title={labels.recoveredTitle}>
          {labels.recovered}
        </span>
      )}
      <span className="log-text">
        <AnsiText text={entry.text} search={search} />
      </span>
    </div>
  );
});

/** The failure hint: a full-width row under its error block (head + continuation lines), never cut. */
export const HintRow = memo(function HintRow({ signature }: { signature: SignatureId }) {
  const { t } = useTranslation();
  return (
    <div className="log-hint-row" data-testid="log-hint" data-signature={signature} role="note">
      <InfoIcon className="hint-icon" />
      <span className="hint-label">{t('logs.hintPrefix')}:</span>
      <span className="hint-text">{t(`hints.${signature}`)}</span>
    </div>
  );
});
