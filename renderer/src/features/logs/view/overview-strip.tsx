import { memo, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../log-filter.js';
import { indexAtTime, timeOnLogDay } from './log-index.js';
import { OverviewTracker } from './visible-lineage.js';
import type { EntryList } from '../../../stores/entry-list.js';

const BUCKETS = 120;
const H = 26;
// Placeholders no translation contains.
const SLOT = (name: string) => `\u2063${name}\u2063`;

/**
 * The bucket tooltip as a fill-in template: translated once per language, then filled 120 times per
 * render with a plain replace. A full `t()` and three `toLocaleString` calls per bucket were the
 * largest costs of a live batch in a big tab (profile of 5,000 lines/s in a 200,000-line tab).
 */
function useBucketTitle(t: (key: string, vars: Record<string, string>) => string, language: string) {
  return useMemo(() => {
    const template = t('nav.bucket', { from: SLOT('from'), to: SLOT('to'), lines: SLOT('lines'), errors: SLOT('errors'), warnings: SLOT('warnings') });
    const nf = new Intl.NumberFormat(language);
    return (b: { start: number; end: number; lines: number; errors: number; warnings: number }) => {
      const vals: Record<string, string> = { from: formatTime(b.start), to: formatTime(b.end), lines: nf.format(b.lines), errors: nf.format(b.errors), warnings: nf.format(b.warnings) };
      return template.replace(/\u2063(\w+)\u2063/g, (_, k: string) => vals[k] ?? '');
    };
  }, [t, language]);
}

/**
 * The tab at a glance over time: lines per interval (grey), intervals with errors (red) or warnings
 * (amber) marked on top; clicking an interval jumps there. Next to it, "jump to a time".
 */
export const OverviewStrip = memo(function OverviewStrip({ visible, onJump, timeRef }: { visible: EntryList; onJump: (index: number) => void; timeRef: RefObject<HTMLInputElement | null> }) {
  const { t, i18n } = useTranslation();
  // Kept across appends and trims while the times only grow (see visible-lineage).
  const tracker = useRef<OverviewTracker | null>(null);
  tracker.current ??= new OverviewTracker();
  const ov = useMemo(() => tracker.current?.overview(visible, BUCKETS) ?? null, [visible]);
  const [time, setTime] = useState('');
  const [bad, setBad] = useState(false);
  const bucketTitle = useBucketTitle(t, i18n.language);
  if (!ov) return null;
  const jumpToTime = () => {
    const ts = timeOnLogDay(time, ov.to);
    const idx = ts === null ? -1 : indexAtTime(visible, ts);
    setBad(idx < 0);
    if (idx >= 0) onJump(idx);
  };
  return (
    <div className="overview" data-testid="overview">
      <span className="overview-time">{formatTime(ov.from)}</span>
      <svg className="overview-strip" viewBox={`0 0 ${BUCKETS} ${H}`} preserveAspectRatio="none" role="img" aria-label={t('nav.overviewLabel')}>
        {ov.buckets.map((b, i) => {
          const h = b.lines === 0 ? 0 : Math.max(1.5, Math.sqrt(b.lines / ov.maxLines) * (H - 7));
          const title = bucketTitle(b);
          return (
            <g key={i} className="overview-bucket" data-errors={b.errors} onClick={() => b.lines > 0 && onJump(indexAtTime(visible, b.start))}>
              <title>{title}</title>
              <rect x={i} y={0} width={1} height={H} className="overview-hit" />
              {h > 0 && <rect x={i + 0.1} y={H - h} width={0.8} height={h} className="overview-lines" />}
              {b.errors > 0 ? <rect x={i} y={0} width={1} height={5} className="overview-errors" /> : b.warnings > 0 ? <rect x={i} y={1} width={1} height={3} className="overview-warnings" /> : null}
            </g>
          );
        })}
      </svg>
      <span className="overview-time">{formatTime(ov.to)}</span>
      <input
        ref={timeRef}
        className={`time-jump${bad ? ' invalid' : ''}`}
        data-testid="time-jump"
        aria-label={t('nav.jumpToTime')}
        title={t('nav.jumpToTimeTitle')}
        placeholder={t('nav.timePlaceholder')}
        value={time}
        spellCheck={false}
        onChange={(e) => {
          setTime(e.target.value);
          setBad(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            jumpToTime();
          }
        }}
      />
    </div>
  );
});
