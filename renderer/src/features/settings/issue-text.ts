import type { TFunction } from 'i18next';
import type { ValidationIssue } from '../../../../main/core/types.js';
import { settingsMessage } from '../../../../contract/domain.js';

/**
 * A validation issue in the UI language. The core's messageKey is `settings.<path>`; the renderer
 * keeps these under `validation.<path>`. Detail the core appended to its English text (e.g. the JSON
 * parse error of an import) is kept after the translated words.
 */
export function issueText(t: TFunction, issue: ValidationIssue): string {
  const translated = t(issue.messageKey.replace(/^settings\./, 'validation.'), { defaultValue: '' });
  if (typeof translated !== 'string' || translated === '') return issue.message;
  const english = settingsMessage(issue.messageKey);
  const detail = issue.message.startsWith(english) ? issue.message.slice(english.length) : '';
  return `${translated}${detail}`;
}
