// Starts test/bench/stream-server.ts in a child process (the bench bundle itself, with --serve).
import { fork, type ChildProcess } from 'node:child_process';
import type { ServerCommand, ServerMessage, StreamServerConfig } from './stream-server.js';

export interface StreamServerHandle {
  readonly url: string;
  /** Resolves with the arrival time (epoch ms) of a model's nth stream request. */
  streamOpened(model: string, connection: number, timeoutMs?: number): Promise<number>;
  /** Sends a burst model's mix to its open streams as live lines (ServedModel.bursts). */
  burst(model: string): void;
  /** Turns the live lines of these models on or off (ServedModel.livePaused). */
  live(models: readonly string[], on: boolean): void;
  close(): Promise<void>;
}

export async function startStreamServer(config: StreamServerConfig): Promise<StreamServerHandle> {
  const script = process.argv[1];
  if (!script) throw new Error('cannot locate the bench script to fork the stream server');
  const child: ChildProcess = fork(script, ['--serve', JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  const opens = new Map<string, number>();
  const waiters = new Set<() => void>();
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('stream server did not start')), 60_000);
    child.on('message', (m: ServerMessage) => {
      if (m.type === 'listening') {
        clearTimeout(timer);
        resolve(m.port);
      } else if (m.type === 'stream-open') {
        opens.set(`${m.model}#${m.connection}`, m.at);
        for (const w of [...waiters]) w();
      }
    });
    child.on('exit', (code) => reject(new Error(`stream server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    streamOpened(model, connection, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const at = opens.get(`${model}#${connection}`);
          if (at === undefined) return false;
          waiters.delete(w);
          clearTimeout(timer);
          resolve(at);
          return true;
        };
        const w = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`no stream request for ${model} #${connection}`));
        }, timeoutMs);
        waiters.add(w);
        check();
      });
    },
    burst(model) {
      const command: ServerCommand = { type: 'burst', model };
      child.send(command);
    },
    live(models, on) {
      const command: ServerCommand = { type: 'live', models, on };
      child.send(command);
    },
    async close() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
