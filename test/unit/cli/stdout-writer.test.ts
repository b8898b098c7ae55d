import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliDeps } from '../../../main/cli/context.js';
import { createTranslator } from '../../../main/cli/i18n.js';
import { buildContext } from '../../../main/cli/program.js';
import { createScrubber } from '../../../main/cli/secrets.js';
import { createLineWriter } from '../../../main/cli/stdout-writer.js';

/** A real Node Writable whose reader can be stalled: while stalled, nothing it was given leaves. */
function stallableStream(highWaterMark = 16 * 1024) {
  const received: string[] = [];
  let stalled = true;
  const waiting: Array<() => void> = [];
  let writes = 0;
  const stream = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _enc, cb) {
      writes++;
      const done = (): void => {
        received.push(chunk);
        cb();
      };
      if (stalled) waiting.push(done);
      else done();
    },
  });
  return {
    stream,
    text: () => received.join(''),
    writes: () => writes,
    resume() {
      stalled = false;
      for (const w of waiting.splice(0)) w();
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

/**
 * A stalled reader (1 KiB stream, 2 KiB writer buffer) given `count` lines in two bursts: the first
 * fills the stream, the second waits and overflows (some are dropped and counted). Then the reader
 * catches up and one more line, 'after', is written. Returns the writer and the output lines.
 */
async function overflowThenCatchUp(
  opts: Omit<Parameters<typeof createLineWriter>[1], 'maxPendingChars'>,
  count: number,
  line: (i: number) => string,
): Promise<{ w: ReturnType<typeof createLineWriter>; out: string[] }> {
  const s = stallableStream(1024);
  const w = createLineWriter(s.stream, { ...opts, maxPendingChars: 2048 });
  for (let i = 0; i < count / 2; i++) w.line(line(i));
  await tick();
  for (let i = count / 2; i < count; i++) w.line(line(i));
  expect(w.dropped).toBeGreaterThan(0);
  s.resume();
  await tick();
  w.line('after');
  await w.drain(1000);
  return { w, out: s.text().split('\n') };
}

describe('CLI stdout writer', () => {
  it('coalesces the lines of one turn into a single write, in order', async () => {
    const s = stallableStream();
    s.resume();
    const w = createLineWriter(s.stream, { droppedMarker: (n) => `dropped ${n}` });
    for (let i = 0; i < 1000; i++) w.line(`line ${i}`);
    w.raw('> ');
    await tick();
    expect(s.writes()).toBe(1);
    const lines = s.text().split('\n');
    expect(lines).toHaveLength(1001);
    expect(lines[0]).toBe('line 0');
    expect(lines[999]).toBe('line 999');
    expect(lines[1000]).toBe('> ');
  });

  it('writes a large batch on its own and joins the small texts around it, in order', async () => {
    const s = stallableStream(1024 * 1024);
    s.resume();
    const w = createLineWriter(s.stream, { droppedMarker: (n) => `dropped ${n}` });
    const batch = Array.from({ length: 300 }, (_, i) => `batch line ${i} ${'x'.repeat(40)}`);
    w.line('a');
    w.line('b');
    w.lines(batch, (t) => t.toUpperCase());
    w.line('c');
    w.raw('> ');
    await tick();
    expect(s.writes()).toBe(3);
    expect(s.text()).toBe(`a\nb\n${batch.map((t) => t.toUpperCase()).join('\n')}\nc\n> `);
  });

  it('holds a stalled reader to a bounded buffer, drops the rest and says how many where they were lost', async () => {
    const s = stallableStream();
    const cap = 64 * 1024;
    const w = createLineWriter(s.stream, { droppedMarker: (n) => `[dropped ${n}]`, maxPendingChars: cap });
    const text = (i: number) => `record ${String(i).padStart(6, '0')} ${'x'.repeat(40)}`;
    const total = 200_000; // ~11 MB of output
    let peak = 0;
    for (let i = 0; i < total; i++) {
      w.line(text(i));
      if (i % 1000 === 999) {
        await tick();
        peak = Math.max(peak, s.stream.writableLength);
      }
    }
    await tick();
    // Without backpressure every record would sit in the stream's buffer (~11 MB).
    expect(peak).toBeLessThanOrEqual(cap + 1024);
    expect(w.dropped).toBeGreaterThan(total / 2);

    s.resume();
    await w.drain(2000);
    const out = s.text().split('\n').filter((l) => l !== '');
    const markers = out.filter((l) => l.startsWith('[dropped '));
    expect(markers).toHaveLength(1);
    const dropped = Number(/\[dropped (\d+)\]/.exec(markers[0] ?? '')?.[1]);
    expect(dropped).toBe(w.dropped);
    // Every record is either printed once or counted as dropped, and the printed ones stay in order.
    const printed = out.filter((l) => l.startsWith('record ')).map((l) => Number(l.slice(7, 13)));
    expect(printed.length + dropped).toBe(total);
    for (let i = 1; i < printed.length; i++) expect(printed[i]).toBeGreaterThan(printed[i - 1] ?? -1);
    // The marker sits exactly where the records went missing.
    const at = out.indexOf(markers[0] ?? '');
    const before = Number(out[at - 1]?.slice(7, 13));
    const after = out[at + 1] === undefined ? total : Number(out[at + 1]?.slice(7, 13));
    expect(after - before - 1).toBe(dropped);
  });

  it('after the reader catches up, lines flow again and the marker comes before them', async () => {
    const line = (i: number) => `${i < 500 ? 'a' : 'b'}${i % 500} ${'y'.repeat(20)}`;
    const { out } = await overflowThenCatchUp({ droppedMarker: (n) => `[dropped ${n}]` }, 1000, line);
    const m = out.findIndex((l) => l.startsWith('[dropped'));
    expect(m).toBeGreaterThan(0);
    expect(out.indexOf('after')).toBeGreaterThan(m);
    expect(out.filter((l) => l.startsWith('[dropped'))).toHaveLength(1);
  });

  it('counts the log entries among the dropped lines apart (isEntry), so a reader can match seqs exactly', async () => {
    const line = (i: number) => (i % 4 === 0 ? `S${i} ${'y'.repeat(20)}` : `E${i} ${'y'.repeat(20)}`);
    const { w, out } = await overflowThenCatchUp({ droppedMarker: (n, entries) => `[dropped ${n} ${entries}]`, isEntry: (t) => t.startsWith('E') }, 400, line);
    const marker = out.find((l) => l.startsWith('[dropped'));
    const [, n, entries] = /\[dropped (\d+) (\d+)\]/.exec(marker ?? '') ?? [];
    const printed = (p: string) => out.filter((l) => l.startsWith(p)).length;
    expect(Number(n)).toBe(w.dropped);
    expect(Number(n)).toBe(400 - printed('E') - printed('S'));
    expect(Number(entries)).toBe(300 - printed('E'));
    expect(Number(entries)).toBeLessThan(Number(n));
  });

  it('drain gives up after its timeout when nobody ever reads', async () => {
    const s = stallableStream(16);
    const w = createLineWriter(s.stream, { droppedMarker: (n) => `[dropped ${n}]` });
    w.line('x'.repeat(100));
    await tick();
    const t0 = Date.now();
    await w.drain(50);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  // Through the CLI's own context (program.ts): `outLines` (one guarded, escaped, scrubbed text per
  // batch) against `out` per line, with the real terminal guard / JSON escape and secret scrubber.
  it.each([
    ['human, no colour', false, false],
    ['human, colour kept', false, true],
    ['--json', true, false],
  ] as const)('outLines() writes exactly what out() per line writes, flowing or stalled (%s)', async (_name, json, color) => {
    const secret = 'Bearer tok-9f8e7d6c5b4a';
    const texts = [
      'plain line 中文 tab\there',
      '\u001b[31mred\u001b[0m and \u001b[1;33mbold yellow\u001b[m',
      'title \u001b]0;window title\u0007 bell \u0007 del \u007f cr \r end',
      `auth ${secret} and token tok-9f8e7d6c5b4a alone`,
      'C1 \u009b2J csi, \u0085 nel, \u2028 line separator',
      'dangling escape at the end \u001b[',
      '\u001b[38;5;200mcolour 256\u001b[0m then \u001b[2Kclear line',
    ];
    const record = (b: number, i: number): string => {
      const text = `${texts[(b + i) % texts.length] ?? ''} #${b}.${i} ${'x'.repeat(40)}`;
      return json ? JSON.stringify({ type: 'line', model: 'm', seq: b * 10 + i, text }) : text;
    };
    const batches = Array.from({ length: 40 }, (_, b) => Array.from({ length: 1 + (b % 7) }, (_, i) => record(b, i)));
    const run = async (how: 'line' | 'lines' | 'joined'): Promise<{ text: string; dropped: number }> => {
      const s = stallableStream(1024);
      const writer = createLineWriter(s.stream, { droppedMarker: (n) => `-- ${n} dropped --`, maxPendingChars: 2048 });
      const scrubber = createScrubber();
      scrubber.add([secret]);
      const deps = { env: { FORCE_COLOR: '1' }, stdout: s.stream, stderr: { write: () => true } } as unknown as CliDeps;
      const ctx = buildContext(deps, { color, json }, createTranslator('en'), {}, (t) => scrubber.scrub(t), writer);
      for (let b = 0; b < batches.length; b++) {
        const lines = batches[b] ?? [];
        if (how === 'lines') ctx.outLines(lines);
        else if (how === 'joined') ctx.outJoined(lines.join('\n'));
        else for (const l of lines) ctx.out(l);
        ctx.outJoined('');
        if (b % 5 === 4) await tick();
      }
      s.resume();
      await tick();
      ctx.outLines(['after']);
      await writer.drain(1000);
      return { text: s.text(), dropped: writer.dropped };
    };
    const perLine = await run('line');
    expect(perLine.dropped).toBeGreaterThan(0);
    expect(await run('lines')).toEqual(perLine);
    expect(await run('joined')).toEqual(perLine);
    // The real guard, escape and scrubber did their work (or the comparison would prove little).
    expect(perLine.text).not.toContain('tok-9f8e7d6c5b4a');
    // The terminal guard leaves no control but newline and tab; the JSON escape no raw C1 control or
    // line separator (JSON.stringify has escaped the C0 controls already).
    // eslint-disable-next-line no-control-regex
    expect(perLine.text).not.toMatch(json ? /[\u0080-\u009f\u2028]/ : /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/);
    expect(perLine.text).not.toContain('\u001b]');
    if (color) expect(perLine.text).toContain('\u001b[31mred\u001b[0m');
    else expect(perLine.text).not.toContain('\u001b');
    if (json) expect(perLine.text).toContain('\\u009b2J');
  });
});
