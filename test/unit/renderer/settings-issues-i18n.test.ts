// Settings validation messages come from the core in English; the window must show them in its language.
import { describe, expect, it } from 'vitest';
import { SETTINGS_MESSAGES } from '../../../main/core/settings/messages.js';
import { issueText } from '../../../renderer/src/features/settings/issue-text.js';
import { en } from '../../../renderer/src/i18n/en.js';
import { createI18n } from '../../../renderer/src/i18n/index.js';

function lookup(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((acc, part) => (typeof acc === 'object' && acc !== null ? (acc as Record<string, unknown>)[part] : undefined), obj);
}

describe('settings validation messages', () => {
  it('every core message key has a renderer translation with the same English words', () => {
    for (const [key, english] of Object.entries(SETTINGS_MESSAGES)) {
      expect(lookup(en, key.replace(/^settings\./, 'validation.')), key).toBe(english);
    }
  });

  it('shows an issue in Chinese, keeping the detail the core appended', () => {
    const i18n = createI18n('zh-CN');
    const t = i18n.t.bind(i18n);
    expect(issueText(t, { path: 'servers.0.url', messageKey: 'settings.url.invalid', message: SETTINGS_MESSAGES['settings.url.invalid'] })).toBe(
      '不是有效的地址（应为 http:// 或 https://主机:端口）',
    );
    expect(
      issueText(t, { path: 'text', messageKey: 'settings.import.invalid', message: `${SETTINGS_MESSAGES['settings.import.invalid']}: Unexpected token } in JSON` }),
    ).toBe('不是可用的 LLM-Manager config.json: Unexpected token } in JSON');
    // A key the renderer does not know falls back to the core's text rather than showing a key.
    expect(issueText(t, { path: 'x', messageKey: 'settings.brandNew', message: 'Brand new problem' })).toBe('Brand new problem');
  });
});
