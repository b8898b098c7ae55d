import { describe, expect, it } from 'vitest';
import { Logbook, MAX_OPEN_HOLES } from '../../../main/core/logs/logbook.js';
import type { LogEntry, LogLine } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { readFixture } from './fixture-frames.js';
import { HoleScan, type HoleLine } from '../../../main/core/logs/replay-hole.js';
import { inViewOrder } from '../../../renderer/src/stores/log-placement.js';
import { SimServer, connect, lineTexts, live, markers, shape } from './sim-server.js';

function make(cap = 20_000): { lb: Logbook; clock: FakeClock } {
  const clock = new FakeClock();
  return { lb: new Logbook({ key: 'srv/model', cap, clock }), clock };
}

describe('first connection', () => {
  it('appends the whole replay as history, one history-complete marker, then live lines', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(5);
    const out = connect(lb, server);
    expect(shape(out)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', '[history-complete]']);
    expect(out.filter((e): e is LogLine => e.kind === 'line').every((l) => l.origin === 'history')).toBe(true);
    const more = live(lb, server.produce(2));
    expect(shape(more)).toEqual(['line 6', 'line 7']);
    expect((more[0] as LogLine).origin).toBe('live');
    // seqs strictly increase and entries() mirrors what was returned
    const all = lb.entries();
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(lb.lastSeq()).toBe(8);
    expect(lb.entries(6).map((e) => e.seq)).toEqual([7, 8]);
    expect(lb.entries(8)).toEqual([]);
  });

  it('keeps full timestamp precision', () => {
    const { lb } = make();
    const out = lb.ingest({ origin: 'history', ts: 1795895970.1167326 * 1000, text: 'x' });
    expect((out[0] as LogLine).ts).toBe(1795895970.1167326 * 1000);
  });

  it('a live line without historical_complete ends the replay itself', () => {
    const { lb } = make();
    lb.beginConnection();
    lb.ingest({ origin: 'history', ts: 1, text: 'a' });
    expect(shape(lb.ingest({ origin: 'live', ts: 2, text: 'b' }))).toEqual(['[history-complete]', 'b']);
  });
});

describe('reconnect with a full replay', () => {
  it('adds zero duplicates and no second history-complete marker', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(10);
    connect(lb, server);
    live(lb, server.produce(5));
    const before = lb.entries().length;
    expect(connect(lb, server)).toEqual([]);
    expect(lb.entries().length).toBe(before);
  });

  it('recovers lines produced while disconnected, in server order, as history', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(10);
    connect(lb, server);
    live(lb, server.produce(3));
    server.produce(4, 'while-away');
    const out = connect(lb, server);
    expect(shape(out)).toEqual(['while-away 14', 'while-away 15', 'while-away 16', 'while-away 17']);
    expect(out.every((e) => e.kind === 'line' && e.origin === 'history')).toBe(true);
    expect(lineTexts(lb.entries())).toEqual(server.list.map((l) => l.text));
  });

  it('handles a disconnect in the middle of a replay', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(20);
    lb.beginConnection();
    for (const l of server.list.slice(0, 8)) lb.ingest({ origin: 'history', ts: l.ts, text: l.text });
    // dropped mid-replay; more lines meanwhile
    server.produce(3);
    connect(lb, server);
    expect(lineTexts(lb.entries())).toEqual(server.list.map((l) => l.text));
    expect(markers(lb.entries())).toEqual(['history-complete']);
  });

  it('counts equal fingerprints by position (two identical lines at the same instant)', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(3);
    const twin = { ts: server.now() + 1, text: 'same' };
    server.push(twin);
    connect(lb, server);
    server.push(twin); // the same text at the same µs, appended after we disconnected
    server.produce(1);
    const out = connect(lb, server);
    expect(shape(out)).toEqual(['same', 'line 4']);
    expect(lineTexts(lb.entries())).toEqual(server.list.map((l) => l.text));
  });

  it('tolerates the two reader threads reordering lines around the anchor', () => {
    const { lb } = make();
    const server = new SimServer();
    const [a, b, c] = server.produce(3);
    if (!a || !b || !c) throw new Error('setup');
    // We received b before c live; the server's list holds c before b (appended in the other order).
    connect(lb, { list: [a] } as SimServer);
    live(lb, [c, b]);
    server.list = [a, b, c];
    const next = server.produce(2);
    const out = connect(lb, server);
    expect(lineTexts(out)).toEqual(next.map((l) => l.text));
  });
});

