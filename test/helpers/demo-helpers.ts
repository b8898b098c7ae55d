// Shared helpers for tests that talk to the demo server over real HTTP.
import { request } from 'node:http';

export { waitFor } from './wait-for.js';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = unknown>(): T;
}

/** One HTTP request with a hard timeout; the body is read fully as UTF-8. */
export function http(url: string, opts: { method?: string; body?: string; timeoutMs?: number } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(opts.body));
    }
    // A fresh connection each time (agent: false): Node 20 keeps sockets alive by default, and a kept
    // socket to a server that restarted on the same port fails with "socket hang up" when reused.
    const req = request(url, { method: opts.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`http: ${opts.method ?? 'GET'} ${url} timed out`));
    }, opts.timeoutMs ?? 5000);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export const post = (url: string, body?: string): Promise<HttpResult> =>
  http(url, body === undefined ? { method: 'POST' } : { method: 'POST', body });

/** Demo server options for a test that drives every line itself: no replay delay, no startup time or logs, no script. */
export const QUIET_DEMO = { replayDelayMs: 0, startupMs: 0, startupLogs: false, scripted: false } as const;
