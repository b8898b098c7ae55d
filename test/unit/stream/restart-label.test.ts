// Issue 10 point 5: a history that changed after the server was seen down is a restart, not a
// clear; without that sign it stays "cleared on the server".
import { describe, expect, it } from 'vitest';
import { Logbook } from '../../../main/core/logs/logbook.js';
import { DEFAULT_POLICY } from '../../../main/core/ports.js';
import { ModelConnection } from '../../../main/core/stream/model-connection.js';
import type { LogEntry } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { fakeAdapter } from '../../fakes/fake-adapter.js';

function harness() {
  const clock = new FakeClock(1_000_000);
  const fa = fakeAdapter({ logStats: false });
  const adapter = fa.adapter;
  const entries: LogEntry[] = [];
  const conn = new ModelConnection({
    model: 'alpha',
    clock,
    random: () => 0.5,
    policy: () => ({ ...DEFAULT_POLICY, retryIntervalMs: 1000 }),
    adapter: () => adapter,
    logbook: new Logbook({ key: 's/alpha', cap: 1000, clock }),
    logger: { debug: () => {}, warn: () => {} },
    onEntries: (e) => entries.push(...e),
    onStatus: () => {},
    onProblem: () => {},
  });
  const replay = (texts: string[], ts: number) => {
    const emit = fa.all.at(-1)?.emit;
    if (!emit) throw new Error('no stream');
    emit({ kind: 'open' });
    for (const t of texts) emit({ kind: 'line', origin: 'history', ts, text: t });
    emit({ kind: 'history-complete' });
  };
  // Every v1/v2 replay also opens an unverified replay-hole marker (logbook): not what is tested here.
  const gaps = () => entries.flatMap((e) => (e.kind === 'marker' && e.marker === 'gap' && e.reason !== 'replay-hole' ? [e.reason] : []));
  return { conn, replay, gaps };
}

describe('restart or clear', () => {
  it('the server was unreachable in between: the new history is labelled a restart', () => {
    const h = harness();
    h.conn.start();
    h.replay(['a', 'b'], 1000);
    h.conn.serverDown('server unreachable');
    h.conn.nudge();
    h.replay(['fresh'], 5000);
    expect(h.gaps()).toEqual(['server-restarted']);
  });

  it('without an outage the same change is a clear on the server', () => {
    const h = harness();
    h.conn.start();
    h.replay(['a', 'b'], 1000);
    h.conn.reconnect();
    h.replay(['fresh'], 5000);
    expect(h.gaps()).toEqual(['server-cleared']);
  });
});
