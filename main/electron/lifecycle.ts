// App lifecycle for a tray app, over an `app`-like object so the rules are testable without Electron:
// closing the last window never quits, Quit stops the monitor cleanly first (with a deadline, so a
// hung stop cannot keep the app alive), a second launch or a dock click shows the window.

/** The subset of Electron's `app` events and methods the lifecycle uses. */
export interface LifecycleAppLike {
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'activate', listener: (event: unknown, hasVisibleWindows: boolean) => void): unknown;
  quit(): void;
}

export interface LifecycleDeps {
  readonly app: LifecycleAppLike;
  /** Shows and focuses the window (second launch, macOS dock click). */
  showWindow(): void;
  /** Stops streams and timers; resolved before the process exits. */
  stop(): Promise<void>;
  /** After stop (or its deadline): e.g. remove the tray icon. */
  afterStop?(): void;
  setTimeout(fn: () => void, ms: number): unknown;
  readonly stopDeadlineMs?: number;
  onError?(message: string, error: unknown): void;
}

export interface Lifecycle {
  /** True once Quit has begun: windows then really close instead of hiding. */
  isQuitting(): boolean;
  /** Call when startup finished: before that, activate/second-instance have no window to show. */
  markReady(): void;
}

export function installLifecycle(deps: LifecycleDeps): Lifecycle {
  const deadline = deps.stopDeadlineMs ?? 5_000;
  let quitting = false;
  let stopping = false;
  let done = false;
  let ready = false;
  let pendingShow = false;

  const show = () => {
    if (ready) deps.showWindow();
    else pendingShow = true;
  };

  deps.app.on('second-instance', show);
  // The app lives in the tray: having a listener at all replaces Electron's default (quit).
  deps.app.on('window-all-closed', () => undefined);
  // macOS: a dock click with no visible window shows it. Launch also emits 'activate'; ignoring it
  // until startup is done keeps "start hidden" and "window only on first run" intact.
  deps.app.on('activate', (_event, hasVisibleWindows) => {
    if (ready && !hasVisibleWindows) deps.showWindow();
  });
  deps.app.on('before-quit', (event) => {
    quitting = true;
    if (done) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    const finish = () => {
      if (done) return;
      done = true;
      try {
        deps.afterStop?.();
      } catch (error) {
        deps.onError?.('cleanup before quit failed', error);
      }
      deps.app.quit();
    };
    deps.setTimeout(() => {
      if (!done) deps.onError?.(`stopping took longer than ${deadline} ms; quitting anyway`, null);
      finish();
    }, deadline);
    let stopped: Promise<void>;
    try {
      stopped = deps.stop();
    } catch (error) {
      stopped = Promise.reject(error);
    }
    void stopped.catch((error: unknown) => deps.onError?.('stopping failed', error)).finally(finish);
  });

  return {
    isQuitting: () => quitting,
    markReady() {
      ready = true;
      if (pendingShow) {
        pendingShow = false;
        deps.showWindow();
      }
    },
  };
}
