import { describe, expect, it } from 'vitest';
import {
  createColors,
  formatClock,
  formatLogLine,
  formatMarker,
  formatStatus,
  modelNameOfKey,
  sanitizeText,
  type HumanFormatOptions,
} from '../../../main/cli/human-format.js';
import { createHumanPrinter } from '../../../main/cli/human-printer.js';
import { formatDiagnosis } from '../../../main/cli/commands/diagnose.js';
import { createTranslator } from '../../../main/cli/i18n.js';
import { line, marker, status, T0 } from './fixtures.js';
import type { HoleCheckFailure, LogMarker } from '../../../main/core/types.js';

const plain = (lang: 'zh-CN' | 'en' = 'zh-CN', showModel = false): HumanFormatOptions => ({
  tr: createTranslator(lang),
  colors: createColors(false),
  showModel,
});

describe('human formatter', () => {
  it('formats HH:MM:SS in local time', () => {
    expect(formatClock(T0)).toBe('14:02:11');
    expect(formatClock(new Date(2026, 0, 1, 3, 4, 5).getTime())).toBe('03:04:05');
  });

  it('gives every time its own HH:MM:SS however the calls follow each other (the last second is remembered)', () => {
    const direct = (ts: number): string => {
      const d = new Date(ts);
      return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    };
    // Same second many times, the next second, back in time, far away, negative, fractional ms.
    const times = [T0, T0 + 1, T0 + 999.9, T0 + 1000, T0 + 999, T0 - 1, T0 - 1000.5, 0, -1, -1000, 1e12, T0 + 3_600_000, T0 + 0.25];
    for (const ts of [...times, ...times.reverse()]) expect(formatClock(ts), String(ts)).toBe(direct(ts));
  });

  it('prints time, origin tag and text; the model only when several are shown', () => {
    expect(formatLogLine(line(), plain())).toEqual(['[14:02:11] [历史] loading model']);
    expect(formatLogLine(line({ origin: 'live' }), plain('en'))).toEqual(['[14:02:11] [live] loading model']);
    expect(formatLogLine(line(), plain('en', true))).toEqual(['[14:02:11] [Qwen3-8B] [history] loading model']);
  });

  it('colours by level: error red, warning yellow, success green, info plain', () => {
    const opts: HumanFormatOptions = { ...plain(), colors: createColors(true) };
    expect(formatLogLine(line({ level: 'error', text: 'boom' }), opts)[0]).toContain('\x1b[31mboom\x1b[39m');
    expect(formatLogLine(line({ level: 'warning', text: 'hmm' }), opts)[0]).toContain('\x1b[33mhmm\x1b[39m');
    expect(formatLogLine(line({ level: 'success', text: 'ok' }), opts)[0]).toContain('\x1b[32mok\x1b[39m');
    const info = formatLogLine(line({ level: 'info', text: 'plain text' }), opts)[0] ?? '';
    expect(info.endsWith(' plain text')).toBe(true);
  });

  it('adds a translated hint under a line with a failure signature', () => {
    const l = line({ level: 'error', text: 'CUDA error: out of memory', signature: 'cuda-oom' });
    expect(formatLogLine(l, plain('en'))).toEqual([
      '[14:02:11] [history] CUDA error: out of memory',
      '    ↳ hint: GPU out of memory: lower the context size or the number of GPU layers',
    ]);
    expect(formatLogLine(l, plain('zh-CN'))[1]).toBe('    ↳ 提示: 显存不足: 降低上下文长度或 GPU 层数');
    expect(formatLogLine({ ...l, continuation: true }, plain('en'))).toHaveLength(1);
  });

  it('strips ANSI codes without colour and never lets cursor/OSC sequences through', () => {
    expect(formatLogLine(line({ text: '\x1b[32mgreen\x1b[0m text' }), plain())).toEqual(['[14:02:11] [历史] green text']);
    // A carriage return inside a line (progress output) becomes a space: the text stays readable.
    expect(sanitizeText('a\x1b]0;title\x07b\x1b[2Jc\rd', true)).toBe('abc d');
    expect(sanitizeText('\x1b[1;31mred', true)).toBe('\x1b[1;31mred\x1b[0m');
  });

  it('prints the history separator and gap markers', () => {
    expect(formatMarker(marker(), plain('en'))).toMatch(/^── history complete ─+$/);
    expect(formatMarker(marker(), plain('zh-CN'))).toMatch(/^── 历史日志结束 ─+$/);
    const gap = marker({ marker: 'gap', reason: 'replay-hole', missing: 3 });
    expect(formatMarker(gap, plain('en'))).toMatch(/^┄┄ 3 lines may be missing here \(server replay\) ┄+$/);
    expect(formatMarker(marker({ marker: 'gap', reason: 'v3-drop' }), plain('zh-CN', true))).toMatch(
      /^┄┄ Qwen3-8B 此处可能缺少日志 \(服务器丢弃了实时日志\)/,
    );
  });

  it('prints how a replay-hole check ended: recovered, nothing missing, or could not be checked and why', () => {
    const settled = (m: Partial<LogMarker>) => marker({ marker: 'gap-resolved', fills: 3, ...m });
    expect(formatMarker(settled({ recovered: 2, outcome: 'recovered' }), plain('en'))).toMatch(/^┄┄ 2 swallowed lines recovered/);
    expect(formatMarker(settled({ recovered: 1, outcome: 'recovered' }), plain('en'))).toMatch(/^┄┄ 1 swallowed line recovered \(marked ↺ recovered, with the time it belongs at\)/);
    expect(formatMarker(settled({ recovered: 0, outcome: 'complete' }), plain('en'))).toMatch(/^┄┄ checked: nothing missing ┄+$/);
    const lost = settled({ outcome: 'unknown', unchecked: 'connection-lost' });
    expect(formatMarker(lost, plain('en'))).toMatch(
      /^┄┄ could not check the gap above \(the connection was lost before the check finished\): lines may be missing there ┄+$/,
    );
    expect(formatMarker(lost, plain('zh-CN', true))).toMatch(/^┄┄ Qwen3-8B 无法核对上方的缺口（核对完成前连接已断开）：那里可能缺少日志 ┄+$/);
    // Never "nothing missing" for an unchecked gap, whatever the reason; each reason has its words in both languages.
    const reasons: HoleCheckFailure[] = ['connection-lost', 'server-down', 'model-stopped', 'model-removed', 'stopped', 'cleared', 'deadline', 'history-changed', 'too-long', 'too-many'];
    for (const lang of ['en', 'zh-CN'] as const) {
      const texts = reasons.map((why) => formatMarker(settled({ outcome: 'unknown', unchecked: why }), plain(lang)));
      for (const t of texts) expect(t).not.toMatch(/nothing missing|没有缺少|unchecked\./);
      expect(new Set(texts).size).toBe(reasons.length);
    }
    // Coloured like a gap (yellow), not like a settled one.
    expect(formatMarker(lost, { ...plain('en'), colors: createColors(true) })).toContain('\x1b[33m');
  });

  it('prints the four indicators in both languages', () => {
    const zh = plain('zh-CN');
    const extra = { now: T0 };
    expect(formatStatus(status(), zh, extra)).toBe('[14:02:11] Qwen3-8B ● 已连接 · routing');
    expect(formatStatus(status({ connection: 'connecting', lifecycle: 'starting' }), zh, extra)).toContain('◐ 连接中 · starting');
    expect(formatStatus(status({ connection: 'not-running', lifecycle: 'stopped' }), zh, extra)).toContain('○ 模型未运行');
    expect(formatStatus(status({ connection: 'disconnected', lifecycle: 'unknown' }), plain('en'), extra)).toBe(
      '[14:02:11] Qwen3-8B ◌ disconnected',
    );
  });

  it('shows the problem, the attempt and the retry plan, and says when it gave up', () => {
    const s = status({ connection: 'not-running', lifecycle: 'stopped', lastProblem: 'HTTP 400: not started', nextRetryAt: T0 + 5000 });
    expect(formatStatus(s, plain('en'), { now: T0, attempts: 3, maxAttempts: 0 })).toBe(
      '[14:02:11] Qwen3-8B ○ not running · stopped (HTTP 400: not started, attempt 3, retry in 5.0s)',
    );
    const gone = status({ connection: 'disconnected', lifecycle: 'unknown', nextRetryAt: null });
    expect(formatStatus(gone, plain('en'), { now: T0, attempts: 2, maxAttempts: 2 })).toBe(
      '[14:02:11] Qwen3-8B ◌ disconnected (gave up after 2 attempts)',
    );
  });

  it('takes the model name from a key', () => {
    expect(modelNameOfKey('cli/Qwen/Qwen3')).toBe('Qwen/Qwen3');
  });
});

