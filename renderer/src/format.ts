import type { TFunction } from 'i18next';

/** Compact duration for status labels: 42s, 5m, 2h 3m, 1d 4h. */
export function formatDuration(t: TFunction, ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return t('duration.s', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('duration.m', { n: m });
  const h = Math.floor(m / 60);
  if (h < 24) return t('duration.h', { n: h, m: m % 60 });
  return t('duration.d', { n: Math.floor(h / 24), h: h % 24 });
}

export function formatDateTime(ts: number | null | undefined): string {
  if (ts === null || ts === undefined) return '—';
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Time only when `ts` falls on the same local day as `now` (tables stay narrow), else date and time. */
export function formatStamp(ts: number | null | undefined, now: number): string {
  if (ts === null || ts === undefined) return '—';
  const full = formatDateTime(ts);
  return full.slice(0, 10) === formatDateTime(now).slice(0, 10) ? full.slice(11) : full;
}
