// The IPC channel names as plain data (no zod): the sandboxed preload checks channels against these
// and bundles nothing else at runtime. Payloads are validated in main (the IPC router, via ipc.ts).

export const commandChannels = [
  'app:get-state',
  'logs:get-entries',
  'logs:get-stats',
  'vitals:get',
  'logs:clear-local',
  'logs:clear-server',
  'model:start',
  'model:stop',
  'model:acknowledge',
  'model:set-watched',
  'model:mute',
  'server:stop-all',
  'server:refresh-stats',
  'monitor:reconnect-all',
  'settings:get',
  'settings:update',
  'settings:import-llm-manager-config',
  'settings:reset',
  'notifications:pause',
  'app:use-demo-server',
  'app:open-external',
] as const;
export type CommandChannel = (typeof commandChannels)[number];

export const eventChannels = ['monitor:events', 'settings:changed', 'app:navigate'] as const;
export type EventChannel = (typeof eventChannels)[number];

export function isCommandChannel(channel: unknown): channel is CommandChannel {
  return typeof channel === 'string' && (commandChannels as readonly string[]).includes(channel);
}

export function isEventChannel(channel: unknown): channel is EventChannel {
  return typeof channel === 'string' && (eventChannels as readonly string[]).includes(channel);
}
