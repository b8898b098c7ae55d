// Tray icon files: build/tray inside the app (app.asar when packaged, found through app.getAppPath()).
// nativeImage.createFromPath returns an EMPTY image for a wrong path, which shows as an invisible
// tray icon (the app then looks like it never started): every icon is loaded once at startup and a
// missing one is an error, not a silent blank.
import { join } from 'node:path';
import { TRAY_ICONS, type TrayIcon } from '../core/tray-state.js';

export interface ImageLike {
  isEmpty(): boolean;
}

export class MissingIconError extends Error {
  constructor(readonly paths: readonly string[]) {
    super(`tray icon(s) missing or unreadable: ${paths.join(', ')}`);
    this.name = 'MissingIconError';
  }
}

/**
 * macOS menu bar: monochrome "…Template" images, which Electron marks as template images by their
 * file name so the OS tints them for light/dark bars; the failed icons stay red. The @2x files next
 * to each are picked up by createFromPath on HiDPI screens.
 */
export function trayIconPath(appPath: string, platform: string, icon: TrayIcon): string {
  const dir = join(appPath, 'build', 'tray');
  if (platform === 'darwin' && !icon.startsWith('failed')) return join(dir, `${icon}Template.png`);
  return join(dir, `${icon}.png`);
}

export function loadTrayIcons<Image extends ImageLike>(
  load: (path: string) => Image,
  appPath: string,
  platform: string,
): Record<TrayIcon, Image> {
  const missing: string[] = [];
  const entries = TRAY_ICONS.map((icon): [TrayIcon, Image] => {
    const path = trayIconPath(appPath, platform, icon);
    const image = load(path);
    if (image.isEmpty()) missing.push(path);
    return [icon, image];
  });
  if (missing.length > 0) throw new MissingIconError(missing);
  return Object.fromEntries(entries) as Record<TrayIcon, Image>;
}
