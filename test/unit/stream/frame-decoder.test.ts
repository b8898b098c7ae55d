import { describe, expect, it } from 'vitest';
import {
  decodeV1Frame,
  decodeV1Line,
  decodeV3Line,
  decodeV3Models,
  MAX_FRAME_BYTES,
} from '../../../main/core/stream/frame-decoder.js';
import { loadCaptures, mulberry32, randomChunks, referenceFrames, throughLimiter } from './fixtures.js';

const captures = loadCaptures();

describe('frame decoding of the real captures', () => {
  it('has the captures', () => {
    expect(captures.length).toBeGreaterThanOrEqual(10);
  });

  for (const cap of captures) {
    it(`decodes every frame of ${cap.name} without a bad frame`, () => {
      const frames = referenceFrames(cap.body);
      expect(frames.length).toBeGreaterThan(0);
      for (const data of frames) {
        const d = cap.name.startsWith('v3-models')
          ? decodeV3Models(data)
          : cap.name.startsWith('v3-')
            ? decodeV3Line(data)
            : decodeV1Frame(data);
        expect(d.kind, data).toBe('ok');
        if (d.kind === 'ok') expect(d.invalidUtf8).toBe(false);
      }
    });

    it(`passes ${cap.name} through the line limiter unchanged at random chunk boundaries`, async () => {
      for (const seed of [1, 2, 3]) {
        const out = throughLimiter(randomChunks(cap.body, mulberry32(seed), 97));
        expect(out.equals(cap.body)).toBe(true);
      }
    });
  }

  it('v1 frames classify into history, complete, live and the shutdown error', () => {
    const cap = captures.find((c) => c.name === 'v1-seed-stream-start-stop-restart-shutdown.http');
    expect(cap).toBeDefined();
    const kinds = referenceFrames(cap!.body).map((d) => {
      const f = decodeV1Frame(d);
      return f.kind === 'ok' ? f.frame.kind : 'bad';
    });
    const firstComplete = kinds.indexOf('historical_complete');
    expect(firstComplete).toBeGreaterThan(0);
    expect(kinds.slice(0, firstComplete).every((k) => k === 'historical')).toBe(true);
    expect(kinds.slice(firstComplete + 1, -1).every((k) => k === 'realtime')).toBe(true);
    expect(kinds.at(-1)).toBe('error');
  });
});

describe('the per-line path (decodeV1Line)', () => {
  // What the v1 adapter emitted for a line before the shortcut: the frame decoded by decodeV1Frame.
  function viaFrame(data: string): unknown {
    const d = decodeV1Frame(data);
    if (d.kind !== 'ok' || d.invalidUtf8 || (d.frame.kind !== 'historical' && d.frame.kind !== 'realtime')) return null;
    const { log } = d.frame;
    const origin = d.frame.kind === 'historical' ? 'history' : 'live';
    const ts = Math.round(log.timestamp * 1000);
    return log.level !== undefined ? { kind: 'line', origin, ts, text: log.message, serverLevel: log.level } : { kind: 'line', origin, ts, text: log.message };
  }

  it('gives the same line as decodeV1Frame, or leaves the frame to it, for every captured and odd frame', () => {
    const frames = captures.filter((c) => c.name.startsWith('v1-')).flatMap((c) => referenceFrames(c.body));
    const odd = [
      '{"type": "historical", "log": {"timestamp": "abc", "message": "bad time"}}',
      '{"type": "realtime", "log": {"timestamp": "2026-11-30T10:00:00Z", "message": "iso", "level": "error"}}',
      '{"type": "realtime", "log": {"timestamp": 1.5, "message": "no level"}}',
      '{"type": "realtime", "log": {"timestamp": 1.5, "message": "numeric level", "level": 3}}',
      '{"type": "realtime", "log": {"message": "no time"}}',
      '{"type": "realtime", "log": {"timestamp": 1.5, "message": 7}}',
      '{"type": "realtime", "log": "text"}',
      '{"type": "realtime", "log": {"timestamp": 1.5, "message": "a\uFFFDb"}}',
      '{"type": "realtime", "log": {"timestamp": 1.5, "message": "a�b"}}',
      `{"type": "realtime", "log": {"timestamp": 1.5, "message": "${'y'.repeat(40_000)}"}}`,
      '{"__oversize__":123}',
      '{"type": "historical_complete"}',
      '{"type": "error", "message": "cannot schedule new futures after shutdown"}',
      '{"type": "stream_end"}',
      '{"type": "party"}',
      '[1,2]',
      'not json',
      '',
    ];
    let lines = 0;
    for (const data of [...frames, ...odd]) {
      const expected = viaFrame(data);
      expect(decodeV1Line(data), data.slice(0, 80)).toStrictEqual(expected);
      if (expected !== null) lines++;
    }
    expect(lines).toBeGreaterThan(1000);
  });
});

