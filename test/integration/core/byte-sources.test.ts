// The SSE connection reads bytes from one of two sources (byte-source.ts): any fetch through its
// response body, or the transport's dispatcher handler (transport.ts). Both must give the same frames
// and the same ends for every kind of answer; the dispatcher one must also abort on close, send the
// extra headers, follow a redirect, and keep the stream deadline when reached through the HTTP client.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/core/ports.js';
import { byteSourceOf, type ByteSource } from '../../../main/core/stream/byte-source.js';
import { createHttpClient } from '../../../main/core/stream/http-client.js';
import { openSse, type SseEnd } from '../../../main/core/stream/sse-connection.js';
import { createHttpTransport, type HttpTransport } from '../../../main/core/stream/transport.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { startServer, waitFor, type TestServer } from './helpers.js';

let server: TestServer;
let transport: HttpTransport;
/** Requests to /hold whose connection the client closed. */
let holdClosed = 0;

const frame = (message: string): string => `data: {"type": "realtime", "log": {"timestamp": 1, "message": "${message}"}}\n\n`;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const sse = { 'content-type': 'text/event-stream; charset=utf-8', connection: 'close' };
    switch (path) {
      case '/stream':
        res.writeHead(200, sse);
        res.write(frame('one'));
        // Split inside a multi-byte character and inside a line; a named event is not data.
        res.write(Buffer.from('data: {"m": "中', 'utf8').subarray(0, -1));
        res.write(Buffer.concat([Buffer.from('中', 'utf8').subarray(2), Buffer.from('"}\n\nevent: other\ndata: skipped\n\nevent: message\ndata: named message\n\n')]));
        res.end(frame('last'));
        return;
      case '/headers':
        res.writeHead(200, sse);
        res.end(`data: ${JSON.stringify({ accept: req.headers.accept, auth: req.headers.authorization })}\n\n`);
        return;
      case '/missing':
        res.writeHead(404, { 'content-type': 'application/json', connection: 'close' }).end('{"error":"模型 x 不存在"}');
        return;
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html', connection: 'close' }).end('<h1>proxy login</h1>');
        return;
      case '/empty':
        res.writeHead(204, { connection: 'close' }).end();
        return;
      case '/big-error':
        res.writeHead(502, { 'content-type': 'text/plain', connection: 'close' }).end('x'.repeat(200_000));
        return;
      case '/redirect':
        res.writeHead(302, { location: '/stream', connection: 'close' }).end();
        return;
      case '/reset':
        res.writeHead(200, sse);
        res.write(frame('before the reset'));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      case '/hold':
        res.writeHead(200, sse);
        res.write(frame('held'));
        req.on('close', () => holdClosed++);
        return;
      case '/no-head':
        // Accepts and never answers (the stream deadline must end it).
        return;
      default:
        res.writeHead(500, { connection: 'close' }).end();
    }
  });
  transport = createHttpTransport();
});

afterAll(async () => {
  await transport.close();
  await server.close();
});

afterEach(async () => {
  // The /no-head and /hold requests leave sockets the client closed; let them go before the leak check.
  await new Promise((r) => setTimeout(r, 20));
});

interface Run {
  readonly opened: boolean;
  readonly frames: readonly string[];
  readonly end: SseEnd;
}

function run(url: string, how: { fetch: HttpTransport['fetch'] } | { source: ByteSource }, headers?: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const frames: string[] = [];
    let opened = false;
    const timer = setTimeout(() => {
      h.close();
      reject(new Error(`no end from ${url}; frames ${JSON.stringify(frames)}`));
    }, 5000);
    const h = openSse(
      { url, ...how, ...(headers ? { headers } : {}) },
      {
        onOpen: () => (opened = true),
        onData: (d) => frames.push(d),
        onEnd: (end) => {
          clearTimeout(timer);
          resolve({ opened, frames, end });
        },
      },
    );
  });
}

/** Both sources on the same path: their results, which must be equal. */
async function both(path: string): Promise<Run> {
  const viaFetch = await run(`${server.url}${path}`, { fetch: transport.fetch });
  const viaDispatch = await run(`${server.url}${path}`, { source: transport.byteSource });
  expect(viaDispatch).toEqual(viaFetch);
  return viaDispatch;
}

