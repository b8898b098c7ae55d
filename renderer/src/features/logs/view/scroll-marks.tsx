import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndexList } from '../../../stores/entry-list.js';

export type MarkKind = 'error' | 'warning' | 'match' | 'current';

const RANK: Record<MarkKind, number> = { current: 0, error: 1, match: 2, warning: 3 };
const SLOTS = 400;

/**
 * Marks beside the scrollbar: where the errors, warnings and search matches are in the whole tab.
 * At most one mark per slot (the most important kind wins), so 200,000 lines stay a few hundred nodes.
 */
export const ScrollMarks = memo(function ScrollMarks({ count, marks, onPick }: { count: number; marks: ReadonlyArray<readonly [MarkKind, IndexList]>; onPick: (index: number) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // One translation per kind and language, not one per mark and render.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const titles = useMemo(() => ({ current: t('nav.mark.current'), error: t('nav.mark.error'), match: t('nav.mark.match'), warning: t('nav.mark.warning') }), [t, lang]);
  const slots = useMemo(() => markSlots(count, marks), [count, marks]);
  return (
    <div className="scroll-marks" data-testid="scroll-marks" aria-label={t('nav.marksLabel')}>
      {slots.map((m) => (
        <button
          key={m.slot}
          type="button"
          tabIndex={-1}
          className={`scroll-mark mark-${m.kind}`}
          data-kind={m.kind}
          style={{ top: `${(m.slot / SLOTS) * 100}%` }}
          title={titles[m.kind]}
          onClick={() => onPick(m.index)}
        />
      ))}
    </div>
  );
});

/**
 * At most one mark per slot, the most important kind winning (and within a kind the first index):
 * in slot order per kind, as the marks are drawn.
 */
export function markSlots(count: number, marks: ReadonlyArray<readonly [MarkKind, IndexList]>): Array<{ slot: number; kind: MarkKind; index: number }> {
  const best = new Map<number, { kind: MarkKind; index: number }>();
  if (count === 0) return [];
  const slotOf = (index: number) => Math.floor((index / count) * SLOTS);
  const place = (kind: MarkKind, index: number) => {
    const slot = slotOf(index);
    const have = best.get(slot);
    if (!have || RANK[kind] < RANK[have.kind]) best.set(slot, { kind, index });
  };
  for (const [kind, list] of marks) {
    if (list.length <= SLOTS * 4) {
      for (const index of list) place(kind, index);
      continue;
    }
    // Many marks (a search matching most lines): the first one of each slot, found by binary
    // search (the list is ascending), not a pass over every mark on every batch.
    for (let k = 0; k < list.length; ) {
      const index = list.at(k) ?? 0;
      const slot = slotOf(index);
      place(kind, index);
      let lo = k + 1;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (slotOf(list.at(mid) ?? 0) <= slot) lo = mid + 1;
        else hi = mid;
      }
      k = lo;
    }
  }
  return [...best.entries()].map(([slot, m]) => ({ slot, ...m }));
}
