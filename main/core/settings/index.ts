export { SETTINGS_VERSION, DEFAULT_SERVER, defaultSettings, isDefaultServerList } from './defaults.js';
export { SETTINGS_MESSAGES, settingsMessage } from './messages.js';
export { appSettingsSchema, serverSettingSchema } from './schema.js';
export { validateSettings, validateSettingsPatch } from './validate.js';
export { migrateSettings, type MigrationResult } from './migrations.js';
export {
  createMemoryStorage,
  UnreadableSettingsError,
  type SettingsStorage,
} from './storage.js';
export { createSettingsService, type SettingsService } from './service.js';
export { settingsToMonitorOptions, settingsToPolicy, settingsToServers } from './monitor-options.js';
export { importLlmManagerConfig, type ImportResult } from './import-config.js';
