// The single implementation of every command in contract/ipc.ts. The Electron IPC router and the
// e2e WebSocket bridge both call it; it validates again so no caller can skip validation.
import {
  isCommandChannel,
  validateCommand,
  type AppState,
  type CommandChannel,
  type CommandPayload,
  type CommandResults,
} from '../../contract/ipc.js';
import type { Clock, Monitor } from '../core/ports.js';
import { importLlmManagerConfig } from '../core/settings/import-config.js';
import { publicSettings, publicSettingsResult } from '../core/settings/public-settings.js';
import type { SettingsService } from '../core/settings/service.js';
import type { ControlResult, ModelKey, SettingsPatch, SettingsResult } from '../core/types.js';

export interface CommandContext {
  readonly clock: Clock;
  readonly settings: SettingsService;
  monitor(): Monitor;
  /** Starts a model (the controller tracks it as pending for the tray until the server answers). */
  startModel(key: ModelKey): Promise<ControlResult>;
  getState(): AppState;
  acknowledge(key: ModelKey): void;
  /** Called before a stop the user asked for, so its aftermath is not reported as a crash. */
  expectStop(target: { readonly key: ModelKey } | { readonly serverId: string }): void;
  useDemoServer(): Promise<SettingsResult>;
  openExternal(url: string): Promise<boolean>;
}

type Handlers = { [C in CommandChannel]: (payload: CommandPayload<C>) => Promise<CommandResults[C]> | CommandResults[C] };

function untilFromMinutes(clock: Clock, minutes: number | null): number | null {
  return minutes === null ? null : clock.now() + minutes * 60_000;
}

export function pauseNotifications(ctx: Pick<CommandContext, 'clock' | 'settings'>, minutes: number | null): SettingsResult {
  const patch = minutes === 0 ? { pausedUntil: undefined } : { pausedUntil: untilFromMinutes(ctx.clock, minutes) };
  return ctx.settings.update({ notifications: patch });
}

export function createCommandHandler(ctx: CommandContext) {
  // Every settings answer goes through publicSettingsResult: header values never reach the window.
  const pub = publicSettingsResult;
  const handlers: Handlers = {
    'app:get-state': () => ctx.getState(),
    'logs:get-entries': ({ key, afterSeq, beforeSeq, limit }) => {
      // Only the page asked for is built (a tab's first page is its newest 1,000 of up to 200,000).
      return { entries: ctx.monitor().entries(key, afterSeq !== undefined && afterSeq >= 0 ? afterSeq : undefined, { beforeSeq, limit }) };
    },
    'logs:get-stats': ({ key }) => ctx.monitor().stats(key),
    'vitals:get': ({ key, sinceTs }) => ctx.monitor().vitals(key, sinceTs),
    'logs:clear-local': ({ key }) => {
      ctx.monitor().clearLocal(key);
      return { ok: true } as const;
    },
    'logs:clear-server': ({ key, keepMinutes }) => ctx.monitor().clearOnServer(key, keepMinutes),
    'model:start': ({ key }) => ctx.startModel(key),
    'model:stop': ({ key }) => {
      ctx.expectStop({ key });
      return ctx.monitor().stopModel(key);
    },
    'model:acknowledge': ({ key }) => {
      ctx.acknowledge(key);
      return { ok: true } as const;
    },
    'model:set-watched': ({ key, watched }) => {
      const current = ctx.settings.get().unwatched.filter((k) => k !== key);
      return pub(ctx.settings.update({ unwatched: watched ? current : [...current, key] }));
    },
    'model:mute': ({ key, minutes }) => {
      const mutes: Record<ModelKey, number | null> = { ...ctx.settings.get().notifications.mutes };
      if (minutes === 0) delete mutes[key];
      else mutes[key] = untilFromMinutes(ctx.clock, minutes);
      return pub(ctx.settings.update({ notifications: { mutes } }));
    },
    'server:stop-all': ({ serverId }) => {
      ctx.expectStop({ serverId });
      return ctx.monitor().stopAll(serverId);
    },
    'server:refresh-stats': async ({ serverId }) => {
      await ctx.monitor().refreshServerStats(serverId);
      return { ok: true } as const;
    },
    'monitor:reconnect-all': () => {
      ctx.monitor().reconnectAll();
      return { ok: true } as const;
    },
    'settings:get': () => publicSettings(ctx.settings.get()),
    'settings:update': ({ patch }) => pub(ctx.settings.update(patch as SettingsPatch)),
    'settings:import-llm-manager-config': ({ text }) => {
      const imported = importLlmManagerConfig(ctx.settings.get(), text);
      if (!imported.ok) return { ok: false, issues: imported.issues };
      return pub(ctx.settings.update(imported.patch));
    },
    'settings:reset': () => pub(ctx.settings.reset()),
    'notifications:pause': ({ minutes }) => pub(pauseNotifications(ctx, minutes)),
    'app:use-demo-server': async () => pub(await ctx.useDemoServer()),
    'app:open-external': async ({ url }) => ({ ok: await ctx.openExternal(url) }),
  };

  return async function handleCommand<C extends CommandChannel>(channel: C, payload: unknown): Promise<CommandResults[C]> {
    if (!isCommandChannel(channel)) throw new Error(`unknown command channel: ${String(channel)}`);
    const valid = validateCommand(channel, payload);
    if (!valid.ok) throw new Error(valid.error);
    const handler = handlers[channel] as (p: CommandPayload<C>) => Promise<CommandResults[C]> | CommandResults[C];
    return handler(valid.payload);
  };
}