describe('human printer', () => {
  it('prints a status line only when something visible changed', () => {
    const p = createHumanPrinter({ format: plain('en'), now: () => T0, attemptsOf: () => 1, maxAttempts: 0 });
    const s = status({ connection: 'connecting', lifecycle: 'starting' });
    expect(p.handle({ type: 'status', status: s })).toHaveLength(1);
    expect(p.handle({ type: 'status', status: { ...s, unreadErrors: 3 } })).toHaveLength(0);
    expect(p.handle({ type: 'status', status: { ...s, connection: 'connected' } })).toHaveLength(1);
    expect(p.handle({ type: 'status', status: { ...s, watched: false, connection: 'disconnected' } })).toHaveLength(0);
  });

  it('prints lines and markers of a batch in order, filtered', () => {
    const p = createHumanPrinter({
      format: plain('en'),
      now: () => T0,
      attemptsOf: () => 0,
      maxAttempts: 0,
      showEntry: (e) => e.kind === 'marker' || e.level === 'error',
    });
    const out = p.handle({
      type: 'lines',
      key: 'cli/Qwen3-8B',
      entries: [line({ text: 'a' }), line({ seq: 2, level: 'error', text: 'b' }), marker({ seq: 3 })],
    });
    expect(out).toHaveLength(2);
    expect(out[0]).toBe('[14:02:11] [history] b');
    expect(out[1]).toMatch(/history complete/);
  });
});

describe('diagnosis summary', () => {
  it('counts failed checks, not the ones skipped because of them', () => {
    const ctx = { tr: createTranslator('en'), colors: createColors(false) };
    const out = formatDiagnosis(ctx, { model: 'm', url: 'http://x', json: false, timeoutMs: 1000 }, [
      { id: 'reachable', state: 'fail', detail: 'ECONNREFUSED' },
      { id: 'generation', state: 'skip', detail: '' },
      { id: 'model-known', state: 'skip', detail: '' },
      { id: 'status', state: 'skip', detail: '' },
      { id: 'stream', state: 'skip', detail: '' },
    ]);
    expect(out.at(-1)).toBe('1 check(s) failed.');
  });
});
