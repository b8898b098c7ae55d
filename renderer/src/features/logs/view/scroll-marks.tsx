import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export type MarkKind = 'error' | 'warning' | 'match' | 'current';

const RANK: Record<MarkKind, number> = { current: 0, error: 1, match: 2, warning: 3 };
const SLOTS = 400;

/**
 * Marks beside the scrollbar: where the errors, warnings and search matches are in the whole tab.
 * At most one mark per slot (the most important kind wins), so 200,000 lines stay a few hundred nodes.
 */
export const ScrollMarks = memo(function ScrollMarks({ count, marks, onPick }: { count: number; marks: ReadonlyArray<readonly [MarkKind, readonly number[]]>; onPick: (index: number) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // One translation per kind and language, not one per mark and render.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const titles = useMemo(() => ({ current: t('nav.mark.current'), error: t('nav.mark.error'), match: t('nav.mark.match'), warning: t('nav.mark.warning') }), [t, lang]);
  const slots = useMemo(() => {
    const best = new Map<number, { kind: MarkKind; index: number }>();
    if (count === 0) return [];
    for (const [kind, list] of marks) {
      for (const index of list) {
        const slot = Math.floor((index / count) * SLOTS);
        const have = best.get(slot);
        if (!have || RANK[kind] < RANK[have.kind]) best.set(slot, { kind, index });
      }
    }
    return [...best.entries()].map(([slot, m]) => ({ slot, ...m }));
  }, [count, marks]);
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
