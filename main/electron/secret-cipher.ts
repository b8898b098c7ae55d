// SecretCipher (main/core/ports.ts) on Electron's safeStorage. Call only after app 'ready'.
// Electron API used (a stand-in must mirror exactly these):
//   safeStorage.isEncryptionAvailable(): boolean
//   safeStorage.getSelectedStorageBackend(): string   (Linux only: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown')
//   safeStorage.encryptString(plainText: string): Buffer
//   safeStorage.decryptString(encrypted: Buffer): string   (throws when it cannot decrypt)
import type { SecretCipher } from '../core/ports.js';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function createSafeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretCipher {
  return {
    protection() {
      if (!safeStorage.isEncryptionAvailable()) return 'none';
      // On Linux without a keyring Chromium falls back to a hard-coded key ("basic_text"): encrypted
      // in name only. 'unknown' means the backend is not settled; do not pretend it protects anything.
      if (platform === 'linux') {
        const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
        if (backend === 'basic_text' || backend === 'unknown') return 'none';
      }
      return 'keyring';
    },
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
