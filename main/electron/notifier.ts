// Desktop notifications through Electron's Notification. Clicking opens the window on the model,
// scrolled to the line.
import type { AlertNotification, Notifier } from '../core/alerts/notifier.js';

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  show(): void;
}

export interface NotificationOptions {
  title: string;
  body: string;
  urgency: 'normal' | 'critical';
  timeoutType: 'default' | 'never';
  silent: boolean;
  icon?: string;
}

export interface ElectronNotifierDeps {
  createNotification(options: NotificationOptions): NotificationLike;
  isSupported(): boolean;
  onClick(notification: AlertNotification): void;
  readonly icon?: string;
}

/** Electron drops click handlers of garbage-collected notifications: keep the recent ones alive. */
const KEEP = 20;

export function createElectronNotifier(deps: ElectronNotifierDeps): Notifier {
  const alive: NotificationLike[] = [];
  return {
    show(n) {
      if (!deps.isSupported()) return;
      const notification = deps.createNotification({
        title: n.title,
        body: n.body,
        urgency: n.urgency,
        timeoutType: n.urgency === 'critical' ? 'never' : 'default',
        silent: n.urgency !== 'critical',
        ...(deps.icon !== undefined ? { icon: deps.icon } : {}),
      });
      const forget = () => {
        const i = alive.indexOf(notification);
        if (i >= 0) alive.splice(i, 1);
      };
      notification.on('click', () => {
        forget();
        deps.onClick(n);
      });
      notification.on('close', forget);
      alive.push(notification);
      if (alive.length > KEEP) alive.shift();
      notification.show();
    },
  };
}
