// Command-line options of `npm run bench -- [flags]`, read once from process.argv.
//   --check               exit non-zero when a target is missed
//   --only a,b            run only these benchmarks (by name: stream, fan-in, logbook, pipeline,
//                         window-store, window, idle, vitals)
//   --frames N            frames in the floor-side-by-side stream (default 500,000)
//   --replay-lines N      lines held before the full replay (default 100,000)
//   --fanin-seconds N     fan-in duration (default 20; the figure is measured at 60)
//   --window-seconds N    live-append duration in the window benchmark (default 30)
//   --idle-seconds N      idle measuring window (default 30: two health probes, one discovery;
//                         330 shows what happens to a stream silent for longer than five minutes)

export interface BenchOptions {
  readonly check: boolean;
  readonly only: readonly string[] | null;
  readonly frames: number;
  readonly replayLines: number;
  readonly faninSeconds: number;
  readonly windowSeconds: number;
  readonly idleSeconds: number;
}

function numberFlag(argv: readonly string[], flag: string, fallback: number): number {
  const i = argv.indexOf(flag);
  if (i === -1) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number, got ${argv[i + 1] ?? 'nothing'}`);
  return v;
}

let cached: BenchOptions | null = null;

export function benchOptions(argv: readonly string[] = process.argv.slice(2)): BenchOptions {
  if (cached) return cached;
  const onlyAt = argv.indexOf('--only');
  cached = {
    check: argv.includes('--check'),
    only: onlyAt === -1 ? null : (argv[onlyAt + 1] ?? '').split(',').filter((s) => s !== ''),
    frames: Math.floor(numberFlag(argv, '--frames', 500_000)),
    replayLines: Math.floor(numberFlag(argv, '--replay-lines', 100_000)),
    faninSeconds: numberFlag(argv, '--fanin-seconds', 20),
    windowSeconds: numberFlag(argv, '--window-seconds', 30),
    idleSeconds: numberFlag(argv, '--idle-seconds', 30),
  };
  return cached;
}

/** Full garbage collection when node runs with --expose-gc (npm run bench does); false otherwise. */
export function gc(): boolean {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) return false;
  g();
  g();
  return true;
}
