import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { defaultFormat } from './number-format.js';

/** One line of a time chart. Colours are CSS variable names, so the chart follows the theme. */
export interface ChartSeries {
  /** Already translated: shown in the legend and in the aria description. */
  label: string;
  /** A CSS custom property of the theme, e.g. '--accent'. */
  colorVar: string;
  /** One value per x; null leaves a gap. */
  values: readonly (number | null)[];
  /** Exact value in the legend (default: up to 2 decimals, then the unit). */
  format?: (v: number) => string;
  /** Series sharing a unit share a y-axis; a second unit gets a right-hand axis. */
  unit?: string;
  /** Draw points only (for sparse per-request data). */
  points?: boolean;
}

export interface ChartProps {
  /** X values: epoch milliseconds, ascending. */
  xs: readonly number[];
  series: readonly ChartSeries[];
  /** Accessible name of the chart (translated). */
  title: string;
  /** Left y-axis label (translated). */
  yLabel?: string;
  /** Right y-axis label, used when a series has a different unit from the first (translated). */
  y2Label?: string;
  height?: number;
  /** Fixed y range of the left axis, e.g. [0, 100] for percentages. */
  yRange?: [number, number];
  /** The left axis counts whole things (errors, requests): ticks only at whole numbers, shown without decimals. */
  integer?: boolean;
  /**
   * The time span to show (epoch ms), e.g. the selected window, whatever the data covers. Without it
   * the axis fits the data, and a single point gets a range of months.
   */
  xRange?: readonly [number, number];
  /** Clicking the plot reports the nearest data index (e.g. to open the request's log line). */
  onPick?: (index: number) => void;
  testId?: string;
}

const DEFAULT_HEIGHT = 180;
/** Tick steps of an integer axis: never a fraction, so a count of 1 is not drawn as 0.25, 0.50, … */
const INTEGER_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

/**
 * Tick labels of one axis, all with the same number of decimals — the fewest that show every tick
 * exactly: 0, 20, 40, 60 (not 0.00, 20.0, 40.0, 60.0) and 0.5, 1.0, 1.5.
 */
export function axisLabels(splits: readonly number[]): string[] {
  let decimals = 0;
  while (decimals < 3 && !splits.every((v) => Math.abs(v - Number(v.toFixed(decimals))) <= 1e-9 * Math.max(1, Math.abs(v)))) decimals++;
  return splits.map((v) => v.toFixed(decimals));
}

/** Ticks of a count axis over [min, max]: whole numbers only, at most about `most` of them. */
export function integerSplits(min: number, max: number, most = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const span = max - min;
  const step = INTEGER_STEPS.find((s) => span / s <= most) ?? Math.ceil(span / most);
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(v);
  return out;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

export { defaultFormat };

/** Theme colours change with <html data-theme>: a counter that bumps when it does. */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (typeof MutationObserver === 'undefined') return;
    const mo = new MutationObserver(() => setVersion((n) => n + 1));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'style', 'class'] });
    return () => mo.disconnect();
  }, []);
  return version;
}

function canvasWorks(): boolean {
  try {
    return !!document.createElement('canvas').getContext('2d');
  } catch {
    return false;
  }
}

/**
 * A time chart on uPlot: theme colours from CSS variables, follows the container's width, a legend
 * below with exact values (the hovered point, else the last one), axis labels and times in the UI
 * language. The uPlot instance is rebuilt only when the shape (series, theme, language) changes; new
 * data goes through setData. Where canvas is missing (happy-dom) only the legend renders.
 */
