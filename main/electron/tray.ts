// Tray adapter: renders a TrayState. The context menu is rebuilt (never mutated) on every change,
// and every action is in it, because Linux AppIndicator ignores clicks on the icon and a macOS
// menu-bar click shows the menu.
import type { TrayPort } from '../app/ports.js';
import type { MenuItemModel, TrayAction, TrayIcon, TrayState } from '../core/tray-state.js';

/** The subset of Electron's MenuItemConstructorOptions we produce. */
export interface MenuTemplateItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'submenu';
  enabled?: boolean;
  submenu?: MenuTemplateItem[];
  click?: () => void;
}

export interface TrayLike {
  setImage(image: never): void;
  setToolTip(tooltip: string): void;
  setContextMenu(menu: never): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface ElectronTrayDeps<Image, MenuHandle> {
  createTray(image: Image): TrayLike;
  buildMenu(template: MenuTemplateItem[]): MenuHandle;
  iconFor(icon: TrayIcon): Image;
  onAction(action: TrayAction): void;
  /**
   * Windows: a left click opens the window (right click shows the menu). macOS: a click shows the
   * menu, and since Electron 10 ALSO emits 'click' when a menu is set, so a click handler would pop
   * the window up under the open menu: none there. Linux: AppIndicator ignores clicks.
   */
  readonly platform: string;
}

export function toTemplate(items: readonly MenuItemModel[], onAction: (a: TrayAction) => void): MenuTemplateItem[] {
  return items.map((item): MenuTemplateItem => {
    switch (item.type) {
      case 'separator':
        return { id: item.id, type: 'separator' };
      case 'submenu':
        return { id: item.id, label: item.label, type: 'submenu', submenu: toTemplate(item.items, onAction) };
      case 'item': {
        const action = item.action;
        return { id: item.id, label: item.label, type: 'normal', enabled: item.enabled, click: () => onAction(action) };
      }
    }
  });
}

export interface ElectronTray extends TrayPort {
  destroy(): void;
}

export function createElectronTray<Image, MenuHandle>(deps: ElectronTrayDeps<Image, MenuHandle>, initial: TrayIcon = 'stopped'): ElectronTray {
  // `never` parameters in TrayLike keep it assignable from Electron's Tray; the casts below are the
  // one place the concrete image/menu types meet.
  const tray = deps.createTray(deps.iconFor(initial));
  let icon: TrayIcon = initial;
  let destroyed = false;
  if (deps.platform === 'win32') tray.on('click', () => deps.onAction({ kind: 'open-window' }));
  return {
    update(state: TrayState) {
      if (destroyed) return;
      if (state.icon !== icon) {
        icon = state.icon;
        tray.setImage(deps.iconFor(state.icon) as never);
      }
      tray.setToolTip(state.tooltip);
      tray.setContextMenu(deps.buildMenu(toTemplate(state.menu, deps.onAction)) as never);
    },
    destroy() {
      destroyed = true;
      tray.destroy();
    },
  };
}