describe('replay hole (v1/v2 point 3)', () => {
  /** What a second connection opened now would replay: the server's whole history. */
  const scanNow = (lb: Logbook, server: SimServer, seq: number): readonly HoleLine[] => {
    const hole = lb.openHoles().find((h) => h.markerSeq === seq);
    if (!hole) throw new Error('no such hole');
    const scan = new HoleScan(hole);
    for (const l of server.list) scan.offer(l);
    const now = lb.openHoles().find((h) => h.markerSeq === seq);
    const r = scan.result(now?.after ?? null, now?.afterRun);
    if (r.kind !== 'found') throw new Error('hole not found in the replay');
    return r.lines;
  };

  it('every replay, however short, opens an unverified gap right after the history', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(3);
    connect(lb, server);
    const gap = lb.openReplayHole();
    expect(shape(gap)).toEqual(['[gap:replay-hole]']);
    expect(gap[0]).toMatchObject({ kind: 'marker', unverified: true });
    // Not counted as a gap: it is a question, not a loss (yet).
    expect(lb.stats().gaps).toBe(0);
  });

  it('a line printed during a short replay is recovered in place: fresh seq, recovered, fills the gap', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(3);
    connect(lb, server);
    server.produce(1, 'swallowed'); // printed while the 3-line replay ran: never sent to this connection
    const [gap] = lb.openReplayHole();
    if (!gap) throw new Error('no gap');
    const liveLines = live(lb, server.produce(2, 'tick'));
    expect(lineTexts(liveLines)).toEqual(['tick 5', 'tick 6']);
    const found = scanNow(lb, server, gap.seq);
    expect(found.map((l) => l.text)).toEqual(['swallowed 4']);
    const settled = lb.resolveHole(gap.seq, found);
    expect(shape(settled)).toEqual(['swallowed 4', '[gap-resolved]']);
    const rec = settled[0] as LogLine;
    expect(rec).toMatchObject({ recovered: true, fills: gap.seq, origin: 'live' });
    expect(rec.seq).toBeGreaterThan(lb.entries().find((e) => e.kind === 'line' && e.text === 'tick 6')?.seq ?? Infinity);
    expect(settled[1]).toMatchObject({ marker: 'gap-resolved', fills: gap.seq, recovered: 1, outcome: 'recovered' });
    // The buffered gap now says it was settled.
    const held = lb.entries().find((e) => e.seq === gap.seq);
    expect(held).toMatchObject({ marker: 'gap', recovered: 1 });
    expect(held && 'unverified' in held).toBe(false);
    // In view order every server line is there exactly once, in server order.
    expect(lineTexts(inViewOrder(lb.entries()))).toEqual(server.list.map((l) => l.text));
    expect(lb.openHoles()).toEqual([]);
  });

  it('nothing swallowed: the check confirms the gap complete', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(3);
    connect(lb, server);
    const [gap] = lb.openReplayHole();
    if (!gap) throw new Error('no gap');
    live(lb, server.produce(2));
    const found = scanNow(lb, server, gap.seq);
    expect(found).toEqual([]);
    expect(lb.resolveHole(gap.seq, found)).toMatchObject([{ marker: 'gap-resolved', fills: gap.seq, recovered: 0, outcome: 'complete' }]);
    expect(lb.stats().gaps).toBe(0);
  });

  it('a late live copy of a recovered line is never appended twice', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(2);
    connect(lb, server);
    const [gap] = lb.openReplayHole();
    if (!gap) throw new Error('no gap');
    const [late] = server.produce(1, 'in-flight');
    if (!late) throw new Error('setup');
    // No live line yet: the stretch after the hole is open and the check takes it as swallowed…
    lb.resolveHole(gap.seq, scanNow(lb, server, gap.seq), true);
    // …then the live feed delivers it after all: dropped, not duplicated.
    expect(live(lb, [late])).toEqual([]);
    expect(lineTexts(lb.entries())).toEqual(['line 1', 'line 2', 'in-flight 3']);
  });

  it('an open hole is settled by the next reconnect when the check connection never finished', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(3);
    connect(lb, server);
    server.produce(2, 'swallowed');
    const [gap] = lb.openReplayHole();
    if (!gap) throw new Error('no gap');
    live(lb, server.produce(1, 'tick'));
    // dropped; the reconnect's own replay holds the swallowed lines (before our anchor)
    const out = connect(lb, server);
    expect(shape(out)).toEqual(['swallowed 4', 'swallowed 5', '[gap-resolved]']);
    expect(out.slice(0, 2).every((e) => e.kind === 'line' && e.recovered === true && e.fills === gap.seq)).toBe(true);
    expect(lineTexts(inViewOrder(lb.entries()))).toEqual(server.list.map((l) => l.text));
  });

  it('no live line before the reconnect: the new replay delivers the lines itself and the gap is confirmed', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(3);
    connect(lb, server);
    lb.openReplayHole();
    server.produce(2, 'during-replay');
    const out = connect(lb, server);
    expect(shape(out)).toEqual(['during-replay 4', 'during-replay 5', '[gap-resolved]']);
    expect(out[2]).toMatchObject({ recovered: 0 });
  });

  it('a hole that cannot be checked stays a gap, counts as one, and is resolved with outcome unknown and the reason', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(3);
    connect(lb, server);
    const [gap] = lb.openReplayHole();
    if (!gap) throw new Error('no gap');
    const out = lb.abandonHole(gap.seq, 'history-changed');
    expect(out).toEqual([
      { kind: 'marker', seq: gap.seq + 1, key: 'srv/model', ts: expect.any(Number), marker: 'gap-resolved', fills: gap.seq, outcome: 'unknown', unchecked: 'history-changed' },
    ]);
    expect(lb.openHoles()).toEqual([]);
    expect(lb.stats().gaps).toBe(1);
    // The buffered gap no longer says a check is under way; it says why it could not be checked.
    const held = lb.entries().find((e) => e.seq === gap.seq);
    expect(held).toMatchObject({ marker: 'gap', reason: 'replay-hole', outcome: 'unknown', unchecked: 'history-changed' });
    expect(held && 'unverified' in held).toBe(false);
    expect(held && 'recovered' in held).toBe(false);
    // Once only: the hole is gone.
    expect(lb.abandonHole(gap.seq, 'deadline')).toEqual([]);
  });

  it(`more than ${MAX_OPEN_HOLES} holes waiting: the oldest is resolved as unknown (too many), not left checking`, () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(3);
    connect(lb, server);
    const gaps: number[] = [];
    const resolved: LogEntry[] = [];
    for (let i = 0; i <= MAX_OPEN_HOLES; i++) {
      // Replays that never come back to the lines before the holes: nothing settles them.
      lb.beginConnection();
      lb.historyComplete();
      const out = lb.openReplayHole();
      gaps.push(out[0]?.seq ?? -1);
      resolved.push(...out.slice(1));
    }
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ marker: 'gap-resolved', fills: gaps[0], outcome: 'unknown', unchecked: 'too-many' });
    expect(lb.openHoles().map((h) => h.markerSeq)).toEqual(gaps.slice(1));
    expect(lb.abandonAllHoles('stopped').map((e) => (e.kind === 'marker' ? [e.fills, e.unchecked] : null))).toEqual(gaps.slice(1).map((g) => [g, 'stopped']));
    expect(lb.openHoles()).toEqual([]);
  });

  it('the real late-client capture: the marker sits exactly where the early client saw the missing lines', () => {
    const early = readFixture('v1-seed-burst-early-client.sse');
    const late = readFixture('v1-seed-burst-late-client.sse');
    const { lb } = make();
    lb.beginConnection();
    let historical = 0;
    for (const f of late) {
      if (f.kind === 'line') {
        if (f.line.origin === 'history') historical++;
        lb.ingest(f.line);
      } else if (f.kind === 'complete') {
        lb.historyComplete();
        lb.openReplayHole();
      }
    }
    expect(historical).toBeGreaterThan(0);
    const got = lb.entries();
    const hole = got.findIndex((e) => e.kind === 'marker' && e.reason === 'replay-hole');
    expect(hole).toBeGreaterThan(0);
    const before = lineTexts(got.slice(0, hole));
    const after = lineTexts(got.slice(hole));
    const earlyTexts = early.flatMap((f) => (f.kind === 'line' ? [f.line.text] : []));
    // Everything before the marker is a prefix of the early client's view, everything after a suffix:
    // the lines in between are exactly the ones the late client never received.
    expect(earlyTexts.slice(0, before.length)).toEqual(before);
    expect(earlyTexts.slice(earlyTexts.length - after.length)).toEqual(after);
    expect(earlyTexts.length - before.length - after.length).toBe(105);
    // The early client's view is what a second connection's replay holds: it brings back exactly those.
    const gapSeq = got[hole]?.seq ?? -1;
    const bounds = lb.openHoles().find((h) => h.markerSeq === gapSeq);
    if (!bounds) throw new Error('hole not open');
    const scan = new HoleScan(bounds);
    for (const f of early) if (f.kind === 'line') scan.offer(f.line);
    const r = scan.result(bounds.after, bounds.afterRun);
    expect(r.kind === 'found' && r.closed ? r.lines.map((l) => l.text) : null).toEqual(
      earlyTexts.slice(before.length, earlyTexts.length - after.length),
    );
  });
});

