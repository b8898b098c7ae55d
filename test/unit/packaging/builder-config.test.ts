import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { TRAY_ICONS } from '../../../main/core/tray-state.js';

const root = join(import.meta.dirname, '../../..');

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation and targets every platform', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toBe('com.llmlogtray.app');
    expect(config.productName).toBe('LLM Log Tray');
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.asar).toBe(true);
    for (const icon of [config.win?.icon, config.mac?.icon, config.linux?.icon]) {
      expect(typeof icon).toBe('string');
      expect(existsSync(join(root, String(icon)))).toBe(true);
    }
    // getConfig may wrap the list in a file-set object: check the patterns, not the shape.
    const files = JSON.stringify(config.files ?? null);
    for (const pattern of ['out/main/**', 'out/preload/**', 'out/renderer/**', 'build/tray/**', '!**/node_modules/**']) {
      expect(files).toContain(JSON.stringify(pattern));
    }
  });

  it('refuses an unknown option (the validation is real)', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration({ ...config, notAnOption: true } as typeof config, new DebugLogger(false))).rejects.toThrow(/unknown property 'notAnOption'/);
  });

  it('bundles every library: no runtime dependencies to copy into app.asar', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; main: string };
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('has PNG tray icons for every state, 1x and 2x, and macOS templates', () => {
    for (const state of TRAY_ICONS) {
      for (const [file, size] of [[`${state}.png`, 16], [`${state}@2x.png`, 32], [`${state}Template.png`, 16], [`${state}Template@2x.png`, 32]] as const) {
        const png = readFileSync(join(root, 'build/tray', file));
        expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
      }
    }
    const icon = readFileSync(join(root, 'build/icon.png'));
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([512, 512]);
    expect(readFileSync(join(root, 'build/icon.icns')).subarray(0, 4).toString('ascii')).toBe('icns');
    expect(readFileSync(join(root, 'build/icon.ico')).readUInt16LE(2)).toBe(1);
  });
});
