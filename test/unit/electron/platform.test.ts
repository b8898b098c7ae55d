import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_ICONS } from '../../../main/core/tray-state.js';
import { createLoginItemSetter } from '../../../main/electron/login-item.js';
import { loadTrayIcons, MissingIconError, trayIconPath } from '../../../main/electron/tray-icons.js';
import { appPageMatcher } from '../../../main/electron/window.js';

const root = join(import.meta.dirname, '../../..');

describe('tray icons', () => {
  it('macOS uses template images (except the red failed ones); other platforms the coloured PNGs', () => {
    expect(trayIconPath('/app.asar', 'darwin', 'ready')).toBe(join('/app.asar', 'build', 'tray', 'readyTemplate.png'));
    expect(trayIconPath('/app.asar', 'darwin', 'failed')).toBe(join('/app.asar', 'build', 'tray', 'failed.png'));
    expect(trayIconPath('/app.asar', 'darwin', 'failed-lost')).toBe(join('/app.asar', 'build', 'tray', 'failed-lost.png'));
    expect(trayIconPath('/app.asar', 'win32', 'stopped')).toBe(join('/app.asar', 'build', 'tray', 'stopped.png'));
  });

  it('every icon path exists in build/ (with its @2x) on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const icons = loadTrayIcons(
        (path) => {
          const hd = path.replace(/\.png$/, '@2x.png');
          const ok = readFileSync(path).length > 0 && readFileSync(hd).length > 0;
          return { path, isEmpty: () => !ok };
        },
        root,
        platform,
      );
      expect(Object.keys(icons).sort()).toEqual([...TRAY_ICONS].sort());
    }
  });

  it('an empty image (wrong path) fails loudly, naming the paths, instead of an invisible tray icon', () => {
    const load = (path: string) => ({ path, isEmpty: () => path.includes('starting') });
    expect(() => loadTrayIcons(load, '/wrong', 'linux')).toThrow(MissingIconError);
    expect(() => loadTrayIcons(load, '/wrong', 'linux')).toThrow(/starting\.png/);
  });
});

describe('launch at login', () => {
  const setup = (platform: string, isPackaged: boolean, current = false) => {
    const calls: boolean[] = [];
    const set = createLoginItemSetter({ platform, isPackaged, getOpenAtLogin: () => current, setOpenAtLogin: (e) => void calls.push(e) });
    return { set, calls };
  };
  it('registers a packaged app on Windows/macOS, only when the state changes', () => {
    const off = setup('win32', true, false);
    off.set(false);
    off.set(true);
    expect(off.calls).toEqual([true]);
    const on = setup('darwin', true, true);
    on.set(true);
    expect(on.calls).toEqual([]);
  });
  it('never on Linux (no API) or in development (it would register the bare Electron binary)', () => {
    const linux = setup('linux', true);
    linux.set(true);
    const dev = setup('win32', false);
    dev.set(true);
    expect([...linux.calls, ...dev.calls]).toEqual([]);
  });
});

describe('app page matcher (IPC sender frame URL)', () => {
  it('built renderer: only that file, any hash or query', () => {
    const file = join(root, 'out/renderer/index.html');
    const m = appPageMatcher({ file });
    const url = new URL(`file://${file}`).href;
    expect(m(url)).toBe(true);
    expect(m(`${url}#/logs`)).toBe(true);
    expect(m('file:///etc/passwd')).toBe(false);
    expect(m('https://evil.example/index.html')).toBe(false);
    expect(m('not a url')).toBe(false);
  });
  it('dev server: its origin only', () => {
    const m = appPageMatcher({ url: 'http://localhost:5173/' });
    expect(m('http://localhost:5173/index.html')).toBe(true);
    expect(m('http://localhost:5174/')).toBe(false);
  });
});

describe('composition root (main/index.ts, which cannot run here)', () => {
  const source = readFileSync(join(root, 'main/index.ts'), 'utf8');
  it('uses the electron-builder appId as the Windows AppUserModelId, so notifications show', () => {
    const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    const appId = /^appId:\s*(\S+)/m.exec(builder)?.[1];
    expect(appId).toBeDefined();
    expect(source).toContain(`const APP_ID = '${appId}'`);
    expect(source).toMatch(/setAppUserModelId\(APP_ID\)/);
  });
  it('single instance, dev URL only when not packaged, preload/renderer paths next to out/main', () => {
    expect(source).toMatch(/if \(app\.requestSingleInstanceLock\(\)\) run\(\);\s*(\/\/.*\n)?\s*else app\.quit\(\);/);
    expect(source).toMatch(/app\.isPackaged \? undefined : process\.env\['ELECTRON_RENDERER_URL'\]/);
    expect(source).toContain("join(here, '../preload/index.cjs')");
    expect(source).toContain("join(here, '../renderer/index.html')");
    expect(source).toMatch(/\.catch\(\(error: unknown\) => fail\(/);
  });
});
