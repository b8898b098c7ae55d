// The tray shows each connected model's latest generation speed (read from its log) in the tooltip and
// in its menu entry, in both languages; a stopped model shows none.
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../main/core/settings/index.js';
import { computeTrayState, NO_UNREAD } from '../../../main/core/tray-state.js';
import type { ModelStatus, VitalsSummary } from '../../../main/core/types.js';
import { modelStatus, serverStatus } from '../../fakes/monitor-data.js';

const vitals = (genTps: number | null): VitalsSummary => ({
  source: 'llama.cpp',
  lastTs: 1,
  lastSeq: 1,
  genTps,
  promptTps: 500,
  genTpsMedian5m: genTps,
  spark: [genTps],
  samples: 1,
  requests24h: 1,
  running: null,
  waiting: null,
  kvCachePct: null,
  load: null,
});
const m = (name: string, over: Partial<ModelStatus> = {}) => modelStatus(`local/${name}`, over);

describe('tray vitals', () => {
  const snapshot = {
    servers: [serverStatus('local')],
    models: [
      m('Qwen3-8B', { vitals: vitals(42.345) }),
      m('vllm-70b', { vitals: { ...vitals(812.4), source: 'vllm' } }),
      m('GLM-4', { connection: 'not-running', lifecycle: 'stopped', vitals: vitals(30) }),
      m('bge-m3'),
    ],
  };

  it('tooltip and menu entries carry the latest generation speed of connected models', () => {
    const st = computeTrayState(snapshot, NO_UNREAD, defaultSettings(), 'en', 1000);
    expect(st.tooltip.split('\n')).toContain('Generation: Qwen3-8B 42.3 tok/s, vllm-70b 812 tok/s');
    const labels = st.menu.filter((i) => i.type === 'item').map((i) => (i.type === 'item' ? i.label : ''));
    expect(labels.find((l) => l.includes('Qwen3-8B'))).toMatch(/ · 42\.3 tok\/s$/);
    expect(labels.find((l) => l.includes('GLM-4'))).not.toContain('tok/s');
    expect(labels.find((l) => l.includes('bge-m3'))).not.toContain('tok/s');
  });

  it('speaks Chinese', () => {
    const st = computeTrayState(snapshot, NO_UNREAD, defaultSettings(), 'zh-CN', 1000);
    expect(st.tooltip).toContain('生成速度：Qwen3-8B 42.3 tok/s，vllm-70b 812 tok/s');
  });

  it('no speed line without vitals', () => {
    const st = computeTrayState({ servers: [serverStatus('local')], models: [m('a')] }, NO_UNREAD, defaultSettings(), 'en', 1000);
    expect(st.tooltip).not.toContain('Generation');
  });
});
