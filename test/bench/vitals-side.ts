// One side of the vitals benchmark's whole-path comparison, in a process of its own: a core monitor,
// reading vitals or not (MonitorOptions.vitals), that watches one burst model of the loopback stream
// server and lives through every burst as an app's does. SSE → frames → JSON.parse → classify →
// logbook → vitals → batches → the window's batcher.
//
// Why a process each: with both monitors in the benchmark's own process they shared one heap, so the
// collector's work for what one side allocated landed in the other side's bursts as often as in its
// own, and a round's ratio scattered by ±15–30 %. In a process of its own each side pays exactly its own
// collections, on its own helper threads, all counted in its process CPU.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_MONITOR_BATCH_MS } from '../../main/app/controller.js';
import { createEventBatcher } from '../../main/app/event-batcher.js';
import { createMonitor } from '../../main/core/monitor.js';
import { DEFAULT_POLICY, systemClock } from '../../main/core/ports.js';
import { modelKey, type MonitorEvent } from '../../main/core/types.js';
import { WINDOW_BATCH_MS } from './stream-bench.js';

export interface VitalsSideConfig {
  readonly url: string;
  readonly model: string;
  readonly vitals: boolean;
  /** Lines in a burst. */
  readonly lines: number;
}

/** One burst, read to its last line: CPU of the process and of its main thread (ms), and the samples its vitals events counted (live, with a speed: every sample of the mixes). */
export interface SideBurst {
  readonly cpuMs: number;
  readonly mainMs: number | null;
  readonly lines: number;
  readonly samples: number;
}

type SideCommand = { readonly type: 'begin' } | { readonly type: 'stop' };
type SideMessage = { readonly type: 'ready' } | { readonly type: 'armed' } | ({ readonly type: 'done' } & SideBurst) | { readonly type: 'failed'; readonly message: string };

const SERVER_ID = 'v';

/** CPU time of this process's main thread (ms; Linux), or null where /proc does not tell it. */
function mainThreadMs(): number | null {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/** The side itself (the bench bundle run with --vitals-side): answers the parent over IPC. */
export async function runVitalsSide(config: VitalsSideConfig): Promise<void> {
  const send = (m: SideMessage) => process.send?.(m);
  const monitor = createMonitor({
    servers: [{ id: SERVER_ID, name: 'vitals', url: config.url }],
    watch: [config.model],
    // As the app makes it (app/controller.ts): batches of what one read brought (batchMs 0; the window's
    // batcher below coalesces), and vitals events without samples (its window and tray read the summaries only).
    policy: { healthIntervalMs: 600_000, discoveryIntervalMs: 600_000, bufferSize: 20_000, batchMs: APP_MONITOR_BATCH_MS },
    vitals: config.vitals,
    vitalsSamples: false,
  });
  const key = modelKey(SERVER_ID, config.model);
  const window = createEventBatcher(systemClock, WINDOW_BATCH_MS, () => {});
  let lines = 0;
  let samples = 0;
  let settled = false;
  let waiter: { readonly until: () => boolean; readonly resolve: () => void } | null = null;
  monitor.subscribe((e: MonitorEvent) => {
    window.push(e);
    if (e.type === 'vitals' && e.key === key) samples += e.liveSpeeds;
    if (e.type !== 'lines' || e.key !== key) return;
    for (const entry of e.entries) {
      if (entry.kind === 'line') lines++;
      // The replay-hole check after the (empty) replay: its second connection must be gone before a burst.
      else if (entry.marker === 'gap-resolved') settled = true;
    }
    if (waiter?.until()) {
      const w = waiter;
      waiter = null;
      w.resolve();
    }
  });
  const wait = (until: () => boolean, ms: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (until()) return resolve();
      const timer = setTimeout(() => reject(new Error(`${config.model}: ${what} within ${ms / 1000} s`)), ms);
      waiter = {
        until,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  try {
    await monitor.start();
    await wait(() => settled, 30_000, 'the replay-hole check did not settle');
  } catch (err) {
    send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: SideCommand) => {
    if (m.type === 'stop') {
      void monitor.stop().finally(() => process.exit(0));
      return;
    }
    void (async () => {
      const lines0 = lines;
      const samples0 = samples;
      const arrived = wait(() => lines - lines0 >= config.lines, 120_000, 'a burst did not arrive');
      const t0 = process.cpuUsage();
      const m0 = mainThreadMs();
      send({ type: 'armed' });
      try {
        await arrived;
      } catch (err) {
        send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
        return;
      }
      // The samples read last go out at the end of their vitals interval (ConnectionPolicy.vitalsMs):
      // both sides wait for it, so that the last vitals event counts.
      await sleep(DEFAULT_POLICY.vitalsMs + 50);
      window.flush();
      const d = process.cpuUsage(t0);
      const m1 = mainThreadMs();
      send({ type: 'done', cpuMs: (d.user + d.system) / 1000, mainMs: m0 === null || m1 === null ? null : m1 - m0, lines: lines - lines0, samples: samples - samples0 });
    })();
  });
  send({ type: 'ready' });
}

export interface VitalsSideHandle {
  readonly model: string;
  /** Sends the model's burst (`sendBurst`) once the side is measuring, and resolves when it was read. */
  burst(sendBurst: () => void): Promise<SideBurst>;
  stop(): Promise<void>;
}

/** Forks a side (the bench bundle itself, with --vitals-side) and waits until its monitor is ready. */
export async function startVitalsSide(config: VitalsSideConfig): Promise<VitalsSideHandle> {
  const script = process.argv[1];
  if (!script) throw new Error('cannot locate the bench script to fork a vitals side');
  const child: ChildProcess = fork(script, ['--vitals-side', JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  let next: { resolve: (m: SideMessage) => void; reject: (e: Error) => void } | null = null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (m: SideMessage) => {
    const n = next;
    next = null;
    if (m.type === 'failed') n?.reject(new Error(m.message));
    else n?.resolve(m);
  });
  child.on('exit', (code) => next?.reject(new Error(`vitals side ${config.model} exited (${code})`)));
  const message = (what: string, ms = 150_000) =>
    new Promise<SideMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vitals side ${config.model}: no ${what} within ${ms / 1000} s`)), ms);
      next = {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  try {
    await message('ready', 60_000);
  } catch (err) {
    child.kill();
    throw err;
  }
  return {
    model: config.model,
    async burst(sendBurst) {
      const armed = message('armed');
      child.send({ type: 'begin' } satisfies SideCommand);
      await armed;
      const done = message('burst');
      sendBurst();
      const m = await done;
      if (m.type !== 'done') throw new Error(`vitals side ${config.model}: unexpected ${m.type}`);
      return { cpuMs: m.cpuMs, mainMs: m.mainMs, lines: m.lines, samples: m.samples };
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' } satisfies SideCommand);
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
