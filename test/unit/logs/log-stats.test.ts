// Error heads per minute (for the statistics cards' "errors over the last hour"): counted by the
// lines' own times, continuation lines excluded, a day kept, oldest first.
import { describe, expect, it } from 'vitest';
import { LogStats } from '../../../main/core/logs/log-stats.js';
import type { LogLine } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';

const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);
let seq = 0;
const line = (ts: number, over: Partial<LogLine> = {}): LogLine => ({ kind: 'line', seq: ++seq, key: 's/m', ts, origin: 'history', level: 'info', text: 'x', ...over });

describe('LogStats: errors per minute', () => {
  it('counts error heads by the minute of their own time; continuations and other levels do not count', () => {
    const s = new LogStats(new FakeClock(T0 + 3 * 3_600_000));
    s.recordLine(line(T0 + 5_000, { level: 'error' }));
    s.recordLine(line(T0 + 6_000, { level: 'error', continuation: true }));
    s.recordLine(line(T0 + 59_999, { level: 'error', signature: 'cuda-oom' }));
    s.recordLine(line(T0 + 60_000, { level: 'warning' }));
    s.recordLine(line(T0 + 2 * 60_000 + 1, { level: 'info' }));
    // History arrives out of order after a reconnect's replay: still its own minute, still sorted.
    s.recordLine(line(T0 - 60_000, { level: 'error' }));
    s.recordLine(line(T0 + 10 * 60_000, { level: 'error' }));
    const snap = s.snapshot(0);
    expect(snap.errorsPerMinute).toEqual([
      [T0 - 60_000, 1],
      [T0, 2],
      [T0 + 10 * 60_000, 1],
    ]);
    // The same count as the error groups.
    const groups = snap.errorGroups.reduce((n, g) => n + g.count, 0);
    expect(snap.errorsPerMinute.reduce((n, [, c]) => n + c, 0)).toBe(groups);
  });

  it('keeps a day of minutes, measured from the newest error', () => {
    const s = new LogStats(new FakeClock(T0));
    for (let m = 0; m < 1500; m++) s.recordLine(line(T0 + m * 60_000, { level: 'error' }));
    // An error older than the day kept does not come back.
    s.recordLine(line(T0, { level: 'error' }));
    const minutes = s.snapshot(0).errorsPerMinute;
    expect(minutes.length).toBe(24 * 60);
    expect(minutes[0]).toEqual([T0 + (1500 - 24 * 60) * 60_000, 1]);
    expect(minutes.at(-1)).toEqual([T0 + 1499 * 60_000, 1]);
  });
});
