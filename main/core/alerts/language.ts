import type { LanguageSetting } from '../types.js';

export type UiLanguage = 'en' | 'zh-CN';

/** 'system' follows the OS locale: any Chinese locale (zh, zh-CN, zh-TW, zh-Hans…) gets zh-CN. */
export function resolveLanguage(setting: LanguageSetting, systemLocale: string): UiLanguage {
  if (setting !== 'system') return setting;
  return /^zh\b/i.test(systemLocale.trim()) ? 'zh-CN' : 'en';
}
