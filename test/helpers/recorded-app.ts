// The real app controller on the real monitor, for the app's integration tests: tray, notifier,
// window and renderer sink are recording fakes, time is the system clock, English, trays throttled
// to 20 ms. Started here and stopped after the test.
import { createAppController, type AppController, type AppControllerDeps } from '../../main/app/index.js';
import { createMonitor } from '../../main/core/monitor.js';
import { systemClock } from '../../main/core/ports.js';
import { RecordingNotifier, RecordingSink, RecordingTray, RecordingWindow } from '../fakes/recording-ports.js';
import type { TestScope } from './test-scope.js';

export interface RecordedApp {
  readonly app: AppController;
  readonly tray: RecordingTray;
  readonly notifier: RecordingNotifier;
  readonly win: RecordingWindow;
  readonly sink: RecordingSink;
}

export async function startRecordedApp(
  scope: TestScope,
  deps: Pick<AppControllerDeps, 'settings' | 'monitorOptions'> & Partial<Pick<AppControllerDeps, 'credentialProtection'>>,
): Promise<RecordedApp> {
  const tray = new RecordingTray();
  const notifier = new RecordingNotifier();
  const win = new RecordingWindow();
  const sink = new RecordingSink();
  const app = createAppController({
    createMonitor,
    notifier,
    tray,
    window: win,
    sink,
    clock: systemClock,
    systemLocale: () => 'en-US',
    trayThrottleMs: 20,
    ...deps,
  });
  scope.defer(() => app.stop());
  await app.start();
  return { app, tray, notifier, win, sink };
}
