import { useTranslation } from 'react-i18next';
import type { ModelStats, ModelStatus } from '../../../../main/core/types.js';
import { useServices } from '../../app-context.js';
import { Chart } from '../../components/chart.js';
import { HealthDot } from '../../components/health-dot.js';
import { formatDateTime, formatStamp } from '../../format.js';
import { healthSummary } from '../models/health-text.js';
import type { HealthPoint } from '../../stores/activity.js';
import { stripAnsi } from '../../../../contract/domain.js';

const MINUTES = 60;

/** The health history as one bar: a segment per state, as wide as the time spent in it. */
function StatusHistoryBar({ points, now }: { points: readonly HealthPoint[]; now: number }) {
  const { t } = useTranslation();
  const start = points[0]?.ts ?? now;
  const span = Math.max(1, now - start);
  return (
    <div className="status-history" data-testid="status-history" aria-label={t('stats.statusHistory')}>
      {points.map((p, i) => {
        const until = points[i + 1]?.ts ?? now;
        const width = ((until - p.ts) / span) * 100;
        return (
          <span
            key={`${p.ts}-${i}`}
            className={`status-seg hd-${p.health}`}
            data-health={p.health}
            style={{ width: `${Math.max(width, 0.5)}%` }}
            title={`${formatDateTime(p.ts)} · ${t(`modelHealth.${p.health}`)}`}
          />
        );
      })}
    </div>
  );
}

/**
 * Errors per minute for the chart: the core's counts (every line it holds, also those logged before
 * the window opened), on the minutes of `seen`; what the window saw live only when the core has none.
 */
function errorSeries(
  stats: ModelStats | null | undefined,
  seen: { xs: number[]; errors: number[] },
): { xs: number[]; errors: number[] } {
  if (!stats?.errorsPerMinute) return seen;
  const counts = new Map(stats.errorsPerMinute);
  return { xs: seen.xs, errors: seen.xs.map((x) => counts.get(x) ?? 0) };
}

/** One model at a glance: health, uptime, status history, errors over time, last error in full, lines/s. */
export function ModelCard({ model, stats, serverName, onOpen }: { model: ModelStatus; stats: ModelStats | null | undefined; serverName: string | null; onOpen: (seq: number) => void }) {
  const { t, i18n } = useTranslation();
  const { sync, now } = useServices();
  const h = healthSummary(t, model);
  const activity = sync.activity;
  const uptime = activity.uptime(model.key);
  const series = errorSeries(stats, activity.perMinute(model.key, MINUTES));
  // One count for errors everywhere: error lines that head a block (the error groups count the same).
  const errors = stats ? stats.errorGroups.reduce((n, g) => n + g.count, 0) : null;
  const dash = t('stats.none');
  const n = (v: number) => v.toLocaleString(i18n.language);
  const lastError = stats?.lastError ?? null;
  return (
    <section className="stat-card" data-key={model.key} data-health={h.health} data-testid="model-card">
      <header className="stat-card-head">
        <HealthDot health={h.health} connection={model.connection} />
        <span className="stat-card-name">{model.model}</span>
        {serverName && <span className="muted">{t('header.onServer', { server: serverName })}</span>}
        <span className={`health-text-${h.health}`}>{h.word}</span>
        {h.detail !== null && <span className="muted stat-card-detail">{h.detail}</span>}
      </header>
      <div className="stat-metrics">
        <div className="metric">
          <span className="metric-label">{t('stats.uptime')}</span>
          <span className="metric-value" data-testid="uptime">
            {uptime === null ? dash : `${Math.round(uptime * 100)}%`}
          </span>
        </div>
        <div className="metric">
          <span className="metric-label">{t('stats.errors')}</span>
          <span className={`metric-value${errors ? ' level-error' : ''}`} data-testid="card-errors">
            {errors === null ? dash : n(errors)}
          </span>
        </div>
        <div className="metric">
          <span className="metric-label">{t('stats.perSecond')}</span>
          <span className="metric-value">{stats ? stats.linesPerSecond.toFixed(1) : dash}</span>
        </div>
        <div className="metric">
          <span className="metric-label">{t('stats.linesTotal')}</span>
          <span className="metric-value">{stats ? n(stats.lines.total) : dash}</span>
        </div>
        <div className="metric">
          <span className="metric-label">{t('stats.reconnects')}</span>
          <span className="metric-value">{stats ? n(stats.reconnects) : dash}</span>
        </div>
      </div>
      <StatusHistoryBar points={activity.healthHistory(model.key)} now={now()} />
      <Chart
        xs={series.xs}
        series={[{ label: t('stats.errorsPerMinute'), colorVar: '--error', values: series.errors, format: (v) => v.toFixed(0) }]}
        title={t('stats.errorsOverTime')}
        height={80}
        integer
        testId="errors-chart"
      />
      <div className="last-error" data-testid="last-error">
        <span className="metric-label">{t('stats.lastError')}</span>
        {lastError ? (
          <>
            <span className="muted" title={formatDateTime(lastError.ts)}>
              {' '}
              {formatStamp(lastError.ts, now())}
            </span>
            <button type="button" className="last-error-text" title={t('stats.openInLog')} onClick={() => onOpen(lastError.seq)}>
              {stripAnsi(lastError.text)}
            </button>
          </>
        ) : (
          <span className="muted"> {dash}</span>
        )}
      </div>
    </section>
  );
}