describe('the two byte sources give the same frames and ends', () => {
  it('the transport fetch carries its dispatcher source', () => {
    expect(byteSourceOf(transport.fetch)).toBe(transport.byteSource);
    expect(byteSourceOf(fetch)).toBeNull();
  });

  it('a stream: every unnamed or "message" frame, split characters whole, then the server end', async () => {
    const r = await both('/stream');
    expect(r.opened).toBe(true);
    expect(r.frames).toEqual([
      '{"type": "realtime", "log": {"timestamp": 1, "message": "one"}}',
      '{"m": "中"}',
      'named message',
      '{"type": "realtime", "log": {"timestamp": 1, "message": "last"}}',
    ]);
    expect(r.end).toEqual({ kind: 'dropped', message: 'stream closed by the server' });
  });

  it('a 404 with a JSON body: status, text and JSON captured, never opened', async () => {
    const r = await both('/missing');
    expect(r).toEqual({ opened: false, frames: [], end: { kind: 'http', status: 404, text: '{"error":"模型 x 不存在"}', json: { error: '模型 x 不存在' } } });
  });

  it('200 with an HTML page, 204, and a huge error body (cut at 64 KiB)', async () => {
    expect((await both('/html')).end).toEqual({ kind: 'http', status: 200, text: '<h1>proxy login</h1>', json: undefined });
    expect((await both('/empty')).end).toEqual({ kind: 'http', status: 204, text: '', json: undefined });
    const big = await both('/big-error');
    expect(big.end).toMatchObject({ kind: 'http', status: 502 });
    expect(big.end.kind === 'http' && big.end.text.length).toBe(64 * 1024);
  });

  it('a redirect is followed', async () => {
    const r = await both('/redirect');
    expect(r.opened).toBe(true);
    expect(r.frames).toHaveLength(4);
  });

  it('a reset mid-stream: the frames before it, then "terminated" with its cause', async () => {
    const r = await both('/reset');
    expect(r.frames).toHaveLength(1);
    expect(r.end.kind).toBe('dropped');
    expect(r.end.kind === 'dropped' && r.end.message).toMatch(/^TypeError: terminated: /);
  });

  it('nothing listening: "fetch failed" with the refusal', async () => {
    const closed = await startServer(() => {});
    const url = `${closed.url}/stream`;
    await closed.close();
    const viaFetch = await run(url, { fetch: transport.fetch });
    const viaDispatch = await run(url, { source: transport.byteSource });
    expect(viaDispatch).toEqual(viaFetch);
    expect(viaDispatch.end.kind === 'dropped' && viaDispatch.end.message).toMatch(/^TypeError: fetch failed: connect ECONNREFUSED/);
  });
});

describe('the dispatcher source', () => {
  it('sends the accept header and the server extra headers', async () => {
    const r = await run(`${server.url}/headers`, { source: transport.byteSource }, { Authorization: 'Bearer t0ken' });
    expect(r.frames.map((f) => JSON.parse(f) as unknown)).toEqual([{ accept: 'text/event-stream', auth: 'Bearer t0ken' }]);
  });

  it('close() ends the request at the server and reports nothing more', async () => {
    const before = holdClosed;
    const frames: string[] = [];
    let ended = false;
    const h = openSse({ url: `${server.url}/hold`, source: transport.byteSource }, { onOpen: () => {}, onData: (d) => frames.push(d), onEnd: () => (ended = true) });
    await waitFor(() => frames.length === 1 || null, 5000, 'the held frame');
    h.close();
    h.close();
    await waitFor(() => holdClosed > before || null, 5000, 'the server seeing the request closed');
    expect(ended).toBe(false);
  });

  it('a request it cannot send (the transport is closed) ends at once and leaves no deadline timer', async () => {
    const closedTransport = createHttpTransport();
    await closedTransport.close();
    const clock = new FakeClock();
    const http = createHttpClient({ baseUrl: server.url, fetch: closedTransport.fetch, clock });
    const r = await run(http.url('/stream'), { source: http.streamSource });
    expect(r.opened).toBe(false);
    expect(r.end.kind === 'dropped' && r.end.message).toMatch(/^TypeError: fetch failed: .*destroyed/i);
    expect(clock.pending()).toBe(0);
  });

  it('through the HTTP client: no head within the stream deadline ends the request', async () => {
    const http = createHttpClient({ baseUrl: server.url, fetch: transport.fetch, clock: systemClock, streamHeadersTimeoutMs: 150 });
    const r = await run(http.url('/no-head'), { source: http.streamSource });
    expect(r).toEqual({ opened: false, frames: [], end: { kind: 'dropped', message: 'no answer within 0.15 s' } });
  });
});
