// Preload: exposes window.llmLogTray (RendererApi) through contextBridge. Filled in by the Electron step.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('llmLogTray', {});
