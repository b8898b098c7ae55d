import { describe, expect, it } from 'vitest';
import { Logbook } from '../../../main/core/logs/logbook.js';
import { DEFAULT_POLICY, silentLogger, type ConnectionPolicy } from '../../../main/core/ports.js';
import type { StreamEvent } from '../../../main/core/servers/adapter.js';
import { ModelConnection } from '../../../main/core/stream/model-connection.js';
import { CHECK_RETRY_MS, DEADLINE_REPLAY_FACTOR, SETTLE_MS } from '../../../main/core/stream/replay-hole-check.js';
import type { LogEntry, LogMarker } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { fakeAdapter } from '../../fakes/fake-adapter.js';

function setup(policy: Partial<ConnectionPolicy> = {}, reportsLifecycle = false) {
  const clock = new FakeClock(1_000_000);
  const fa = fakeAdapter(reportsLifecycle);
  const entries: LogEntry[] = [];
  const problems: string[] = [];
  let statusCalls = 0;
  const p: ConnectionPolicy = { ...DEFAULT_POLICY, retryIntervalMs: 1000, backoffCapMs: 8000, ...policy };
  const conn = new ModelConnection({
    model: 'alpha',
    clock,
    random: () => 0.5,
    policy: () => p,
    adapter: () => fa.adapter,
    logbook: new Logbook({ key: 's/alpha', cap: 1000, clock }),
    logger: silentLogger,
    onEntries: (e) => entries.push(...e),
    onStatus: () => statusCalls++,
    onProblem: (m) => problems.push(m),
  });
  return { clock, fa, conn, entries, problems, statusCalls: () => statusCalls };
}

const line = (text: string, origin: 'history' | 'live' = 'live'): StreamEvent => ({ kind: 'line', origin, ts: 1_000, text });

