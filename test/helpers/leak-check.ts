// After each core test: no timers, sockets or servers left behind by what the test started (VS Code
// checks its disposables after every test the same way). A stopped monitor must stop every timer
// and close every stream; a leak shows here as the test that caused it, not as a later flaky one.
import { afterEach, beforeEach, expect } from 'vitest';

const KINDS = new Set(['Timeout', 'TCPSocketWrap', 'TCPServerWrap', 'PipeWrap', 'ProcessWrap']);

export function count(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) if (KINDS.has(r)) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/** What is open now beyond `base`, e.g. ['Timeout +1']. */
export function excess(base: Map<string, number>): string[] {
  const now = count();
  return [...now].filter(([k, n]) => n > (base.get(k) ?? 0)).map(([k, n]) => `${k} +${n - (base.get(k) ?? 0)}`);
}

let baseline = new Map<string, number>();

beforeEach(() => {
  baseline = count();
});

// Registered first, so it runs after the test file's own afterEach cleanups. Closing is asynchronous:
// give sockets and timers a moment to go before calling them leaked.
afterEach(async () => {
  const deadline = Date.now() + 3000;
  let left = excess(baseline);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    left = excess(baseline);
  }
  expect(left, 'resources left behind by this test (timers, sockets, servers, child processes)').toEqual([]);
});
