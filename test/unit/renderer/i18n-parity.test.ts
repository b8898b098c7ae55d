import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en.js';
import { zhCN } from '../../../renderer/src/i18n/zh-CN.js';
import { createI18n, resolveLanguage } from '../../../renderer/src/i18n/index.js';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function values(obj: unknown): string[] {
  if (typeof obj === 'string') return [obj];
  if (typeof obj !== 'object' || obj === null) return [];
  return Object.values(obj).flatMap(values);
}

describe('i18n resources', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('every value is a non-empty string and interpolations match', () => {
    const enKeys = keys(en);
    for (const k of enKeys) {
      const get = (o: unknown) => k.split('.').reduce<unknown>((acc, part) => (acc as Record<string, unknown>)[part], o);
      const a = get(en);
      const b = get(zhCN);
      expect(typeof a, k).toBe('string');
      expect((b as string).length, k).toBeGreaterThan(0);
      const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(vars(b as string), k).toEqual(vars(a as string));
    }
    expect(values(en).length).toBeGreaterThan(100);
  });

  it('uses the seed status labels and origin tags', () => {
    expect(zhCN.status).toEqual({ connected: '已连接', connecting: '连接中', 'not-running': '模型未运行', disconnected: '连接断开' });
    expect(en.status).toEqual({ connected: 'connected', connecting: 'connecting', 'not-running': 'not running', disconnected: 'disconnected' });
    expect(zhCN.origin).toEqual({ history: '历史', live: '实时' });
  });

  it('resolves system language from the OS locale and switches', async () => {
    expect(resolveLanguage('system', 'zh-CN')).toBe('zh-CN');
    expect(resolveLanguage('system', 'zh-TW')).toBe('zh-CN');
    // The window uses the main process's resolution: a POSIX zh_CN locale is Chinese on both sides.
    expect(resolveLanguage('system', 'zh_CN')).toBe('zh-CN');
    expect(resolveLanguage('system', 'zu')).toBe('en');
    expect(resolveLanguage('system', 'en-US')).toBe('en');
    expect(resolveLanguage('en', 'zh-CN')).toBe('en');
    const i18n = createI18n('en');
    expect(i18n.t('status.not-running')).toBe('not running');
    await i18n.changeLanguage('zh-CN');
    expect(i18n.t('status.not-running')).toBe('模型未运行');
    expect(i18n.t('logs.newLines', { count: 3 })).toBe('3 行新日志 ↓');
  });
});
