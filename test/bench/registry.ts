// Every benchmark `npm run bench` runs. To add yours: write test/bench/<area>-bench.ts exporting a
// `Benchmark`, import it here and append it to BENCHMARKS (one line each).
import { logbookBenchmark } from './logbook-bench.js';
import { pipelineBenchmark } from './pipeline-bench.js';
import { rendererStoreBenchmark } from './renderer-store-bench.js';

export interface BenchResult {
  /** What was measured, e.g. "logbook ingest 200,000 lines". */
  readonly name: string;
  readonly value: number;
  /** Unit of `value`, e.g. "lines/s", "ms", "bytes/line". */
  readonly unit: string;
  /** Extra context shown in the last column (totals, sizes). */
  readonly detail?: string;
}

export interface Benchmark {
  readonly name: string;
  run(): BenchResult[] | Promise<BenchResult[]>;
}

export const BENCHMARKS: readonly Benchmark[] = [logbookBenchmark, pipelineBenchmark, rendererStoreBenchmark];
