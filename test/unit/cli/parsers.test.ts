import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../main/cli/context.js';
import { createTranslator, detectLanguage } from '../../../main/cli/i18n.js';
import { parseInteractiveCommand, tokenize } from '../../../main/cli/interactive-commands.js';
import { eventToRecords, formatJsonEvent, formatJsonText } from '../../../main/cli/json-format.js';
import {
  DEFAULT_URL,
  findLangArg,
  parseNonNegativeInt,
  parsePositiveNumber,
  parseServerUrl,
  resolveServerUrl,
} from '../../../main/cli/options.js';
import type { LogLine, MonitorEvent } from '../../../main/core/types.js';
import { line, marker, status } from './fixtures.js';

const en = createTranslator('en');

describe('interactive command parser', () => {
  it('parses every command', () => {
    expect(parseInteractiveCommand('')).toEqual({ kind: 'empty' });
    expect(parseInteractiveCommand('  stats ')).toEqual({ kind: 'stats' });
    expect(parseInteractiveCommand('logs Qwen3-8B')).toEqual({ kind: 'logs', target: { model: 'Qwen3-8B' } });
    expect(parseInteractiveCommand('logs "my model"')).toEqual({ kind: 'logs', target: { model: 'my model' } });
    expect(parseInteractiveCommand('logs all')).toEqual({ kind: 'logs', target: 'all' });
    expect(parseInteractiveCommand('logs')).toEqual({ kind: 'logs', target: 'off' });
    expect(parseInteractiveCommand('clear')).toEqual({ kind: 'clear-screen' });
    expect(parseInteractiveCommand('clear --server qwen 10')).toEqual({ kind: 'clear-server', model: 'qwen', keepMinutes: 10 });
    expect(parseInteractiveCommand('clear --server qwen')).toEqual({ kind: 'clear-server', model: 'qwen', keepMinutes: 0 });
    expect(parseInteractiveCommand('HELP')).toEqual({ kind: 'help' });
    expect(parseInteractiveCommand('quit')).toEqual({ kind: 'quit' });
    expect(parseInteractiveCommand('exit')).toEqual({ kind: 'quit' });
  });

  it('rejects unknown commands and malformed clear', () => {
    expect(parseInteractiveCommand('bogus x')).toMatchObject({ kind: 'invalid', reason: 'unknown', input: 'bogus x' });
    expect(parseInteractiveCommand('clear --server')).toMatchObject({ kind: 'invalid', reason: 'usage' });
    expect(parseInteractiveCommand('clear --server m ten')).toMatchObject({ kind: 'invalid', reason: 'usage' });
    expect(parseInteractiveCommand('clear now')).toMatchObject({ kind: 'invalid', reason: 'usage' });
  });

  it('tokenizes with quotes', () => {
    expect(tokenize(`a "b c" 'd e' f`)).toEqual(['a', 'b c', 'd e', 'f']);
  });
});

describe('JSON formatter', () => {
  it('flattens a lines batch into one record per entry', () => {
    const recs = eventToRecords({
      type: 'lines',
      key: 'cli/Qwen3-8B',
      entries: [line({ serverLevel: 'info' }), marker({ seq: 2 }), marker({ seq: 3, marker: 'gap', reason: 'replay-hole' })],
    });
    expect(recs).toEqual([
      { type: 'line', model: 'Qwen3-8B', seq: 1, key: 'cli/Qwen3-8B', ts: line().ts, origin: 'history', level: 'info', text: 'loading model', serverLevel: 'info' },
      { type: 'history-complete', model: 'Qwen3-8B', seq: 2, key: 'cli/Qwen3-8B', ts: marker().ts },
      { type: 'gap', model: 'Qwen3-8B', seq: 3, key: 'cli/Qwen3-8B', ts: marker().ts, reason: 'replay-hole' },
    ]);
  });

  it('prints each entry exactly as JSON.stringify of its record, every line shape and key order included', () => {
    const entries = [
      line({ serverLevel: 'info' }),
      line({ seq: 2, level: 'error', signature: 'cuda-oom', continuation: true, serverId: 77, timeReceived: true, text: 'a "quoted" \u0085 line\t模型' }),
      line({ seq: 3, recovered: true, fills: 2 }),
      marker({ seq: 4, marker: 'gap', reason: 'replay-hole', unverified: true }),
      // Not made by the logbook (kind not first, another model's key): the long way, same result.
      { text: 'odd', kind: 'line', seq: 5, key: 'other/M', ts: 1, origin: 'live', level: 'info' } as const,
    ];
    const out = formatJsonEvent({ type: 'lines', key: 'cli/Qwen3-8B', entries });
    expect(out).toEqual(eventToRecords({ type: 'lines', key: 'cli/Qwen3-8B', entries }).map((r) => JSON.stringify(r)));
    expect(out[0]?.startsWith('{"type":"line","model":"Qwen3-8B","seq":1,')).toBe(true);
    expect(JSON.parse(out[4] ?? '')).toMatchObject({ type: 'line', model: 'M', text: 'odd' });
  });

  it('formatJsonText is the records joined by newlines; a batch of the logbook\u2019s lines is one JSON.stringify, same bytes', () => {
    const texts = ['plain', 'a "quoted" \\ line', 'fake join },{"kind":"line", inside', 'raw },{\\"kind\\":\\"line\\", too', 'newline\nand\r\n', '\u0085\u2028 模型 🦙', ''];
    const shapes = (seq: number): LogLine => {
      const text = texts[seq % texts.length] ?? '';
      switch (seq % 5) {
        case 0:
          return line({ seq, text, serverLevel: 'info' });
        case 1:
          return line({ seq, text, level: 'error', signature: 'cuda-oom', continuation: true, serverId: 77 + seq, timeReceived: true, ts: 1_795_896_000_000.125 + seq });
        case 2:
          return line({ seq, text, recovered: true, fills: seq - 1, origin: 'live' });
        case 3:
          return line({ seq, text, level: 'warning', serverLevel: 'warn', ts: -0 });
        default:
          return line({ seq, text, level: 'success', ts: Number.NaN });
      }
    };
    const key = 'cli/Qwen3 "8B"';
    const lines = Array.from({ length: 40 }, (_, i) => ({ ...shapes(i + 1), key }));
    const events: MonitorEvent[] = [
      { type: 'lines', key, entries: lines },
      { type: 'lines', key, entries: lines.slice(0, 1) },
      { type: 'lines', key, entries: [] },
      { type: 'lines', key, entries: [...lines.slice(0, 3), marker({ seq: 99, key, marker: 'gap', reason: 'replay-hole', unverified: true }), ...lines.slice(3, 6)] },
      { type: 'lines', key, entries: [...lines.slice(0, 3), { ...line({ seq: 100 }), key: 'cli/other' }] },
      { type: 'lines', key, entries: [...lines.slice(0, 3), { text: 'odd', kind: 'line', seq: 101, key, ts: 1, origin: 'live', level: 'info' } as const] },
      { type: 'status', status: status() },
      { type: 'problem', key: null, serverId: 'cli', message: 'x\ny' },
    ];
    for (const e of events) expect(formatJsonText(e)).toBe(formatJsonEvent(e).join('\n'));
    expect(formatJsonText(events[0] as MonitorEvent).split('\n')).toHaveLength(40);
  });

  it('passes other events through unchanged, one JSON object per line', () => {
    const s = status();
    const out = formatJsonEvent({ type: 'status', status: s });
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0] ?? '')).toEqual({ type: 'status', status: s });
    expect(formatJsonEvent({ type: 'problem', key: null, serverId: 'cli', message: 'x\ny' })[0]).not.toContain('\n');
  });
});

