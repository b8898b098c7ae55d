// Proxy header values at rest. Wraps the settings storage: on write every header value is sealed
// (encrypted with the OS keyring, or, where there is none, stored as plain text or not at all, as the
// user chose); on read it is opened again. A value that cannot be decrypted here (the file came from
// another computer) becomes null: the server stays configured, is not contacted, and asks for the
// credentials to be entered again. Its ciphertext is kept in the file until then.
import type { SecretCipher } from '../ports.js';
import type { AppSettings, CredentialStorage } from '../types.js';
import type { SettingsStorage } from './storage.js';
import { isRecord } from '../guards.js';

/** How one header value is written in the file (settings version 3). */
export type SealedHeader = string | { readonly encrypted: string } | { readonly notStored: true };

type Seal = 'encrypt' | 'plain' | 'drop';


export interface SecretStorage extends SettingsStorage {
  /** Whether the OS protects the encryption key (see SecretCipher). */
  protection(): 'keyring' | 'none';
}

export function createSecretStorage(inner: SettingsStorage, cipher: SecretCipher | null): SecretStorage {
  const protection = (): 'keyring' | 'none' => {
    try {
      return cipher?.protection() ?? 'none';
    } catch {
      return 'none';
    }
  };
  const sealFor = (mode: unknown): Seal => (protection() === 'keyring' ? 'encrypt' : mode === 'plain-text' ? 'plain' : 'drop');
  /** Ciphertext that could not be decrypted, by server id and header name: written back unchanged. */
  const undecrypted = new Map<string, string>();
  const slot = (serverId: string, name: string) => `${serverId}\u0000${name}`;
  let rewrite = false;
  let lastRaw: unknown;

  const open = (raw: unknown): unknown => {
    rewrite = false;
    undecrypted.clear();
    if (!isRecord(raw) || !Array.isArray(raw['servers'])) return raw;
    const seal = sealFor(raw['credentialStorage']);
    const servers = raw['servers'].map((s: unknown) => {
      if (!isRecord(s) || !isRecord(s['headers'])) return s;
      const id = typeof s['id'] === 'string' ? s['id'] : '';
      const headers: Record<string, unknown> = {};
      for (const [name, v] of Object.entries(s['headers'])) {
        if (typeof v === 'string') {
          headers[name] = v;
          // Plain text where it should be encrypted (first start of v3, or a keyring that appeared).
          if (seal !== 'plain') rewrite = true;
        } else if (isRecord(v) && typeof v['encrypted'] === 'string') {
          try {
            if (!cipher) throw new Error('no cipher');
            headers[name] = cipher.decrypt(v['encrypted']);
            if (seal !== 'encrypt') rewrite = true;
          } catch {
            headers[name] = null;
            undecrypted.set(slot(id, name), v['encrypted']);
          }
        } else if (isRecord(v) && v['notStored'] === true) {
          headers[name] = null;
        } else {
          headers[name] = v; // invalid: validation reports it
        }
      }
      return { ...s, headers };
    });
    return { ...raw, servers };
  };

  const sealSettings = (value: AppSettings): AppSettings => {
    const seal = sealFor(value.credentialStorage satisfies CredentialStorage);
    const servers = value.servers.map((s) => {
      const headers: Record<string, SealedHeader> = {};
      for (const [name, v] of Object.entries(s.headers)) {
        const kept = undecrypted.get(slot(s.id, name));
        if (v === null) headers[name] = kept !== undefined ? { encrypted: kept } : { notStored: true };
        else if (seal === 'encrypt') headers[name] = { encrypted: cipher?.encrypt(v) ?? '' };
        else if (seal === 'plain') headers[name] = v;
        else headers[name] = { notStored: true };
        if (v !== null) undecrypted.delete(slot(s.id, name));
      }
      return { ...s, headers };
    });
    // The file's shape differs from AppSettings only in the header values.
    return { ...value, servers } as unknown as AppSettings;
  };

  return {
    ...(inner.path !== undefined ? { path: inner.path } : {}),
    protection,
    read() {
      lastRaw = inner.read();
      return open(lastRaw);
    },
    write(value) {
      inner.write(sealSettings(value));
      rewrite = false;
    },
    // The file as it was (sealed), never the opened values.
    backupCorrupt: () => inner.backupCorrupt(lastRaw),
    needsRewrite: () => rewrite,
  };
}
