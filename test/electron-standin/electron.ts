// What `import … from 'electron'` gives the built main bundle under the stand-in (test-only).
import { app } from './app.js';
import { installControl } from './control.js';
import { dialog, nativeTheme, Notification, powerMonitor, safeStorage, shell } from './system.js';
import { Menu, MenuItem, nativeImage, Tray } from './tray.js';
import { BrowserWindow, ipcMain, webContents } from './window.js';

Object.assign(process, { type: 'browser', defaultApp: process.env['STANDIN_PACKAGED'] !== '1', resourcesPath: app.getAppPath() });
try {
  Object.defineProperty(process.versions, 'electron', { value: '45.5.0', enumerable: true });
  Object.defineProperty(process.versions, 'chrome', { value: '140.0.0.0', enumerable: true });
} catch {
  // A frozen process.versions only loses the version strings.
}
installControl();

export { app, BrowserWindow, dialog, ipcMain, Menu, MenuItem, nativeImage, nativeTheme, Notification, powerMonitor, safeStorage, shell, Tray, webContents };
export const ipcRenderer = undefined;
export const contextBridge = undefined;

export default { app, BrowserWindow, dialog, ipcMain, Menu, MenuItem, nativeImage, nativeTheme, Notification, powerMonitor, safeStorage, shell, Tray, webContents };
