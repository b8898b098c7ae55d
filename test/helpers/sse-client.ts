// A tiny raw event-stream reader over node:http for tests: keeps the exact bytes, splits frames on
// the blank line, never reconnects. Independent of the app's own SSE client on purpose.
import { request, type IncomingHttpHeaders } from 'node:http';
import { waitFor } from './demo-helpers.js';

export interface RawSse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Header names and values exactly as sent, in order. */
  readonly rawHeaders: string[];
  /** Every body byte received so far, as UTF-8 text. */
  text(): string;
  /** Complete frames so far (text between frame terminators, e.g. `data: {...}`). */
  frames(): string[];
  /** The JSON payload text of each complete `data:` frame. */
  data(): string[];
  waitForFrames(count: number, timeoutMs?: number): Promise<string[]>;
  readonly ended: boolean;
  /** true when the connection broke (reset) rather than ending cleanly. */
  readonly aborted: boolean;
  waitForEnd(timeoutMs?: number): Promise<void>;
  close(): void;
}

export function openSse(url: string, timeoutMs = 5000): Promise<RawSse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    let aborted = false;
    const req = request(url, { method: 'GET', headers: { accept: 'text/event-stream' }, agent: false }, (res) => {
      clearTimeout(timer);
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        ended = true;
      });
      res.on('aborted', () => {
        aborted = true;
      });
      res.on('error', () => {
        aborted = true;
        ended = true;
      });
      res.on('close', () => {
        ended = true;
      });
      const text = (): string => Buffer.concat(chunks).toString('utf8');
      const frames = (): string[] => {
        const parts = text().split('\n\n');
        parts.pop(); // incomplete tail
        return parts;
      };
      const sse: RawSse = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        rawHeaders: res.rawHeaders,
        text,
        frames,
        data: () => frames().map((f) => (f.startsWith('data: ') ? f.slice(6) : f)),
        async waitForFrames(count, ms = 5000) {
          await waitFor(() => frames().length >= count, ms, `${count} frames (have ${frames().length})`);
          return frames();
        },
        get ended() {
          return ended;
        },
        get aborted() {
          return aborted;
        },
        async waitForEnd(ms = 5000) {
          await waitFor(() => ended, ms, 'stream end');
        },
        close() {
          req.destroy();
          ended = true;
        },
      };
      resolve(sse);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`openSse: no response head from ${url} within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      aborted = true;
      ended = true;
      reject(e);
    });
    req.end();
  });
}
