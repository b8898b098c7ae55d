// Issue 10 points 4 and 5 and the seeded fuzzing: what a hostile byte stream can do to the SSE path.
// Memory is bounded by bytes (line cut, frame cap), lone CRs end frames at once, string timestamps are
// parsed, and mutated/truncated/re-split real captures never throw out of a connection.
import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../main/core/ports.js';
import {
  cutLongLine,
  decodeV1Frame,
  decodeV3Line,
  MAX_LINE_CHARS,
  parseTimestamp,
} from '../../../main/core/stream/frame-decoder.js';
import { dotSegmentProblem, pathSegment } from '../../../main/core/stream/http-client.js';
import { openSse, type SseEnd } from '../../../main/core/stream/sse-connection.js';
import { loadCaptures, mulberry32, randomChunks, throughLimiter } from './fixtures.js';

const limited = (chunks: Uint8Array[], max?: number, fastPath = true): string => throughLimiter(chunks, max, fastPath).toString('utf8');

const enc = new TextEncoder();

/** A fetch whose body is the given chunks, then (unless `hold`) the end of the stream. */
function streamFetch(chunks: readonly Uint8Array[], hold = false): FetchLike {
  return (async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(c);
        if (!hold) controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as FetchLike;
}

/** Runs one SSE connection to its end (or until `until` data frames arrived); collects data frames. */
function collect(fetchImpl: FetchLike, until = Infinity, maxLineBytes?: number): Promise<{ data: string[]; end: SseEnd | null }> {
  return new Promise((resolve, reject) => {
    const data: string[] = [];
    const timer = setTimeout(() => reject(new Error(`no end; got ${data.length} frames`)), 5000);
    const h = openSse(
      { url: 'http://127.0.0.1:9/stream', fetch: fetchImpl, ...(maxLineBytes !== undefined ? { maxLineBytes } : {}) },
      {
        onOpen: () => {},
        onData: (d) => {
          data.push(d);
          if (data.length >= until) {
            clearTimeout(timer);
            h.close();
            resolve({ data, end: null });
          }
        },
        onEnd: (end) => {
          clearTimeout(timer);
          resolve({ data, end });
        },
      },
    );
  });
}

describe('line endings', () => {
  it('with lone CR line endings the last frame is delivered without waiting for another byte', async () => {
    const body = enc.encode('data: {"type": "realtime", "log": {"timestamp": 1, "message": "one"}}\r\rdata: {"type": "realtime", "log": {"timestamp": 2, "message": "two"}}\r\r');
    const { data } = await collect(streamFetch([body], true), 2);
    expect(data.map((d) => (decodeV1Frame(d) as { frame: { log: { message: string } } }).frame.log.message)).toEqual(['one', 'two']);
  });

  it('a CRLF split between two chunks is one line ending, not two', async () => {
    const out = limited([enc.encode('data: a\r'), enc.encode('\n\r'), enc.encode('\ndata: b\n\n')]);
    expect(out).toBe('data: a\n\ndata: b\n\n');
  });
});

describe('memory bounded by bytes', () => {
  it('an endless run of data: lines without a blank line is cut at the frame cap, and the stream goes on', async () => {
    const max = 64 * 1024;
    const line = enc.encode(`data: ${'z'.repeat(1000)}\n`);
    const chunks = Array.from({ length: 2000 }, () => line); // 2 MB in one frame, 30× the cap
    const after = enc.encode('\ndata: {"type": "realtime", "log": {"timestamp": 3, "message": "after"}}\n\n');
    const out = limited([...chunks, after], max);
    expect(out.length).toBeLessThan(2 * max);
    const { data } = await collect(streamFetch([...chunks, after]), Infinity, max);
    expect(data).toHaveLength(2);
    expect(decodeV1Frame(data[0] ?? '')).toMatchObject({ kind: 'bad', bad: 'oversize' });
    expect(decodeV1Frame(data[1] ?? '')).toMatchObject({ kind: 'ok', frame: { kind: 'realtime', log: { message: 'after' } } });
  });

  it('a line longer than the maximum is cut with a visible "… N bytes cut" mark', () => {
    const long = `${'é'.repeat(MAX_LINE_CHARS)}${'x'.repeat(5000)}`;
    const frame = decodeV1Frame(JSON.stringify({ type: 'realtime', log: { timestamp: 1, message: long } }));
    expect(frame).toMatchObject({ kind: 'ok' });
    const text = frame.kind === 'ok' && frame.frame.kind === 'realtime' ? frame.frame.log.message : '';
    expect(text.length).toBeLessThan(MAX_LINE_CHARS + 40);
    expect(text.endsWith(' … 5000 bytes cut')).toBe(true);
    expect(cutLongLine('short')).toBe('short');
    // A surrogate pair at the cut is kept whole.
    expect(cutLongLine(`ab😀cd`, 3)).toBe('ab … 6 bytes cut');
    const v3 = decodeV3Line(JSON.stringify({ id: 1, ts: 1, text: long }));
    expect(v3.kind === 'ok' && v3.frame.text.endsWith(' … 5000 bytes cut')).toBe(true);
  });
});

describe('small hostile inputs', () => {
  it('a string timestamp is parsed (number or ISO date), not silently 0', () => {
    expect(parseTimestamp('1764331331.25', 1000)).toBe(1764331331.25);
    expect(parseTimestamp('2025-11-28T12:00:00Z', 1000)).toBe(Date.parse('2025-11-28T12:00:00Z') / 1000);
    // A time that is there but not a time is NaN (the connection shows the receive time and marks the line).
    expect(parseTimestamp('garbage', 1000)).toBeNaN();
    expect(parseTimestamp('', 1000)).toBe(0);
    expect(parseTimestamp(undefined, 1000)).toBe(0);
    const f = decodeV1Frame('{"type": "historical", "log": {"timestamp": "1764331331.5", "message": "m"}}');
    expect(f).toMatchObject({ kind: 'ok', frame: { log: { timestamp: 1764331331.5 } } });
  });

  it('model ids "." and ".." are percent-encoded, and a path that still resolves as a dot segment is refused', () => {
    expect(pathSegment('.')).toBe('%2E');
    expect(pathSegment('..')).toBe('%2E%2E');
    expect(pathSegment('...')).toBe('...');
    expect(pathSegment('a/b')).toBe('a%2Fb');
    // The WHATWG parser (fetch) resolves %2E%2E like ".." — so such a request is never sent.
    expect(new URL(`http://h/api/models/${pathSegment('..')}/start`).pathname).toBe('/api/start');
    expect(dotSegmentProblem(`/api/models/${pathSegment('..')}/start`)).toMatch(/cannot be used in a URL path/);
    expect(dotSegmentProblem(`http://h:1/api/models/${pathSegment('.')}/logs/stream`)).toMatch(/cannot be used/);
    expect(dotSegmentProblem('/api/models/a..b/start')).toBeNull();
    expect(dotSegmentProblem('http://h:1/api/models/m/logs/stream?x=..')).toBeNull();
  });
});

describe('seeded fuzzing of the SSE path', () => {
  const captures = loadCaptures();
  const SEEDS = Array.from({ length: 40 }, (_, i) => 9001 + i * 131);
  it.each(SEEDS)('seed %i: a mutated, truncated, re-split capture never throws and every frame decodes to ok or bad', async (seed) => {
    const rnd = mulberry32(seed);
    const cap = captures[Math.floor(rnd() * captures.length)];
    if (!cap) throw new Error('no captures');
    const bytes = Uint8Array.from(cap.body.subarray(0, Math.floor(cap.body.length * (0.3 + rnd() * 0.7))));
    const flips = Math.floor(rnd() * 40);
    for (let i = 0; i < flips; i++) {
      const at = Math.floor(rnd() * bytes.length);
      const r = rnd();
      // Bytes that matter to the framing and the decoders: line ends, quotes, braces, invalid UTF-8.
      bytes[at] = r < 0.2 ? 0x0d : r < 0.4 ? 0x0a : r < 0.5 ? 0x22 : r < 0.6 ? 0x7b : r < 0.8 ? 0xff : Math.floor(rnd() * 256);
    }
    const { data } = await collect(streamFetch(randomChunks(bytes, rnd, 1 + Math.floor(rnd() * 300))), Infinity, 4096);
    for (const d of data) {
      expect(() => decodeV1Frame(d)).not.toThrow();
      expect(() => decodeV3Line(d)).not.toThrow();
      const v = decodeV1Frame(d);
      expect(['ok', 'bad']).toContain(v.kind);
      if (v.kind === 'ok' && (v.frame.kind === 'realtime' || v.frame.kind === 'historical')) {
        expect(v.frame.log.message.length).toBeLessThanOrEqual(MAX_LINE_CHARS + 40);
      }
    }
  });
});

describe('the line limiter\'s whole-chunk fast path', () => {
  // Frames, blank lines, CR / CRLF line ends, lines near and over a small cap, random chunking: the
  // fast path must give exactly the bytes of the per-line pass (oversize sentinels included).
  const SEEDS = Array.from({ length: 60 }, (_, i) => 4242 + i * 977);
  it.each(SEEDS)('seed %i: same bytes with and without it', async (seed) => {
    const rnd = mulberry32(seed);
    const cap = 64 + Math.floor(rnd() * 400);
    let text = '';
    const n = 20 + Math.floor(rnd() * 200);
    for (let i = 0; i < n; i++) {
      const r = rnd();
      const eol = r < 0.1 ? '\r\n' : r < 0.15 ? '\r' : '\n';
      const len = rnd() < 0.08 ? cap + Math.floor(rnd() * cap) : Math.floor(rnd() * 60);
      if (rnd() < 0.7) text += `data: {"type": "historical", "log": {"message": "${'x'.repeat(len)} 模型 ${i}"}}${eol}${eol}`;
      else if (rnd() < 0.5) text += `data: part ${i}${eol}`;
      else text += eol;
    }
    const bytes = enc.encode(text);
    for (let round = 0; round < 3; round++) {
      const chunks = randomChunks(bytes, rnd, 1 + Math.floor(rnd() * (round === 0 ? 8 : 600)));
      const fast = limited(chunks, cap, true);
      const slow = limited(chunks, cap, false);
      expect(fast).toBe(slow);
      expect(fast.includes('\r')).toBe(false);
    }
  });
});
