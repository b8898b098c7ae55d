// Benchmarks entry (npm run bench [-- --check] [--only a,b] …, see options.ts): runs every registered
// benchmark and prints one table with each figure's target. Run with `node --expose-gc` so memory
// measurements are meaningful (npm run bench does). With --serve it is the benchmarks' stream server,
// with --vitals-side one side of the vitals benchmark's whole-path comparison.
import { cpus, loadavg } from 'node:os';
import { formatTable } from './format.js';
import { benchOptions } from './options.js';
import { BENCHMARKS, type BenchResult } from './registry.js';
import { runStreamServer, type ServerCommand, type ServerMessage, type StreamServerConfig } from './stream-server.js';
import { runVitalsSide, type VitalsSideConfig } from './vitals-side.js';

async function main(): Promise<void> {
  const opts = benchOptions();
  const rows: Array<{ bench: string; result: BenchResult }> = [];
  let failed = 0;
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stderr.write(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${load}, node ${process.version}\n`);
  for (const b of BENCHMARKS) {
    if (opts.only && !opts.only.includes(b.name)) continue;
    process.stderr.write(`running ${b.name}…\n`);
    try {
      for (const result of await b.run()) rows.push({ bench: b.name, result });
    } catch (err) {
      failed++;
      rows.push({ bench: b.name, result: { name: 'FAILED', value: Number.NaN, unit: '', detail: err instanceof Error ? err.message : String(err), target: 'runs', ok: false } });
    }
  }
  console.log(formatTable(rows));
  const missed = rows.filter((r) => r.result.target !== undefined && r.result.ok !== true);
  console.log(`\n${rows.filter((r) => r.result.target !== undefined).length - missed.length} targets met, ${missed.length} missed; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (failed > 0 || (opts.check && missed.length > 0)) process.exitCode = 1;
}

const serveAt = process.argv.indexOf('--serve');
const sideAt = process.argv.indexOf('--vitals-side');
if (sideAt !== -1) {
  // Forked by the vitals benchmark: one side of its whole-path comparison, in a process of its own.
  await runVitalsSide(JSON.parse(process.argv[sideAt + 1] ?? '{}') as VitalsSideConfig);
} else if (serveAt !== -1) {
  const config = JSON.parse(process.argv[serveAt + 1] ?? '{}') as StreamServerConfig;
  // Forked by a benchmark: report over IPC. Run by hand (profiling): print the messages instead.
  const command = runStreamServer(config, (m: ServerMessage) => (process.send ? process.send(m) : console.log(JSON.stringify(m))));
  process.on('message', (m: ServerCommand) => command(m));
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
  // Nothing should be left running; if a library still holds a handle, don't hang the terminal.
  setTimeout(() => process.exit(), 2000).unref();
}