describe('server history changed under us', () => {
  it('server cleared (shorter history): one gap marker, new lines kept', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(10);
    connect(lb, server);
    server.list = []; // someone cleared it from another client
    server.produce(3, 'fresh');
    const out = connect(lb, server);
    expect(shape(out)).toEqual(['[gap:server-cleared]', 'fresh 11', 'fresh 12', 'fresh 13']);
    // reported once: the next reconnect is a plain dedup against the new anchor
    expect(connect(lb, server)).toEqual([]);
  });

  it('server restarted with a different history: gap marker, nothing older than our last line', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(10);
    connect(lb, server);
    const other = new SimServer(1_795_895_000_000); // older timestamps, unknown lines
    other.produce(4, 'old-other');
    const last = server.list[server.list.length - 1];
    if (!last) throw new Error('setup');
    const newer = [{ ts: last.ts + 50, text: 'new-a' }, { ts: last.ts + 60, text: 'new-b' }];
    server.list = [...other.list, ...newer];
    const out = connect(lb, server);
    expect(shape(out)).toEqual(['[gap:server-restarted]', 'new-a', 'new-b']);
  });

  it('takes a restart hint from the connection layer', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(3);
    connect(lb, server);
    server.list = [];
    lb.beginConnection({ serverRestarted: true });
    expect(shape(lb.historyComplete())).toEqual(['[gap:server-restarted]']);
    // still missing on the next connection: not reported again
    expect(connect(lb, server)).toEqual([]);
  });

  it('an anchor still missing after many replayed lines resolves early (bounded pending buffer)', () => {
    const { lb } = make(50);
    const server = new SimServer();
    server.produce(10);
    connect(lb, server);
    server.list = [];
    server.produce(200, 'after-restart');
    lb.beginConnection();
    const out: LogEntry[] = [];
    for (const l of server.list) out.push(...lb.ingest({ origin: 'history', ts: l.ts, text: l.text }));
    // resolved before historical_complete, without holding more than `cap` lines
    expect(markers(out)).toEqual(['gap:server-cleared']);
    expect(lineTexts(out)).toEqual(server.list.map((l) => l.text));
    expect(lb.historyComplete()).toEqual([]);
  });
});

