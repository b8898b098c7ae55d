// A small HTTP proxy in front of the demo server: records every request (for "which streams were
// opened when") and can freeze the connections it carries, the way a laptop's sleep leaves TCP
// connections dead without a close.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  readonly path: string;
  readonly at: number;
}

export interface RecordingProxy {
  readonly url: string;
  readonly requests: ProxiedRequest[];
  /** Stops forwarding on every connection open now (no close, no data): they are dead to both sides. */
  freeze(): void;
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const live = new Set<{ res: IncomingMessage; out: ServerResponse }>();
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '/', at: Date.now() });
    const up = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        const entry = { res: upRes, out: res };
        live.add(entry);
        upRes.pipe(res);
        upRes.on('end', () => live.delete(entry));
        res.on('close', () => {
          live.delete(entry);
          upRes.destroy();
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    freeze() {
      for (const { res } of live) {
        res.unpipe();
        res.pause();
      }
      live.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
