export { createAlertPolicy, isMuted, isPaused, type AlertPolicy, type AlertPolicyOptions } from './policy.js';
export type { AlertNotification, Notifier } from './notifier.js';
export { resolveLanguage, type UiLanguage } from './language.js';
export { alertTexts, type AlertTexts } from './messages.js';
