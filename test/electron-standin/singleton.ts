// Chromium's process singleton on Linux, as Electron uses it: a `SingletonLock` symlink in userData
// naming host-pid (taken atomically, stale locks of dead processes are broken), and a
// `SingletonSocket` over which a second instance hands its argv, cwd and additionalData to the first.
import { readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface SecondInstance {
  readonly lockPath: string;
  readonly socketPath: string;
  readonly server: Server;
}

export interface LockRequest {
  argv: string[];
  workingDirectory: string;
  additionalData: unknown;
  onSecondInstance(argv: string[], workingDirectory: string, additionalData: unknown): void;
}

export type LockResult = { acquired: true; lock: SecondInstance } | { acquired: false; notified: Promise<void> };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireSingleInstanceLock(userData: string, req: LockRequest): LockResult {
  const lockPath = join(userData, 'SingletonLock');
  const socketPath = join(userData, 'SingletonSocket');
  const me = `${hostname()}-${process.pid}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      symlinkSync(me, lockPath);
      rmSync(socketPath, { force: true });
      const server = createServer((socket) => {
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => {
          try {
            const msg = JSON.parse(text) as { argv: string[]; cwd: string; data: unknown };
            req.onSecondInstance(msg.argv, msg.cwd, msg.data);
            socket.end('ACK');
          } catch {
            socket.destroy();
          }
        });
        socket.on('error', () => undefined);
      });
      server.listen(socketPath);
      // A tray app's lock must not keep the process alive by itself.
      server.unref();
      return { acquired: true, lock: { lockPath, socketPath, server } };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = '';
      try {
        owner = readlinkSync(lockPath);
      } catch {
        continue;
      }
      const pid = Number(owner.slice(owner.lastIndexOf('-') + 1));
      if (owner.startsWith(`${hostname()}-`) && Number.isInteger(pid) && !alive(pid)) {
        rmSync(lockPath, { force: true });
        continue;
      }
      return { acquired: false, notified: notifyFirst(socketPath, req) };
    }
  }
  return { acquired: false, notified: notifyFirst(socketPath, req) };
}

function notifyFirst(socketPath: string, req: LockRequest): Promise<void> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(3_000, done);
    socket.on('error', done);
    socket.on('connect', () => socket.end(JSON.stringify({ argv: req.argv, cwd: req.workingDirectory, data: req.additionalData })));
    socket.on('data', done);
    socket.on('close', done);
  });
}

export function releaseSingleInstanceLock(lock: SecondInstance): void {
  lock.server.close();
  rmSync(lock.lockPath, { force: true });
  rmSync(lock.socketPath, { force: true });
}
