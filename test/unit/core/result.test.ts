// The one failure shape: `fail` builds it; every former `true | string` / `T | string` answer uses it.
import { describe, expect, it } from 'vitest';
import { fail, type Result } from '../../../main/core/result.js';
import { parseLlmManagerConfig } from '../../../main/core/llm-manager-config.js';
import { migrateSettings } from '../../../main/core/settings/migrations.js';

describe('Result', () => {
  it('fail carries the message; success carries its fields next to ok', () => {
    const bad: Result<{ n: number }> = fail('no');
    const good: Result<{ n: number }> = { ok: true, n: 1 };
    expect(bad).toEqual({ ok: false, message: 'no' });
    expect(good.ok && good.n).toBe(1);
  });

  it('config and settings parsing fail with a message, not an `error` field', () => {
    expect(parseLlmManagerConfig('{')).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON/) });
    expect(migrateSettings(42)).toEqual({ ok: false, message: 'settings file does not contain an object' });
  });
});
