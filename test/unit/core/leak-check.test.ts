// The leak check that runs after every node test (test/helpers/leak-check.ts) sees what a test leaves.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { count, excess } from '../../helpers/leak-check.js';
import { waitFor } from '../../helpers/wait-for.js';

describe('leak check', () => {
  it('reports a timer and a listening server left open, and nothing once they are closed', async () => {
    const base = count();
    const timer = setTimeout(() => {}, 60_000);
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    expect(excess(base)).toEqual(expect.arrayContaining(['Timeout +1', 'TCPServerWrap +1']));
    clearTimeout(timer);
    await new Promise<void>((r) => server.close(() => r()));
    // A closed handle goes on the next turn of the loop, as the check allows for.
    await waitFor(() => excess(base).length === 0, 2000, 'handles gone');
  });
});
