// Import of LLM-Manager's config.json (program.openai_host / openai_port) as a server entry.
import { parseLlmManagerConfig } from '../llm-manager-config.js';
import type { AppSettings, ServerSetting, SettingsPatch, ValidationIssue } from '../types.js';
import { isDefaultServerList } from './defaults.js';
import { settingsMessage } from './messages.js';

export type ImportResult =
  | { readonly ok: true; readonly patch: SettingsPatch; readonly url: string }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * The untouched default server list is replaced (a fresh install pointing at the config's port
 * should not keep a dead 8080 entry); otherwise the server is added unless its URL is already there.
 */
export function importLlmManagerConfig(settings: AppSettings, text: string): ImportResult {
  const parsed = parseLlmManagerConfig(text);
  if (!parsed.ok) {
    return {
      ok: false,
      issues: [{ path: 'text', messageKey: 'settings.import.invalid', message: `${settingsMessage('settings.import.invalid')}: ${parsed.message}` }],
    };
  }
  const url = parsed.url.replace(/\/+$/, '');
  const same = (s: ServerSetting) => s.url.replace(/\/+$/, '') === url;
  if (settings.servers.some(same)) return { ok: true, patch: {}, url };
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // keep the raw URL as the name
  }
  if (isDefaultServerList(settings.servers)) {
    return { ok: true, url, patch: { servers: [{ id: 'local', name: `LLM-Manager (${host})`, url, headers: {} }] } };
  }
  const id = uniqueId('llm-manager', new Set(settings.servers.map((s) => s.id)));
  return {
    ok: true,
    url,
    patch: { servers: [...settings.servers, { id, name: `LLM-Manager (${host})`, url, headers: {} }] },
  };
}
