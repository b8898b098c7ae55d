// Notification, nativeTheme, powerMonitor, shell, dialog, safeStorage: what the OS side of Electron
// does, recorded for tests (notifications can be clicked, power and theme events raised).
import { createCipheriv, createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { app } from './app.js';
import { record } from './runtime.js';

export interface NotificationRecord {
  index: number;
  title: string;
  subtitle: string;
  body: string;
  urgency: string;
  timeoutType: string;
  silent: boolean;
  icon: string | null;
  shown: boolean;
  closed: boolean;
  clicks: number;
}

export const notifications: Notification[] = [];

interface NotificationOptions {
  title?: string;
  subtitle?: string;
  body?: string;
  urgency?: string;
  timeoutType?: string;
  silent?: boolean;
  icon?: unknown;
}

export class Notification extends EventEmitter {
  readonly rec: NotificationRecord;
  constructor(options: NotificationOptions = {}) {
    super();
    const icon = options.icon;
    this.rec = {
      index: notifications.length,
      title: options.title ?? '',
      subtitle: options.subtitle ?? '',
      body: options.body ?? '',
      urgency: options.urgency ?? 'normal',
      timeoutType: options.timeoutType ?? 'default',
      silent: options.silent ?? false,
      icon: typeof icon === 'string' ? icon : icon && typeof icon === 'object' && 'sourcePath' in icon ? String((icon as { sourcePath: unknown }).sourcePath) : null,
      shown: false,
      closed: false,
      clicks: 0,
    };
    notifications.push(this);
  }
  static isSupported(): boolean {
    return true;
  }
  get title(): string {
    return this.rec.title;
  }
  get body(): string {
    return this.rec.body;
  }
  show(): void {
    this.rec.shown = true;
    this.rec.closed = false;
    this.emit('show', { defaultPrevented: false, preventDefault() {} });
  }
  close(): void {
    if (this.rec.closed) return;
    this.rec.closed = true;
    this.emit('close', { defaultPrevented: false, preventDefault() {} });
  }
  /** Stand-in: the user clicks the notification (the daemon then dismisses it). */
  userClick(): void {
    if (!this.rec.shown) throw new Error('notification was never shown');
    this.rec.clicks++;
    this.emit('click', { defaultPrevented: false, preventDefault() {} });
    this.close();
  }
}

class NativeTheme extends EventEmitter {
  private systemDark = process.env['STANDIN_DARK'] === '1';
  private source: 'system' | 'light' | 'dark' = 'system';
  get themeSource(): 'system' | 'light' | 'dark' {
    return this.source;
  }
  /** Like Electron: also what pages see as prefers-color-scheme (window.ts applies it). */
  set themeSource(value: 'system' | 'light' | 'dark') {
    const before = this.shouldUseDarkColors;
    this.source = value;
    if (before !== this.shouldUseDarkColors) this.emit('updated');
  }
  get shouldUseDarkColors(): boolean {
    return this.source === 'system' ? this.systemDark : this.source === 'dark';
  }
  get shouldUseHighContrastColors(): boolean {
    return false;
  }
  get shouldUseInvertedColorScheme(): boolean {
    return false;
  }
  /** Stand-in: the OS switches between light and dark. */
  setSystemDark(dark: boolean): void {
    if (this.systemDark === dark) return;
    const before = this.shouldUseDarkColors;
    this.systemDark = dark;
    if (before !== this.shouldUseDarkColors) this.emit('updated');
  }
}
export const nativeTheme = new NativeTheme();

class PowerMonitor extends EventEmitter {
  getSystemIdleState(): 'active' {
    return 'active';
  }
  getSystemIdleTime(): number {
    return 0;
  }
  isOnBatteryPower(): boolean {
    return false;
  }
  get onBatteryPower(): boolean {
    return false;
  }
}
export const powerMonitor = new PowerMonitor();

export const shell = {
  async openExternal(url: string): Promise<void> {
    record.shell.push({ kind: 'openExternal', target: url });
  },
  async openPath(path: string): Promise<string> {
    record.shell.push({ kind: 'openPath', target: path });
    return '';
  },
  showItemInFolder(path: string): void {
    record.shell.push({ kind: 'showItemInFolder', target: path });
  },
  async trashItem(path: string): Promise<void> {
    record.shell.push({ kind: 'trashItem', target: path });
  },
  beep(): void {
    record.shell.push({ kind: 'beep', target: '' });
  },
};

export const dialog = {
  showErrorBox(title: string, content: string): void {
    record.dialogs.push({ kind: 'error', title, content });
    // Electron on Linux prints it to stderr too when no dialog can be shown.
    process.stderr.write(`[dialog] ${title}\n${content}\n`);
  },
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = (args.length > 1 ? args[1] : args[0]) as { title?: string; message?: string; defaultId?: number };
    record.dialogs.push({ kind: 'message', title: options.title ?? '', content: options.message ?? '' });
    return { response: options.defaultId ?? 0, checkboxChecked: false };
  },
  showMessageBoxSync(...args: unknown[]): number {
    const options = (args.length > 1 ? args[1] : args[0]) as { title?: string; message?: string; defaultId?: number };
    record.dialogs.push({ kind: 'message', title: options.title ?? '', content: options.message ?? '' });
    return options.defaultId ?? 0;
  },
  async showSaveDialog(): Promise<{ canceled: true; filePath: string }> {
    record.dialogs.push({ kind: 'save', title: '', content: '' });
    return { canceled: true, filePath: '' };
  },
  async showOpenDialog(): Promise<{ canceled: true; filePaths: string[] }> {
    record.dialogs.push({ kind: 'open', title: '', content: '' });
    return { canceled: true, filePaths: [] };
  },
};

// Chromium's os_crypt on Linux: "v11" + AES-128-CBC, key = PBKDF2-SHA1(password, "saltysalt", 1 round),
// IV of 16 spaces. The stand-in's password is fixed (a real keyring would supply it).
const KEY = pbkdf2Sync('electron-standin-keyring-password', 'saltysalt', 1, 16, 'sha1');
const IV = Buffer.alloc(16, ' ');
const backend = process.env['STANDIN_SAFE_STORAGE_BACKEND'] ?? 'gnome_libsecret';

export const safeStorage = {
  isEncryptionAvailable(): boolean {
    return app.isReady() && backend !== 'unknown';
  },
  getSelectedStorageBackend(): string {
    if (!app.isReady()) throw new Error('safeStorage cannot be used before the app is ready');
    return backend;
  },
  setUsePlainTextEncryption(): void {},
  encryptString(plain: string): Buffer {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    const c = createCipheriv('aes-128-cbc', KEY, IV);
    return Buffer.concat([Buffer.from('v11'), c.update(plain, 'utf8'), c.final()]);
  },
  decryptString(encrypted: Buffer): string {
    if (!Buffer.isBuffer(encrypted)) throw new TypeError('Expected the first argument of decryptString() to be a buffer');
    if (!safeStorage.isEncryptionAvailable()) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
    try {
      if (encrypted.subarray(0, 3).toString() !== 'v11') throw new Error('bad prefix');
      const d = createDecipheriv('aes-128-cbc', KEY, IV);
      return Buffer.concat([d.update(encrypted.subarray(3)), d.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  },
};
