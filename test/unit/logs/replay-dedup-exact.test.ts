// Issue 10 point 1: de-duplication after a reconnect is exact for repeated identical lines in any
// number, at any timestamp resolution (ms, whole seconds, none at all).
import { describe, expect, it } from 'vitest';
import type { IncomingLine } from '../../../main/core/logs/incoming.js';
import { ReplayDedup, type DedupOutput } from '../../../main/core/logs/replay-dedup.js';
import { createRandom } from '../../../main/demo/random.js';
import type { ServerLine } from './sim-server.js';

/**
 * What the logbook does with the de-duplicator's answers: append lines (seq = position + 1, the
 * de-dup reads held texts back by seq as it does from the logbook), count gap markers.
 */
class Book {
  readonly lines: IncomingLine[] = [];
  readonly dedup = new ReplayDedup(1_000_000, (seq) => this.lines[seq - 1]?.text);
  gaps = 0;
  take(out: readonly DedupOutput[]): void {
    for (const d of out) {
      if (d.kind === 'gap') this.gaps++;
      else {
        this.lines.push(d.line);
        this.dedup.noteAppended(d.line, this.lines.length);
      }
    }
  }
  stats() {
    return { gaps: this.gaps };
  }
}
const book = () => new Book();
const held = (lb: Book) => lb.lines.map((l) => `${l.ts}|${l.text}`);
const keys = (list: readonly ServerLine[]) => list.map((l) => `${l.ts}|${l.text}`);

function replay(lb: Book, list: readonly ServerLine[], upTo = list.length): void {
  lb.dedup.beginConnection();
  for (const l of list.slice(0, upTo)) lb.take(lb.dedup.offer({ origin: 'history', ts: l.ts, text: l.text }));
  if (upTo === list.length) lb.take(lb.dedup.endReplay());
}
const live = (lb: Book, lines: readonly ServerLine[]) => {
  for (const l of lines) lb.take(lb.dedup.offer({ origin: 'live', ts: l.ts, text: l.text }));
};

describe('exact de-duplication of repeated identical lines', () => {
  it('100 identical lines in one millisecond survive two reconnects as 100 lines', () => {
    const lb = book();
    const list = Array.from({ length: 100 }, () => ({ ts: 1_795_896_000_123, text: 'same' }));
    replay(lb, list);
    replay(lb, list);
    replay(lb, list);
    expect(held(lb)).toEqual(keys(list));
  });

  it('200 identical lines without timestamps stay 200; new copies after a reconnect are kept', () => {
    const lb = book();
    const list = Array.from({ length: 200 }, () => ({ ts: 0, text: '.' }));
    replay(lb, list);
    replay(lb, list);
    list.push(...Array.from({ length: 30 }, () => ({ ts: 0, text: '.' })));
    replay(lb, list);
    expect(held(lb)).toHaveLength(230);
    expect(lb.stats().gaps).toBe(0);
  });

  it('a live run of identical lines longer than any window, then a reconnect with more copies', () => {
    const lb = book();
    const list: ServerLine[] = [{ ts: 0, text: 'start' }];
    replay(lb, list);
    const tick = Array.from({ length: 500 }, () => ({ ts: 0, text: 'tick' }));
    list.push(...tick);
    live(lb, tick);
    list.push(...Array.from({ length: 7 }, () => ({ ts: 0, text: 'tick' })), { ts: 0, text: 'end' });
    replay(lb, list);
    expect(held(lb)).toEqual(keys(list));
  });

  it('whole-second timestamps: repeated request lines across reconnects', () => {
    const lb = book();
    const list: ServerLine[] = [];
    for (let s = 0; s < 5; s++) for (let i = 0; i < 90; i++) list.push({ ts: 1_795_896_000_000 + s * 1000, text: i % 3 === 0 ? 'GET /v1/models 200' : 'POST /v1/chat/completions 200' });
    replay(lb, list, 130); // dropped mid-replay
    replay(lb, list);
    replay(lb, list);
    expect(held(lb)).toEqual(keys(list));
  });

  const MODES = ['ms', 'second', 'none'] as const;
  const SEEDS = Array.from({ length: 12 }, (_, i) => 4242 + i * 977);
  it.each(MODES.flatMap((m) => SEEDS.map((s) => [m, s] as const)))('random reconnects (%s timestamps, seed %i): the logbook equals the server list', (mode, seed) => {
    const rnd = createRandom(seed);
    const pick = (n: number) => Math.floor(rnd() * n);
    const lb = book();
    const list: ServerLine[] = [];
    let t = 1_795_896_000_000;
    const produce = (): ServerLine[] => {
      const made: ServerLine[] = [];
      const n = rnd() < 0.1 ? 50 + pick(250) : 1 + pick(5);
      const text = ['.', 'tick', 'GET /health 200', `line ${pick(1000)}`][pick(4)] ?? '.';
      for (let i = 0; i < n; i++) {
        t += rnd() < 0.3 ? 0 : pick(400);
        const ts = mode === 'ms' ? t : mode === 'second' ? Math.floor(t / 1000) * 1000 : 0;
        made.push({ ts, text: rnd() < 0.7 ? text : `other ${pick(5)}` });
      }
      list.push(...made);
      return made;
    };
    let connected = false;
    for (let step = 0; step < 200; step++) {
      const r = rnd();
      if (!connected) {
        if (r < 0.3) produce();
        else if (r < 0.4 && list.length > 0) replay(lb, list, pick(list.length)); // dropped mid-replay
        else {
          replay(lb, list);
          connected = true;
        }
      } else if (r < 0.15) connected = false;
      else live(lb, produce());
    }
    replay(lb, list);
    expect(held(lb)).toEqual(keys(list));
    expect(lb.stats().gaps).toBe(0);
  });
});
