/**
 * A tiny inline trend line (SVG, no axes): for a value per point, e.g. generation speed under a model
 * tab. Gaps (null) break the line. Colour from the theme through CSS (`.sparkline` stroke).
 */
export function Sparkline({
  values,
  width = 80,
  height = 16,
  title,
  testId,
}: {
  values: readonly (number | null)[];
  width?: number;
  height?: number;
  /** Tooltip / accessible name (translated), e.g. "Generation 42.1 tok/s". */
  title?: string;
  testId?: string;
}) {
  const finite = values.filter((v): v is number => v != null && Number.isFinite(v));
  if (finite.length === 0) return null;
  const max = Math.max(...finite);
  const min = Math.min(0, ...finite);
  const span = max - min || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const pad = 1.5;
  const y = (v: number) => pad + (height - 2 * pad) * (1 - (v - min) / span);
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v == null || !Number.isFinite(v)) {
      if (current.length) segments.push(current.join(' '));
      current = [];
      return;
    }
    current.push(`${(values.length > 1 ? i * step : width / 2).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(' '));
  const last = finite[finite.length - 1]!;
  const lastIndex = values.lastIndexOf(last);
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={title}
      data-testid={testId}
      data-last={last}
      data-points={finite.length}
    >
      {title ? <title>{title}</title> : null}
      {segments.map((pts, i) =>
        pts.includes(' ') ? (
          <polyline key={i} points={pts} fill="none" />
        ) : (
          <circle key={i} cx={pts.split(',')[0]} cy={pts.split(',')[1]} r={1.2} />
        ),
      )}
      <circle className="sparkline-last" cx={(values.length > 1 ? lastIndex * step : width / 2).toFixed(1)} cy={y(last).toFixed(1)} r={1.8} />
    </svg>
  );
}
