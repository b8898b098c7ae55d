import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchApp, ROOT } from '../electron-standin/launch.js';
import { chromiumAvailable } from '../e2e/harness/chromium.js';
import { useApps } from './story-helpers.js';

describe.skipIf(!chromiumAvailable())('a package without its tray icons', () => {
  const apps = useApps();

  it('says so in an error dialog and exits 1, instead of running as an invisible tray icon', async () => {
    // The built app copied without build/ (where electron-builder puts the icons): a packaging mistake.
    const dir = mkdtempSync(join(tmpdir(), 'llm-log-tray-broken-'));
    cpSync(join(ROOT, 'out'), join(dir, 'out'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'llm-log-tray', version: '0.1.0', type: 'module', main: 'out/main/index.js' }));
    try {
      const app = apps.track(await launchApp({ main: join(dir, 'out/main/index.js'), waitReady: false }));
      expect(await app.exited).toEqual({ code: 1, signal: null });
      expect(app.output.stderr).toContain('[dialog] LLM Log Tray could not start');
      expect(app.output.stderr).toContain(join(dir, 'build/tray'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
