// The serializers must reproduce the real server's bytes: every captured frame is parsed and
// re-serialised (timestamps as Python floats) and must come out identical.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR, fixturesAvailable } from '../../helpers/required.js';
import { compactJson, pyFloat, pyFloatRepr, pythonJson } from '../../../main/demo/python-json.js';


function body(file: string): string {
  const raw = readFileSync(resolve(FIXTURE_DIR, file), 'utf8');
  return file.endsWith('.http') ? raw.slice(raw.indexOf('\r\n\r\n') + 4) : raw;
}

function dataFrames(text: string): string[] {
  return text
    .split('\n\n')
    .filter((f) => f.startsWith('data: '))
    .map((f) => f.slice(6));
}

/** Rebuilds a v1 frame object with floats marked, in the same key order. */
function v1Rebuild(parsed: Record<string, unknown>): unknown {
  const log = parsed['log'] as Record<string, unknown> | undefined;
  if (!log) return parsed;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(log)) out[k] = k === 'timestamp' ? pyFloat(v as number) : v;
  return { ...parsed, log: out };
}

describe('pyFloatRepr', () => {
  it('matches Python repr() for the forms that appear on the wire', () => {
    expect(pyFloatRepr(0)).toBe('0.0');
    expect(pyFloatRepr(1.9)).toBe('1.9');
    expect(pyFloatRepr(2300)).toBe('2300.0');
    expect(pyFloatRepr(1795895970.1167326)).toBe('1795895970.1167326');
    expect(pyFloatRepr(1795895970)).toBe('1795895970.0');
    expect(pyFloatRepr(0.0001)).toBe('0.0001');
    expect(pyFloatRepr(0.00001)).toBe('1e-05');
    expect(pyFloatRepr(1e16)).toBe('1e+16');
    expect(pyFloatRepr(1.5e300)).toBe('1.5e+300');
    expect(pyFloatRepr(-2.5)).toBe('-2.5');
    expect(pyFloatRepr(123456789012345.6)).toBe('123456789012345.6');
  });

  it('keeps ints as ints and marks floats only where asked', () => {
    expect(pythonJson({ a: 1, b: pyFloat(1), c: 'x', d: null, e: [true, false] })).toBe(
      '{"a": 1, "b": 1.0, "c": "x", "d": null, "e": [true, false]}',
    );
    expect(compactJson({ a: 1, b: pyFloat(0), c: ['中文', '\u001b[33mwarn\u001b[0m'] })).toBe(
      '{"a":1,"b":0.0,"c":["中文","\\u001b[33mwarn\\u001b[0m"]}',
    );
    expect(pythonJson('tab\there "q" \\ \n')).toBe('"tab\\there \\"q\\" \\\\ \\n"');
  });
});

describe.skipIf(!fixturesAvailable())('byte-identical to the real-server captures', () => {
  const v1Files = [
    'v1-seed-stream-start-stop-restart-shutdown.http',
    'v1-seed-stream-second-client.sse',
    'v1-seed-stream-crash-then-shutdown.sse',
    'v1-seed-stream-embedding-shutdown.sse',
    'v1-seed-burst-late-client.sse',
    'v1-oct2025-stream-shutdown.sse',
  ];
  it.each(v1Files)('v1 frames of %s re-serialise identically (Python separators)', (file) => {
    const frames = dataFrames(body(file));
    expect(frames.length).toBeGreaterThan(3);
    for (const f of frames) {
      expect(pythonJson(v1Rebuild(JSON.parse(f) as Record<string, unknown>))).toBe(f);
    }
  });

  it.each(['v3-session-stream.http', 'v3-session-stream-burst.sse', 'v3-session-stream-crash.sse'])(
    'v3 line frames of %s re-serialise identically (compact)',
    (file) => {
      const frames = dataFrames(body(file));
      expect(frames.length).toBeGreaterThan(3);
      for (const f of frames) {
        const l = JSON.parse(f) as { id: number; ts: number; stream: string; level: string; text: string };
        expect(compactJson({ id: l.id, ts: pyFloat(l.ts), stream: l.stream, level: l.level, text: l.text })).toBe(f);
      }
    },
  );

  it('v3 model status frames re-serialise identically', () => {
    const frames = dataFrames(body('v3-models-status-stream.sse'));
    expect(frames.length).toBeGreaterThan(2);
    const floatKeys = new Set(['started_at', 'last_access']);
    for (const f of frames) {
      const parsed = JSON.parse(f) as { data: Array<Record<string, unknown>> };
      const data = parsed.data.map((m) =>
        Object.fromEntries(Object.entries(m).map(([k, v]) => [k, floatKeys.has(k) && typeof v === 'number' ? pyFloat(v) : v])),
      );
      expect(compactJson({ data })).toBe(f);
    }
  });
});