describe('ModelConnection', () => {
  it('connecting → replay → connected; counts attempts', () => {
    const t = setup();
    t.conn.start();
    expect(t.conn.state).toBe('connecting');
    t.fa.last().emit({ kind: 'open' });
    t.fa.last().emit(line('h1', 'history'));
    expect(t.conn.state).toBe('connecting');
    t.fa.last().emit({ kind: 'history-complete' });
    expect(t.conn.state).toBe('connected');
    expect(t.conn.lifecycle).toBe('routing');
    t.fa.last().emit(line('l1'));
    expect(t.entries.filter((e) => e.kind === 'line').map((e) => (e.kind === 'line' ? e.text : ''))).toEqual(['h1', 'l1']);
    expect(t.conn.stats()).toMatchObject({ attempts: 1, reconnects: 0, connectedSince: t.clock.now() });
  });

  it('not-running keeps retrying at the base interval (startup detection) and parses the lifecycle', () => {
    const t = setup();
    t.conn.start();
    for (let i = 0; i < 5; i++) {
      t.fa.last().emit({ kind: 'not-running', lifecycle: 'failed', message: "模型 'alpha' 未启动或已停止 (当前状态: failed)" });
      expect(t.conn.state).toBe('not-running');
      expect(t.conn.lifecycle).toBe('failed');
      expect(t.conn.nextRetryAt()).toBe(t.clock.now() + 1000);
      t.clock.advance(1000);
    }
    expect(t.fa.opened).toHaveLength(6);
    t.fa.last().emit({ kind: 'open' });
    t.fa.last().emit({ kind: 'history-complete' });
    expect(t.conn.state).toBe('connected');
    expect(t.conn.stats().attempts).toBe(6);
  });

  it('drops back off exponentially up to the cap, and reset after a successful connection', () => {
    const t = setup();
    t.conn.start();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      t.fa.last().emit({ kind: 'dropped', message: 'ECONNREFUSED' });
      expect(t.conn.state).toBe('disconnected');
      const d = t.conn.nextRetryAt()! - t.clock.now();
      delays.push(d);
      t.clock.advance(d);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    t.fa.last().emit({ kind: 'open' });
    t.fa.last().emit({ kind: 'history-complete' });
    t.fa.last().emit({ kind: 'server-error', message: 'cannot schedule new futures after shutdown' });
    expect(t.conn.lastProblem).toContain('cannot schedule new futures');
    expect(t.conn.nextRetryAt()! - t.clock.now()).toBe(1000);
    t.clock.advance(1000);
    t.fa.last().emit({ kind: 'open' });
    t.fa.last().emit({ kind: 'history-complete' });
    expect(t.conn.stats().reconnects).toBe(1);
  });

  it('gives up after max attempts, with nothing scheduled', () => {
    const t = setup({ maxAttempts: 3 });
    t.conn.start();
    for (let i = 0; i < 10; i++) {
      t.fa.last().emit({ kind: 'dropped', message: 'refused' });
      const at = t.conn.nextRetryAt();
      if (at === null) break;
      t.clock.advance(at - t.clock.now());
    }
    expect(t.fa.opened).toHaveLength(3);
    expect(t.conn.nextRetryAt()).toBeNull();
    expect(t.conn.lastProblem).toContain('gave up after 3 attempts');
    expect(t.clock.pending()).toBe(0);
    t.conn.nudge();
    expect(t.fa.opened).toHaveLength(4);
  });

  it('every step of a start nudges a not-running connection, not only the first (v3 session opens at spawn)', () => {
    const t = setup({ retryIntervalMs: 60_000, backoffCapMs: 60_000 }, true);
    t.conn.start();
    t.conn.setLifecycle('stopped', null);
    t.fa.last().emit({ kind: 'not-running', lifecycle: 'stopped', message: 'no running log session' });
    t.conn.setLifecycle('starting', null);
    expect(t.fa.opened).toHaveLength(2);
    // The session did not exist yet when the `starting` nudge listed it.
    t.fa.last().emit({ kind: 'not-running', lifecycle: 'stopped', message: 'no running log session' });
    t.conn.setLifecycle('health_check', null);
    expect(t.fa.opened).toHaveLength(3);
    t.fa.last().emit({ kind: 'open' });
    t.fa.last().emit({ kind: 'history-complete' });
    expect(t.conn.state).toBe('connected');
    // Same lifecycle again (a repeated snapshot) is no step: no extra connection.
    t.conn.setLifecycle('health_check', null);
    expect(t.fa.opened).toHaveLength(3);
  });

  it('404 stops retrying until started again', () => {
    const t = setup();
    t.conn.start();
    t.fa.last().emit({ kind: 'unknown-model', message: "模型别名 'alpha' 未找到" });
    expect(t.conn.nextRetryAt()).toBeNull();
    expect(t.clock.pending()).toBe(0);
    expect(t.conn.lastProblem).toMatch(/^unknown model/);
    t.conn.start();
    expect(t.fa.opened).toHaveLength(2);
  });

  it('bad frames are counted and reported once per kind', () => {
    const t = setup();
    t.conn.start();
    for (let i = 0; i < 3; i++) t.fa.last().emit({ kind: 'bad-frame', bad: 'non-json', detail: 'x' });
    t.fa.last().emit({ kind: 'bad-frame', bad: 'oversize', detail: 'y' });
    expect(t.conn.stats().badFrames).toBe(4);
    expect(t.problems).toHaveLength(2);
  });

  it('lines with bad timestamps: counted, reported once, and no status per line (nothing in it changes)', () => {
    const t = setup();
    t.conn.start();
    t.fa.last().emit({ kind: 'open' });
    t.fa.last().emit({ kind: 'history-complete' });
    const before = t.statusCalls();
    for (let i = 0; i < 50; i++) t.fa.last().emit({ kind: 'line', origin: 'live', ts: Number.NaN, text: `odd time ${i}` });
    expect(t.conn.stats().badFrames).toBe(50);
    expect(t.problems.filter((p) => p.includes('bad-timestamp'))).toHaveLength(1);
    expect(t.statusCalls()).toBe(before);
    // Shown at the receive time, marked.
    const shown = t.entries.filter((e) => e.kind === 'line' && e.text.startsWith('odd time'));
    expect(shown).toHaveLength(50);
    expect(shown.every((e) => e.kind === 'line' && e.timeReceived === true && e.ts === t.clock.now())).toBe(true);
  });

  it('serverDown aborts the stream and waits; nudge reconnects; stop clears every timer', () => {
    const t = setup();
    t.conn.start();
    t.fa.last().emit({ kind: 'open' });
    t.fa.last().emit({ kind: 'history-complete' });
    t.conn.serverDown('server unreachable');
    expect(t.fa.last().closed).toBe(true);
    expect(t.conn.state).toBe('disconnected');
    // No retry: it waits for the server. The one timer left is the open replay hole's check deadline.
    expect(t.conn.nextRetryAt()).toBeNull();
    expect(t.clock.pending()).toBe(1);
    t.conn.nudge();
    expect(t.fa.opened).toHaveLength(2);
    t.fa.last().emit({ kind: 'dropped', message: 'x' });
    expect(t.clock.pending()).toBe(2);
    t.conn.stop();
    expect(t.clock.pending()).toBe(0);
  });

  it('events from a replaced stream are ignored', () => {
    const t = setup();
    t.conn.start();
    const first = t.fa.last();
    t.conn.reconnect();
    first.emit({ kind: 'dropped', message: 'late' });
    expect(t.conn.state).toBe('connecting');
    expect(first.closed).toBe(true);
  });
});

