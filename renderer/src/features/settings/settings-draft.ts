import type { AppSettings, NotificationKind, ServerSetting, SettingsPatch } from '../../../../main/core/types.js';

export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['error-line', 'model-failed', 'connection-lost', 'model-ready'];

export const NUMBER_FIELDS = ['retryIntervalSec', 'maxAttempts', 'backoffCapSec', 'healthIntervalSec', 'bufferSize'] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];
export const NOTIFY_NUMBER_FIELDS = ['throttleSec', 'gracePeriodSec', 'maxPerMinute', 'slowGenerationTps'] as const;
export type NotifyNumberField = (typeof NOTIFY_NUMBER_FIELDS)[number];

export interface ServerDraft {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  /** "Name: value" per line. */
  readonly headers: string;
}

/** The form's state: numbers stay text until saved so a half-typed value is not lost. */
export interface SettingsDraft {
  readonly servers: readonly ServerDraft[];
  readonly numbers: Readonly<Record<NumberField, string>>;
  readonly notifyNumbers: Readonly<Record<NotifyNumberField, string>>;
  readonly enabled: Readonly<Record<NotificationKind, boolean>>;
  readonly mutes: Readonly<Record<string, number | null>>;
  readonly unwatched: readonly string[];
  readonly launchAtLogin: boolean;
  readonly startHidden: boolean;
}

export function headersToText(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

export function textToHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const i = line.indexOf(':');
    if (i <= 0) out[line] = '';
    else out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

export function draftFromSettings(s: AppSettings): SettingsDraft {
  return {
    servers: s.servers.map((srv) => ({ id: srv.id, name: srv.name, url: srv.url, headers: headersToText(srv.headers) })),
    numbers: {
      retryIntervalSec: String(s.retryIntervalSec),
      maxAttempts: String(s.maxAttempts),
      backoffCapSec: String(s.backoffCapSec),
      healthIntervalSec: String(s.healthIntervalSec),
      bufferSize: String(s.bufferSize),
    },
    notifyNumbers: {
      throttleSec: String(s.notifications.throttleSec),
      gracePeriodSec: String(s.notifications.gracePeriodSec),
      maxPerMinute: String(s.notifications.maxPerMinute),
      slowGenerationTps: String(s.notifications.slowGenerationTps ?? 0),
    },
    enabled: { ...s.notifications.enabled },
    mutes: { ...s.notifications.mutes },
    unwatched: [...s.unwatched],
    launchAtLogin: s.launchAtLogin,
    startHidden: s.startHidden,
  };
}

/** Text → number without guessing: empty or malformed text stays NaN so the main process refuses it. */
function num(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** The patch sent by Save (language and theme apply immediately and are not part of it). */
export function patchFromDraft(d: SettingsDraft, base: AppSettings): SettingsPatch {
  const servers: ServerSetting[] = d.servers.map((s) => ({ id: s.id, name: s.name.trim(), url: s.url.trim(), headers: textToHeaders(s.headers) }));
  return {
    servers,
    unwatched: [...d.unwatched],
    retryIntervalSec: num(d.numbers.retryIntervalSec),
    maxAttempts: num(d.numbers.maxAttempts),
    backoffCapSec: num(d.numbers.backoffCapSec),
    healthIntervalSec: num(d.numbers.healthIntervalSec),
    bufferSize: num(d.numbers.bufferSize),
    notifications: {
      ...base.notifications,
      enabled: { ...d.enabled },
      throttleSec: num(d.notifyNumbers.throttleSec),
      gracePeriodSec: num(d.notifyNumbers.gracePeriodSec),
      maxPerMinute: num(d.notifyNumbers.maxPerMinute),
      slowGenerationTps: num(d.notifyNumbers.slowGenerationTps),
      mutes: { ...d.mutes },
    },
    launchAtLogin: d.launchAtLogin,
    startHidden: d.startHidden,
  };
}
