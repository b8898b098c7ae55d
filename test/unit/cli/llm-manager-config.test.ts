import { describe, expect, it } from 'vitest';
import { parseLlmManagerConfig } from '../../../main/core/llm-manager-config.js';

describe('parseLlmManagerConfig', () => {
  it('maps 0.0.0.0 to 127.0.0.1', () => {
    const r = parseLlmManagerConfig(JSON.stringify({ program: { openai_host: '0.0.0.0', openai_port: 8080 } }));
    expect(r).toEqual({ ok: true, url: 'http://127.0.0.1:8080', host: '127.0.0.1', port: 8080 });
  });

  it('keeps a real host and accepts a numeric string port', () => {
    const r = parseLlmManagerConfig('{"program":{"openai_host":"gpu-box.lan","openai_port":"9000"},"models":{}}');
    expect(r.ok && r.url).toBe('http://gpu-box.lan:9000');
  });

  it('uses LLM-Manager defaults for missing host and port', () => {
    expect(parseLlmManagerConfig('{"program":{}}')).toMatchObject({ ok: true, url: 'http://127.0.0.1:8080' });
  });

  it('tolerates a UTF-8 BOM and brackets IPv6 hosts', () => {
    const r = parseLlmManagerConfig('\uFEFF{"program":{"openai_host":"::1","openai_port":8081}}');
    expect(r.ok && r.url).toBe('http://[::1]:8081');
  });

  it('explains invalid JSON', () => {
    const r = parseLlmManagerConfig('{"program": ');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/not valid JSON/);
  });

  it('explains a missing or malformed program section', () => {
    const a = parseLlmManagerConfig('{"models":{}}');
    expect(!a.ok && a.message).toMatch(/no "program" section/);
    const b = parseLlmManagerConfig('{"program":[1]}');
    expect(!b.ok && b.message).toMatch(/"program" section must be an object/);
    const c = parseLlmManagerConfig('[]');
    expect(!c.ok && c.message).toMatch(/JSON object/);
  });

  it.each([0, 70000, -1, 80.5, 'http', true, '']) ('rejects bad port %s', (port) => {
    const r = parseLlmManagerConfig(JSON.stringify({ program: { openai_host: '127.0.0.1', openai_port: port } }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/openai_port/);
  });

  it('rejects a host that is not a host name', () => {
    for (const host of [42, 'http://x/y', 'a b']) {
      const r = parseLlmManagerConfig(JSON.stringify({ program: { openai_host: host, openai_port: 8080 } }));
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toMatch(/openai_host/);
    }
  });
});
