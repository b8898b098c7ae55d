import { MAX_STREAMS_RANGE } from '../../../../contract/domain.js';
import type { HeaderState, NotificationKind, PublicSettings, ServerSetting, SettingsPatch } from '../../../../main/core/types.js';

export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['error-line', 'model-failed', 'connection-lost', 'model-ready'];

export const NUMBER_FIELDS = ['retryIntervalSec', 'maxAttempts', 'backoffCapSec', 'healthIntervalSec', 'bufferSize', 'maxStreams'] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];
/** Bounds shown on the field (label and input); main's schema enforces the same ones. */
export const NUMBER_BOUNDS: Partial<Record<NumberField, { readonly min: number; readonly max: number }>> = { maxStreams: MAX_STREAMS_RANGE };
export const NOTIFY_NUMBER_FIELDS = ['throttleSec', 'gracePeriodSec', 'maxPerMinute', 'slowGenerationTps'] as const;
export type NotifyNumberField = (typeof NOTIFY_NUMBER_FIELDS)[number];

/**
 * One extra header. The window never learns a saved value: `saved` says whether main has one (or
 * needs it re-entered); `value` is only what the user typed here, sent once with Save.
 */
export interface HeaderDraft {
  readonly name: string;
  readonly value: string;
  readonly saved: HeaderState | null;
}

export interface ServerDraft {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly headers: readonly HeaderDraft[];
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

export function headerDrafts(headers: Readonly<Record<string, HeaderState>>): HeaderDraft[] {
  return Object.entries(headers).map(([name, saved]) => ({ name, value: '', saved }));
}

/**
 * Header rows → the patch's record: a typed value is sent; an untouched saved one as null ("keep
 * what main has", also for one still missing); a new row without a value as ''. Rows without a
 * name are dropped.
 */
export function headersPatch(rows: readonly HeaderDraft[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const row of rows) {
    const name = row.name.trim();
    if (!name) continue;
    out[name] = row.value !== '' ? row.value.trim() : row.saved !== null ? null : '';
  }
  return out;
}

export function draftFromSettings(s: PublicSettings): SettingsDraft {
  return {
    servers: s.servers.map((srv) => ({ id: srv.id, name: srv.name, url: srv.url, headers: headerDrafts(srv.headers) })),
    numbers: {
      retryIntervalSec: String(s.retryIntervalSec),
      maxAttempts: String(s.maxAttempts),
      backoffCapSec: String(s.backoffCapSec),
      healthIntervalSec: String(s.healthIntervalSec),
      bufferSize: String(s.bufferSize),
      maxStreams: String(s.maxStreams),
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
export function patchFromDraft(d: SettingsDraft, base: PublicSettings): SettingsPatch {
  const servers: ServerSetting[] = d.servers.map((s) => ({ id: s.id, name: s.name.trim(), url: s.url.trim(), headers: headersPatch(s.headers) }));
  return {
    servers,
    unwatched: [...d.unwatched],
    retryIntervalSec: num(d.numbers.retryIntervalSec),
    maxAttempts: num(d.numbers.maxAttempts),
    backoffCapSec: num(d.numbers.backoffCapSec),
    healthIntervalSec: num(d.numbers.healthIntervalSec),
    bufferSize: num(d.numbers.bufferSize),
    maxStreams: num(d.numbers.maxStreams),
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
