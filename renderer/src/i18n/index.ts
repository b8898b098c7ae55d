import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { LanguageSetting } from '../../../main/core/types.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

export type UiLanguage = 'zh-CN' | 'en';

/** 'system' follows the OS locale: any Chinese locale gets zh-CN, everything else English. */
export function resolveLanguage(setting: LanguageSetting, systemLocale: string): UiLanguage {
  if (setting !== 'system') return setting;
  return systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** One i18next instance per app root (no module singleton: tests make their own). */
export function createI18n(language: UiLanguage): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}