describe('clear', () => {
  it('clearLocal then reconnect does not resurrect lines; history-complete shows again', () => {
    const { lb } = make();
    const server = new SimServer();
    server.produce(10);
    connect(lb, server);
    live(lb, server.produce(2));
    lb.clearLocal();
    expect(lb.entries()).toEqual([]);
    expect(lb.stats().buffered).toBe(0);
    server.produce(1, 'new');
    const out = connect(lb, server);
    expect(shape(out)).toEqual(['new 13', '[history-complete]']);
  });

  it('serverCleared(0): empty view, no gap marker on the next (empty) replay', () => {
    const { lb, clock } = make();
    const server = new SimServer(clock.now() - 60_000);
    server.produce(10);
    connect(lb, server);
    lb.serverCleared(0);
    server.list = [];
    expect(lb.entries()).toEqual([]);
    expect(connect(lb, server)).toEqual([]);
    server.produce(2, 'after-clear');
    expect(shape(connect(lb, server))).toEqual(['after-clear 11', 'after-clear 12']);
    expect(lb.stats().gaps).toBe(0);
  });

  it('serverCleared(keep N): keeps recent lines and the replay of what the server kept is not duplicated', () => {
    const { lb, clock } = make();
    const server = new SimServer(clock.now() - 30 * 60_000);
    server.produce(5, 'old'); // ~30 min ago
    server.list.push(...[1, 2, 3].map((i) => ({ ts: clock.now() - 60_000 + i, text: `recent ${i}` })));
    connect(lb, server);
    lb.serverCleared(10);
    server.list = server.list.filter((l) => l.ts >= clock.now() - 10 * 60_000);
    expect(lineTexts(lb.entries())).toEqual(['recent 1', 'recent 2', 'recent 3']);
    expect(connect(lb, server)).toEqual([]);
  });
});

