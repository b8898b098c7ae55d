// Settings storage on electron-store (conf underneath): the file is userData/settings.json.
import { join } from 'node:path';
import { createConfStorage, type ConfLike } from '../app/conf-storage.js';
import type { SettingsStorage } from '../core/settings/storage.js';

export interface StoreOptions {
  name: string;
  cwd: string;
  clearInvalidConfig: false;
}

export function createElectronSettingsStorage(
  createStore: (options: StoreOptions) => ConfLike,
  userDataDir: string,
  now: () => number,
): SettingsStorage {
  const name = 'settings';
  return createConfStorage(() => createStore({ name, cwd: userDataDir, clearInvalidConfig: false }), join(userDataDir, `${name}.json`), now);
}
