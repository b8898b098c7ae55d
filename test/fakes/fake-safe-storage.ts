// A stand-in for Electron's safeStorage with the calls main/electron/secret-cipher.ts makes. It really
// encrypts (AES-256-GCM with a key per "machine"), so a file read on another machine fails to decrypt
// like the real thing, and it can play Linux without a keyring (backend 'basic_text').
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../../main/electron/secret-cipher.js';

export class FakeSafeStorage implements SafeStorageLike {
  readonly calls: string[] = [];
  private readonly key: Buffer;

  constructor(
    machine: string,
    private readonly backend: string = 'gnome_libsecret',
    private readonly available = true,
  ) {
    this.key = createHash('sha256').update(machine).digest();
  }

  isEncryptionAvailable(): boolean {
    this.calls.push('isEncryptionAvailable');
    return this.available;
  }

  getSelectedStorageBackend(): string {
    this.calls.push('getSelectedStorageBackend');
    return this.backend;
  }

  encryptString(plainText: string): Buffer {
    this.calls.push('encryptString');
    if (!this.available) throw new Error('Encryption is not available.');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plainText, 'utf8'), c.final()]);
    return Buffer.concat([Buffer.from('v10'), iv, c.getAuthTag(), body]);
  }

  decryptString(encrypted: Buffer): string {
    this.calls.push('decryptString');
    if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const d = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(3, 15));
    d.setAuthTag(encrypted.subarray(15, 31));
    try {
      return Buffer.concat([d.update(encrypted.subarray(31)), d.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  }
}