describe('v3 line ids', () => {
  it('dedupes by id: overlapping backfill and the subscribe/backfill double', () => {
    const { lb } = make();
    const mk = (id: number) => ({ origin: 'live' as const, ts: 1000 + id, text: `l${id}`, id });
    lb.beginConnection();
    const first = [1, 2, 3, 3, 4].flatMap((id) => lb.ingest(mk(id)));
    expect(lineTexts(first)).toEqual(['l1', 'l2', 'l3', 'l4']);
    expect((first[0] as LogLine).serverId).toBe(1);
    lb.beginConnection(); // backfill again (last 2048 lines), then new ones
    const second = [2, 3, 4, 5, 9].flatMap((id) => lb.ingest(mk(id)));
    expect(lineTexts(second)).toEqual(['l5', 'l9']);
    // a v3 connection never produces a "server cleared" guess
    expect(markers(lb.historyComplete())).toEqual(['history-complete']);
  });

  it('ids that start over (the server database was reset) are new lines after a marker, not duplicates', () => {
    const { lb } = make();
    const at = (id: number, ts: number) => ({ origin: 'live' as const, ts, text: `l${id}@${ts}`, id });
    lb.beginConnection();
    for (let id = 100; id < 110; id++) lb.ingest(at(id, 1_000_000 + id));
    // A late line flushed in the same second with a lower id is still a duplicate.
    expect(lb.ingest(at(105, 1_000_900))).toEqual([]);
    lb.beginConnection(); // the server came back with an empty database: ids from 1, times newer
    const fresh = [1, 2, 3].flatMap((id) => lb.ingest(at(id, 2_000_000 + id)));
    expect(shape(fresh)).toEqual(['[gap:server-restarted]', 'l1@2000001', 'l2@2000002', 'l3@2000003']);
    // …and the new numbering dedupes as usual from then on.
    expect(lb.ingest(at(2, 2_000_002))).toEqual([]);
  });

  it('a v3 connection that brings no lines (a brand-new session) is not a server clear', () => {
    const { lb } = make();
    lb.beginConnection({ ids: true });
    lb.ingest({ origin: 'history', ts: 1, text: 'a', id: 10 });
    lb.historyComplete();
    lb.beginConnection({ ids: true });
    expect(lb.historyComplete()).toEqual([]);
    expect(lb.stats().gaps).toBe(0);
  });

  it('a slow v3 backfill is not a replay hole', () => {
    const { lb } = make();
    lb.beginConnection();
    lb.ingest({ origin: 'history', ts: 1, text: 'a', id: 10 });
    lb.historyComplete();
    expect(lb.openReplayHole()).toEqual([]);
    expect(shape(lb.ingest({ origin: 'live', ts: 2, text: 'b', id: 11 }))).toEqual(['b']);
  });

  it('passes the v3 capture through without duplicates', () => {
    const { lb } = make();
    const lines = readFixture('v3-session-stream-burst.sse').flatMap((f) => (f.kind === 'line' ? [f.line] : []));
    lb.beginConnection();
    for (const l of lines) lb.ingest(l);
    lb.beginConnection();
    for (const l of lines) expect(lb.ingest(l)).toEqual([]);
    expect(lb.stats().lines.total).toBe(lines.length);
  });
});

