// Tray, Menu and nativeImage. Images are decoded far enough to know their size (PNG, JPEG); a file
// that is missing or not an image gives an EMPTY image, as nativeImage.createFromPath does.
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { app } from './app.js';

export class NativeImage {
  private template = false;
  constructor(
    private readonly png: Buffer | null,
    private readonly size: { width: number; height: number },
    /** Where it came from (stand-in only: what tests look at). */
    readonly sourcePath: string | null,
  ) {}
  isEmpty(): boolean {
    return this.png === null || this.size.width === 0;
  }
  getSize(): { width: number; height: number } {
    return { ...this.size };
  }
  toPNG(): Buffer {
    return this.png ?? Buffer.alloc(0);
  }
  toDataURL(): string {
    return this.png ? `data:image/png;base64,${this.png.toString('base64')}` : 'data:image/png;base64,';
  }
  setTemplateImage(on: boolean): void {
    this.template = on;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
  resize(): NativeImage {
    return this;
  }
}

function imageSize(buf: Buffer): { width: number; height: number } | null {
  if (buf.length > 24 && buf.readUInt32BE(0) === 0x89504e47 && buf.toString('ascii', 12, 16) === 'IHDR') {
    return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  }
  if (buf.length > 4 && buf[0] === 0xff && buf[1] === 0xd8) {
    let i = 2;
    while (i + 9 < buf.length) {
      if (buf[i] !== 0xff) return null;
      const marker = buf[i + 1] ?? 0;
      const len = buf.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xc3) return { width: buf.readUInt16BE(i + 7), height: buf.readUInt16BE(i + 5) };
      i += 2 + len;
    }
  }
  return null;
}

export const nativeImage = {
  createEmpty: () => new NativeImage(null, { width: 0, height: 0 }, null),
  createFromPath(path: string): NativeImage {
    try {
      if (!existsSync(path)) return new NativeImage(null, { width: 0, height: 0 }, path);
      const buf = readFileSync(path);
      const size = imageSize(buf);
      return size ? new NativeImage(buf, size, path) : new NativeImage(null, { width: 0, height: 0 }, path);
    } catch {
      return new NativeImage(null, { width: 0, height: 0 }, path);
    }
  },
  createFromBuffer(buf: Buffer): NativeImage {
    const size = imageSize(buf);
    return size ? new NativeImage(buf, size, null) : new NativeImage(null, { width: 0, height: 0 }, null);
  },
  createFromDataURL(url: string): NativeImage {
    const m = /^data:image\/\w+;base64,(.*)$/.exec(url);
    return m ? nativeImage.createFromBuffer(Buffer.from(m[1] ?? '', 'base64')) : nativeImage.createEmpty();
  },
};

type ClickFn = (item: MenuItem, window: unknown, event: unknown) => void;

interface TemplateItem {
  id?: string;
  label?: string;
  role?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled?: boolean;
  visible?: boolean;
  checked?: boolean;
  submenu?: TemplateItem[] | Menu;
  click?: ClickFn;
  accelerator?: string;
}

export class MenuItem {
  readonly id: string | undefined;
  readonly label: string;
  readonly role: string | undefined;
  readonly type: string;
  enabled: boolean;
  visible: boolean;
  checked: boolean;
  readonly submenu: Menu | null;
  private readonly onClick: ClickFn | undefined;

  constructor(options: TemplateItem) {
    if (options.label === undefined && options.role === undefined && options.type === undefined) {
      throw new Error('Invalid template for MenuItem: must have at least one of label, role or type');
    }
    this.id = options.id;
    this.label = options.label ?? '';
    this.role = options.role;
    this.submenu = options.submenu ? (options.submenu instanceof Menu ? options.submenu : Menu.buildFromTemplate(options.submenu)) : null;
    this.type = options.type ?? (this.submenu ? 'submenu' : 'normal');
    if (this.type === 'submenu' && !this.submenu) throw new Error('Invalid submenu');
    this.enabled = options.enabled ?? true;
    this.visible = options.visible ?? true;
    this.checked = options.checked ?? false;
    this.onClick = options.click;
  }

