// The status every UI shows is a pure function of what the connection, logbook and budget know.
import { describe, expect, it } from 'vitest';
import { projectModelStatus, type ModelFacts } from '../../../main/core/status-projection.js';
import type { VitalsSummary } from '../../../main/core/types.js';

const base: ModelFacts = {
  key: 's1/alpha',
  serverId: 's1',
  name: 'alpha',
  aliases: ['alpha', 'a'],
  mode: 'Chat',
  watched: true,
  overBudget: false,
  maxStreams: 64,
  connection: { state: 'connected', since: 1000, lastProblem: null, nextRetryAt: null },
  lifecycle: { state: 'routing', since: 900, failureReason: null },
  crashedFromLog: null,
  unreadErrors: 0,
  lastError: null,
  vitals: null,
};

const facts = (over: Partial<ModelFacts>): ModelFacts => ({ ...base, ...over });

describe('projectModelStatus', () => {
  it('passes the plain facts through, with the model name as `model` and no vitals key when there are none', () => {
    const s = projectModelStatus(base);
    expect(s).toEqual({
      key: 's1/alpha',
      serverId: 's1',
      model: 'alpha',
      aliases: ['alpha', 'a'],
      mode: 'Chat',
      watched: true,
      connection: 'connected',
      lifecycle: 'routing',
      failureReason: null,
      lifecycleSince: 900,
      connectionSince: 1000,
      lastProblem: null,
      unreadErrors: 0,
      nextRetryAt: null,
      lastError: null,
    });
    expect('vitals' in s).toBe(false);
    expect('overBudget' in s).toBe(false);
  });

  it('leaves `mode` out when the server did not say', () => {
    expect('mode' in projectModelStatus(facts({ mode: undefined }))).toBe(false);
  });

  it.each([
    ['starting', 'connecting'],
    ['init_script', 'connecting'],
    ['health_check', 'connecting'],
    ['routing', 'connecting'],
    ['stopped', 'not-running'],
    ['failed', 'not-running'],
    ['unknown', 'not-running'],
  ] as const)('"not running" while the server reports %s shows as %s', (lifecycle, shown) => {
    const s = projectModelStatus(facts({ connection: { ...base.connection, state: 'not-running' }, lifecycle: { ...base.lifecycle, state: lifecycle } }));
    expect(s.connection).toBe(shown);
  });

  it('a crash seen in the log while the server still says routing shows as failed, with both in the reason', () => {
    const s = projectModelStatus(facts({ crashedFromLog: 'GGML_ASSERT(ctx) failed' }));
    expect(s.lifecycle).toBe('failed');
    expect(s.failureReason).toBe('crashed (seen in the log; the server still reports routing): GGML_ASSERT(ctx) failed');
  });

  it("the server's own failure reason is kept when the log shows no crash", () => {
    const s = projectModelStatus(facts({ lifecycle: { state: 'failed', since: 5, failureReason: 'exit code 1' } }));
    expect(s).toMatchObject({ lifecycle: 'failed', failureReason: 'exit code 1', lifecycleSince: 5 });
  });

  it('over the budget: flagged, and the problem says why and how to raise it (with the budget in force)', () => {
    const s = projectModelStatus(facts({ overBudget: true, maxStreams: 20, connection: { ...base.connection, state: 'disconnected', lastProblem: 'older problem' } }));
    expect(s.overBudget).toBe(true);
    expect(s.lastProblem).toBe('not streamed: over the connection budget of 20 log streams (raise Max streams in Settings / --max-streams)');
  });

  it('carries unread errors, the last error, the retry time and the vitals summary', () => {
    const vitals = { source: 'llama.cpp', genTps: 42 } as unknown as VitalsSummary;
    const lastError = { text: 'CUDA error: out of memory', ts: 7, seq: 3 };
    const s = projectModelStatus(facts({ unreadErrors: 3, lastError, vitals, connection: { state: 'disconnected', since: 2, lastProblem: 'HTTP 502', nextRetryAt: 99 } }));
    expect(s).toMatchObject({ unreadErrors: 3, lastError, vitals, nextRetryAt: 99, lastProblem: 'HTTP 502', connection: 'disconnected' });
  });
});
