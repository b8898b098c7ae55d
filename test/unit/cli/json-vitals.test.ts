// `watch --json`: a vitals event becomes one `vitals` record per sample (flat, with the model name and
// the 5-minute median), or one `load` record; nothing when there is nothing new.
import { describe, expect, it } from 'vitest';
import { formatJsonEvent } from '../../../main/cli/json-format.js';
import type { VitalsSample, VitalsSummary } from '../../../main/core/types.js';

const summary: VitalsSummary = {
  source: 'llama.cpp',
  lastTs: 2000,
  lastSeq: 7,
  genTps: 40,
  promptTps: 500,
  genTpsMedian5m: 42.5,
  spark: [],
  samples: 2,
  requests24h: 2,
  running: null,
  waiting: null,
  kvCachePct: null,
  load: { nCtx: 8192 },
};
const a: VitalsSample = { kind: 'request', source: 'llama.cpp', ts: 1000, seq: 3, origin: 'live', genTps: 45, promptTps: 400, slot: 0, task: 5, genTokens: 90, genMs: 2000 };
const b: VitalsSample = { kind: 'request', source: 'llama.cpp', ts: 2000, seq: 7, origin: 'history', genTps: 40, promptTps: 500 };

describe('--json vitals records', () => {
  it('one flat record per sample', () => {
    const out = formatJsonEvent({ type: 'vitals', key: 'cli/Qwen3-8B', samples: [a, b], liveSpeeds: 2, summary }).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toEqual([
      { type: 'vitals', key: 'cli/Qwen3-8B', model: 'Qwen3-8B', ...a, genTpsMedian5m: 42.5 },
      { type: 'vitals', key: 'cli/Qwen3-8B', model: 'Qwen3-8B', ...b, genTpsMedian5m: 42.5 },
    ]);
  });

  it('a load-only change is one load record; nothing new, no record', () => {
    expect(formatJsonEvent({ type: 'vitals', key: 'cli/m', samples: [], liveSpeeds: 0, summary }).map((l) => JSON.parse(l))).toEqual([
      { type: 'vitals', key: 'cli/m', model: 'm', kind: 'load', load: { nCtx: 8192 } },
    ]);
    expect(formatJsonEvent({ type: 'vitals', key: 'cli/m', samples: [], liveSpeeds: 0, summary: { ...summary, load: null } })).toEqual([]);
  });
});
