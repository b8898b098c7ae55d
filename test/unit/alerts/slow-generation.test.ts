// The optional slow-generation alert: off by default; with a threshold, one notification when the
// 5-minute median drops below it on live samples, none for a replayed history, re-armed once the
// median is back above; muted and paused like every other alert.
import { beforeEach, describe, expect, it } from 'vitest';
import { createAlertPolicy, type AlertNotification, type AlertPolicy } from '../../../main/core/alerts/index.js';
import { defaultSettings } from '../../../main/core/settings/index.js';
import { validateSettings } from '../../../main/core/settings/index.js';
import type { AppSettings, MonitorEvent, VitalsSummary } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { modelStatus } from '../../fakes/monitor-data.js';

const KEY = 'local/Qwen3-8B';
let clock: FakeClock;
let shown: AlertNotification[];
let settings: AppSettings;
let policy: AlertPolicy;

const summary = (median: number | null, seq = 10): VitalsSummary => ({
  source: 'llama.cpp',
  lastTs: 1,
  lastSeq: seq,
  genTps: median,
  promptTps: 400,
  genTpsMedian5m: median,
  spark: [],
  samples: 1,
  requests24h: 1,
  running: null,
  waiting: null,
  kvCachePct: null,
  load: null,
});
const vitals = (median: number, origin: 'live' | 'history' = 'live', seq = 10): MonitorEvent => ({ type: 'vitals', key: KEY, samples: [], liveSpeeds: origin === 'live' ? 1 : 0, summary: summary(median, seq) });
const withThreshold = (tps: number): AppSettings => ({ ...settings, notifications: { ...settings.notifications, slowGenerationTps: tps } });

beforeEach(() => {
  clock = new FakeClock();
  shown = [];
  settings = defaultSettings();
  policy = createAlertPolicy({ clock, notifier: { show: (n) => shown.push(n) }, settings: () => settings, systemLocale: () => 'en-US' });
  policy.handle({ type: 'status', status: modelStatus(KEY, {}) });
});

describe('slow-generation alert', () => {
  it('is off by default', () => {
    expect(defaultSettings().notifications.slowGenerationTps ?? 0).toBe(0);
    policy.handle(vitals(1));
    expect(shown).toEqual([]);
  });

  it('fires once below the threshold, with the line to open; re-arms above it', () => {
    settings = withThreshold(20);
    policy.handle(vitals(35));
    expect(shown).toEqual([]);
    policy.handle(vitals(12.34, 'live', 77));
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ key: KEY, seq: 77, title: 'Qwen3-8B is generating slowly' });
    expect(shown[0]!.body).toContain('12.3 tok/s');
    expect(shown[0]!.body).toContain('20 tok/s');
    policy.handle(vitals(10));
    expect(shown).toHaveLength(1);
    policy.handle(vitals(25));
    clock.advance(600_000);
    policy.handle(vitals(9));
    expect(shown).toHaveLength(2);
  });

  it('a replayed history of slow requests is not news', () => {
    settings = withThreshold(20);
    policy.handle(vitals(5, 'history'));
    expect(shown).toEqual([]);
  });

  it('respects mutes and pause-all', () => {
    settings = { ...withThreshold(20), notifications: { ...withThreshold(20).notifications, mutes: { [KEY]: null } } };
    policy.handle(vitals(5));
    expect(shown).toEqual([]);
  });

  it('the settings accept a threshold and refuse a negative one', () => {
    expect(validateSettings(withThreshold(15)).ok).toBe(true);
    expect(validateSettings(withThreshold(-1)).ok).toBe(false);
  });
});
