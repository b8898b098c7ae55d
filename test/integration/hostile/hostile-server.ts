// A small, scriptable fake LLM-Manager (v1-seed shape) on 127.0.0.1 for hostile-server tests: each
// route can be replaced by a test to answer wrongly, slowly, or never. Tracks its sockets so a test
// can count connections and close everything at the end.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => void | Promise<void>;

export interface HostileServer {
  readonly url: string;
  readonly port: number;
  /** Sockets open right now. */
  openSockets(): number;
  /** Requests seen per path (without the query). */
  hits(path: string): number;
  close(): Promise<void>;
}

export interface HostileOptions {
  /** Model ids listed by /v1/models and reported running by /health. */
  readonly models?: readonly string[];
  /** Overrides by exact path (`/health`, `/v1/models`, `/api/models/m/logs/stream` …). */
  readonly routes?: Readonly<Record<string, Handler>>;
  /** The v1 log stream of a model, when no route overrides it. */
  readonly stream?: (model: string, res: ServerResponse, req: IncomingMessage) => void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sseHead(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

export function frame(obj: unknown): string {
  return `data: ${JSON.stringify(obj)}\n\n`;
}

export const historical = (message: string, timestamp?: unknown): string =>
  frame({ type: 'historical', log: timestamp === undefined ? { message } : { timestamp, message } });
export const realtime = (message: string, timestamp?: unknown): string =>
  frame({ type: 'realtime', log: timestamp === undefined ? { message } : { timestamp, message } });
export const HISTORY_COMPLETE = frame({ type: 'historical_complete' });

export async function startHostile(opts: HostileOptions = {}): Promise<HostileServer> {
  const models = opts.models ?? ['m1'];
  const sockets = new Set<Socket>();
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const custom = opts.routes?.[path];
    if (custom) {
      void Promise.resolve(custom(req, res, path)).catch(() => res.destroy());
      return;
    }
    if (path === '/health') return sendJson(res, 200, { status: 'healthy', models_count: models.length, running_models: [...models] });
    if (path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'user', aliases: [id], mode: 'Chat' })) });
    }
    const m = /^\/api\/models\/([^/]+)\/logs\/stream$/.exec(path);
    if (m && opts.stream) {
      opts.stream(decodeURIComponent(m[1] ?? ''), res, req);
      return;
    }
    if (m) return sendJson(res, 404, { error: `模型别名 '${decodeURIComponent(m[1] ?? '')}' 未找到` });
    // Everything else falls into the OpenAI proxy, like the real seed server.
    sendJson(res, 400, { detail: "请求体(JSON)中缺少 'model' 字段" });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    openSockets: () => sockets.size,
    hits: (p) => hits.get(p) ?? 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
