import type { TFunction } from 'i18next';
import type { ControlResult } from '../../../../main/core/types.js';
import { problemText } from './problem-text.js';

/** A ControlResult in plain words: "Done: …" / "Failed: … (HTTP 400)". */
export function describeControlResult(t: TFunction, r: ControlResult): string {
  const status = r.status !== undefined && (!r.ok || r.status !== 200) ? ` (${t('control.httpStatus', { status: r.status })})` : '';
  const message = problemText(t, r.message);
  return (r.ok ? t('control.ok', { message }) : t('control.failed', { message })) + status;
}
