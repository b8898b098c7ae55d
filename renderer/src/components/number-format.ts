/** A measurement as the charts' legends show it: up to 2 decimals by magnitude, then the unit. */
export function defaultFormat(v: number, unit?: string): string {
  const abs = Math.abs(v);
  const s = abs >= 100 ? v.toFixed(0) : abs >= 10 ? v.toFixed(1) : v.toFixed(2);
  return unit ? `${s} ${unit}` : s;
}
