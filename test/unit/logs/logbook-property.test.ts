// Randomized: a v1/v2 server whose history grows while the client disconnects and reconnects at random
// points (mid-replay, mid-live, while idle), each connection replaying the full history.
import { describe, expect, it } from 'vitest';
import { Logbook } from '../../../main/core/logs/logbook.js';
import type { LogLine } from '../../../main/core/types.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import type { ServerLine } from './sim-server.js';
import { inViewOrder } from '../../../renderer/src/stores/log-placement.js';
import { createRandom as mulberry32 } from '../../../main/demo/random.js';

interface SimOptions {
  seed: number;
  cap: number;
  steps: number;
  /** Lines may be produced during a replay (and then are missed by that connection). */
  holes: boolean;
  clearLocalSometimes: boolean;
}

interface SimResult {
  server: ServerLine[];
  lb: Logbook;
  clears: number;
  /** Server lines appended before the last clearLocal (they must never come back). */
  clearedUpTo: number;
}

const TEXTS = ['tick', 'srv  log_server_r: request: GET /v1/models 127.0.0.1 200', 'WARNING: slot 1 context shift', 'ERROR: CUDA error: out of memory', '  current device: 0'];

function simulate(o: SimOptions): SimResult {
  const rnd = mulberry32(o.seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const clock = new FakeClock();
  const lb = new Logbook({ key: 's/m', cap: o.cap, clock });
  const server: ServerLine[] = [];
  let t = 1_795_896_000_000.5;
  let n = 0;
  const produce = (): ServerLine[] => {
    const made: ServerLine[] = [];
    const count = 1 + pick(4);
    for (let i = 0; i < count; i++) {
      const r = rnd();
      const last = server[server.length - 1];
      let line: ServerLine;
      if (r < 0.08 && last) line = { ...last }; // identical twin: same µs, same text
      else if (r < 0.16 && last) line = { ts: last.ts, text: `same-ts ${++n}` }; // same instant, other text
      else if (r < 0.3) line = { ts: (t += 0.0031), text: TEXTS[pick(TEXTS.length)] ?? 'x' }; // repeated texts
      else line = { ts: (t += 0.5 + rnd() * 900), text: `line ${++n}` };
      server.push(line);
      made.push(line);
    }
    clock.advance(1 + pick(500));
    return made;
  };

  type State = { kind: 'down' } | { kind: 'replay'; snapshot: ServerLine[]; i: number } | { kind: 'live' };
  let state: State = { kind: 'down' };
  let clears = 0;
  let clearedUpTo = 0;

  for (let step = 0; step < o.steps; step++) {
    const r = rnd();
    if (state.kind === 'down') {
      if (r < 0.4) produce();
      else {
        lb.beginConnection();
        state = { kind: 'replay', snapshot: server.slice(), i: 0 };
      }
    } else if (state.kind === 'replay') {
      if (r < 0.1) state = { kind: 'down' };
      else if (o.holes && r < 0.25) produce(); // produced during the replay: never delivered to this connection
      else {
        const k = 1 + pick(20);
        const end = Math.min(state.snapshot.length, state.i + k);
        for (; state.i < end; state.i++) {
          const l = state.snapshot[state.i];
          if (l) lb.ingest({ origin: 'history', ts: l.ts, text: l.text });
        }
        if (state.i >= state.snapshot.length) {
          lb.historyComplete();
          if (o.holes) lb.openReplayHole();
          state = { kind: 'live' };
        }
      }
    } else {
      if (r < 0.12) state = { kind: 'down' };
      else if (o.clearLocalSometimes && r < 0.16) {
        lb.clearLocal();
        clears++;
        clearedUpTo = server.length;
      } else for (const l of produce()) lb.ingest({ origin: 'live', ts: l.ts, text: l.text });
    }
  }
  // Final full connection so everything produced is delivered.
  lb.beginConnection();
  for (const l of server) lb.ingest({ origin: 'history', ts: l.ts, text: l.text });
  lb.historyComplete();
  return { server, lb, clears, clearedUpTo };
}

const key = (l: { ts: number; text: string }) => `${l.ts}|${l.text}`;
const held = (lb: Logbook) => lb.entries().filter((e): e is LogLine => e.kind === 'line').map(key);

const SEEDS = Array.from({ length: 25 }, (_, i) => 1000 + i * 7919);

describe('logbook property: exactly once across random reconnects', () => {
  it.each(SEEDS)('seed %i: the logbook equals the server history exactly', (seed) => {
    const { server, lb } = simulate({ seed, cap: 1_000_000, steps: 600, holes: false, clearLocalSometimes: false });
    expect(server.length).toBeGreaterThan(100);
    expect(held(lb)).toEqual(server.map(key));
    expect(lb.stats().gaps).toBe(0);
    expect(lb.entries().filter((e) => e.kind === 'marker').length).toBe(1); // the one history-complete
  });

  it.each(SEEDS.slice(0, 10))('seed %i: with a small cap the buffer is the exact tail and nothing was appended twice', (seed) => {
    const { server, lb } = simulate({ seed, cap: 37, steps: 600, holes: false, clearLocalSometimes: false });
    const s = lb.stats();
    expect(s.lines.total).toBe(server.length);
    const h = held(lb);
    expect(h).toEqual(server.slice(server.length - h.length).map(key));
    expect(s.buffered + s.evicted).toBe(server.length);
  });

  it.each(SEEDS.slice(0, 10))('seed %i: clearLocal never brings cleared lines back and loses nothing after it', (seed) => {
    const { server, lb, clears, clearedUpTo } = simulate({ seed, cap: 1_000_000, steps: 600, holes: false, clearLocalSometimes: true });
    expect(lb.stats().lines.total).toBe(server.length);
    if (clears > 0) expect(held(lb)).toEqual(server.slice(clearedUpTo).map(key));
  });

  it.each(SEEDS.slice(0, 10))('seed %i: with replay holes every swallowed line is recovered in place: the view equals the server history', (seed) => {
    const { server, lb } = simulate({ seed, cap: 1_000_000, steps: 600, holes: true, clearLocalSometimes: false });
    const view = inViewOrder(lb.entries()).filter((e): e is LogLine => e.kind === 'line').map(key);
    expect(lb.entries().some((e) => e.kind === 'line' && e.recovered === true)).toBe(true);
    expect(lb.openHoles()).toEqual([]);
    expect(view).toEqual(server.map(key));
    expect(lb.stats().gaps).toBe(0);
  });
});
