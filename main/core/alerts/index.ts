export { createAlertPolicy, type AlertPolicy } from './policy.js';
export type { AlertNotification } from './notifier.js';
