import type { TFunction } from 'i18next';
import { NOTICE_REASON_NOT_JSON } from '../../../../contract/domain.js';

// The settings service words this notice in English (settingsResetNotice in main/core/settings/messages.ts); the window
// rebuilds it in the UI language. The reason is translated where we know it; the backup path and
// any other reason stay verbatim, and a text of another shape passes through unchanged.
const NOTICE = /^Your settings file could not be used \(([\s\S]*)\), so the defaults were restored\.(?: The old file was kept as ([\s\S]+)\.)?$/;

export function settingsNoticeText(t: TFunction, raw: string): string {
  const m = NOTICE.exec(raw);
  if (!m) return raw;
  const rawReason = m[1] ?? '';
  const reason = rawReason === NOTICE_REASON_NOT_JSON ? t('settings.noticeNotJson') : rawReason;
  const reset = t('settings.noticeReset', { reason });
  return m[2] === undefined ? reset : `${reset}${t('settings.noticeBackup', { path: m[2] })}`;
}
