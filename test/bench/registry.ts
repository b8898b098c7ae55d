// Every benchmark `npm run bench` runs. To add yours: write test/bench/<area>-bench.ts exporting a
// `Benchmark`, import it here and append it to BENCHMARKS (one line each).
import { faninBenchmark } from './fanin-bench.js';
import { idleBenchmark } from './idle-bench.js';
import { logbookBenchmark } from './logbook-bench.js';
import { pipelineBenchmark } from './pipeline-bench.js';
import { rendererStoreBenchmark } from './renderer-store-bench.js';
import { streamBenchmark } from './stream-bench.js';
import { windowBenchmark } from './window-bench.js';
import { vitalsBenchmark } from './vitals-bench.js';

export interface BenchResult {
  /** What was measured, e.g. "logbook ingest 200,000 lines". */
  readonly name: string;
  readonly value: number;
  /** Unit of `value`, e.g. "lines/s", "ms", "bytes/line", "% of floor". */
  readonly unit: string;
  /** Extra context shown in the last column (totals, sizes). */
  readonly detail?: string;
  /** The target this figure is held to, in words ("<= 150 bytes"), and whether it was met. */
  readonly target?: string;
  readonly ok?: boolean;
}

export interface Benchmark {
  readonly name: string;
  run(): BenchResult[] | Promise<BenchResult[]>;
}

export const BENCHMARKS: readonly Benchmark[] = [
  streamBenchmark,
  faninBenchmark,
  logbookBenchmark,
  pipelineBenchmark,
  rendererStoreBenchmark,
  windowBenchmark,
  idleBenchmark,
  vitalsBenchmark,
];