describe('ModelConnection: the replay-hole check (v1/v2, llm-manager-api.md point 3)', () => {
  const at = (text: string, ts: number, origin: 'history' | 'live'): StreamEvent => ({ kind: 'line', origin, ts, text });
  const texts = (entries: readonly LogEntry[]) =>
    entries.map((e) => (e.kind === 'line' ? `${e.text}${e.recovered ? ` (recovered, fills ${e.fills})` : ''}` : `[${e.marker}${e.unverified ? '?' : ''}]`));

  it('a second connection, opened while the first is live, recovers what the first replay swallowed, then closes', () => {
    const t = setup();
    t.conn.start();
    const main = t.fa.last();
    main.emit({ kind: 'open' });
    main.emit(at('h1', 1, 'history'));
    main.emit(at('h2', 2, 'history'));
    main.emit({ kind: 'history-complete' });
    const check = t.fa.check();
    expect(check?.closed).toBe(false);
    const gapSeq = t.entries.find((e) => e.kind === 'marker' && e.marker === 'gap')?.seq;
    main.emit(at('l4', 4, 'live')); // 'l3' was printed during the first replay: it never comes live
    for (const [text, ts] of [['h1', 1], ['h2', 2], ['l3', 3], ['l4', 4]] as const) check?.emit(at(text, ts, 'history'));
    check?.emit({ kind: 'history-complete' });
    expect(check?.closed).toBe(true);
    expect(texts(t.entries)).toEqual(['h1', 'h2', '[history-complete]', '[gap?]', 'l4', `l3 (recovered, fills ${gapSeq})`, '[gap-resolved]']);
    expect(t.entries.at(-1)).toMatchObject({ marker: 'gap-resolved', fills: gapSeq, recovered: 1 });
    // The main connection goes on as before.
    main.emit(at('l5', 5, 'live'));
    expect(texts(t.entries).at(-1)).toBe('l5');
    expect(t.clock.pending()).toBe(0);
  });

  it('nothing swallowed: the gap is confirmed complete', () => {
    const t = setup();
    t.conn.start();
    const main = t.fa.last();
    main.emit(at('h1', 1, 'history'));
    main.emit({ kind: 'history-complete' });
    const check = t.fa.check();
    check?.emit(at('h1', 1, 'history'));
    check?.emit({ kind: 'history-complete' });
    expect(t.entries.at(-1)).toMatchObject({ marker: 'gap-resolved', recovered: 0 });
  });

  it('no live line yet: lines after the hole wait a moment for the live feed, which wins when it delivers them', () => {
    const t = setup();
    t.conn.start();
    const main = t.fa.last();
    main.emit(at('h1', 1, 'history'));
    main.emit({ kind: 'history-complete' });
    const check = t.fa.check();
    for (const [text, ts] of [['h1', 1], ['s2', 2], ['l3', 3]] as const) check?.emit(at(text, ts, 'history'));
    check?.emit({ kind: 'history-complete' });
    expect(texts(t.entries)).toEqual(['h1', '[history-complete]', '[gap?]']);
    main.emit(at('l3', 3, 'live')); // l3 was on its way to the main connection; s2 was swallowed
    t.clock.advance(SETTLE_MS);
    expect(texts(t.entries)).toEqual(['h1', '[history-complete]', '[gap?]', 'l3', 's2 (recovered, fills 3)', '[gap-resolved]']);
  });

  it('no live line within the settle time: the lines count as swallowed, and a very late live copy is dropped', () => {
    const t = setup();
    t.conn.start();
    const main = t.fa.last();
    main.emit(at('h1', 1, 'history'));
    main.emit({ kind: 'history-complete' });
    const check = t.fa.check();
    for (const [text, ts] of [['h1', 1], ['s2', 2]] as const) check?.emit(at(text, ts, 'history'));
    check?.emit({ kind: 'history-complete' });
    t.clock.advance(SETTLE_MS);
    main.emit(at('s2', 2, 'live'));
    expect(texts(t.entries)).toEqual(['h1', '[history-complete]', '[gap?]', 's2 (recovered, fills 3)', '[gap-resolved]']);
  });

  /** A connection's whole replay: these history lines, then the end of the replay. */
  const replay = (stream: { emit: (e: StreamEvent) => void } | undefined, lines: readonly (readonly [string, number])[]) => {
    for (const [text, ts] of lines) stream?.emit(at(text, ts, 'history'));
    stream?.emit({ kind: 'history-complete' });
  };

  it('lines recovered from an open tail are not brought back by the next replay (a reconnect with no live line since)', () => {
    // The stall detector reconnects a stream that delivered nothing since its replay: the replay
    // after that must skip what the check recovered, exactly like the lines it replayed itself.
    const t = setup();
    t.conn.start();
    replay(t.fa.last(), [['h1', 1]]);
    replay(t.fa.check(), [['h1', 1], ['s2', 2], ['s3', 3]]);
    t.clock.advance(SETTLE_MS);
    t.conn.reconnect();
    replay(t.fa.last(), [['h1', 1], ['s2', 2], ['s3', 3], ['n4', 4]]);
    t.fa.last().emit(at('l5', 5, 'live'));
    expect(texts(t.entries)).toEqual(['h1', '[history-complete]', '[gap?]', 's2 (recovered, fills 3)', 's3 (recovered, fills 3)', '[gap-resolved]', 'n4', '[gap?]', 'l5']);
    // And once more, now with a live line after the recovered ones.
    t.conn.reconnect();
    replay(t.fa.last(), [['h1', 1], ['s2', 2], ['s3', 3], ['n4', 4], ['l5', 5]]);
    expect(t.entries.flatMap((e) => (e.kind === 'line' ? [e.text] : []))).toEqual(['h1', 's2', 's3', 'n4', 'l5']);
  });

  it('a replay that brings nothing after the recovered lines: its own hole starts after them and is checked as usual', () => {
    const t = setup();
    t.conn.start();
    replay(t.fa.last(), [['h1', 1]]);
    replay(t.fa.check(), [['h1', 1], ['s2', 2]]);
    t.clock.advance(SETTLE_MS);
    t.conn.reconnect();
    replay(t.fa.last(), [['h1', 1], ['s2', 2]]);
    const secondGap = t.entries.at(-1)?.seq;
    // The second check: s3 was printed during the second replay.
    replay(t.fa.check(), [['h1', 1], ['s2', 2], ['s3', 3]]);
    t.clock.advance(SETTLE_MS);
    expect(texts(t.entries)).toEqual([
      'h1', '[history-complete]', '[gap?]', 's2 (recovered, fills 3)', '[gap-resolved]', '[gap?]', `s3 (recovered, fills ${secondGap})`, '[gap-resolved]',
    ]);
    expect(t.entries.at(-1)).toMatchObject({ outcome: 'recovered', fills: secondGap });
  });

  it('the check closes with the main connection; the next replay settles the hole instead', () => {
    const t = setup();
    t.conn.start();
    t.fa.last().emit(at('h1', 1, 'history'));
    t.fa.last().emit({ kind: 'history-complete' });
    t.fa.last().emit(at('l3', 3, 'live'));
    const check = t.fa.check();
    t.conn.reconnect();
    expect(check?.closed).toBe(true);
    const next = t.fa.last();
    for (const [text, ts] of [['h1', 1], ['s2', 2], ['l3', 3]] as const) next.emit(at(text, ts, 'history'));
    next.emit({ kind: 'history-complete' });
    expect(texts(t.entries)).toEqual(['h1', '[history-complete]', '[gap?]', 'l3', 's2 (recovered, fills 3)', '[gap-resolved]', '[gap?]']);
  });

  it('v3 (line ids) opens no check', () => {
    const t = setup();
    (t.fa.adapter as { generation: string }).generation = 'v3';
    t.conn.start();
    t.fa.last().emit({ kind: 'line', origin: 'history', ts: 1, text: 'a', id: 1 });
    t.fa.last().emit({ kind: 'history-complete' });
    expect(t.fa.check()).toBeUndefined();
    expect(t.entries.some((e) => e.kind === 'marker' && e.marker === 'gap')).toBe(false);
  });
});

