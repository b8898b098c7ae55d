// The layer rules of eslint.config.js, checked on one import per direction: every forbidden direction
// is a lint error, every allowed one is not (see ../shared/docs/architecture.md, "Layers").
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function importErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code + '\n', { filePath: resolve(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports' && m.severity === 2)
    .map((m) => m.message);
}

const forbidden: ReadonlyArray<readonly [string, string, string]> = [
  ['core → app', 'main/core/monitor-x.ts', "import { createAppController } from '../app/controller.js';"],
  ['core → app (type)', 'main/core/logs/x.ts', "import type { TrayPort } from '../../app/ports.js';"],
  ['core → contract', 'main/core/x.ts', "import { commandChannels } from '../../contract/ipc.js';"],
  ['core → preload', 'main/core/x.ts', "import { createRendererApi } from '../../preload/api.js';"],
  ['core → electron adapters', 'main/core/x.ts', "import { createTray } from '../electron/tray.js';"],
  ['core → cli', 'main/core/x.ts', "import { run } from '../cli/program.js';"],
  ['core → demo', 'main/core/x.ts', "import { startDemoServer } from '../demo/server.js';"],
  ['core → node:fs', 'main/core/settings/x.ts', "import { readFileSync } from 'node:fs';"],
  ['core → fs', 'main/core/x.ts', "import { readFileSync } from 'fs';"],
  ['core → electron', 'main/core/x.ts', "import { app } from 'electron';"],
  ['core → conf', 'main/core/x.ts', "import Conf from 'conf';"],
  ['shared core leaf → core runtime', 'main/core/model-health.ts', "import { matchSignature } from './logs/signatures.js';"],
  ['shared core leaf → a package', 'main/core/logs/ansi.ts', "import { z } from 'zod';"],
  ['app → electron', 'main/app/x.ts', "import { app } from 'electron';"],
  ['app → electron adapters', 'main/app/x.ts', "import { createTray } from '../electron/tray.js';"],
  ['app → cli', 'main/app/x.ts', "import { run } from '../cli/program.js';"],
  ['contract → main runtime', 'contract/x.ts', "import { createMonitor } from '../main/core/monitor.js';"],
  ['contract → app', 'contract/x.ts', "import type { TrayPort } from '../main/app/ports.js';"],
  ['contract → node', 'contract/x.ts', "import { join } from 'node:path';"],
  ['renderer → main runtime', 'renderer/src/x.ts', "import { LEVELS } from '../../main/core/types.js';"],
  ['renderer → main settings', 'renderer/src/features/x.ts', "import { settingsMessage } from '../../../main/core/settings/messages.js';"],
  ['renderer → preload', 'renderer/src/x.ts', "import { createRendererApi } from '../../preload/api.js';"],
  ['renderer → electron', 'renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
  ['renderer → node', 'renderer/src/x.ts', "import { readFileSync } from 'node:fs';"],
  ['preload → main runtime', 'preload/x.ts', "import { validateSettings } from '../main/core/settings/validate.js';"],
  ['preload → electron outside index.ts', 'preload/api.ts', "import { ipcRenderer } from 'electron';"],
  ['preload index → ipcMain', 'preload/index.ts', "import { ipcMain } from 'electron';"],
  ['raw ipcRenderer in main/electron', 'main/electron/window.ts', "import { ipcRenderer } from 'electron';"],
  ['raw ipcMain outside the router', 'main/electron/tray.ts', "import { ipcMain } from 'electron';"],
  ['cli → electron', 'main/cli/x.ts', "import { app } from 'electron';"],
  ['demo → app', 'main/demo/x.ts', "import { createAppController } from '../app/controller.js';"],
];

const allowed: ReadonlyArray<readonly [string, string, string]> = [
  ['app → core', 'main/app/x.ts', "import { createMonitor } from '../core/monitor.js';"],
  ['app → contract', 'main/app/x.ts', "import { commandChannels } from '../../contract/ipc.js';"],
  ['app → node:fs', 'main/app/x.ts', "import { readFileSync } from 'node:fs';"],
  ['core folder named like a built-in', 'main/core/servers/x.ts', "import { createHttpClient } from '../stream/http-client.js';"],
  ['contract → core leaves', 'contract/x.ts', "import { LEVELS } from '../main/core/types.js';\nimport { settingsMessage } from '../main/core/settings/messages.js';"],
  ['shared core leaf → core types, type-only', 'main/core/model-health.ts', "import type { ModelStatus } from './types.js';"],
  ['renderer → contract', 'renderer/src/x.ts', "import { LEVELS } from '../../contract/domain.js';"],
  ['renderer → core types, type-only', 'renderer/src/x.ts', "import type { LogEntry } from '../../main/core/types.js';"],
  ['preload → contract', 'preload/api.ts', "import { eventChannels } from '../contract/ipc.js';"],
  ['preload index → ipcRenderer', 'preload/index.ts', "import { contextBridge, ipcRenderer } from 'electron';"],
  ['electron adapters → electron', 'main/electron/tray.ts', "import { Tray } from 'electron';"],
  ['composition root → ipcMain', 'main/index.ts', "import { ipcMain } from 'electron';"],
  ['router → ipcMain', 'main/electron/ipc-router.ts', "import { ipcMain } from 'electron';"],
  ['cli → app and core', 'main/cli/x.ts', "import { createMonitor } from '../core/monitor.js';\nimport { createAppController } from '../app/controller.js';"],
];

describe('layer rules', () => {
  it.each(forbidden)('%s is a lint error', async (_name, file, code) => {
    expect(await importErrors(file, code)).not.toEqual([]);
  });
  it.each(allowed)('%s is allowed', async (_name, file, code) => {
    expect(await importErrors(file, code)).toEqual([]);
  });
});
