// LLM-Manager sends no heartbeat and an idle model prints nothing for hours. Node's built-in fetch
// ends a response body that is silent for 300 s ("terminated", UND_ERR_BODY_TIMEOUT), which cut
// every idle model's stream every five minutes (a reconnect and a full history replay each time).
// The core's transport has no body timeout. undici's timers run on the global setTimeout, so fake
// timers move its clock while the socket stays real (loopback).
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpTransport, type HttpTransport } from '../../../main/core/stream/transport.js';

const FAKE_TIMERS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] as const;
const tick = () => new Promise<void>((r) => setImmediate(r));

interface Silent {
  readonly url: string;
  readonly responses: ServerResponse[];
  close(): Promise<void>;
}

async function silentServer(): Promise<Silent> {
  const responses: ServerResponse[] = [];
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"n":1}\n\n');
    responses.push(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/stream`,
    responses,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Reads the stream; the outcome of the read pending after the first event. */
async function openStream(t: HttpTransport, url: string) {
  const res = await t.fetch(url);
  const reader = res.body!.getReader();
  const first = await reader.read();
  let outcome: { kind: 'data'; text: string } | { kind: 'error'; message: string } | null = null;
  void reader.read().then(
    (r) => (outcome = { kind: 'data', text: new TextDecoder().decode(r.value) }),
    (err: unknown) => (outcome = { kind: 'error', message: String((err as { cause?: { code?: string } }).cause?.code ?? err) }),
  );
  return { first: new TextDecoder().decode(first.value), outcome: () => outcome, cancel: () => reader.cancel().catch(() => undefined) };
}

/** Moves the fake clock by `ms` in 1 s steps, letting real I/O run in between. */
async function silence(ms: number, stop: () => boolean): Promise<void> {
  for (let t = 0; t < ms && !stop(); t += 1000) {
    vi.advanceTimersByTime(1000);
    await tick();
  }
}

describe('a stream silent for longer than five minutes', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    vi.useRealTimers();
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  // One test, one fake clock: undici keeps its tick timer for the life of the process, so it must be
  // created on the clock that is moved. The control comes first and fails loudly if the clock does not
  // reach undici's timers (then the second half would prove nothing).
  it("stays open on the core transport for an hour, where Node's fetch ends it after 300 s", async () => {
    const server = await silentServer();
    cleanups.push(server.close);
    vi.useFakeTimers({ toFake: [...FAKE_TIMERS] });

    // The control: Node's fetch's body timeout (300 s) on the same transport.
    const nodeLike = createHttpTransport({ bodyTimeoutMs: 300_000 });
    cleanups.push(() => nodeLike.close());
    const control = await openStream(nodeLike, server.url);
    await silence(290_000, () => control.outcome() !== null);
    expect(control.outcome()).toBeNull();
    await silence(30_000, () => control.outcome() !== null);
    for (let i = 0; i < 200 && control.outcome() === null; i++) await tick();
    expect(control.outcome()).toEqual({ kind: 'error', message: 'UND_ERR_BODY_TIMEOUT' });

    // The core's transport as every front end gets it.
    const transport = createHttpTransport();
    cleanups.push(() => transport.close());
    const stream = await openStream(transport, server.url);
    expect(stream.first).toBe('data: {"n":1}\n\n');
    await silence(3_600_000, () => stream.outcome() !== null);
    expect(stream.outcome()).toBeNull();
    server.responses[1]!.write('data: {"n":2}\n\n');
    for (let i = 0; i < 200 && stream.outcome() === null; i++) await tick();
    expect(stream.outcome()).toEqual({ kind: 'data', text: 'data: {"n":2}\n\n' });
  });
});
