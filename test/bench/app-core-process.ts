// The app's core process on its own (out/node/idle-core.js URL), for the idle benchmark: the real app
// controller with the app's default settings watching one server (app-core.ts), standing in for the
// Electron main process, which cannot run here. Prints one JSON line whenever the number of
// connected models changes, and stops on SIGTERM. With LLT_BENCH_PROFILE=<file>, SIGUSR2 starts a CPU
// profile and the next SIGUSR2 writes it there (the idle benchmark profiles its measured window).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { ModelKey } from '../../main/core/types.js';
import { startAppCore } from './app-core.js';

const url = process.argv[2];
if (!url) throw new Error('usage: idle-core.js <server url>');
const connected = new Set<ModelKey>();
let reported = -1;
const core = await startAppCore({
  url,
  onMonitor: (monitor) =>
    monitor.subscribe((e) => {
      if (e.type !== 'status') return;
      if (e.status.connection === 'connected') connected.add(e.status.key);
      else connected.delete(e.status.key);
      if (connected.size === reported) return;
      reported = connected.size;
      process.stdout.write(`${JSON.stringify({ connected: connected.size })}\n`);
    }),
});
// The core's timers are unref'd; Electron's main process stays up by itself, and so does this stand-in
// (without it, the process ended when every stream was down at once, e.g. all cut at the same moment).
const keepAlive = setInterval(() => {}, 1 << 30);
process.on('SIGTERM', () => {
  clearInterval(keepAlive);
  void core.stop().finally(() => process.exit(0));
});

const profileFile = process.env['LLT_BENCH_PROFILE'];
if (profileFile) {
  let session: Session | undefined;
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!session) {
        session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
        return;
      }
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      session.disconnect();
      session = undefined;
      process.stdout.write(`${JSON.stringify({ profiled: profileFile })}\n`);
    })();
  });
}
