import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

interface PackResult {
  ok: boolean;
  files: string[];
  problems: string[];
}

describe('packing check (electron-builder --linux dir with a stand-in Electron)', () => {
  it('app.asar holds main, preload, renderer and icons, and no node_modules', (ctx) => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/pack-check.mjs'), '--json'], { cwd: root, encoding: 'utf8', timeout: 240_000 });
    if (r.status === 3) {
      console.warn(`\n!!! PACK CHECK SKIPPED: electron-builder could not run offline here !!!\n${r.stdout}\n${r.stderr}`);
      ctx.skip();
      return;
    }
    const line = r.stdout.trim().split('\n').at(-1) ?? '';
    let result: PackResult;
    try {
      result = JSON.parse(line) as PackResult;
    } catch {
      throw new Error(`pack-check printed no JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.files).toEqual(expect.arrayContaining(['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/build/tray/failed.png', '/build/tray/stopped-lost.png']));
    expect(result.files.some((f) => f.includes('node_modules'))).toBe(false);
    expect(r.status).toBe(0);
  }, 240_000);
});
