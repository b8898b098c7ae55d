// Launch at login through Electron's login item settings (Windows and macOS; Linux has no API).
// Only a packaged app registers itself: in development it would register the bare Electron binary.
// The current state is read first because on macOS 13+ every registration shows the user a
// "background item added" notice, so re-applying an unchanged setting at each launch must be a no-op.

export interface LoginItemDeps {
  readonly platform: string;
  readonly isPackaged: boolean;
  getOpenAtLogin(): boolean;
  setOpenAtLogin(enabled: boolean): void;
}

export function createLoginItemSetter(deps: LoginItemDeps): (enabled: boolean) => void {
  return (enabled) => {
    if (deps.platform === 'linux' || !deps.isPackaged) return;
    if (deps.getOpenAtLogin() === enabled) return;
    deps.setOpenAtLogin(enabled);
  };
}
