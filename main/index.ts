// Electron composition root: lifecycle, single-instance lock, adapters built here and passed into the
// app controller. No logic of its own (that lives in main/core/app and is tested without Electron).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, Notification, Tray, app, ipcMain, nativeImage, nativeTheme, powerMonitor, shell } from 'electron';
import Store from 'electron-store';
import { createAppController, type AppController } from './core/app/index.js';
import { createMonitor } from './core/monitor.js';
import { systemClock } from './core/ports.js';
import { createSettingsService } from './core/settings/service.js';
import type { TrayIcon } from './core/tray-state.js';
import { startDemoServer } from './demo/server.js';
import { createIpcRouter } from './electron/ipc-router.js';
import { createElectronNotifier } from './electron/notifier.js';
import { createRendererSink } from './electron/renderer-sink.js';
import { createElectronSettingsStorage } from './electron/settings-store.js';
import { createElectronTray } from './electron/tray.js';
import { createWindowManager } from './electron/window.js';

const here = dirname(fileURLToPath(import.meta.url));
const demoMode = process.argv.includes('--demo') || process.env['LLM_LOG_TRAY_DEMO'] === '1';

function trayIconPath(icon: TrayIcon): string {
  const dir = join(app.getAppPath(), 'build', 'tray');
  // macOS menu bar: monochrome template images (the OS tints them); the alert stays red.
  if (process.platform === 'darwin' && icon !== 'alert') return join(dir, `${icon}Template.png`);
  return join(dir, `${icon}.png`);
}

function run(): void {
  let quitting = false;
  let stopped = false;
  let controller: AppController | null = null;

  app.on('second-instance', () => {
    void controller?.handleTrayAction({ kind: 'open-window' });
  });
  // The app lives in the tray: closing the last window must not quit.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped || !controller) return;
    // Stop streams cleanly before exiting.
    event.preventDefault();
    stopped = true;
    const c = controller;
    void c
      .stop()
      .catch((error: unknown) => console.error('stopping failed', error))
      .finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    if (process.platform === 'win32') app.setAppUserModelId('com.llmlogtray.app');
    const appIcon = join(app.getAppPath(), 'build', 'icon.png');
    const settings = createSettingsService(
      createElectronSettingsStorage((o) => new Store<Record<string, unknown>>(o), app.getPath('userData'), () => Date.now()),
    );
    const windows = createWindowManager({
      createWindow: (options) => new BrowserWindow(options),
      openExternal: (url) => shell.openExternal(url),
      preloadPath: join(here, '../preload/index.cjs'),
      load: process.env['ELECTRON_RENDERER_URL']
        ? { url: process.env['ELECTRON_RENDERER_URL'] }
        : { file: join(here, '../renderer/index.html') },
      icon: appIcon,
      isQuitting: () => quitting,
    });
    let openModel: (key: string, seq?: number) => void = () => undefined;
    const notifier = createElectronNotifier({
      createNotification: (options) => new Notification(options),
      isSupported: () => Notification.isSupported(),
      onClick: (n) => (n.key !== null ? openModel(n.key, n.seq) : windows.show('logs')),
      icon: appIcon,
    });
    let onTrayAction: Parameters<typeof createElectronTray>[0]['onAction'] = () => undefined;
    const tray = createElectronTray({
      createTray: (image: Electron.NativeImage) => new Tray(image),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      iconFor: (icon) => nativeImage.createFromPath(trayIconPath(icon)),
      onAction: (action) => onTrayAction(action),
      platform: process.platform,
    });
    const c = createAppController({
      createMonitor,
      settings,
      notifier,
      tray,
      window: windows,
      sink: createRendererSink(() => windows),
      clock: systemClock,
      systemLocale: () => app.getLocale(),
      systemDark: () => nativeTheme.shouldUseDarkColors,
      startDemo: () => startDemoServer({ generation: 'v1-seed', port: 0, scripted: true }),
      openExternal: (url) => shell.openExternal(url),
      setLaunchAtLogin: (enabled) => {
        if (process.platform !== 'linux') app.setLoginItemSettings({ openAtLogin: enabled });
      },
      quit: () => app.quit(),
      demoOnly: demoMode,
    });
    controller = c;
    openModel = (key, seq) => c.openModel(key, seq);
    onTrayAction = (action) => {
      c.handleTrayAction(action).catch((error: unknown) => console.error('tray action failed', error));
    };
    createIpcRouter({
      handleCommand: (channel, payload) => c.handleCommand(channel, payload),
      allowedSenderId: () => windows.webContentsId(),
      onRejected: (reason) => console.warn(`IPC refused: ${reason}`),
    }).register(ipcMain);
    powerMonitor.on('resume', () => {
      void c.handleCommand('monitor:reconnect-all', {}).catch(() => undefined);
    });
    await c.start();
    if (demoMode) windows.show('logs');
  });
}

if (app.requestSingleInstanceLock()) run();
else app.quit();
