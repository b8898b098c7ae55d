// Extra request headers of one server. Values are secrets: a saved value never comes to the window
// (only whether it is set); a value typed here is masked unless the user asks to see it, and is sent
// once with Save.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeaderDraft } from './settings-draft.js';

export function HeadersEditor({ rows, onChange, path }: { rows: readonly HeaderDraft[]; onChange: (rows: HeaderDraft[]) => void; path: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<ReadonlySet<number>>(new Set());
  const set = (i: number, patch: Partial<HeaderDraft>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const toggle = (i: number) => {
    const next = new Set(shown);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    setShown(next);
  };
  const placeholder = (r: HeaderDraft) =>
    r.saved === 'set' ? t('settings.headerSaved') : r.saved === 'missing' ? t('settings.headerMissing') : t('settings.headerValue');
  return (
    <div className="headers-editor" data-field={path}>
      {rows.map((r, i) => (
        <div key={i} className={`header-row${r.saved === 'missing' && r.value === '' ? ' has-issue' : ''}`} data-header-index={i}>
          <input
            type="text"
            className="header-name"
            value={r.name}
            spellCheck={false}
            placeholder="Authorization"
            aria-label={t('settings.headerName')}
            onChange={(e) => set(i, { name: e.target.value })}
          />
          <input
            type={shown.has(i) ? 'text' : 'password'}
            className="header-value"
            value={r.value}
            spellCheck={false}
            autoComplete="off"
            placeholder={placeholder(r)}
            aria-label={t('settings.headerValue')}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="btn small"
            aria-pressed={shown.has(i)}
            disabled={r.value === ''}
            title={r.value === '' && r.saved === 'set' ? t('settings.headerNeverShown') : undefined}
            onClick={() => toggle(i)}
          >
            {shown.has(i) ? t('settings.hideValue') : t('settings.showValue')}
          </button>
          <button type="button" className="btn small" aria-label={t('settings.removeHeader')} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="btn small" onClick={() => onChange([...rows, { name: rows.length === 0 ? 'Authorization' : '', value: '', saved: null }])}>
        + {t('settings.addHeader')}
      </button>
    </div>
  );
}