  /** What a user's click does (the stand-in's tests call it). */
  click(): void {
    if (this.type === 'checkbox') this.checked = !this.checked;
    this.onClick?.(this, null, { triggeredByAccelerator: false });
  }

  describe(): Record<string, unknown> {
    return {
      ...(this.id !== undefined ? { id: this.id } : {}),
      label: this.label,
      type: this.type,
      enabled: this.enabled,
      visible: this.visible,
      ...(this.type === 'checkbox' || this.type === 'radio' ? { checked: this.checked } : {}),
      ...(this.submenu ? { submenu: this.submenu.describe() } : {}),
    };
  }
}

export class Menu extends EventEmitter {
  readonly items: MenuItem[] = [];
  static applicationMenu: Menu | null = null;
  static buildFromTemplate(template: ReadonlyArray<TemplateItem | MenuItem>): Menu {
    if (!Array.isArray(template)) throw new TypeError('Invalid template for Menu: Menu template must be an array');
    const menu = new Menu();
    for (const t of template) menu.append(t instanceof MenuItem ? t : new MenuItem(t));
    return menu;
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu;
  }
  static getApplicationMenu(): Menu | null {
    return Menu.applicationMenu;
  }
  append(item: MenuItem): void {
    this.items.push(item);
  }
  getMenuItemById(id: string): MenuItem | null {
    for (const item of this.items) {
      if (item.id === id) return item;
      const inner = item.submenu?.getMenuItemById(id);
      if (inner) return inner;
    }
    return null;
  }
  popup(): void {}
  closePopup(): void {}
  describe(): Array<Record<string, unknown>> {
    return this.items.map((i) => i.describe());
  }
}

export interface TrayRecord {
  image: string | null;
  imageEmpty: boolean;
  images: Array<string | null>;
  tooltip: string;
  tooltips: string[];
  menu: Array<Record<string, unknown>> | null;
  destroyed: boolean;
}

export const trays: Tray[] = [];

export class Tray extends EventEmitter {
  private image: NativeImage;
  private tooltip = '';
  private readonly tooltips: string[] = [];
  private readonly images: Array<string | null> = [];
  private menu: Menu | null = null;
  private destroyed = false;

  constructor(image: NativeImage | string) {
    super();
    if (!app.isReady()) throw new Error('Cannot create Tray before app is ready');
    this.image = typeof image === 'string' ? nativeImage.createFromPath(image) : image;
    this.images.push(this.image.sourcePath);
    trays.push(this);
  }
  setImage(image: NativeImage | string): void {
    this.check();
    this.image = typeof image === 'string' ? nativeImage.createFromPath(image) : image;
    this.images.push(this.image.sourcePath);
  }
  setPressedImage(): void {}
  setToolTip(tooltip: string): void {
    this.check();
    this.tooltip = tooltip;
    this.tooltips.push(tooltip);
  }
  setTitle(): void {}
  getTitle(): string {
    return '';
  }
  setContextMenu(menu: Menu | null): void {
    this.check();
    this.menu = menu;
  }
  popUpContextMenu(): void {}
  closeContextMenu(): void {}
  displayBalloon(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
  private check(): void {
    if (this.destroyed) throw new Error('Tray is destroyed');
  }
  /** Stand-in: the current menu (what a user would see when opening it). */
  contextMenu(): Menu | null {
    return this.menu;
  }
  describe(): TrayRecord {
    return {
      image: this.image.sourcePath,
      imageEmpty: this.image.isEmpty(),
      images: [...this.images],
      tooltip: this.tooltip,
      tooltips: [...this.tooltips],
      menu: this.menu?.describe() ?? null,
      destroyed: this.destroyed,
    };
  }
}
