import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { heldRequestFetch } from '../../../main/app/held-fetch.js';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(delayMs: number, status = 200, body = '{"success":false,"message":"健康检查失败"}'): Promise<string> {
  const server = createServer((req, res) => {
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-method': req.method ?? '' });
      res.end(body);
    }, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({ close: () => server.closeAllConnections() ?? server.close() });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('heldRequestFetch (control requests a server holds open)', () => {
  it('waits for a late answer and hands back status, headers and body as a Response', async () => {
    const url = await serve(300);
    const res = await heldRequestFetch(`${url}/api/models/x/start`, { method: 'POST', headers: { Accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-method')).toBe('POST');
    expect(await res.json()).toEqual({ success: false, message: '健康检查失败' });
  });

  it("the caller's AbortSignal is the deadline", async () => {
    const url = await serve(5_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('timed out after 50 ms')), 50);
    await expect(heldRequestFetch(`${url}/slow`, { method: 'POST', signal: controller.signal })).rejects.toThrow('timed out after 50 ms');
  });

  it('an empty 202 (v3 start) is an empty body', async () => {
    const url = await serve(0, 202, '');
    const res = await heldRequestFetch(`${url}/x`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
  });
});
