import type { BenchResult } from './registry.js';

function fmt(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(3);
}

/** A plain-text table: benchmark | measurement | value | unit | target | detail. */
export function formatTable(rows: ReadonlyArray<{ bench: string; result: BenchResult }>): string {
  const header = ['benchmark', 'measurement', 'value', 'unit', 'target', 'detail'];
  const target = (r: BenchResult): string => (r.target === undefined ? '' : `${r.ok === true ? 'ok  ' : 'MISS'} ${r.target}`);
  const body = rows.map(({ bench, result }) => [bench, result.name, fmt(result.value), result.unit, target(result), result.detail ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' │ ').trimEnd();
  const sep = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(header), sep, ...body.map(line)].join('\n');
}
