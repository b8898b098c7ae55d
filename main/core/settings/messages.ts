// English fallbacks for settings validation message keys; UIs translate by key.
export const SETTINGS_MESSAGES = {
  'settings.invalid': 'Invalid value',
  'settings.unknownKey': 'Unknown setting',
  'settings.notObject': 'Settings must be an object',
  'settings.url.invalid': 'Not a valid URL (expected http:// or https://host:port)',
  'settings.url.protocol': 'Only http:// and https:// URLs are supported',
  'settings.url.credentials': 'Put credentials in an Authorization header, not in the URL',
  'settings.header.valueRequired': 'Enter a value for this header',
  'settings.number.negative': 'Must not be negative',
  'settings.number.positive': 'Must be greater than zero',
  'settings.number.integer': 'Must be a whole number',
  'settings.number.tooLarge': 'Value is too large',
  'settings.server.duplicateId': 'Two servers have the same id',
  'settings.server.emptyName': 'Server name must not be empty',
  'settings.server.none': 'At least one server is required',
  'settings.header.invalid': 'Header names must be letters, digits and dashes; values one line',
  'settings.backoff.belowRetry': 'Backoff cap must not be smaller than the retry interval',
  'settings.version': 'Settings were written by a newer version of LLM Log Tray',
  'settings.saveFailed': 'Settings could not be saved',
  'settings.import.invalid': 'Not a usable LLM-Manager config.json',
} as const;

export function settingsMessage(key: string): string {
  return (SETTINGS_MESSAGES as Record<string, string>)[key] ?? SETTINGS_MESSAGES['settings.invalid'];
}

export const NOTICE_REASON_NOT_JSON = 'it is not valid JSON';

/** The notice after a corrupt or invalid settings file was replaced; the window translates this shape. */
export function settingsResetNotice(reason: string, backup: string | null): string {
  return `Your settings file could not be used (${reason}), so the defaults were restored.` + (backup ? ` The old file was kept as ${backup}.` : '');
}

/** The settings file could not be read for a reason other than its content (ENOTDIR, EACCES, EIO …). */
export function settingsUnreadableNotice(reason: string): string {
  return `Your settings file could not be read (${reason}). LLM Log Tray runs on the defaults; changes are kept until it quits.`;
}

/** A save failed (read-only disk, no permission …): the change applies in memory only. */
export function settingsSaveFailedNotice(path: string | null, reason: string): string {
  return `Settings could not be saved${path ? ` to ${path}` : ''} (${reason}). Your changes apply until LLM Log Tray quits.`;
}
