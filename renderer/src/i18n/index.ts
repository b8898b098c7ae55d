import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resolveLanguage } from '../../../contract/domain.js';
import type { UiLanguage } from '../../../main/core/locale.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

// The main process's one locale resolution, so the window, tray and notifications always agree.
export { resolveLanguage };
export type { UiLanguage };

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
