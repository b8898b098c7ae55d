// One locale resolution for tray, notifications, window and CLI. Regression: the core used /^zh\b/,
// so a POSIX-style zh_CN system got English notifications while the window spoke Chinese.
import { describe, expect, it } from 'vitest';
import { alertTexts } from '../../../main/core/alerts/messages.js';
import { isChineseLocale, resolveLanguage } from '../../../main/core/locale.js';
import { detectLanguage } from '../../../main/cli/i18n.js';

const chinese = ['zh', 'zh-CN', 'zh_CN', 'zh_CN.UTF-8', 'zh-TW', 'zh_TW@radical', 'zh-Hans-CN', 'ZH-cn', ' zh-CN '];
const notChinese = ['', 'en', 'en-US', 'en_US.UTF-8', 'C', 'POSIX', 'zu', 'zha', 'ja-JP', 'de_DE.UTF-8'];

describe('locale resolution', () => {
  it.each(chinese)('%j is Chinese', (locale) => {
    expect(isChineseLocale(locale)).toBe(true);
    expect(resolveLanguage('system', locale)).toBe('zh-CN');
    expect(detectLanguage({ LANG: locale })).toBe('zh-CN');
  });

  it.each(notChinese)('%j is not Chinese', (locale) => {
    expect(isChineseLocale(locale)).toBe(false);
    expect(resolveLanguage('system', locale)).toBe('en');
    expect(detectLanguage({ LANG: locale })).toBe('en');
  });

  it('an explicit language setting wins over the system locale', () => {
    expect(resolveLanguage('en', 'zh_CN')).toBe('en');
    expect(resolveLanguage('zh-CN', 'en_US')).toBe('zh-CN');
  });

  it('notifications on a zh_CN system are Chinese, like the window', () => {
    expect(alertTexts(resolveLanguage('system', 'zh_CN'))).toEqual(alertTexts('zh-CN'));
    expect(alertTexts('zh-CN')).not.toEqual(alertTexts('en'));
  });
});
