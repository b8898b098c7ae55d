// The storage port the settings service persists through, and an in-memory implementation.
// The file-backed one (node:fs) lives in main/app/conf-storage.ts, outside the pure core.
import type { AppSettings } from '../types.js';

export interface SettingsStorage {
  /** Parsed file content; undefined/{} when there is none. Throws UnreadableSettingsError when not JSON. */
  read(): unknown;
  write(value: AppSettings): void;
  /** Keeps a copy of a corrupt or invalid file for the user; returns where, or null if nothing was kept. */
  backupCorrupt(raw: unknown): string | null;
  readonly path?: string;
  /** True when the file should be written again although its content did not change (re-sealing secrets). */
  needsRewrite?(): boolean;
}

export class UnreadableSettingsError extends Error {
  constructor(
    message: string,
    readonly raw: string | null,
    /** True when the file could not be read at all (no permission, not a directory …), not bad content. */
    readonly io = false,
  ) {
    super(message);
    this.name = 'UnreadableSettingsError';
  }
}

/** In-memory storage for tests and the e2e harness. */
export function createMemoryStorage(initial?: unknown): SettingsStorage & { readonly saved: AppSettings[]; readonly backups: unknown[] } {
  let current: unknown = initial;
  const saved: AppSettings[] = [];
  const backups: unknown[] = [];
  return {
    saved,
    backups,
    read: () => current,
    write(value) {
      current = value;
      saved.push(value);
    },
    backupCorrupt(raw) {
      backups.push(raw);
      current = undefined;
      return `memory:backup-${backups.length}`;
    },
  };
}
