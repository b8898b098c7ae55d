import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VitalsLoad, VitalsSample, VitalsSeries } from '../../../../main/core/types.js';
import { useAppState, useServices } from '../../app-context.js';
import { Chart, defaultFormat, type ChartSeries } from '../../components/chart.js';
import { vitalsFigures } from './vitals-figures.js';

export const WINDOWS = [
  { id: '15m', ms: 15 * 60_000 },
  { id: '1h', ms: 60 * 60_000 },
  { id: '6h', ms: 6 * 60 * 60_000 },
  { id: '24h', ms: 24 * 60 * 60_000 },
] as const;
type WindowId = (typeof WINDOWS)[number]['id'];
/** Up to this window the speed charts show every request; longer windows show per-minute values. */
const RAW_WINDOW_MS = 60 * 60_000;
const REFETCH_MIN_MS = 1000;

function fmt(v: number | null | undefined, unit?: string): string {
  return v == null ? '—' : defaultFormat(v, unit);
}

/** Per model: speed, requests and KV cache charts over a window, from the core's vitals series. */
export function VitalsView() {
  const { t } = useTranslation();
  const { api, sync, now } = useServices();
  const selectedKey = useAppState((s) => s.selectedKey);
  const model = useAppState((s) => s.models.find((m) => m.key === s.selectedKey) ?? null);
  const summary = model?.vitals;
  const [windowId, setWindowId] = useState<WindowId>('1h');
  const [series, setSeries] = useState<VitalsSeries | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lastFetch = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Refetch when the summary changes (a new sample), at most once a second.
  const summaryStamp = summary ? `${summary.lastSeq ?? ''}|${summary.samples}|${JSON.stringify(summary.load)}` : '';
  useEffect(() => {
    if (selectedKey === null) {
      setSeries(null);
      return;
    }
    let cancelled = false;
    const fetchNow = () => {
      lastFetch.current = Date.now();
      api
        .invoke('vitals:get', { key: selectedKey })
        .then((s) => {
          if (!cancelled) {
            setSeries(s);
            setError(null);
          }
        })
        .catch((err: unknown) => {
          if (!cancelled) setError(err instanceof Error ? err.message : String(err));
        });
    };
    const wait = REFETCH_MIN_MS - (Date.now() - lastFetch.current);
    if (wait <= 0) fetchNow();
    else timer.current = setTimeout(fetchNow, wait);
    return () => {
      cancelled = true;
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [api, selectedKey, summaryStamp]);

  const win = WINDOWS.find((w) => w.id === windowId) ?? WINDOWS[1];
  const end = Math.max(now(), summary?.lastTs ?? 0);
  const from = end - win.ms;
  // Every chart shows the whole window, however little of it has data; per-minute charts from the
  // start of the minute the window begins in (that bucket is drawn whole, not cut at the edge).
  const minuteRange = [Math.floor(from / 60_000) * 60_000, end] as const;
  const raw = win.ms <= RAW_WINDOW_MS;
  const xRange = raw ? ([from, end] as const) : minuteRange;
  const view = useMemo(() => {
    const samples = (series?.samples ?? []).filter((s) => s.ts >= from);
    const buckets = (series?.buckets ?? []).filter((b) => b.t + 60_000 > from);
    return { samples, buckets };
  }, [series, from]);
  const figures = useMemo(() => vitalsFigures(view.samples, view.buckets), [view]);

  if (selectedKey === null || !model) return <div className="vitals-empty">{t('vitals.noModel')}</div>;

  const openLine = (s: VitalsSample | undefined) => {
    if (!s) return;
    sync.setView('logs');
    sync.scrollTo(selectedKey, s.seq);
  };

  const speedSamples = view.samples.filter((s) => s.genTps !== null || s.promptTps !== null);
  const isVllm = summary?.source === 'vllm';
  const tps = t('vitals.unitTps');
  const genSeries: ChartSeries[] = raw
    ? [{ label: t('vitals.generation'), colorVar: '--accent', unit: tps, values: speedSamples.map((s) => s.genTps), points: !isVllm }]
    : [{ label: t('vitals.generation'), colorVar: '--accent', unit: tps, values: view.buckets.map((b) => b.genTps) }];
  const promptSeries: ChartSeries[] = raw
    ? [{ label: t('vitals.prompt'), colorVar: '--success', unit: tps, values: speedSamples.map((s) => s.promptTps), points: !isVllm }]
    : [{ label: t('vitals.prompt'), colorVar: '--success', unit: tps, values: view.buckets.map((b) => b.promptTps) }];
  const speedXs = raw ? speedSamples.map((s) => s.ts) : view.buckets.map((b) => b.t);
  const pickProps = raw ? { onPick: (i: number) => openLine(speedSamples[i]) } : {};

  const engine = view.samples.filter((s) => s.kind === 'engine');
  const hasKv = engine.some((s) => s.kvCachePct !== undefined) || view.buckets.some((b) => b.kvCachePct !== null);
  const reqs = t('vitals.unitReqs');
  const load = summary?.load ?? null;
  const latest = view.samples.at(-1);

  return (
    <div className="vitals" data-testid="vitals-view" data-key={selectedKey} data-from={from}>
      <div className="vitals-head">
        <h2 className="vitals-title">
          {t('vitals.title')} · {model.model}
        </h2>
        <div className="vitals-windows" role="radiogroup" aria-label={t('vitals.window')}>
          {WINDOWS.map((w) => (
            <button
              key={w.id}
              type="button"
              role="radio"
              aria-checked={w.id === windowId}
              className={`chip${w.id === windowId ? ' on' : ''}`}
              data-window={w.id}
              onClick={() => setWindowId(w.id)}
            >
              {t(`vitals.win.${w.id}`)}
            </button>
          ))}
        </div>
      </div>
      {error && <div className="error-text">{t('common.error', { message: error })}</div>}
      {!summary || summary.source === null ? (
        <div className="vitals-empty" data-testid="vitals-empty">
          {t('vitals.none')}
          {load && <LoadLine load={load} />}
        </div>
      ) : (
        <>
          <table className="vitals-figures" data-testid="vitals-figures">
            <thead>
              <tr>
                <th />
                <th>{t('vitals.last')}</th>
                <th>{t('vitals.median')}</th>
                <th>{t('vitals.p10')}</th>
              </tr>
            </thead>
            <tbody>
              <tr data-figure="gen">
                <th>{t('vitals.generation')}</th>
                <td>{fmt(figures.gen.last, tps)}</td>
                <td>{fmt(figures.gen.median, tps)}</td>
                <td>{fmt(figures.gen.p10, tps)}</td>
              </tr>
              <tr data-figure="prompt">
                <th>{t('vitals.prompt')}</th>
                <td>{fmt(figures.prompt.last, tps)}</td>
                <td>{fmt(figures.prompt.median, tps)}</td>
                <td>{fmt(figures.prompt.p10, tps)}</td>
              </tr>
            </tbody>
          </table>
          <div className="vitals-meta">
            <span data-testid="vitals-count">{isVllm ? t('vitals.statLines', { count: figures.samples }) : t('vitals.requests', { count: figures.requests })}</span>
            {load && <LoadLine load={load} />}
            {latest && (
              <button type="button" className="link-btn" data-testid="vitals-open-latest" onClick={() => openLine(latest)}>
                {isVllm ? t('vitals.openLatestStats') : t('vitals.openLatest')}
              </button>
            )}
          </div>
          <div className="vitals-charts">
            <Chart testId="chart-gen" title={t('vitals.genChart')} yLabel={tps} xs={speedXs} xRange={xRange} series={genSeries} {...pickProps} />
            <Chart testId="chart-prompt" title={t('vitals.promptChart')} yLabel={tps} xs={speedXs} xRange={xRange} series={promptSeries} {...pickProps} />
            {isVllm ? (
              <Chart
                testId="chart-requests"
                title={t('vitals.queueChart')}
                yLabel={reqs}
                integer
                xs={raw ? engine.map((s) => s.ts) : view.buckets.map((b) => b.t)}
                xRange={xRange}
                series={[
                  { label: t('vitals.running'), colorVar: '--accent', unit: reqs, values: raw ? engine.map((s) => s.running ?? null) : view.buckets.map((b) => b.running) },
                  { label: t('vitals.waiting'), colorVar: '--warning', unit: reqs, values: raw ? engine.map((s) => s.waiting ?? null) : view.buckets.map((b) => b.waiting) },
                ]}
              />
            ) : (
              <Chart
                testId="chart-requests"
                title={t('vitals.requestsChart')}
                yLabel={t('vitals.unitPerMin')}
                integer
                y2Label={t('vitals.unitTokens')}
                xs={view.buckets.map((b) => b.t)}
                xRange={minuteRange}
                series={[
                  { label: t('vitals.requestsPerMin'), colorVar: '--accent', unit: t('vitals.unitPerMin'), values: view.buckets.map((b) => b.requests) },
                  { label: t('vitals.tokensPerRequest'), colorVar: '--warning', unit: t('vitals.unitTokens'), values: view.buckets.map((b) => b.genTokensPerRequest) },
                ]}
              />
            )}
            {hasKv && (
              <Chart
                testId="chart-kv"
                title={t('vitals.kvChart')}
                yLabel="%"
                yRange={[0, 100]}
                xs={raw ? engine.map((s) => s.ts) : view.buckets.map((b) => b.t)}
                xRange={xRange}
                series={[{ label: t('vitals.kvCache'), colorVar: '--error', unit: '%', values: raw ? engine.map((s) => s.kvCachePct ?? null) : view.buckets.map((b) => b.kvCachePct) }]}
              />
            )}
          </div>
          {raw && !isVllm && <p className="vitals-hint">{t('vitals.clickHint')}</p>}
        </>
      )}
    </div>
  );
}

function LoadLine({ load: l }: { load: VitalsLoad }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (l.nCtx !== undefined) parts.push(t('vitals.nCtx', { n: l.nCtx }));
  if (l.kvMiB !== undefined) parts.push(t('vitals.kvMiB', { n: defaultFormat(l.kvMiB) }));
  if (l.loadMs !== undefined) parts.push(t('vitals.loadTime', { s: (l.loadMs / 1000).toFixed(1) }));
  if (parts.length === 0) return null;
  return (
    <span className="vitals-load" data-testid="vitals-load">
      {parts.join(' · ')}
    </span>
  );
}
