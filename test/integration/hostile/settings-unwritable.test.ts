// Fault matrix: a settings file that cannot be written (here its directory's parent is a regular file,
// which fails even for root; also a read-only file system, EROFS, from the storage). The user is told,
// the app keeps running on settings held in memory, nothing throws.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfStorage } from '../../../main/app/conf-storage.js';
import { createMemoryStorage, createSettingsService } from '../../../main/core/settings/index.js';
import type { AppSettings } from '../../../main/core/types.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'llt-unwritable-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function unwritableService() {
  writeFileSync(join(dir, 'not-a-dir'), 'x');
  const cwd = join(dir, 'not-a-dir', 'settings');
  const storage = createConfStorage(() => new Conf<Record<string, unknown>>({ cwd, projectName: 'test' }), join(cwd, 'config.json'), () => Date.UTC(2026, 0, 2));
  return createSettingsService(storage);
}

describe('settings file unwritable', () => {
  it('starts on defaults and says the file cannot be written (not that it is corrupt)', () => {
    const s = unwritableService();
    expect(s.get().servers.length).toBeGreaterThan(0);
    const notice = s.notice() ?? '';
    expect(notice).toMatch(/could not be (read|saved)/i);
    expect(notice).not.toMatch(/not valid JSON/);
    expect(notice).toMatch(/ENOTDIR|EEXIST|not a directory/i);
  });

  it('a change applies in memory, the user is told it was not saved, listeners run, nothing throws', () => {
    const s = unwritableService();
    const seen: AppSettings[] = [];
    s.subscribe((v) => seen.push(v));
    const r = s.update({ retryIntervalSec: 9 });
    expect(r.ok).toBe(true);
    expect(s.get().retryIntervalSec).toBe(9);
    expect(seen.map((v) => v.retryIntervalSec)).toEqual([9]);
    expect(s.notice()).toMatch(/could not be saved.*until .*quits/i);
  });

  it('EROFS from the store: the same (in memory, told); a later successful save clears the notice', () => {
    const mem = createMemoryStorage();
    let fail = true;
    const storage = {
      ...mem,
      write(v: AppSettings) {
        if (fail) throw Object.assign(new Error('EROFS: read-only file system, open /ro/config.json'), { code: 'EROFS' });
        mem.write(v);
      },
    };
    const s = createSettingsService(storage);
    expect(s.notice()).toBeNull();
    expect(s.update({ retryIntervalSec: 7 }).ok).toBe(true);
    expect(s.get().retryIntervalSec).toBe(7);
    expect(s.notice()).toMatch(/EROFS/);
    fail = false;
    expect(s.update({ retryIntervalSec: 8 }).ok).toBe(true);
    expect(s.notice()).toBeNull();
    expect(mem.saved.at(-1)?.retryIntervalSec).toBe(8);
  });
});