describe('ModelConnection: a replay-hole check that cannot finish is resolved, never left checking', () => {
  const at = (text: string, ts: number, origin: 'history' | 'live'): StreamEvent => ({ kind: 'line', origin, ts, text });
  const DEADLINE = DEFAULT_POLICY.holeCheckDeadlineMs;
  const resolutions = (entries: readonly LogEntry[]): LogMarker[] =>
    entries.filter((e): e is LogMarker => e.kind === 'marker' && e.marker === 'gap-resolved');

  /** Connected, one replay hole open (its gap's seq), the check connection replaying. */
  function withOpenHole(replayMs = 0) {
    const t = setup();
    t.conn.start();
    const main = t.fa.last();
    main.emit({ kind: 'open' });
    main.emit(at('h1', 1, 'history'));
    t.clock.advance(replayMs);
    main.emit({ kind: 'history-complete' });
    const gap = t.entries.find((e): e is LogMarker => e.kind === 'marker' && e.marker === 'gap' && e.unverified === true);
    if (!gap) throw new Error('no gap opened');
    const check = t.fa.check();
    if (!check || check.closed) throw new Error('no check connection');
    return { ...t, main, gap, check };
  }

  it('the main connection drops during the check and no replay comes back in time: unknown, connection lost, at the deadline', () => {
    const t = withOpenHole(2000);
    t.check.emit(at('h1', 1, 'history'));
    t.main.emit({ kind: 'dropped', message: 'ECONNRESET' });
    expect(t.check.closed).toBe(true);
    // Every reconnect fails meanwhile.
    const deadlineAt = t.clock.now() + DEADLINE + DEADLINE_REPLAY_FACTOR * 2000;
    while (t.clock.now() < deadlineAt - 1) {
      t.clock.advance(Math.min(t.clock.nextDelay() ?? 1, deadlineAt - 1 - t.clock.now()));
      const last = t.fa.last();
      if (!last.closed) last.emit({ kind: 'dropped', message: 'ECONNREFUSED' });
    }
    expect(resolutions(t.entries)).toEqual([]);
    t.clock.advance(1);
    expect(resolutions(t.entries)).toEqual([expect.objectContaining({ fills: t.gap.seq, outcome: 'unknown', unchecked: 'connection-lost' })]);
    expect(t.conn.stats().gaps).toBe(1);
    // Exactly one resolution, however long it goes on.
    t.conn.stop();
    t.clock.advance(10 * DEADLINE);
    expect(resolutions(t.entries)).toHaveLength(1);
  });

  it('the main connection drops during the check, the reconnect replays in time: that replay settles it (no unknown)', () => {
    const t = withOpenHole();
    t.main.emit(at('l3', 3, 'live'));
    t.main.emit({ kind: 'dropped', message: 'ECONNRESET' });
    t.clock.advance(t.conn.nextRetryAt()! - t.clock.now());
    const next = t.fa.last();
    for (const [text, ts] of [['h1', 1], ['s2', 2], ['l3', 3]] as const) next.emit(at(text, ts, 'history'));
    next.emit({ kind: 'history-complete' });
    expect(resolutions(t.entries)[0]).toMatchObject({ fills: t.gap.seq, outcome: 'recovered', recovered: 1 });
    // The reconnect's own hole is checked in turn; the first hole's deadline is gone.
    const check2 = t.fa.check();
    for (const [text, ts] of [['h1', 1], ['s2', 2], ['l3', 3]] as const) check2?.emit(at(text, ts, 'history'));
    check2?.emit({ kind: 'history-complete' });
    t.clock.advance(10 * DEADLINE);
    expect(resolutions(t.entries).map((r) => r.outcome)).toEqual(['recovered', 'complete']);
    expect(t.clock.pending()).toBe(0);
  });

  it('the check connection alone drops: it is opened again while the main connection is live, and settles the hole', () => {
    const t = withOpenHole();
    t.check.emit(at('h1', 1, 'history'));
    t.check.emit({ kind: 'dropped', message: 'ECONNRESET' });
    expect(resolutions(t.entries)).toEqual([]);
    t.clock.advance(CHECK_RETRY_MS);
    const again = t.fa.check();
    expect(again && again !== t.check && !again.closed).toBe(true);
    again?.emit(at('h1', 1, 'history'));
    again?.emit({ kind: 'history-complete' });
    expect(resolutions(t.entries)).toEqual([expect.objectContaining({ fills: t.gap.seq, outcome: 'complete', recovered: 0 })]);
    expect(t.clock.pending()).toBe(0);
  });

  it('the check connection keeps dropping: unknown, connection lost, at the deadline; the main connection stays', () => {
    const t = withOpenHole();
    let checks = 0;
    for (let guard = 0; guard < 1000 && resolutions(t.entries).length === 0; guard++) {
      const c = t.fa.check();
      if (c && !c.closed) {
        checks++;
        c.emit({ kind: 'dropped', message: 'ECONNRESET' });
      }
      t.clock.advance(t.clock.nextDelay() ?? 1);
    }
    expect(checks).toBeGreaterThan(2);
    expect(resolutions(t.entries)).toEqual([expect.objectContaining({ fills: t.gap.seq, outcome: 'unknown', unchecked: 'connection-lost' })]);
    expect(t.conn.state).toBe('connected');
    expect(t.clock.pending()).toBe(0);
    expect(t.fa.all.filter((o) => o.check && !o.closed)).toEqual([]);
  });

  it('the check never finishes (a very slow replay): unknown, deadline, and its connection is closed', () => {
    const t = withOpenHole(1000);
    t.check.emit(at('h1', 1, 'history'));
    t.clock.advance(DEADLINE + DEADLINE_REPLAY_FACTOR * 1000 - 1);
    expect(resolutions(t.entries)).toEqual([]);
    t.clock.advance(1);
    expect(resolutions(t.entries)).toEqual([expect.objectContaining({ fills: t.gap.seq, outcome: 'unknown', unchecked: 'deadline' })]);
    expect(t.check.closed).toBe(true);
    // A late end of that replay changes nothing.
    t.check.emit({ kind: 'history-complete' });
    expect(resolutions(t.entries)).toHaveLength(1);
    expect(t.clock.pending()).toBe(0);
  });

  it('the deadline is the policy value plus three times the replay that opened the hole', () => {
    const t = setup({ holeCheckDeadlineMs: 5000 });
    t.conn.start();
    t.fa.last().emit(at('h1', 1, 'history'));
    t.clock.advance(4000);
    t.fa.last().emit({ kind: 'history-complete' });
    t.clock.advance(5000 + 12_000 - 1);
    expect(resolutions(t.entries)).toEqual([]);
    t.clock.advance(1);
    expect(resolutions(t.entries)).toEqual([expect.objectContaining({ unchecked: 'deadline' })]);
  });

  it('stop (watching stopped) resolves it at once: unknown, stopped; the model removed says so', () => {
    const t = withOpenHole();
    t.conn.stop();
    expect(resolutions(t.entries)).toEqual([expect.objectContaining({ fills: t.gap.seq, outcome: 'unknown', unchecked: 'stopped' })]);
    expect(t.check.closed).toBe(true);
    expect(t.clock.pending()).toBe(0);
    const u = withOpenHole();
    u.conn.stop('model-removed');
    expect(resolutions(u.entries)).toEqual([expect.objectContaining({ outcome: 'unknown', unchecked: 'model-removed' })]);
  });

  it('the log is cleared during the check: unknown, cleared, at once; the check connection closes', () => {
    const t = withOpenHole();
    t.conn.logCleared();
    expect(resolutions(t.entries)).toEqual([expect.objectContaining({ fills: t.gap.seq, outcome: 'unknown', unchecked: 'cleared' })]);
    expect(t.check.closed).toBe(true);
    expect(t.clock.pending()).toBe(0);
    expect(t.conn.state).toBe('connected');
  });

  it('the model stops (the reconnect answers not running): unknown, model stopped, at once', () => {
    const t = withOpenHole();
    t.main.emit({ kind: 'dropped', message: 'ECONNRESET' });
    t.clock.advance(t.conn.nextRetryAt()! - t.clock.now());
    t.fa.last().emit({ kind: 'not-running', lifecycle: 'stopped', message: "模型 'alpha' 未启动或已停止" });
    expect(resolutions(t.entries)).toEqual([expect.objectContaining({ fills: t.gap.seq, outcome: 'unknown', unchecked: 'model-stopped' })]);
  });

  it('the check connection is told the model is not running / unknown: resolved at once', () => {
    const t = withOpenHole();
    t.check.emit({ kind: 'not-running', lifecycle: 'stopped', message: 'not running' });
    expect(resolutions(t.entries)).toEqual([expect.objectContaining({ outcome: 'unknown', unchecked: 'model-stopped' })]);
    const u = withOpenHole();
    u.check.emit({ kind: 'unknown-model', message: 'unknown' });
    expect(resolutions(u.entries)).toEqual([expect.objectContaining({ outcome: 'unknown', unchecked: 'model-removed' })]);
  });

  it('the server goes away during the check and is not back in time: unknown, server down', () => {
    const t = withOpenHole();
    t.conn.serverDown('server unreachable');
    expect(t.check.closed).toBe(true);
    t.clock.advance(DEADLINE);
    expect(resolutions(t.entries)).toEqual([expect.objectContaining({ fills: t.gap.seq, outcome: 'unknown', unchecked: 'server-down' })]);
  });

  it('the server history no longer holds the stretch: unknown, history changed', () => {
    const t = withOpenHole();
    t.check.emit(at('other', 9, 'history'));
    t.check.emit({ kind: 'history-complete' });
    expect(resolutions(t.entries)).toEqual([expect.objectContaining({ fills: t.gap.seq, outcome: 'unknown', unchecked: 'history-changed' })]);
    expect(t.clock.pending()).toBe(0);
  });

  it('any sequence of replays, drops, reconnects, cuts, clears and time (a simulated v1 server): every gap is resolved exactly once', () => {
    const seen: Record<string, number> = {};
    for (let seed = 1; seed <= 600; seed++) {
      let x = seed;
      const rnd = (n: number) => {
        // mulberry32
        x = (x + 0x6d2b79f5) | 0;
        let r = Math.imul(x ^ (x >>> 15), 1 | x);
        r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
        return ((r ^ (r >>> 14)) >>> 0) % n;
      };
      const t = setup();
      // The server: its history, and each stream's replay (a snapshot of the history taken when the
      // stream opened; then live). Lines printed during a replay never reach that stream: the hole.
      const list: { ts: number; text: string }[] = [];
      const replay = new Map<object, { pos: number; end: number; live: boolean }>();
      const stateOf = (s: object) => {
        let st = replay.get(s);
        if (!st) replay.set(s, (st = { pos: 0, end: list.length, live: false }));
        return st;
      };
      const streamStep = (s: { emit: (e: StreamEvent) => void; closed: boolean }) => {
        const st = stateOf(s);
        if (s.closed || st.live) return;
        const l = st.pos < st.end ? list[st.pos] : undefined;
        st.pos++;
        if (l) s.emit(at(l.text, l.ts, 'history'));
        else {
          st.live = true;
          s.emit({ kind: 'history-complete' });
        }
      };
      t.conn.start();
      for (let i = 0; i < 5; i++) list.push({ ts: i, text: `old ${i}` });
      for (let step = 0; step < 150; step++) {
        const open = t.fa.all.filter((s) => !s.closed);
        const r = rnd(20);
        if (r < 11) {
          const s = open[rnd(Math.max(1, open.length))];
          if (s) streamStep(s);
        } else if (r < 14) {
          // The model prints: live streams get it, replaying ones never do (the hole).
          for (const s of open) stateOf(s);
          const l = { ts: list.length, text: `line ${list.length}` };
          list.push(l);
          for (const s of open) if (stateOf(s).live && !s.closed) s.emit(at(l.text, l.ts, 'live'));
        } else if (r < 16) {
          t.clock.advance(rnd(3000));
        } else if (r === 16) {
          if (rnd(3) === 0) open[rnd(Math.max(1, open.length))]?.emit({ kind: 'dropped', message: 'cut' });
        } else if (r === 17) {
          const k = rnd(6);
          if (k === 0) t.conn.serverDown('gone');
          // The stall detector: drop a stream that may be live and reconnect at once.
          else if (k < 3) t.conn.reconnect();
          else t.conn.nudge();
        } else if (r === 18) {
          if (rnd(6) === 0) t.conn.logCleared();
        } else {
          t.clock.advance(rnd(200));
        }
      }
      const gaps = t.entries.filter((e): e is LogMarker => e.kind === 'marker' && e.marker === 'gap' && e.unverified === true);
      // Whatever state it was left in: within the longest deadline every gap has its one resolution.
      t.clock.advance(DEADLINE + DEADLINE_REPLAY_FACTOR * 3000 * 150);
      const res = resolutions(t.entries);
      for (const g of gaps) expect(res.filter((e) => e.fills === g.seq), `seed ${seed}, gap ${g.seq}`).toHaveLength(1);
      expect(res).toHaveLength(gaps.length);
      // And never a line twice.
      const shown = t.entries.flatMap((e) => (e.kind === 'line' ? [e.text] : []));
      expect(new Set(shown).size, `seed ${seed}`).toBe(shown.length);
      for (const e of res) seen[e.unchecked ?? e.outcome ?? '?'] = (seen[e.unchecked ?? e.outcome ?? '?'] ?? 0) + 1;
      t.conn.stop();
      expect(t.clock.pending()).toBe(0);
    }
    // The runs went through the ordinary outcomes and the abandon paths alike.
    expect(Object.keys(seen)).toEqual(expect.arrayContaining(['recovered', 'complete', 'connection-lost', 'server-down', 'cleared', 'deadline']));
  });
});