describe('bad frames', () => {
  it('classifies non-JSON, unknown type, missing log and invalid UTF-8', () => {
    expect(decodeV1Frame('not json')).toMatchObject({ kind: 'bad', bad: 'non-json' });
    expect(decodeV1Frame('{"type":"party"}')).toMatchObject({ kind: 'bad', bad: 'unknown-type' });
    expect(decodeV1Frame('[1,2]')).toMatchObject({ kind: 'bad', bad: 'unknown-type' });
    expect(decodeV1Frame('{"type":"realtime"}')).toMatchObject({ kind: 'bad', bad: 'unknown-type' });
    expect(decodeV3Line('{"id":"x","text":"a"}')).toMatchObject({ kind: 'bad', bad: 'unknown-type' });
    expect(decodeV3Models('{"nodata":1}')).toMatchObject({ kind: 'bad', bad: 'unknown-type' });
    const bad = decodeV1Frame('{"type": "realtime", "log": {"timestamp": 1.5, "message": "a\uFFFDb"}}');
    expect(bad).toMatchObject({ kind: 'ok', invalidUtf8: true });
  });

  it('replaces an oversize line by a sentinel the decoder reports as oversize, at any chunking', async () => {
    const max = 1000;
    const big = `data: {"type": "realtime", "log": {"timestamp": 1, "message": "${'x'.repeat(5000)}"}}\n\n`;
    const small = 'data: {"type": "realtime", "log": {"timestamp": 2, "message": "after"}}\n\n';
    const input = Buffer.from(small + big + small, 'utf8');
    for (const seed of [5, 6, 7, 8]) {
      const out = throughLimiter(randomChunks(input, mulberry32(seed), 700), max).toString('utf8');
      const frames = referenceFrames(Buffer.from(out));
      expect(frames).toHaveLength(3);
      expect(decodeV1Frame(frames[0]!)).toMatchObject({ kind: 'ok', frame: { kind: 'realtime' } });
      expect(decodeV1Frame(frames[1]!)).toMatchObject({ kind: 'bad', bad: 'oversize' });
      expect(decodeV1Frame(frames[2]!)).toMatchObject({ kind: 'ok', frame: { kind: 'realtime' } });
    }
  });

  it('refuses a frame above the 4 MB limit even without the limiter', () => {
    const data = `{"type": "realtime", "log": {"timestamp": 1, "message": "${'y'.repeat(MAX_FRAME_BYTES)}"}}`;
    expect(decodeV1Frame(data)).toMatchObject({ kind: 'bad', bad: 'oversize' });
  });

  it('normalises CRLF to LF and keeps multi-byte characters intact when split anywhere', async () => {
    const frame = 'data: {"type": "realtime", "log": {"timestamp": 1, "message": "启动模型 中文"}}';
    const input = Buffer.from(`${frame}\r\n\r\n`.repeat(20), 'utf8');
    const expected = Buffer.from(`${frame}\n\n`.repeat(20), 'utf8');
    for (const seed of [11, 12, 13]) {
      const out = throughLimiter(randomChunks(input, mulberry32(seed), 5));
      expect(out.equals(expected)).toBe(true);
    }
  });
});
