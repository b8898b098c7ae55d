import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, type SseEnd } from '../../../main/core/stream/sse-connection.js';
import { loadCaptures, mulberry32, randomChunks, referenceFrames } from '../../unit/stream/fixtures.js';
import { startServer, waitFor, type TestServer } from './helpers.js';

const captures = loadCaptures();
let server: TestServer;
const bodies = new Map<string, Buffer>();

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = bodies.get(url.pathname.slice(1));
    const seed = Number(url.searchParams.get('seed') ?? '1');
    if (!body) {
      // connection: close, as for the streams: a kept-alive socket would sit in fetch's pool for its
      // 4 s idle timeout, past the leak check's wait after the test.
      res.writeHead(404, { 'content-type': 'application/json', connection: 'close' }).end('{"error":"no such capture"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', connection: 'close' });
    const chunks = randomChunks(body, mulberry32(seed), 300);
    let i = 0;
    const next = (): void => {
      if (i >= chunks.length) {
        res.end();
        return;
      }
      // Several chunks per tick so the client really sees many separate reads.
      for (let k = 0; k < 8 && i < chunks.length; k++) res.write(chunks[i++]);
      setImmediate(next);
    };
    next();
  });
});

afterAll(async () => {
  await server.close();
});

async function readAll(path: string): Promise<{ frames: string[]; end: SseEnd; opened: boolean }> {
  const frames: string[] = [];
  let end: SseEnd | null = null;
  let opened = false;
  const h = openSse(
    { url: `${server.url}/${path}`, fetch },
    { onOpen: () => (opened = true), onData: (d) => frames.push(d), onEnd: (e) => (end = e) },
  );
  try {
    const e = await waitFor(() => end, 10_000, `end of ${path}`);
    return { frames, end: e, opened };
  } finally {
    h.close();
  }
}

describe('captures replayed over HTTP at random byte boundaries', () => {
  it('has the captures', () => {
    expect(captures.length).toBeGreaterThanOrEqual(10);
  });

  for (const cap of captures) {
    it(`${cap.name}: exactly the frames in the file`, async () => {
      const expected = referenceFrames(cap.body);
      bodies.set(cap.name, cap.body);
      const crlf = Buffer.from(cap.body.toString('utf8').replace(/\n/g, '\r\n'), 'utf8');
      bodies.set(`${cap.name}.crlf`, crlf);
      for (const seed of [1, 42]) {
        const r = await readAll(`${cap.name}?seed=${seed}`);
        expect(r.opened).toBe(true);
        expect(r.frames).toEqual(expected);
        expect(r.end.kind).toBe('dropped');
      }
      const r = await readAll(`${cap.name}.crlf?seed=7`);
      expect(r.frames).toEqual(expected);
    });
  }

  it('reports the status and JSON body of a non-200 answer', async () => {
    const r = await readAll('missing');
    expect(r.opened).toBe(false);
    expect(r.end).toMatchObject({ kind: 'http', status: 404, json: { error: 'no such capture' } });
  });
});
