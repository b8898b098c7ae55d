// The storage port the settings service persists through, plus an implementation over any
// conf-compatible store (conf in tests and the CLI, electron-store in the app: same engine).
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AppSettings } from '../types.js';

export interface SettingsStorage {
  /** Parsed file content; undefined/{} when there is none. Throws UnreadableSettingsError when not JSON. */
  read(): unknown;
  write(value: AppSettings): void;
  /** Keeps a copy of a corrupt or invalid file for the user; returns where, or null if nothing was kept. */
  backupCorrupt(raw: unknown): string | null;
  readonly path?: string;
}

export class UnreadableSettingsError extends Error {
  constructor(
    message: string,
    readonly raw: string | null,
  ) {
    super(message);
    this.name = 'UnreadableSettingsError';
  }
}

/** The part of conf / electron-store we use: the whole object at once. */
export interface ConfLike {
  store: Record<string, unknown>;
  readonly path: string;
}

/**
 * conf reads the file in its constructor and throws on invalid JSON, so it is created lazily and
 * re-created after a corrupt file has been moved aside. `now` names the backup file.
 */
export function createConfStorage(create: () => ConfLike, filePath: string, now: () => number): SettingsStorage {
  let conf: ConfLike | null = null;
  const open = (): ConfLike => (conf ??= create());
  return {
    path: filePath,
    read(): unknown {
      try {
        return open().store;
      } catch (error) {
        conf = null;
        let raw: string | null = null;
        try {
          raw = readFileSync(filePath, 'utf8');
        } catch {
          raw = null;
        }
        throw new UnreadableSettingsError(error instanceof Error ? error.message : String(error), raw);
      }
    },
    write(value: AppSettings): void {
      open().store = { ...value } as Record<string, unknown>;
    },
    backupCorrupt(raw: unknown): string | null {
      const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
      const backup = `${filePath}.corrupt-${stamp}.json`;
      try {
        if (existsSync(filePath)) {
          copyFileSync(filePath, backup);
          rmSync(filePath, { force: true });
        } else if (raw !== undefined) {
          writeFileSync(backup, typeof raw === 'string' ? raw : JSON.stringify(raw, null, 2));
        } else {
          return null;
        }
      } catch {
        return null;
      } finally {
        conf = null;
      }
      return backup;
    },
  };
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
