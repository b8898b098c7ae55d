import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { NavLevel } from './use-level-nav.js';

/** "Errors ↑ 3 ↓" and the same for warnings, with their keys in the tooltips. */
export const LevelNavButtons = memo(function LevelNavButtons({ counts, onGo }: { counts: Record<NavLevel, number>; onGo: (level: NavLevel, dir: 1 | -1) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="level-nav" role="group" aria-label={t('nav.groupLabel')}>
      {(['error', 'warning'] as const).map((level) => (
        <span key={level} className={`level-nav-item nav-${level}`} data-testid={`nav-${level}`}>
          <button
            type="button"
            className="icon-btn"
            disabled={counts[level] === 0}
            aria-label={t(`nav.prev.${level}`)}
            title={t(`nav.prev.${level}`)}
            data-testid={`prev-${level}`}
            onClick={() => onGo(level, -1)}
          >
            ↑
          </button>
          <span className="level-nav-count">{t(`nav.count.${level}`, { count: counts[level], n: counts[level].toLocaleString(i18n.language) })}</span>
          <button
            type="button"
            className="icon-btn"
            disabled={counts[level] === 0}
            aria-label={t(`nav.next.${level}`)}
            title={t(`nav.next.${level}`)}
            data-testid={`next-${level}`}
            onClick={() => onGo(level, 1)}
          >
            ↓
          </button>
        </span>
      ))}
    </div>
  );
});
