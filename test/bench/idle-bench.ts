// Idle (issue 13, point 7): 10 connected models that print nothing. The app's core runs in a process
// of its own (out/node/idle-core.js: the real app controller with the app's default settings,
// standing in for the Electron main process, which cannot run here). Its RSS and CPU share from
// /proc (every thread: the main thread, GC and compiler threads, libuv), measured once it has
// settled: after every model is connected and a warm-up, over a window of 30 s (--idle-seconds), which holds exactly
// two of the app's health probes (every 15 s) and one model discovery (every 30 s), so the periodic
// work is counted at its true average whatever the phase.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Benchmark, BenchResult } from './registry.js';
import { benchOptions } from './options.js';
import { startStreamServer } from './stream-server-process.js';
import { setTimeout as sleep } from 'node:timers/promises';

const MODELS = 10;
/** After every model is connected: start-up garbage collected, code compiled, the first probes made. */
const WARMUP_MS = 20_000;

function proc(pid: number): { rssMb: number; cpuMs: number; userMs: number; sysMs: number; majorFaults: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userMs = Number(f[11]) * 10;
  const sysMs = Number(f[12]) * 10;
  return { rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024, cpuMs: userMs + sysMs, userMs, sysMs, majorFaults: Number(f[9]) };
}

/** CPU milliseconds and wake-ups (voluntary context switches) per thread name (the main thread is
 * "node"; V8's helpers, libuv's pool). */
function threads(pid: number): Map<string, { ms: number; wakeups: number }> {
  const out = new Map<string, { ms: number; wakeups: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      const wakeups = Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const prev = out.get(name) ?? { ms: 0, wakeups: 0 };
      out.set(name, { ms: prev.ms + (Number(f[11]) + Number(f[12])) * 10, wakeups: prev.wakeups + wakeups });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

function threadDelta(a: Map<string, { ms: number; wakeups: number }>, b: Map<string, { ms: number; wakeups: number }>): string {
  return [...b]
    .map(([name, t]) => ({ name, ms: t.ms - (a.get(name)?.ms ?? 0), wakeups: t.wakeups - (a.get(name)?.wakeups ?? 0) }))
    .filter((t) => t.ms > 0 || t.wakeups > 0)
    .sort((x, y) => y.ms - x.ms || y.wakeups - x.wakeups)
    .map((t) => `${t.name} ${t.ms} ms/${t.wakeups} wake-ups`)
    .join(', ');
}

export const idleBenchmark: Benchmark = {
  name: 'idle',
  async run(): Promise<BenchResult[]> {
    const server = await startStreamServer({ models: Array.from({ length: MODELS }, (_, i) => ({ name: `idle${i}`, history: 50 })) });
    const script = resolve(dirname(process.argv[1] ?? '.'), 'idle-core.js');
    const child = spawn(process.execPath, [script, server.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    const measureMs = benchOptions().idleSeconds * 1000;
    let connected = 0;
    /** Times a model's stream was lost (connected count went down) after the measuring began. */
    let drops = 0;
    let measuring = false;
    let profiled = false;
    // LLT_BENCH_PROFILE=<file>: the core process profiles the measured window (SIGUSR2 around it).
    const profiling = process.env['LLT_BENCH_PROFILE'] !== undefined;
    let buffered = '';
    let reference: ChildProcess | null = null;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const l of lines) {
        const m = JSON.parse(l) as { connected?: number; profiled?: string };
        if (m.connected !== undefined) {
          if (measuring && m.connected < connected) drops += connected - m.connected;
          connected = m.connected;
        }
        if (m.profiled !== undefined) profiled = true;
      }
    });
    try {
      const deadline = Date.now() + 60_000;
      while (connected < MODELS && Date.now() < deadline && child.exitCode === null) await sleep(50);
      if (connected < MODELS) throw new Error(`only ${connected} of ${MODELS} models connected`);
      // The machine's own price of waking up, measured over the same window: a Node process that does
      // nothing but wake once a second. On an idle VM here each wake-up is charged several ms (0.6-1.7 %
      // of a core for this process alone), so the core's figure is read against it.
      reference = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      await sleep(WARMUP_MS);
      const pid = child.pid ?? 0;
      if (profiling) process.kill(pid, 'SIGUSR2');
      const a = proc(pid);
      const ra = reference.pid !== undefined ? proc(reference.pid) : null;
      const ta = threads(pid);
      const t0 = performance.now();
      measuring = true;
      await sleep(measureMs);
      const b = proc(pid);
      const rb = reference.pid !== undefined ? proc(reference.pid) : null;
      const perThread = threadDelta(ta, threads(pid));
      if (profiling) {
        process.kill(pid, 'SIGUSR2');
        const until = Date.now() + 10_000;
        while (!profiled && Date.now() < until) await sleep(50);
      }
      const windowMs = performance.now() - t0;
      const cpuPct = ((b.cpuMs - a.cpuMs) / windowMs) * 100;
      const refPct = ra && rb ? ((rb.cpuMs - ra.cpuMs) / windowMs) * 100 : NaN;
      return [
        { name: `core process RSS, ${MODELS} connected idle models`, value: b.rssMb, unit: 'MB', detail: `the app controller + core in plain Node; ${connected}/${MODELS} connected`, target: '<= 80 MB', ok: b.rssMb <= 80 && connected === MODELS },
        { name: 'streams lost while idle (no heartbeat: a silent stream must stay open)', value: drops, unit: 'streams', detail: `over ${measureMs / 1000} s; --idle-seconds 330 covers a silence longer than five minutes`, target: '= 0', ok: drops === 0 },
        { name: 'core process CPU while idle', value: cpuPct, unit: '% of a core', detail: `reference ${refPct.toFixed(2)} % (below); ${b.cpuMs - a.cpuMs} ms (user ${b.userMs - a.userMs}, system ${b.sysMs - a.sysMs}; ${b.majorFaults - a.majorFaults} major page faults; per thread: ${perThread || 'none'}) over ${measureMs / 1000} s, after ${WARMUP_MS / 1000} s warm-up`, target: '<= 1 %', ok: cpuPct <= 1 },
        { name: 'reference: a Node process doing nothing but wake once a second', value: refPct, unit: '% of a core', detail: `the same ${measureMs / 1000} s window: what ~${Math.round(measureMs / 1000)} wake-ups cost on this machine now, with no work in them` },
      ];
    } finally {
      if (reference && reference.exitCode === null && reference.pid !== undefined) {
        const exited = new Promise((r) => reference?.once('exit', r));
        process.kill(reference.pid, 'SIGKILL');
        await exited;
      }
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
      await server.close();
    }
  },
};
