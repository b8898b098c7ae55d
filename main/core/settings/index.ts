export { SETTINGS_VERSION, defaultSettings } from './defaults.js';
export { validateSettings, validateSettingsPatch } from './validate.js';
export { migrateSettings } from './migrations.js';
export { createMemoryStorage } from './storage.js';
export { createSettingsService, type SettingsService } from './service.js';
export { settingsToMonitorOptions, settingsToServers } from './monitor-options.js';
export { importLlmManagerConfig } from './import-config.js';
export { createSecretStorage } from './secret-storage.js';
export { publicSettings } from './public-settings.js';