export function Chart({ xs, series, title, yLabel, y2Label, height = DEFAULT_HEIGHT, yRange, xRange, integer = false, onPick, testId }: ChartProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const themeVersion = useThemeVersion();
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const xRangeRef = useRef(xRange);
  xRangeRef.current = xRange;
  /** The x scale as drawn (epoch ms), for tests and tools: data-x-min / data-x-max. */
  const [xScale, setXScale] = useState<readonly [number, number] | null>(null);

  const units = useMemo(() => series.map((s) => s.unit ?? ''), [series]);
  const firstUnit = units[0] ?? '';
  const shapeKey = JSON.stringify([series.map((s) => [s.label, s.colorVar, s.unit ?? '', !!s.points]), yLabel, y2Label, yRange, !!xRange, integer, height, lang, themeVersion]);

  const data = useMemo<uPlot.AlignedData>(
    () => [Float64Array.from(xs, (x) => x / 1000), ...series.map((s) => s.values as (number | null)[])],
    [xs, series],
  );
  const dataRef = useRef(data);
  dataRef.current = data;

  // Build (or rebuild) the plot when its shape changes.
  useEffect(() => {
    const host = hostRef.current;
    if (!host || !canvasWorks()) return;
    const fg = cssVar('--fg-muted', '#666');
    const grid = cssVar('--border', '#ddd');
    const timeFmt = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hour12: false });
    const dayFmt = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric' });
    const hasY2 = units.some((u) => u !== firstUnit);
    const axisBase = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif' };
    const opts: uPlot.Options = {
      width: Math.max(120, host.clientWidth),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: {
        x: xRange
          ? {
              time: true,
              // Read at every new data: the window moves with the clock.
              range: (_u, min, max) => {
                const r = xRangeRef.current;
                return r ? [r[0] / 1000, r[1] / 1000] : [min, max];
              },
            }
          : { time: true },
        y: yRange ? { range: yRange } : { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
        ...(hasY2 ? { y2: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } } : {}),
      },
      axes: [
        {
          ...axisBase,
          values: (_u, splits) => {
            const span = splits.length > 1 ? (splits[splits.length - 1]! - splits[0]!) : 0;
            return splits.map((s) => (span > 86_400 * 1.5 ? dayFmt.format(s * 1000) : timeFmt.format(s * 1000)));
          },
        },
        {
          ...axisBase,
          scale: 'y',
          ...(yLabel ? { label: yLabel } : {}),
          size: yLabel ? 60 : 50,
          ...(integer ? { splits: (u: uPlot) => integerSplits(u.scales['y']?.min ?? 0, u.scales['y']?.max ?? 1, Math.max(2, Math.floor(height / 30))) } : {}),
          values: (_u, splits) => axisLabels(splits),
        },
        ...(hasY2 ? [{ ...axisBase, scale: 'y2', side: 1 as const, ...(y2Label ? { label: y2Label } : {}), size: y2Label ? 60 : 50, grid: { show: false }, values: (_u: uPlot, splits: number[]) => axisLabels(splits) }] : []),
      ],
      series: [
        {},
        ...series.map((s, i) => {
          const color = cssVar(s.colorVar, '#2f6fdb');
          return {
            label: s.label,
            scale: hasY2 && units[i] !== firstUnit ? 'y2' : 'y',
            stroke: color,
            width: 1.5,
            spanGaps: false,
            ...(s.points ? { paths: () => null, points: { show: true, size: 4, stroke: color, fill: color } } : { points: { show: false } }),
          } satisfies uPlot.Series;
        }),
      ],
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== 'x') return;
            const { min, max } = u.scales['x'] ?? {};
            if (min == null || max == null) return;
            setXScale((p) => (p && p[0] === min * 1000 && p[1] === max * 1000 ? p : [min * 1000, max * 1000]));
          },
        ],
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            setHover(idx == null ? null : idx);
          },
        ],
      },
    };
    const plot = new uPlot(opts, dataRef.current, host);
    plotRef.current = plot;
    const over = plot.over;
    const onClick = () => {
      const idx = plot.cursor.idx;
      if (idx != null && pickRef.current) pickRef.current(idx);
    };
    over.addEventListener('click', onClick);
    const ro =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            const w = Math.max(120, host.clientWidth);
            if (w !== plot.width) plot.setSize({ width: w, height });
          });
    ro?.observe(host);
    return () => {
      ro?.disconnect();
      over.removeEventListener('click', onClick);
      plot.destroy();
      if (plotRef.current === plot) plotRef.current = null;
      setHover(null);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- shapeKey captures every shape input (series labels/colours/units, axes, theme, language).
  }, [shapeKey]);

  // New data: no rebuild.
  useEffect(() => {
    plotRef.current?.setData(data);
  }, [data]);

  const shown = hover != null && hover < xs.length ? hover : xs.length - 1;
  const timeText = shown >= 0 ? new Date(xs[shown]!).toLocaleString(lang, { hour12: false }) : '';
  return (
    <figure className="chart" data-testid={testId} aria-label={title} data-hover-index={hover ?? ''} data-x-min={xScale?.[0] ?? ''} data-x-max={xScale?.[1] ?? ''}>
      <figcaption className="chart-title">{title}</figcaption>
      <div className="chart-plot" ref={hostRef} style={{ minHeight: height }} />
      <div className="chart-legend" data-testid={testId ? `${testId}-legend` : undefined} data-index={shown}>
        <span className="chart-legend-time">{xs.length === 0 ? t('chart.noData') : timeText}</span>
        {series.map((s) => {
          const v = shown >= 0 ? s.values[shown] : null;
          return (
            <span key={s.label} className="chart-legend-item" data-series={s.label}>
              <i className="chart-swatch" style={{ background: `var(${s.colorVar})` }} />
              <span className="chart-legend-label">{s.label}</span>
              <b className="chart-legend-value">{v == null ? '—' : s.format ? s.format(v) : defaultFormat(v, s.unit)}</b>
            </span>
          );
        })}
      </div>
    </figure>
  );
}
