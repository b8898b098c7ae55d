// The floor side by side (issue 13): one loopback stream of seed-format history frames, read in the
// same run by the floor (bare fetch + split on blank lines + JSON.parse), by the `eventsource` package
// + JSON.parse, by the core pipeline (parse, classify, de-duplicate, buffer, batch), and by the built
// CLI's `watch --json` and `watch` (human, no colour) writing into a file. Each is timed from the
// moment the server received the stream request to the moment history was complete, and reported
// as a percentage of the floor. Then a full replay de-duplicated against 100,000 held lines.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { EventSource } from 'eventsource';
import { createEventBatcher } from '../../main/app/event-batcher.js';
import { createMonitor } from '../../main/core/monitor.js';
import { systemClock, type Monitor } from '../../main/core/ports.js';
import { modelKey, type MonitorEvent } from '../../main/core/types.js';
import { benchLine } from './lines.js';
import { benchOptions, gc } from './options.js';
import type { Benchmark, BenchResult } from './registry.js';
import { startStreamServer, type StreamServerHandle } from './stream-server-process.js';
import { setTimeout as sleep } from 'node:timers/promises';

const SERVER_ID = 'b';
/** The app controller's default interval for monitor:events messages (main/app/controller.ts). */
export const WINDOW_BATCH_MS = 50;
const pct = (x: number, floor: number) => (x / floor) * 100;
const rate = (lines: number, ms: number) => (lines / Math.max(1, ms)) * 1000;
const fmtRate = (r: number) => `${Math.round(r).toLocaleString('en-US')} lines/s`;

/**
 * LLT_BENCH_PROFILE=<dir> saves a CPU profile of the core pipeline's run and of the replay there
 * (`core.cpuprofile`, `replay.cpuprofile`; open them in Chrome DevTools). Profiling slows the run:
 * the ratios of such a run are not comparable.
 */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env['LLT_BENCH_PROFILE'];
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

/** The floor: fetch, decode, split frames on blank lines, JSON.parse each; until historical_complete. */
async function readFloor(url: string): Promise<{ lines: number; end: number }> {
  const res = await fetch(url);
  if (!res.body) throw new Error('no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let lines = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended before historical_complete');
    buf += decoder.decode(value, { stream: true });
    let start = 0;
    let i: number;
    while ((i = buf.indexOf('\n\n', start)) !== -1) {
      const v = JSON.parse(buf.slice(start + 6, i)) as { type: string };
      start = i + 2;
      if (v.type === 'historical_complete') {
        const end = Date.now();
        await reader.cancel();
        return { lines, end };
      }
      lines++;
    }
    buf = buf.slice(start);
  }
}

function readEventSource(url: string): Promise<{ lines: number; end: number }> {
  return new Promise((resolveRun, reject) => {
    let lines = 0;
    const es = new EventSource(url);
    es.onmessage = (ev: MessageEvent) => {
      const v = JSON.parse(ev.data as string) as { type: string };
      if (v.type === 'historical_complete') {
        const end = Date.now();
        es.close();
        resolveRun({ lines, end });
      } else lines++;
    };
    es.onerror = (e) => {
      es.close();
      reject(new Error(`eventsource: ${e.message ?? 'error'}`));
    };
  });
}

interface CoreRun {
  readonly lines: number;
  readonly end: number;
  readonly batches: number;
  readonly monitor: Monitor;
}

/** The core monitor on one model until its history-complete marker; the monitor is left running. */
async function runCore(url: string, model: string, bufferSize: number): Promise<CoreRun> {
  const monitor = createMonitor({
    servers: [{ id: SERVER_ID, name: 'bench', url }],
    watch: [model],
    policy: { healthIntervalMs: 600_000, discoveryIntervalMs: 600_000, bufferSize },
  });
  const key = modelKey(SERVER_ID, model);
  let lines = 0;
  let batches = 0;
  const done = new Promise<number>((resolveDone) => {
    // What the window gets: the app controller's event batcher, one message per interval.
    const window = createEventBatcher(systemClock, WINDOW_BATCH_MS, (batch) => {
      if (batch.events.some((e) => e.type === 'lines' && e.key === key)) batches++;
    });
    monitor.subscribe((e: MonitorEvent) => {
      window.push(e);
      if (e.type !== 'lines' || e.key !== key) return;
      for (const entry of e.entries) {
        if (entry.kind === 'line') lines++;
        else if (entry.marker === 'history-complete') {
          window.flush();
          resolveDone(Date.now());
        }
      }
    });
  });
  await monitor.start();
  const end = await done;
  return { lines, end, batches, monitor };
}

