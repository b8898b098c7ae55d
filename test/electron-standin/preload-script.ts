// The page side of a window: builds the init script that runs the app's real preload (CommonJS, as
// a sandboxed Electron preload) before any page script, with a stand-in `require('electron')`
// offering contextBridge and ipcRenderer over one Playwright binding.

export const BINDING = '__electronStandinIpc';
export const DELIVER = '__electronStandinDeliver';

export interface PreloadSpec {
  /** Absolute path from webPreferences.preload (null: none). */
  readonly path: string | null;
  /** The file's text, or null when it could not be read (Electron then logs an error in the page). */
  readonly source: string | null;
  readonly readError: string | null;
  readonly contextIsolation: boolean;
  readonly platform: string;
}

export function preloadInitScript(spec: PreloadSpec): string {
  const preloadCall =
    spec.source === null
      ? `throw new Error(${JSON.stringify(spec.readError ?? 'preload missing')});`
      : `(function (require, module, exports, process, global) {\n${spec.source}\n}).call(globalThis, require, module, module.exports, process, globalThis);`;
  return `(() => {
  'use strict';
  // Electron runs the preload in the main frame only (nodeIntegrationInSubFrames is false).
  if (window.top !== window) return;
  const binding = window[${JSON.stringify(BINDING)}];
  try { delete window[${JSON.stringify(BINDING)}]; } catch (e) { /* stays visible: see README */ }
  const listeners = new Map();
  const ipcRenderer = {
    invoke(channel, ...args) {
      return binding({ kind: 'invoke', channel: String(channel), args }).then((r) => {
        if (r && r.ok) return r.value;
        throw new Error("Error invoking remote method '" + channel + "': " + (r ? r.error : 'no answer'));
      });
    },
    send(channel, ...args) { void binding({ kind: 'send', channel: String(channel), args }); },
    sendSync() { throw new Error('electron stand-in: ipcRenderer.sendSync is not supported'); },
    on(channel, listener) { let s = listeners.get(channel); if (!s) { s = []; listeners.set(channel, s); } s.push(listener); return ipcRenderer; },
    once(channel, listener) { const w = (...a) => { ipcRenderer.removeListener(channel, w); listener(...a); }; return ipcRenderer.on(channel, w); },
    removeListener(channel, listener) { const s = listeners.get(channel); if (s) { const i = s.indexOf(listener); if (i >= 0) s.splice(i, 1); } return ipcRenderer; },
    off(channel, listener) { return ipcRenderer.removeListener(channel, listener); },
    removeAllListeners(channel) { if (channel === undefined) listeners.clear(); else listeners.delete(channel); return ipcRenderer; },
  };
  Object.defineProperty(window, ${JSON.stringify(DELIVER)}, {
    enumerable: false,
    value: (channel, args) => {
      const event = { sender: ipcRenderer, senderId: 0, ports: [] };
      for (const l of [...(listeners.get(channel) || [])]) {
        try { l(event, ...args); } catch (err) { console.error(err); }
      }
    },
  });
  const copyIntoMainWorld = (value, depth) => {
    if (depth > 1000) throw new Error('object nesting too deep');
    if (typeof value === 'function') return (...a) => value(...a);
    if (Array.isArray(value)) return value.map((v) => copyIntoMainWorld(v, depth + 1));
    if (value && typeof value === 'object' && !(value instanceof Promise) && !(value instanceof Error) && !(value instanceof Date)) {
      const out = {};
      for (const k of Object.keys(value)) out[k] = copyIntoMainWorld(value[k], depth + 1);
      return Object.freeze(out);
    }
    return value;
  };
  const contextBridge = {
    exposeInMainWorld(key, api) {
      if (!${spec.contextIsolation}) throw new Error('contextBridge API can only be used when contextIsolation is enabled');
      if (Object.prototype.hasOwnProperty.call(window, key)) throw new Error('Cannot bind an API on top of an existing property on the window object');
      Object.defineProperty(window, key, { value: copyIntoMainWorld(api, 0), enumerable: true, writable: false, configurable: false });
    },
  };
  const electron = { contextBridge, ipcRenderer, webFrame: {}, crashReporter: {}, nativeImage: {} };
  const require = (name) => {
    if (name === 'electron' || name === 'electron/renderer') return electron;
    throw new Error('module not found: ' + name);
  };
  const module = { exports: {} };
  const process = Object.freeze({
    type: 'renderer', sandboxed: true, contextIsolated: ${spec.contextIsolation}, platform: ${JSON.stringify(spec.platform)},
    versions: Object.freeze({ electron: '45.5.0' }), env: Object.freeze({}), argv: Object.freeze([]),
  });
  try {
    ${preloadCall}
  } catch (err) {
    console.error('Unable to load preload script: ' + ${JSON.stringify(spec.path ?? '')});
    console.error(String(err && err.stack || err));
  }
})();`;
}
