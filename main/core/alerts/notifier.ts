import type { ModelKey } from '../types.js';

/** One desktop notification, as the policy decided it. */
export interface AlertNotification {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  /** The model to open on click (null: just open the window). */
  readonly key: ModelKey | null;
  /** The line to scroll to on click, for error lines. */
  readonly seq?: number;
  readonly urgency: 'normal' | 'critical';
}

/** Output port of the alert policy (Electron Notification in the app, recording fake in tests). */
export interface Notifier {
  show(notification: AlertNotification): void;
}