describe('option parsing', () => {
  it('validates numbers', () => {
    expect(parsePositiveNumber('--interval', '0.2', en)).toBe(0.2);
    for (const bad of ['0', '-1', 'abc', '', 'Infinity']) {
      expect(() => parsePositiveNumber('--interval', bad, en)).toThrow(UsageError);
    }
    expect(() => parsePositiveNumber('--interval', 'x', en)).toThrow('--interval must be a positive number, got "x"');
    expect(parseNonNegativeInt('--max-attempts', '0', en)).toBe(0);
    expect(parseNonNegativeInt('--max-attempts', '12', en)).toBe(12);
    for (const bad of ['-1', '1.5', 'two', '']) expect(() => parseNonNegativeInt('--max-attempts', bad, en)).toThrow(UsageError);
  });

  it('validates URLs', () => {
    expect(parseServerUrl('http://127.0.0.1:8080/', en)).toBe('http://127.0.0.1:8080');
    expect(parseServerUrl('https://gpu.lan/llm/', en)).toBe('https://gpu.lan/llm');
    expect(() => parseServerUrl('ftp://x', en)).toThrow(UsageError);
    expect(() => parseServerUrl('localhost:8080', en)).toThrow(UsageError);
  });

  it('detects the language from the environment', () => {
    expect(detectLanguage({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(detectLanguage({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('en');
    expect(detectLanguage({ LC_ALL: 'zh_TW' })).toBe('zh-CN');
    expect(detectLanguage({})).toBe('en');
    expect(findLangArg(['watch', '--lang', 'zh-CN'])).toBe('zh-CN');
    expect(findLangArg(['watch', '--lang=en'])).toBe('en');
    expect(findLangArg(['watch'])).toBeUndefined();
  });

  it('resolves the URL: flag, --config, ./config.json, default', async () => {
    const files: Record<string, string> = {
      '/srv/config.json': '{"program":{"openai_host":"0.0.0.0","openai_port":8090}}',
      '/srv/bad.json': '{"models":{}}',
      '/home/u/config.json': '{"program":{"openai_host":"gpu.lan","openai_port":9000}}',
    };
    const io = (cwd: string) => ({
      cwd,
      readFile: async (p: string) => {
        const text = files[p];
        if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
        return text;
      },
    });
    expect(await resolveServerUrl({ url: 'http://h:1' }, io('/srv'), en)).toEqual({ url: 'http://h:1', source: 'flag' });
    expect(await resolveServerUrl({ config: 'config.json' }, io('/srv'), en)).toEqual({ url: 'http://127.0.0.1:8090', source: 'config' });
    expect(await resolveServerUrl({}, io('/home/u'), en)).toEqual({ url: 'http://gpu.lan:9000', source: 'cwd-config' });
    expect(await resolveServerUrl({}, io('/tmp'), en)).toEqual({ url: DEFAULT_URL, source: 'default' });
    await expect(resolveServerUrl({ url: 'http://h:1', config: 'x' }, io('/srv'), en)).rejects.toThrow('either --url or --config');
    await expect(resolveServerUrl({ config: 'missing.json' }, io('/srv'), en)).rejects.toThrow('cannot read missing.json: ENOENT');
    await expect(resolveServerUrl({ config: '/srv/bad.json' }, io('/'), en)).rejects.toThrow('no "program" section');
    files['/tmp/config.json'] = 'not json';
    const fallback = await resolveServerUrl({}, io('/tmp'), en);
    expect(fallback.url).toBe(DEFAULT_URL);
    expect(fallback.warning).toMatch(/ignoring \.\/config\.json/);
  });
});
