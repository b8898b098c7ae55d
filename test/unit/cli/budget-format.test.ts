// The CLI's text for models over the connection budget: no status line each (the core's one note
// speaks for them), and "not streamed" instead of "disconnected" in the interactive stats table.
import { describe, expect, it } from 'vitest';
import { createColors, type HumanFormatOptions } from '../../../main/cli/human-format.js';
import { createHumanPrinter } from '../../../main/cli/human-printer.js';
import { createTranslator } from '../../../main/cli/i18n.js';
import { formatModelStatsTable } from '../../../main/cli/stats-format.js';
import { status, T0 } from './fixtures.js';

const REASON = 'not streamed: over the connection budget of 2 log streams (raise Max streams in Settings / --max-streams)';
const plain = (lang: 'en' | 'zh-CN' = 'en'): HumanFormatOptions => ({ tr: createTranslator(lang), colors: createColors(false), showModel: true });

describe('CLI output for models over the connection budget', () => {
  it('prints no status line for them, even one that was streaming before; the problem note is printed once as it comes', () => {
    const p = createHumanPrinter({ format: plain(), now: () => T0, attemptsOf: () => 1, maxAttempts: 0 });
    const over = status({ connection: 'disconnected', lifecycle: 'routing', overBudget: true, lastProblem: REASON });
    expect(p.handle({ type: 'status', status: status({ connection: 'connected' }) })).toHaveLength(1);
    expect(p.handle({ type: 'status', status: over })).toEqual([]);
    expect(p.handle({ type: 'models', serverId: 'cli', models: [over, { ...over, key: 'cli/GLM-4', model: 'GLM-4' }] })).toEqual([]);
    const note = p.handle({ type: 'problem', key: null, serverId: null, message: `2 watched model(s) ${REASON}` });
    expect(note).toHaveLength(1);
    expect(note[0]).toContain(`problem: 2 watched model(s) ${REASON}`);
    // Given a stream again, it is a status line like any other.
    expect(p.handle({ type: 'status', status: status({ connection: 'connected' }) })).toHaveLength(1);
  });

  it('the interactive stats table says "not streamed" (en, zh-CN), not "disconnected"', () => {
    const rows = [{ status: status({ connection: 'disconnected', lifecycle: 'routing', overBudget: true, lastProblem: REASON }), stats: null }];
    expect(formatModelStatsTable(rows, plain()).join('\n')).toContain('not streamed (routing)');
    expect(formatModelStatsTable(rows, plain()).join('\n')).not.toContain('disconnected');
    expect(formatModelStatsTable(rows, plain('zh-CN')).join('\n')).toContain('未接收日志 (routing)');
  });
});
