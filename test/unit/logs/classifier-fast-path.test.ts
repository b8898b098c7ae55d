// The classifier's fast path (`isOrdinaryLine`: one scan, a shared result) must never change a
// level, signature or continuation: on every line of the real captures, the demo's output, the
// benchmark lines and seeded mutations of all of them (ANSI and C1 escapes, CJK keywords, CR, tabs,
// keywords in odd cases, the two characters whose lower case is ASCII), with every kind of head and
// server level, `classifyLine` must give exactly what `classifyLineFull` (every rule) gives.
import { describe, expect, it } from 'vitest';
import { classifyLine, classifyLineFull, isOrdinaryLine, nextHead, type ClassifiedHead } from '../../../main/core/logs/classifier.js';
import { deathLines, probeLines, readyLines, startupLines, tickOutput } from '../../../main/demo/behaviors.js';
import type { ModelDef } from '../../../main/demo/demo-types.js';
import { createRandom } from '../../../main/demo/random.js';
import { llamaLoadLines, llamaTimingLines, vllmStatsLine } from '../../../main/demo/vitals-output.js';
import { benchLine } from '../../bench/lines.js';
import { fixtureLines, fixtureNames } from './fixture-frames.js';

const T0 = 1_795_896_032_000;

function demoLines(): string[] {
  const behaviors = ['healthy', 'embedding', 'crash-later', 'burst', 'recoverable-oom', 'vllm', 'vllm-kv', 'dies-at-start'] as const;
  const out: string[] = [...llamaLoadLines()];
  const random = createRandom(7);
  for (const behavior of behaviors) {
    for (const mode of ['Chat', 'Embedding'] as const) {
      const def = { name: `demo-${behavior}`, mode, behavior, port: 18100 } as unknown as ModelDef;
      for (const l of [...startupLines(def, 4242, T0), ...deathLines(def, T0), ...readyLines(def), ...probeLines(def)]) out.push(l.text);
      for (let tick = 0; tick < 30; tick++) {
        for (const l of tickOutput(def, tick, random, T0 + tick * 1000).lines) out.push(l.text);
        out.push(...llamaTimingLines(def, tick, 100 + tick, 50 + tick), vllmStatsLine(def, tick, T0 + tick * 1000));
      }
    }
  }
  return out;
}

const ODD = [
  'ErRoR: x',
  'FAIL',
  'WaRnInG: y',
  'fAtAl',
  'Server Is Listening On port 1',
  'faİled to load',
  'İnsufficient memory',
  '\u212aILLED',
  '\u212aill',
  'process e\u212ait',
  'no errors',
  'errors: 0',
  'error_rate=0',
  'GET /api/error 200',
  'E 20:00:13 srv x',
  '0.01.234.567 W llama_context: x',
  'F 20:00:13 fatal',
  '   at Object.<anonymous> (/x.js:1:1)',
  '#0  0x00007f in abort () from /lib/libc.so.6',
  'Traceback (most recent call last):',
  '  File "/x.py", line 1, in run',
  '模型 加载成功',
  '启动失败',
  '错误：端口被占用',
  'ｅｒｒｏｒ fullwidth',
  'x\r\nerror',
  '\u009b31mERROR\u009b0m',
  '\u001b]0;title\u0007ok',
  '\u0090dcs\u009c plain',
  '',
  ' ',
  '\t',
];

const PIECES = [
  ' ', '  ', '\t', '\r', '\n', '\u001b[31m', '\u001b[0m', '\u001b', '\u009b', '\u0085', '\u0090', '\u00a0', '\u3000',
  'ERROR', 'error', 'ErRoR', 'Fail', 'WARN', 'warn', 'fatal', 'Exception', 'listening', 'READY', 'started', 'retry',
  'İ', 'ı', '\u212a', 'ſ', 'kill', '10048', 'ggml_a', 'GGML_ASSERT', 'exit', 'code', 'alloc', 'memory',
  '失败', '错误', '警告', '成功', '显存', '模型', '退出码', '中文', '已弃用', '回退', '启动成功', '已就绪', '服务已启动', '异常', '崩溃', '致命', '出错',
  // whole words of the rules (each alone is enough to leave `info`)
  'retrying', 'will retry', 'timed out', 'deprecated', 'fallback', 'falling back', 'Uvicorn running on', 'Application startup complete',
  'ready to serve', 'model loaded', 'loaded successfully', 'started successfully', 'started server process', 'listening on',
  'Killed', 'Aborted', 'core dumped', 'panic', 'panicked', 'Segmentation fault', 'SIGSEGV', 'address already in use', 'unable to allocate',
  'insufficient memory', 'max seq len', 'WSAEADDRINUSE', 'Traceback', 'ValueError', 'assertion failed', 'failure', 'warnings', 'CRITICAL',
  'E ', 'W ', '0.01.234.567 W ', '20:00:13 ', '[', '(', '/', '_', '=', '0', ':', '-', '|', ' at ', '#0 ', 'no ',
];

