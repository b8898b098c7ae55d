// THE IPC contract between main and renderer. No electron import: the preload, the main-process
// router, the renderer and the browser test harness's WebSocket bridge all use this one file.
import { z } from 'zod';
import type {
  ControlResult,
  LogEntry,
  ModelKey,
  ModelStats,
  MonitorEvent,
  MonitorSnapshot,
  PublicSettings,
  PublicSettingsResult,
  VitalsSeries,
} from '../main/core/types.js';
import { commandChannels, eventChannels, isCommandChannel, type CommandChannel, type EventChannel } from './channels.js';

export { commandChannels, eventChannels, isCommandChannel, type CommandChannel, type EventChannel };

const key = z.string().min(1).max(1000);
const serverId = z.string().min(1).max(200);
const minutesOrNull = z.union([z.number().int().positive().max(60 * 24 * 365), z.null()]);

/** Payload validators for renderer → main commands (the router rejects anything else). */
export const commandSchemas = {
  'app:get-state': z.object({}).strict(),
  // afterSeq / beforeSeq bound the seqs (exclusive); limit keeps the newest `limit` of them (a big
  // tab shows its last page first, then asks for the lines before it).
  'logs:get-entries': z
    .object({
      key,
      afterSeq: z.number().int().min(-1).optional(),
      beforeSeq: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(10_000_000).optional(),
    })
    .strict(),
  'logs:get-stats': z.object({ key }).strict(),
  'vitals:get': z.object({ key, sinceTs: z.number().finite().optional() }).strict(),
  'logs:clear-local': z.object({ key }).strict(),
  'logs:clear-server': z.object({ key, keepMinutes: z.number().int().min(0).max(60 * 24 * 365) }).strict(),
  'model:start': z.object({ key }).strict(),
  'model:stop': z.object({ key }).strict(),
  'model:acknowledge': z.object({ key }).strict(),
  'model:set-watched': z.object({ key, watched: z.boolean() }).strict(),
  'model:mute': z.object({ key, minutes: minutesOrNull.or(z.literal(0)) }).strict(),
  'server:stop-all': z.object({ serverId }).strict(),
  'server:refresh-stats': z.object({ serverId }).strict(),
  'monitor:reconnect-all': z.object({}).strict(),
  'settings:get': z.object({}).strict(),
  // The patch is validated in depth by main/core/settings; here only its outer shape.
  'settings:update': z.object({ patch: z.record(z.string(), z.unknown()) }).strict(),
  'settings:import-llm-manager-config': z.object({ text: z.string().max(1_000_000) }).strict(),
  'settings:reset': z.object({}).strict(),
  'notifications:pause': z.object({ minutes: minutesOrNull.or(z.literal(0)) }).strict(),
  'app:use-demo-server': z.object({}).strict(),
  'app:open-external': z.object({ url: z.string().url().max(2000) }).strict(),
} as const satisfies Record<CommandChannel, z.ZodType>;

export type CommandPayload<C extends CommandChannel> = z.infer<(typeof commandSchemas)[C]>;

export interface AppState {
  readonly snapshot: MonitorSnapshot;
  /** Header values are never here (only whether each is set): secrets do not cross to the window. */
  readonly settings: PublicSettings;
  /**
   * 'keyring': header values are stored encrypted by the OS keyring. 'none': there is no keyring, so
   * the user chooses (settings.credentialStorage) between plain text and re-entering on each start.
   */
  readonly credentialProtection: 'keyring' | 'none';
  /** OS locale, e.g. "zh-CN" or "en-US". */
  readonly systemLocale: string;
  /** Whether the OS prefers a dark theme. */
  readonly systemDark: boolean;
  /** Set when settings were reset because the file was corrupt: what happened, for the user. */
  readonly settingsNotice: string | null;
  /** Sequence number of the last event batch included in this state. */
  readonly eventSeq: number;
  /** The built-in demo server's URL, when it is running. */
  readonly demoServerUrl: string | null;
}

/** Results of each command. */
export interface CommandResults {
  'app:get-state': AppState;
  'logs:get-entries': { readonly entries: readonly LogEntry[] };
  'logs:get-stats': ModelStats | null;
  'vitals:get': VitalsSeries | null;
  'logs:clear-local': { readonly ok: true };
  'logs:clear-server': ControlResult;
  'model:start': ControlResult;
  'model:stop': ControlResult;
  'model:acknowledge': { readonly ok: true };
  'model:set-watched': PublicSettingsResult;
  'model:mute': PublicSettingsResult;
  'server:stop-all': ControlResult;
  'server:refresh-stats': { readonly ok: true };
  'monitor:reconnect-all': { readonly ok: true };
  'settings:get': PublicSettings;
  'settings:update': PublicSettingsResult;
  'settings:import-llm-manager-config': PublicSettingsResult;
  'settings:reset': PublicSettingsResult;
  'notifications:pause': PublicSettingsResult;
  'app:use-demo-server': PublicSettingsResult;
  'app:open-external': { readonly ok: boolean };
}

/** main → renderer events. */
export interface EventPayloads {
  /** Monitor events, coalesced; seq increases by one per batch so gaps are detectable. */
  'monitor:events': { readonly seq: number; readonly events: readonly MonitorEvent[] };
  'settings:changed': PublicSettings;
  /** Open a model's tab (tray menu, notification click), optionally scrolled to a line. */
  'app:navigate': { readonly view: 'logs' | 'stats' | 'settings'; readonly key?: ModelKey; readonly seq?: number };
}
// Every event channel has a payload type and no other key exists.
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : never;
const eventKeysMatch: SameKeys<EventPayloads, EventChannel> = true;
void eventKeysMatch;

/**
 * The API the preload exposes as `window.llmLogTray` (and the e2e harness injects the same shape).
 * invoke rejects with an Error whose message explains a validation failure.
 */
export interface RendererApi {
  invoke<C extends CommandChannel>(channel: C, payload: CommandPayload<C>): Promise<CommandResults[C]>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export type ValidationOutcome<C extends CommandChannel> =
  | { readonly ok: true; readonly payload: CommandPayload<C> }
  | { readonly ok: false; readonly error: string };

export function validateCommand<C extends CommandChannel>(channel: C, payload: unknown): ValidationOutcome<C> {
  const parsed = commandSchemas[channel].safeParse(payload ?? {});
  if (parsed.success) return { ok: true, payload: parsed.data as CommandPayload<C> };
  return {
    ok: false,
    error: `invalid payload for ${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
  };
}

declare global {
  interface Window {
    llmLogTray?: RendererApi;
  }
}
