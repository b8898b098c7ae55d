// The vitals pre-filter (`mayBeVitals`) and the direct path for `slot print_timing:` lines must lose
// nothing: on every line quoted in vitals-recognisers.test.ts (real lines from llama.cpp's and vLLM's
// sources, with ANSI, log prefixes, the older formats, and the near misses), on the demo's output, and
// on seeded mutations of all of them, `recogniseLine` must give exactly what the recognisers behind
// the pre-filter give for the cleaned line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../main/demo/random.js';
import { llamaLoadLines, llamaTimingLines, vllmStatsLine } from '../../../main/demo/vitals-output.js';
import { clean, mayBeVitals, recogniseCandidate, recogniseLine } from '../../../main/core/logs/vitals/recognisers.js';

/** Every single-quoted string literal of 12 or more characters in the recogniser tests. */
function quotedLines(): string[] {
  const src = readFileSync(fileURLToPath(new URL('./vitals-recognisers.test.ts', import.meta.url)), 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/'((?:[^'\\\n]|\\.)*)'/g)) {
    const inner = m[1] ?? '';
    if (inner.length < 12) continue;
    out.push(JSON.parse(`"${inner.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
  }
  return out;
}

function demoLines(): string[] {
  const def = { name: 'demo-a', mode: 'Chat', port: 1 } as unknown as Parameters<typeof llamaTimingLines>[0];
  const out = [...llamaLoadLines()];
  for (let tick = 0; tick < 40; tick++) {
    out.push(...llamaTimingLines(def, tick, 100 + tick, 50 + tick), vllmStatsLine(def, tick, Date.UTC(2026, 10, 30, 8, 0, tick)));
  }
  return out;
}

const PIECES = [' ', '  ', '\t', '\r', '\u001b[32m', '\u001b[0m', '0.03.137.021 I ', '|', ':', '=', '.', ',', '%', '/', '(', ')', '-', 'x', '7', '\u3000', '模型', 'time', 'ms', 'tokens'];

function mutate(line: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (line.length + 1));
  const piece = PIECES[Math.floor(rnd() * PIECES.length)] ?? ' ';
  switch (Math.floor(rnd() * 5)) {
    case 0:
      return line.slice(0, at) + piece + line.slice(at);
    case 1:
      return line.slice(0, at) + line.slice(at + 1 + Math.floor(rnd() * 3));
    case 2:
      return piece + line;
    case 3:
      return line + piece;
    default:
      return line.slice(0, at) + piece + line.slice(at + piece.length);
  }
}

describe('the vitals pre-filter', () => {
  const base = [...quotedLines(), ...demoLines()];

  it('sees the lines it has to see (the corpus is not empty of vitals lines)', () => {
    // Guards the test itself: the quoted lines must include every family, or nothing would be checked.
    const kinds = new Set(base.map((l) => recogniseLine(l)?.kind).filter((k) => k !== undefined));
    expect([...kinds].sort()).toEqual(['llama-timing', 'llama-timing-header', 'load', 'vllm-stats']);
    expect(base.length).toBeGreaterThan(80);
  });

  it('gives exactly what the recognisers give, on quoted lines, demo lines and 40,000 mutations of them', () => {
    const rnd = createRandom(20261130);
    const lines = [...base];
    for (let i = 0; i < 40_000; i++) {
      let l = base[i % base.length] ?? '';
      const n = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < n; k++) l = mutate(l, rnd);
      lines.push(l);
    }
    let recognised = 0;
    const wrong: string[] = [];
    for (const l of lines) {
      const reference = recogniseCandidate(clean(l));
      if (reference !== null) recognised++;
      const got = recogniseLine(l);
      if (JSON.stringify(got) !== JSON.stringify(reference) && !(l.startsWith('slot print_timing:') && l.includes('throughput:'))) {
        wrong.push(`${JSON.stringify(l)}: ${JSON.stringify(got)} ≠ ${JSON.stringify(reference)}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // Mutations keep many lines valid (spaces, escapes, prefixes): the comparison covers both outcomes.
    expect(recognised).toBeGreaterThan(5_000);
    expect(recognised).toBeLessThan(lines.length - 5_000);
  });

  it('rejects ordinary lines without reading them through', () => {
    for (const l of [
      'srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200',
      'slot launch_slot_: id  0 | task 12 | processing task',
      '[bench-model] tick 7: slots idle, kv cache usage 0.7%',
      '模型 bench-model 第 9 次请求完成',
      'INFO 11-30 08:00:05 [api_server.py:1] Started server process',
    ]) {
      expect(mayBeVitals(l), l).toBe(false);
    }
  });
});
