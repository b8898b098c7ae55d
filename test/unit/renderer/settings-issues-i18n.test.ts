// Settings validation messages come from the core in English; the window must show them in its language.
import { describe, expect, it } from 'vitest';
import { NOTICE_REASON_NOT_JSON, SETTINGS_MESSAGES, settingsResetNotice } from '../../../main/core/settings/messages.js';
import { settingsNoticeText } from '../../../renderer/src/features/settings/notice-text.js';
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

describe('settings reset notice (corrupt file)', () => {
  it('is shown in Chinese, keeping the backup path and an unknown reason verbatim', () => {
    const i18n = createI18n('zh-CN');
    const t = i18n.t.bind(i18n);
    expect(settingsNoticeText(t, settingsResetNotice(NOTICE_REASON_NOT_JSON, '/home/u/.config/llm-log-tray/config.json.corrupt-1.json'))).toBe(
      '设置文件无法使用（不是有效的 JSON），已恢复默认设置。原文件已保存为 /home/u/.config/llm-log-tray/config.json.corrupt-1.json。',
    );
    expect(settingsNoticeText(t, settingsResetNotice('settings version 999 is newer than this app (2)', null))).toBe(
      '设置文件无法使用（settings version 999 is newer than this app (2)），已恢复默认设置。',
    );
  });

  it('reads exactly as the core wrote it in English, and passes other texts through', () => {
    const i18n = createI18n('en');
    const t = i18n.t.bind(i18n);
    for (const raw of [settingsResetNotice(NOTICE_REASON_NOT_JSON, 'C:\\Users\\u\\config.json.corrupt-1.json'), settingsResetNotice('x (y)', null)]) {
      expect(settingsNoticeText(t, raw)).toBe(raw);
    }
    expect(settingsNoticeText(t, 'Something else entirely')).toBe('Something else entirely');
  });
});
