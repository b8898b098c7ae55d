// Benchmarks entry (npm run bench): runs every registered benchmark and prints one table.
// Run with `node --expose-gc` so memory measurements are meaningful (npm run bench does).
import { formatTable } from './format.js';
import { BENCHMARKS, type BenchResult } from './registry.js';

async function main(): Promise<void> {
  const rows: Array<{ bench: string; result: BenchResult }> = [];
  let failed = 0;
  for (const b of BENCHMARKS) {
    process.stderr.write(`running ${b.name}…\n`);
    try {
      for (const result of await b.run()) rows.push({ bench: b.name, result });
    } catch (err) {
      failed++;
      rows.push({ bench: b.name, result: { name: 'FAILED', value: Number.NaN, unit: '', detail: err instanceof Error ? err.message : String(err) } });
    }
  }
  console.log(formatTable(rows));
  if (failed > 0) process.exitCode = 1;
}

void main();