function mutate(line: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (line.length + 1));
  const piece = PIECES[Math.floor(rnd() * PIECES.length)] ?? ' ';
  switch (Math.floor(rnd() * 6)) {
    case 0:
      return line.slice(0, at) + piece + line.slice(at);
    case 1:
      return line.slice(0, at) + line.slice(at + 1 + Math.floor(rnd() * 4));
    case 2:
      return piece + line;
    case 3:
      return line + piece;
    case 4:
      return rnd() < 0.5 ? line.toUpperCase() : line.toLowerCase();
    default:
      return line.slice(0, at) + piece + line.slice(at + piece.length);
  }
}

const SERVER_LEVELS = [undefined, 'info', 'error', 'warn', 'ok', 'success'] as const;

function heads(ts: number): Array<ClassifiedHead | null> {
  return [
    null,
    { level: 'info', ts },
    { level: 'success', ts },
    { level: 'warning', ts },
    { level: 'error', signature: 'generic-error', ts },
    { level: 'error', signature: 'ggml-assert', ts: ts - 500 },
    { level: 'error', signature: 'traceback', ts: ts - 60_000 },
  ];
}

describe('the classifier fast path', () => {
  const fixtures = fixtureNames().flatMap((name) => fixtureLines(name));
  const base = [...new Set([...fixtures.map((l) => l.text), ...demoLines(), ...Array.from({ length: 500 }, (_, i) => benchLine(i)), ...ODD])];

  it('has a corpus with both ordinary lines and lines for the full rules', () => {
    // Guards the test itself: both paths must be exercised, or nothing would be compared.
    const ordinary = base.filter((l) => isOrdinaryLine(l)).length;
    expect(base.length).toBeGreaterThan(300);
    expect(ordinary).toBeGreaterThan(100);
    expect(base.length - ordinary).toBeGreaterThan(100);
  });

  it('classifies every capture in sequence exactly as the full rules do', () => {
    let checked = 0;
    for (const name of fixtureNames()) {
      let fast: ClassifiedHead | null = null;
      let full: ClassifiedHead | null = null;
      for (const line of fixtureLines(name)) {
        const a = classifyLine(line.text, line.serverLevel, fast, line.ts);
        const b = classifyLineFull(line.text, line.serverLevel, full, line.ts);
        expect(a, line.text).toEqual(b);
        fast = nextHead(fast, a, line.ts);
        full = nextHead(full, b, line.ts);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('gives the full rules\u2019 answer for every line, head and server level, mutated lines included', () => {
    const rnd = createRandom(20261130);
    const lines = [...base];
    for (let seed = 0; seed < 4; seed++) {
      for (const l of base) {
        let m = l;
        const steps = 1 + Math.floor(rnd() * 3);
        for (let k = 0; k < steps; k++) m = mutate(m, rnd);
        lines.push(m);
      }
    }
    let fastTaken = 0;
    let compared = 0;
    for (const text of lines) {
      const ts = T0 + compared;
      if (isOrdinaryLine(text)) fastTaken++;
      // No head and no server level, then three (server level, head) pairs drawn at random.
      const hs = heads(ts);
      for (let k = 0; k < 4; k++) {
        const serverLevel = k === 0 ? undefined : SERVER_LEVELS[Math.floor(rnd() * SERVER_LEVELS.length)];
        const head = k === 0 ? null : (hs[Math.floor(rnd() * hs.length)] ?? null);
        const a = classifyLine(text, serverLevel, head, ts);
        const b = classifyLineFull(text, serverLevel, head, ts);
        if (a.level !== b.level || a.signature !== b.signature || a.continuation !== b.continuation) {
          expect({ text, serverLevel, head, fast: a }).toEqual({ text, serverLevel, head, fast: b });
        }
        compared++;
      }
    }
    expect(fastTaken).toBeGreaterThan(500);
    expect(compared).toBeGreaterThan(20_000);
  });

  it('rests on this: only U+0130 and U+212A lower-case to an ASCII letter (or a CJK keyword character)', () => {
    // isOrdinaryLine tests the keywords case-insensitively on the line itself instead of on its
    // lower case; that is the same answer unless a character outside ASCII lower-cases into one.
    const odd: string[] = [];
    for (let c = 0x80; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      const lower = ch.toLowerCase();
      if (lower === ch) continue;
      if ([...lower].some((x) => x.charCodeAt(0) < 0x80 || /[失败错误异常崩溃致命出警告弃用废回退成功就绪服务已启动显存内套接字端口码]/.test(x))) odd.push(c.toString(16));
    }
    expect(odd).toEqual(['130', '212a']);
    // …and the fast path leaves both to the full rules.
    expect(isOrdinaryLine('\u212aill')).toBe(false);
    expect(isOrdinaryLine('İ')).toBe(false);
  });

  it('returns shared results: no new object per ordinary line', () => {
    expect(classifyLine('slot launch_slot_: id  0 | task 7 | processing task', undefined, null)).toBe(
      classifyLine('[bench] tick 9: slots idle, kv cache usage 0.9%', 'info', null),
    );
    expect(Object.isFrozen(classifyLine('ERROR: x', undefined, null))).toBe(true);
  });
});