describe('cap and eviction', () => {
  it('evicts the oldest, counts it, and dedup stays right after eviction', () => {
    const { lb } = make(10);
    const server = new SimServer();
    server.produce(50);
    connect(lb, server);
    const s = lb.stats();
    // the cap counts entries: 50 lines + the history-complete marker in 10 slots
    expect(s.buffered).toBe(9);
    expect(s.evicted).toBe(41);
    expect(connect(lb, server)).toEqual([]);
    server.produce(3);
    expect(lineTexts(connect(lb, server))).toEqual(['line 51', 'line 52', 'line 53']);
    expect(lineTexts(lb.entries())).toEqual(server.list.slice(-9).map((l) => l.text));
  });

  it('entries() leads with an evicted marker carrying the count', () => {
    const { lb } = make(5);
    const server = new SimServer();
    server.produce(8);
    // live lines without a replay: seq 1 is the (implicit) history-complete marker
    live(lb, server.list);
    const all = lb.entries();
    expect(all[0]).toMatchObject({ kind: 'marker', marker: 'gap', reason: 'evicted', missing: 3, seq: 4 });
    expect(all.slice(1).map((e) => e.seq)).toEqual([5, 6, 7, 8, 9]);
    expect(lb.entries(4).map((e) => e.seq)).toEqual([5, 6, 7, 8, 9]);
    expect(lb.entries(1)[0]).toMatchObject({ reason: 'evicted' });
  });

  it('the evicted marker carries the local time of the last drop, also when the clock moves within one synchronous run', async () => {
    const { lb, clock } = make(3);
    const t0 = clock.now();
    lb.beginConnection();
    const ingest = (i: number): void => void lb.ingest({ origin: 'history', ts: 1_795_896_000_000 + i, text: `line ${i}` });
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      ingest(i);
      // Asked for within the run: the time of the drop just made.
      if (i === 5) expect(lb.entries()[0]).toMatchObject({ reason: 'evicted', missing: 3, ts: t0 + 6000 });
    }
    expect(lb.entries()[0]).toMatchObject({ kind: 'marker', reason: 'evicted', missing: 7, seq: 7, ts: t0 + 10_000 });
    // Read once the run is over: a later clock does not move it, a later drop does.
    ingest(10);
    await Promise.resolve();
    clock.advance(5000);
    expect(lb.entries()[0]).toMatchObject({ missing: 8, ts: t0 + 10_000 });
    ingest(11);
    await Promise.resolve();
    expect(lb.entries()[0]).toMatchObject({ missing: 9, ts: t0 + 15_000 });
  });

  it('a page (seq < beforeSeq, the newest `limit`) is exactly that slice of the whole list, evicted marker included', () => {
    const { lb } = make(20);
    const server = new SimServer();
    server.produce(50);
    live(lb, server.list);
    const whole = (after?: number) => lb.entries(after);
    const seqs = (l: readonly LogEntry[]) => l.map((e) => e.seq);
    // The page as the window used to cut it from the whole list.
    const reference = (after: number | undefined, beforeSeq: number | undefined, limit: number | undefined) => {
      let l = whole(after).filter((e) => beforeSeq === undefined || e.seq < beforeSeq);
      if (limit !== undefined && l.length > limit) l = l.slice(l.length - limit);
      return seqs(l);
    };
    expect(seqs(whole())).toContain(31); // the evicted marker (seq 31) leads the 20 held lines
    let checked = 0;
    for (const after of [undefined, 0, 30, 31, 35, 51, 60]) {
      for (const beforeSeq of [undefined, 1, 31, 32, 40, 51, 52, 100]) {
        for (const limit of [undefined, 1, 5, 19, 20, 21, 100]) {
          expect(seqs(lb.entries(after, { beforeSeq, limit })), `after ${after}, before ${beforeSeq}, limit ${limit}`).toEqual(reference(after, beforeSeq, limit));
          checked++;
        }
      }
    }
    expect(checked).toBe(7 * 8 * 7);
    expect(seqs(lb.entries(undefined, { limit: 3 }))).toEqual([49, 50, 51]);
  });

  it('setCap shrinks (evicting) and grows', () => {
    const { lb } = make(100);
    const server = new SimServer();
    live(lb, server.produce(30));
    lb.setCap(10);
    expect(lb.stats()).toMatchObject({ buffered: 10, evicted: 20 });
    lb.setCap(50);
    live(lb, server.produce(30));
    expect(lb.stats()).toMatchObject({ buffered: 40, evicted: 20 });
  });
});

