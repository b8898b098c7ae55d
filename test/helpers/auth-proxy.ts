// A reverse proxy with authentication in front of the demo server, as users put in front of
// LLM-Manager: requests without the expected Authorization get 401, and (the worst case for leaks)
// the 401 body quotes the Authorization header it received. Streams are piped through untouched.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AuthProxy {
  readonly url: string;
  /** Every Authorization header received (undefined when absent), in order. */
  readonly seen: readonly (string | undefined)[];
  close(): Promise<void>;
}

export async function startAuthProxy(target: string, expected: string): Promise<AuthProxy> {
  const seen: (string | undefined)[] = [];
  const upstream = new URL(target);
  const open = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const auth = req.headers.authorization;
    seen.push(auth);
    if (auth !== expected) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Basic realm="llm"' });
      res.end(`401 Unauthorized: you sent ${auth ?? '(nothing)'}`);
      return;
    }
    open.add(res);
    res.on('close', () => open.delete(res));
    const headers = { ...req.headers, host: upstream.host };
    delete headers.authorization;
    const up = request(
      { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    async close() {
      for (const r of open) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