/** Runs the built CLI with stdout into a file until `marker` shows up at the end of that file. */
async function runCli(args: readonly string[], marker: string, timeoutMs: number, opened: Promise<number>): Promise<{ end: number; bytes: number; cpuMs: number }> {
  const cli = resolve(dirname(process.argv[1] ?? '.'), 'cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'llt-bench-'));
  const file = join(dir, 'out.txt');
  const out = openSync(file, 'w');
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', out, 'ignore'],
    env: { PATH: process.env['PATH'] ?? '', LANG: 'en_US.UTF-8', NO_COLOR: '1' },
  });
  closeSync(out);
  // CPU spent before the stream opened (start-up, probe, discovery) is not part of the throughput.
  let cpuAtOpen = 0;
  void opened.then(() => (cpuAtOpen = processCpuMs(child.pid ?? 0)));
  const reader = openSync(file, 'r');
  const tail = Buffer.alloc(64 * 1024);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`cli exited early (${child.exitCode}): ${args.join(' ')}`);
      const size = fstatSync(reader).size;
      const n = readSync(reader, tail, 0, tail.length, Math.max(0, size - tail.length));
      if (tail.subarray(0, n).toString('utf8').includes(marker)) {
        return { end: Date.now(), bytes: size, cpuMs: processCpuMs(child.pid ?? 0) - cpuAtOpen };
      }
      if (Date.now() > deadline) throw new Error(`cli did not reach "${marker}" in ${timeoutMs} ms`);
      await sleep(5);
    }
  } finally {
    closeSync(reader);
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Measured {
  readonly lines: number;
  /** Wall time from the server receiving the request to history complete. */
  readonly ms: number;
  /** CPU time the reading process spent in that interval. */
  readonly cpuMs: number;
  readonly batches: number;
}

interface RunResult {
  readonly lines: number;
  readonly end: number;
  readonly batches?: number;
  /** CPU of a child process (ms); in-process runs are measured with process.cpuUsage. */
  readonly cpuMs?: number;
}

/** CPU milliseconds (user + system) a process has used so far, from /proc. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
const TICKS_PER_SECOND = 100;

export const streamBenchmark: Benchmark = {
  name: 'stream',
  async run(): Promise<BenchResult[]> {
    const { frames, replayLines } = benchOptions();
    const server: StreamServerHandle = await startStreamServer({
      models: [
        { name: 'h', history: frames },
        { name: 'r', history: replayLines, newOnReconnect: 1 },
      ],
    });
    const url = `${server.url}/api/models/h/logs/stream`;
    let conn = 0;
    const timed = async (what: (opened: Promise<number>) => Promise<RunResult>): Promise<Measured> => {
      gc();
      const opened = server.streamOpened('h', ++conn);
      let cpuAtOpen: NodeJS.CpuUsage | null = null;
      void opened.then(() => (cpuAtOpen = process.cpuUsage()));
      const r = await what(opened);
      const cpu = cpuAtOpen ? process.cpuUsage(cpuAtOpen) : { user: Number.NaN, system: 0 };
      return { lines: r.lines, ms: r.end - (await opened), cpuMs: r.cpuMs ?? (cpu.user + cpu.system) / 1000, batches: r.batches ?? 0 };
    };
    const monitors: Monitor[] = [];
    try {
      const floor1 = await timed(() => readFloor(url));
      const es = await timed(() => readEventSource(url));
      const core = await timed(async () => {
        const r = await profiled('core', () => runCore(server.url, 'h', 20_000));
        monitors.push(r.monitor);
        return r;
      });
      await monitors.pop()?.stop();
      const json = await timed(async (opened) => {
        const r = await runCli(['watch', '--json', '--model', 'h', '--url', server.url], '"type":"history-complete"', 600_000, opened);
        return { lines: frames, end: r.end, cpuMs: r.cpuMs };
      });
      const human = await timed(async (opened) => {
        const r = await runCli(['watch', '--no-color', '--model', 'h', '--url', server.url], 'history complete', 600_000, opened);
        return { lines: frames, end: r.end, cpuMs: r.cpuMs };
      });
      const floor2 = await timed(() => readFloor(url));
      if (floor1.lines !== frames || es.lines !== frames || core.lines !== frames) {
        throw new Error(`line counts differ: floor ${floor1.lines}, eventsource ${es.lines}, core ${core.lines}, expected ${frames}`);
      }
      // The better floor of the two (start and end of the run): the ratios are never flattered.
      // Ratios are taken on CPU time (lines per CPU-second of the reading process), which is what
      // lines/s is on an idle machine and stays meaningful when the shared machine is loaded; the
      // wall-clock figures are shown alongside.
      const floorRate = Math.max(rate(floor1.lines, floor1.ms), rate(floor2.lines, floor2.ms));
      const floorCpuRate = Math.max(rate(floor1.lines, floor1.cpuMs), rate(floor2.lines, floor2.cpuMs));
      const ratioRow = (name: string, m: Measured, target: number | null): BenchResult => {
        const r = rate(m.lines, m.ms);
        const p = pct(rate(m.lines, m.cpuMs), floorCpuRate);
        return {
          name,
          value: p,
          unit: '% of floor',
          detail: `${fmtRate(rate(m.lines, m.cpuMs))} per CPU-s; wall ${fmtRate(r)} = ${pct(r, floorRate).toFixed(1)} % (${m.ms} ms)`,
          ...(target !== null ? { target: `>= ${target} %`, ok: p >= target } : {}),
        };
      };

      // Replay: a model with `replayLines` held reconnects and gets its whole history again.
      const replay = await runCore(server.url, 'r', replayLines + 10_000);
      monitors.push(replay.monitor);
      const key = modelKey(SERVER_ID, 'r');
      const newText = benchLine(replayLines);
      let dupes = 0;
      let newAt = 0;
      replay.monitor.subscribe((e) => {
        if (e.type !== 'lines' || e.key !== key) return;
        for (const entry of e.entries) {
          if (entry.kind !== 'line') continue;
          if (entry.text === newText && newAt === 0) newAt = Date.now();
          else dupes++;
        }
      });
      gc();
      const openedP = server.streamOpened('r', 2);
      let cpuAtOpen: NodeJS.CpuUsage | null = null;
      void openedP.then(() => (cpuAtOpen = process.cpuUsage()));
      const opened = await profiled('replay', async () => {
        replay.monitor.reconnectAll();
        const at = await openedP;
        const deadline = Date.now() + 600_000;
        while (newAt === 0 && Date.now() < deadline) await sleep(1);
        return at;
      });
      if (newAt === 0) throw new Error('the reconnect never delivered the new line');
      const cpu = process.cpuUsage(cpuAtOpen ?? undefined);
      const replayWall = rate(replayLines, newAt - opened);
      const replayRate = rate(replayLines, (cpu.user + cpu.system) / 1000);
      const replayPct = pct(replayRate, floorCpuRate);

      return [
        { name: `floor: fetch + split + JSON.parse (${frames.toLocaleString('en-US')} frames)`, value: floorCpuRate, unit: 'lines/CPU-s', detail: `wall: ${fmtRate(rate(floor1.lines, floor1.ms))}, ${fmtRate(rate(floor2.lines, floor2.ms))}` },
        ratioRow('eventsource + JSON.parse', es, null),
        ratioRow('core pipeline (parse, classify, de-dup, buffer, batch)', core, 45),
        ratioRow('watch --json into a file', json, 35),
        ratioRow('watch (human, no colour) into a file', human, 35),
        {
          name: `replay de-dup, ${replayLines.toLocaleString('en-US')} lines held`,
          value: replayPct,
          unit: '% of floor',
          detail: `${fmtRate(replayRate)} per CPU-s, ${dupes} duplicates; wall ${fmtRate(replayWall)} = ${pct(replayWall, floorRate).toFixed(1)} %`,
          target: '>= 50 %, 0 duplicates',
          ok: replayPct >= 50 && dupes === 0,
        },
        {
          name: 'batches to the window during the history replay (per model)',
          value: core.batches / Math.max(1, core.ms / 1000),
          unit: 'batches/s',
          detail: `${core.batches} batches in ${core.ms} ms`,
          target: '<= 20 /s',
          ok: core.batches / Math.max(1, core.ms / 1000) <= 20,
        },
      ];
    } finally {
      for (const m of monitors) await m.stop();
      await server.close();
    }
  },
};
