// A hostile server's line must not stall the ingest path in the vitals recognisers: every regular
// expression they use runs in linear time on lines built to make a backtracking matcher go quadratic
// (a known prefix, then 256 kB of whitespace or digits, then a character that fails the match).
// `\|\s*(?:body)?\s*$` did: 16,000 spaces after `slot print_timing: … |` took 94 ms a line, a megabyte
// would take minutes, 256 kB about half a minute. The patterns run in a worker with a deadline, so a regression fails this test
// (naming the pattern and the line) instead of hanging the suite.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { RECOGNISER_PATTERNS } from '../../../main/core/logs/vitals/recognisers.js';
import { FAST_PATTERNS } from '../../../main/core/logs/vitals/fast-scan.js';

const PREFIXES = [
  '',
  'slot print_timing: id  0 | task 1 |',
  'slot print_timing: id  0 | task 1 | prompt eval time =',
  'slot print_timing: id  0 | task 1 | prompt eval time = 1.00 ms',
  'slot print_timing: id  0 | task 1 | prompt eval time = 1.00 ms / 3 tokens (',
  '       eval time =',
  'prompt eval time = 1.00 ms / 3 tokens',
  'INFO [           print_timings]',
  'INFO 11-30 08:00:10 [loggers.py:123] Engine 000:',
  'INFO 11-30 08:00:10 [loggers.py:123] 2 Engines Aggregated:',
  'llama_kv_cache: size = 1.00 MiB',
  'llama_context: n_ctx =',
  'llama_perf_context_print:        load time =',
  'srv  load_model:',
  '0.03.137.021 I ',
];
const FILLERS = [' ', '\t', ' \t', '1', '1 ', '.', '1.'];
/** Characters of filler per line: quadratic backtracking over this many takes minutes, linear a few ms. */
const FILL = 1 << 18;

interface Progress {
  readonly done?: true;
  readonly pattern?: string;
  readonly line?: string;
}

/** Runs every pattern on every hostile line in a worker; rejects naming the pattern and line in progress when `deadlineMs` passes. */
function runAll(patterns: readonly RegExp[], deadlineMs: number): Promise<number> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     let runs = 0;
     for (const [source, flags] of workerData.patterns) {
       const re = new RegExp(source, flags);
       for (const prefix of workerData.prefixes) {
         for (const filler of workerData.fillers) {
           const line = prefix + filler.repeat(Math.ceil(workerData.fill / filler.length)) + 'x';
           parentPort.postMessage({ pattern: source, line: JSON.stringify(prefix) + ' + ' + JSON.stringify(filler) + ' × ' + workerData.fill + ' + "x"' });
           re.lastIndex = 0;
           re.exec(line);
           runs++;
         }
       }
     }
     parentPort.postMessage({ done: true, runs });`,
    { eval: true, workerData: { patterns: patterns.map((re) => [re.source, re.flags]), prefixes: PREFIXES, fillers: FILLERS, fill: FILL } },
  );
  return new Promise((resolve, reject) => {
    let current: Progress = {};
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`still matching after ${deadlineMs} ms: ${current.pattern} on ${current.line}`));
    }, deadlineMs);
    worker.on('message', (m: Progress & { runs?: number }) => {
      if (m.done) {
        clearTimeout(timer);
        void worker.terminate();
        resolve(m.runs ?? 0);
      } else current = m;
    });
    worker.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

describe('the vitals recognisers on hostile lines', () => {
  it('match every pattern in linear time on a quarter megabyte of whitespace or digits after each known prefix', async () => {
    const patterns = [...RECOGNISER_PATTERNS, ...FAST_PATTERNS];
    expect(patterns.length).toBeGreaterThanOrEqual(18);
    const runs = await runAll(patterns, 15_000);
    expect(runs).toBe(patterns.length * PREFIXES.length * FILLERS.length);
  }, 30_000);
});
