import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { required } from '../../helpers/required.js';
// @ts-expect-error plain ESM script without type declarations
import * as bundle from '../../../scripts/check-bundle.mjs';

const { checkBundles, checkMainCode, checkPreloadCode, specifiers } = bundle as {
  checkBundles(outDir: string): string[];
  checkMainCode(code: string): string[];
  checkPreloadCode(code: string): string[];
  specifiers(code: string): string[];
};

const root = join(import.meta.dirname, '../../..');

describe('bundle import check (what a packaged app can load)', () => {
  it('finds static, side-effect, re-export, dynamic and require specifiers', () => {
    const code = ['import a, { b } from "zod";', "import 'side';", 'export { x } from "./chunk.js";', 'await import("eventsource");', 'const c = require("conf");'].join('\n');
    expect(specifiers(code).sort()).toEqual(['./chunk.js', 'conf', 'eventsource', 'side', 'zod']);
  });

  it('main: electron, node built-ins and own chunks pass; an externalized package fails', () => {
    expect(checkMainCode('import { app } from "electron";\nimport fs from "node:fs";\nimport os from "os";\nimport "./chunks/a.js";')).toEqual([]);
    expect(checkMainCode('import Store from "electron-store";')).toEqual([expect.stringMatching(/electron-store/)]);
    expect(checkMainCode('const z = await import("zod");')).toEqual([expect.stringMatching(/"zod"/)]);
  });

  it('preload: CommonJS requiring only electron', () => {
    expect(checkPreloadCode('let electron = require("electron");\nelectron.contextBridge.exposeInMainWorld("x", {});')).toEqual([]);
    expect(checkPreloadCode('import { contextBridge } from "electron";')).toEqual([expect.stringMatching(/not CommonJS/)]);
    expect(checkPreloadCode('require("electron"); require("node:path");')).toEqual([expect.stringMatching(/node:path/)]);
  });

  it('the real build output passes', (ctx) => {
    const built = existsSync(join(root, 'out/main/index.js')) && existsSync(join(root, 'out/preload/index.cjs'));
    if (!required(built, 'no build output in out/ for the bundle check (run `npm run build` first)')) {
      ctx.skip();
      return;
    }
    expect(checkBundles(join(root, 'out'))).toEqual([]);
    // The webPreferences.preload path main/index.ts builds must be this file.
    const preload = readFileSync(join(root, 'out/preload/index.cjs'), 'utf8');
    expect(preload).toContain('exposeInMainWorld');
    // Validation lives in main: the preload carries channel names, not zod (which once made it 180 kB).
    expect(preload).not.toMatch(/ZodError|\$ZodType|jitless/);
    expect(preload.length).toBeLessThanOrEqual(10_000);
  });
});
