// Preload (sandboxed, CommonJS): exposes window.llmLogTray (RendererApi from contract/ipc.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { createRendererApi } from './api.js';

const api = createRendererApi(ipcRenderer);
// contextBridge copies functions; expose plain wrappers so nothing else of ipcRenderer leaks.
contextBridge.exposeInMainWorld('llmLogTray', {
  invoke: (channel: string, payload: unknown) => api.invoke(channel as never, payload as never),
  on: (channel: string, listener: (payload: unknown) => void) => api.on(channel as never, listener as never),
});
