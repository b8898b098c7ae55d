// Electron composition root: lifecycle, single-instance lock, adapters built here and passed into the
// app controller. No logic of its own (that lives in main/app and is tested without Electron).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, Notification, Tray, app, dialog, ipcMain, nativeImage, nativeTheme, powerMonitor, safeStorage, shell } from 'electron';
import Store from 'electron-store';
import { createAppController, type AppController } from './app/index.js';
import { createMonitor } from './core/monitor.js';
import { systemClock } from './core/ports.js';
import { createSecretStorage } from './core/settings/secret-storage.js';
import { createSettingsService } from './core/settings/service.js';
import { startDemoServer } from './demo/server.js';
import { createIpcRouter } from './electron/ipc-router.js';
import { installLifecycle } from './electron/lifecycle.js';
import { createLoginItemSetter } from './electron/login-item.js';
import { createElectronNotifier } from './electron/notifier.js';
import { createRendererSink } from './electron/renderer-sink.js';
import { createSafeStorageCipher } from './electron/secret-cipher.js';
import { createElectronSettingsStorage } from './electron/settings-store.js';
import { loadTrayIcons } from './electron/tray-icons.js';
import { createElectronTray, type ElectronTray } from './electron/tray.js';
import { appPageMatcher, createWindowManager, type WindowManager } from './electron/window.js';

/** Must match electron-builder.yml's appId: Windows shows notifications only for this AUMID. */
const APP_ID = 'com.llmlogtray.app';
const here = dirname(fileURLToPath(import.meta.url));
const demoMode = process.argv.includes('--demo') || process.env['LLM_LOG_TRAY_DEMO'] === '1';

function fail(message: string, error: unknown): void {
  console.error(message, error);
  const detail = error instanceof Error ? error.message : String(error);
  // A tray app that fails silently just looks like it never started.
  dialog.showErrorBox('LLM Log Tray could not start', `${message}\n\n${detail}`);
  app.exit(1);
}

function run(): void {
  let controller: AppController | null = null;
  let windows: WindowManager | null = null;
  let tray: ElectronTray | null = null;

  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const lifecycle = installLifecycle({
    app,
    showWindow: () => windows?.show('logs'),
    stop: () => controller?.stop() ?? Promise.resolve(),
    afterStop: () => tray?.destroy(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    onError: (message, error) => console.error(message, error ?? ''),
  });

  const start = async (): Promise<void> => {
    const appPath = app.getAppPath();
    const appIcon = join(appPath, 'build', 'icon.png');
    // Fails loudly (before anything else starts) when the icons are not where the package put them.
    const icons = loadTrayIcons((path) => nativeImage.createFromPath(path), appPath, process.platform);
    // Proxy header values are encrypted at rest with safeStorage (usable only once the app is ready).
    const storage = createSecretStorage(
      createElectronSettingsStorage((o) => new Store<Record<string, unknown>>(o), app.getPath('userData'), () => Date.now()),
      createSafeStorageCipher(safeStorage, process.platform),
    );
    const settings = createSettingsService(storage);
    // electron-vite sets ELECTRON_RENDERER_URL in development only; a packaged app never loads a
    // page named by the environment (it would get the preload API).
    const devUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
    const load = devUrl ? { url: devUrl } : { file: join(here, '../renderer/index.html') };
    const w = createWindowManager({
      createWindow: (options) => new BrowserWindow(options),
      openExternal: (url) => shell.openExternal(url),
      preloadPath: join(here, '../preload/index.cjs'),
      load,
      icon: appIcon,
      isQuitting: () => lifecycle.isQuitting(),
    });
    windows = w;
    let openModel: (key: string, seq?: number) => void = () => undefined;
    const notifier = createElectronNotifier({
      createNotification: (options) => new Notification(options),
      isSupported: () => Notification.isSupported(),
      onClick: (n) => (n.key !== null ? openModel(n.key, n.seq) : w.show('logs')),
      icon: appIcon,
    });
    let onTrayAction: Parameters<typeof createElectronTray>[0]['onAction'] = () => undefined;
    tray = createElectronTray({
      createTray: (image: Electron.NativeImage) => new Tray(image),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      iconFor: (icon) => icons[icon],
      onAction: (action) => onTrayAction(action),
      platform: process.platform,
    });
    const c = createAppController({
      createMonitor,
      settings,
      notifier,
      tray,
      window: w,
      sink: createRendererSink(() => w),
      clock: systemClock,
      systemLocale: () => app.getLocale(),
      systemDark: () => nativeTheme.shouldUseDarkColors,
      credentialProtection: () => storage.protection(),
      startDemo: () => startDemoServer({ generation: 'v1-seed', port: 0, scripted: true }),
      openExternal: (url) => shell.openExternal(url),
      setLaunchAtLogin: createLoginItemSetter({
        platform: process.platform,
        isPackaged: app.isPackaged,
        getOpenAtLogin: () => app.getLoginItemSettings().openAtLogin,
        setOpenAtLogin: (openAtLogin) => app.setLoginItemSettings({ openAtLogin }),
      }),
      quit: () => app.quit(),
      demoOnly: demoMode,
    });
    controller = c;
    openModel = (key, seq) => c.openModel(key, seq);
    onTrayAction = (action) => {
      c.handleTrayAction(action).catch((error: unknown) => console.error('tray action failed', error));
    };
    // Before any window exists, so the first page load finds every handler.
    createIpcRouter({
      handleCommand: (channel, payload) => c.handleCommand(channel, payload),
      allowedSenderId: () => w.webContentsId(),
      allowedUrl: appPageMatcher(load),
      onRejected: (reason) => console.warn(`IPC refused: ${reason}`),
    }).register(ipcMain);
    // Streams are dead after sleep; reconnect at once instead of waiting for backoff timers.
    powerMonitor.on('resume', () => {
      c.handleCommand('monitor:reconnect-all', {}).catch(() => undefined);
    });
    await c.start();
    if (demoMode) w.show('logs');
    lifecycle.markReady();
  };

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail('Startup failed.', error));
}

if (app.requestSingleInstanceLock()) run();
// The first instance gets 'second-instance' and shows its window.
else app.quit();
