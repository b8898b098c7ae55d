// The one locale resolution: the tray, notifications, the window and the command line all decide
// "Chinese or English" here, so they never disagree (a shared leaf: the window imports it too).
import type { LanguageSetting } from './types.js';

export type UiLanguage = 'en' | 'zh-CN';

/**
 * Any Chinese locale, however the platform spells it: BCP 47 from Electron/Chromium (zh, zh-CN,
 * zh-TW, zh-Hans-CN) and POSIX from the environment (zh_CN.UTF-8, zh_TW@…), in any case.
 */
export function isChineseLocale(locale: string): boolean {
  return /^zh(?:$|[-_.@])/i.test(locale.trim());
}

/** 'system' follows the OS locale: any Chinese locale gets zh-CN, everything else English. */
export function resolveLanguage(setting: LanguageSetting, systemLocale: string): UiLanguage {
  if (setting !== 'system') return setting;
  return isChineseLocale(systemLocale) ? 'zh-CN' : 'en';
}
