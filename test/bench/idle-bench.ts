// Idle (issue 13, point 7): 10 connected models that print nothing. The core runs in a process of its
// own, standing in for the Electron main process (which cannot run here): the built CLI's
// `watch --json`, which is the core plus a printer. Its RSS and CPU share after a warm-up, from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Benchmark, BenchResult } from './registry.js';
import { startStreamServer } from './stream-server-process.js';

const MODELS = 10;
const WARMUP_MS = 5_000;
const MEASURE_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function proc(pid: number): { rssMb: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024, cpuMs: (Number(f[11]) + Number(f[12])) * 10 };
}

export const idleBenchmark: Benchmark = {
  name: 'idle',
  async run(): Promise<BenchResult[]> {
    const server = await startStreamServer({ models: Array.from({ length: MODELS }, (_, i) => ({ name: `idle${i}`, history: 50 })) });
    const cli = resolve(dirname(process.argv[1] ?? '.'), 'cli.js');
    const child = spawn(process.execPath, [cli, 'watch', '--json', '--url', server.url], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    try {
      await sleep(WARMUP_MS);
      const pid = child.pid ?? 0;
      const a = proc(pid);
      const t0 = performance.now();
      await sleep(MEASURE_MS);
      const b = proc(pid);
      const cpuPct = ((b.cpuMs - a.cpuMs) / (performance.now() - t0)) * 100;
      const connected = new Set<string>();
      for (const l of out.split('\n')) {
        const m = /"key":"([^"]+)".*"connection":"connected"/.exec(l);
        if (l.startsWith('{"type":"status"') && m?.[1]) connected.add(m[1]);
      }
      return [
        { name: `core process RSS, ${MODELS} connected idle models`, value: b.rssMb, unit: 'MB', detail: `the built CLI's watch --json; ${connected.size}/${MODELS} connected`, target: '<= 80 MB', ok: b.rssMb <= 80 && connected.size === MODELS },
        { name: 'core process CPU while idle', value: cpuPct, unit: '% of a core', detail: `over ${MEASURE_MS / 1000} s after ${WARMUP_MS / 1000} s warm-up`, target: '<= 1 %', ok: cpuPct <= 1 },
      ];
    } finally {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
      await server.close();
    }
  },
};