describe('statistics', () => {
  it('counts by origin and level, groups errors by signature, tracks unread errors', () => {
    const { lb } = make();
    lb.beginConnection();
    const t = 1_795_896_000_000;
    lb.ingest({ origin: 'history', ts: t, text: 'WARNING: something' });
    lb.ingest({ origin: 'history', ts: t + 1, text: 'ERROR: CUDA error: out of memory' });
    lb.ingest({ origin: 'history', ts: t + 2, text: '  current device: 0, in function x' });
    lb.historyComplete();
    lb.ingest({ origin: 'live', ts: t + 5000, text: 'main: server is listening on http://127.0.0.1:1' });
    lb.ingest({ origin: 'live', ts: t + 6000, text: 'cudaMalloc failed: out of memory' });
    const fatal = lb.ingest({ origin: 'live', ts: t + 7000, text: 'FATAL: crashed' });
    const s = lb.stats();
    expect(s.lines).toEqual({ total: 6, history: 3, live: 3, byLevel: { error: 4, warning: 1, success: 1, info: 0 } });
    expect(s.unreadErrors).toBe(3); // the continuation does not count
    expect(lb.unreadErrors()).toBe(3);
    expect(s.lastError).toEqual({ ts: t + 7000, text: 'FATAL: crashed', seq: (fatal[0] as LogLine).seq, signature: 'fatal' });
    const oom = s.errorGroups.find((g) => g.signature === 'cuda-oom');
    expect(oom).toMatchObject({ count: 2, firstSeen: t + 1, lastSeen: t + 6000, example: 'ERROR: CUDA error: out of memory', exampleSeq: 2, hintKey: 'hint.cuda-oom' });
    expect(oom?.hint).toMatch(/context size/);
    expect(s.errorGroups.map((g) => g.signature)).toEqual(['fatal', 'cuda-oom']);
    lb.acknowledge();
    expect(lb.unreadErrors()).toBe(0);
    lb.ingest({ origin: 'live', ts: t + 8000, text: 'Killed' });
    expect(lb.unreadErrors()).toBe(1);
  });

  it('live lines per second over the last 10 s, on the injected clock', () => {
    const { lb, clock } = make();
    const server = new SimServer();
    for (let s = 0; s < 10; s++) {
      live(lb, server.produce(5));
      clock.advance(1000);
    }
    // the last 10 s hold 9 full seconds of 5 lines + the current empty second
    expect(lb.stats().linesPerSecond).toBeCloseTo(4.5, 5);
    lb.ingest({ origin: 'history', ts: 1, text: 'history does not count' });
    expect(lb.stats().linesPerSecond).toBeCloseTo(4.5, 5);
    clock.advance(30_000);
    expect(lb.stats().linesPerSecond).toBe(0);
  });

  it('explicit gaps are markers, counted, and break continuation', () => {
    const { lb } = make();
    lb.ingest({ origin: 'live', ts: 1, text: 'Traceback (most recent call last):' });
    expect(shape(lb.gap('v3-drop', 84))).toEqual(['[gap:v3-drop]']);
    expect(lb.entries().at(-1)).toMatchObject({ missing: 84 });
    const after = lb.ingest({ origin: 'live', ts: 2, text: '  File "x.py", line 1' });
    expect((after[0] as LogLine).continuation).toBeUndefined();
    expect(lb.stats().gaps).toBe(1);
  });
});
