// The shared chart pieces: the sparkline's geometry and gaps, and the chart's legend (exact values of
// the last point, translated empty state). The uPlot canvas itself is checked in Chromium (e2e).
import { cleanup, render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { axisLabels, Chart, defaultFormat, integerSplits } from '../../../renderer/src/components/chart.js';
import { Sparkline } from '../../../renderer/src/components/sparkline.js';
import { createI18n } from '../../../renderer/src/i18n/index.js';

afterEach(cleanup);

describe('Sparkline', () => {
  it('draws one polyline through every point, scaled to the box, highest value at the top', () => {
    const { container } = render(<Sparkline values={[10, 20, 40]} width={80} height={16} testId="s" />);
    const line = container.querySelector('polyline')!;
    const pts = line.getAttribute('points')!.split(' ').map((p) => p.split(',').map(Number));
    expect(pts.map((p) => p[0])).toEqual([0, 40, 80]);
    expect(pts[2]![1]).toBeCloseTo(1.5); // max at the top (padding 1.5)
    expect(pts[0]![1]).toBeGreaterThan(pts[1]![1]!); // 10 lower than 20
    expect(container.querySelector('svg')!.getAttribute('data-last')).toBe('40');
  });

  it('breaks the line at gaps and renders nothing without data', () => {
    const { container } = render(<Sparkline values={[5, 6, null, 7, 8]} />);
    expect(container.querySelectorAll('polyline')).toHaveLength(2);
    cleanup();
    const empty = render(<Sparkline values={[null, null]} />);
    expect(empty.container.querySelector('svg')).toBeNull();
  });
});

describe('Chart legend', () => {
  it('shows the last point’s exact values with their units', () => {
    const i18n = createI18n('en');
    const { getByTestId } = render(
      <I18nextProvider i18n={i18n}>
        <Chart
          testId="c"
          title="Speed"
          xs={[1_000, 2_000, 3_000]}
          series={[
            { label: 'Generation', colorVar: '--accent', unit: 'tok/s', values: [10, 12.345, 42.125] },
            { label: 'KV', colorVar: '--warning', values: [1, null, 3], format: (v) => `${v} %` },
          ]}
        />
      </I18nextProvider>,
    );
    const legend = getByTestId('c-legend');
    expect(legend.getAttribute('data-index')).toBe('2');
    expect(legend.querySelector('[data-series="Generation"] .chart-legend-value')!.textContent).toBe('42.1 tok/s');
    expect(legend.querySelector('[data-series="KV"] .chart-legend-value')!.textContent).toBe('3 %');
  });

  it('says there is no data yet in the UI language', () => {
    const i18n = createI18n('zh-CN');
    const { getByTestId } = render(
      <I18nextProvider i18n={i18n}>
        <Chart testId="c" title="速度" xs={[]} series={[{ label: '生成', colorVar: '--accent', values: [] }]} />
      </I18nextProvider>,
    );
    expect(getByTestId('c-legend').textContent).toContain('暂无数据');
  });

  it('formats values with sensible precision', () => {
    expect(defaultFormat(1234.5)).toBe('1235');
    expect(defaultFormat(12.34, 'tok/s')).toBe('12.3 tok/s');
    expect(defaultFormat(1.234)).toBe('1.23');
  });
});

describe('count axes (errors, requests)', () => {
  it('tick only at whole numbers, whatever the range, with at most the asked number of ticks', () => {
    // One error in a minute: the axis range is [0, 1.1]; it used to read 0.00, 0.25, 0.50, …
    expect(integerSplits(0, 1.1)).toEqual([0, 1]);
    expect(integerSplits(0, 4.4)).toEqual([0, 1, 2, 3, 4]);
    expect(integerSplits(0, 5.5)).toEqual([0, 2, 4]);
    expect(integerSplits(0, 7)).toEqual([0, 2, 4, 6]);
    expect(integerSplits(0, 110)).toEqual([0, 50, 100]);
    expect(integerSplits(3, 9, 3)).toEqual([4, 6, 8]);
    for (const [min, max] of [[0, 0.4], [0, 3.3], [0, 42], [12, 1234], [0, 2_500_000]] as const) {
      const ticks = integerSplits(min, max, 4);
      expect(ticks.every((v) => Number.isInteger(v) && v >= min && v <= max), `${min}…${max}: ${ticks.join(',')}`).toBe(true);
      expect(ticks.length).toBeLessThanOrEqual(5);
    }
    expect(integerSplits(0, Number.NaN)).toEqual([]);
  });
});

describe('axis labels', () => {
  it('use one precision per axis, the fewest decimals that show every tick exactly', () => {
    // The speed axis read 0.00, 20.0, 40.0, 60.0 (each tick formatted on its own).
    expect(axisLabels([0, 20, 40, 60])).toEqual(['0', '20', '40', '60']);
    expect(axisLabels([0, 500, 1000])).toEqual(['0', '500', '1000']);
    expect(axisLabels([0, 0.5, 1, 1.5])).toEqual(['0.0', '0.5', '1.0', '1.5']);
    expect(axisLabels([0, 0.25, 0.5])).toEqual(['0.00', '0.25', '0.50']);
    expect(axisLabels([2.5, 5, 7.5])).toEqual(['2.5', '5.0', '7.5']);
    expect(axisLabels([0.1 + 0.2, 0.6])).toEqual(['0.3', '0.6']);
    expect(axisLabels([])).toEqual([]);
  });
});
