// The settings storage over any conf-compatible store (conf in tests, electron-store in the app:
// same engine). Uses node:fs, so it lives in the app layer, not in the pure core.
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { UnreadableSettingsError, type SettingsStorage } from '../core/settings/storage.js';
import type { AppSettings } from '../core/types.js';

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
        // A system error (ENOTDIR, EACCES, EIO …) is not bad content: nothing to back up or replace.
        const code = (error as { code?: unknown } | null)?.code;
        if (typeof code === 'string' && code !== 'ENOENT') {
          throw new UnreadableSettingsError(error instanceof Error ? error.message : String(error), null, true);
        }
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
