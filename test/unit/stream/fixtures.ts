// Helpers for the real-server captures (FIXTURE_DIR: LLM_FIXTURES or ../shared/fixtures/llm-manager).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { FIXTURE_DIR, fixturesAvailable } from '../../helpers/required.js';
import { createByteLimiter } from '../../../main/core/stream/frame-decoder.js';


export interface Capture {
  readonly name: string;
  /** The SSE body bytes (for *.http, after the response head; the body is already de-chunked). */
  readonly body: Buffer;
}

export function loadCaptures(): Capture[] {
  if (!fixturesAvailable()) return [];
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.sse') || f.endsWith('.http'))
    .sort()
    .map((name) => {
      let body = readFileSync(join(FIXTURE_DIR, name));
      if (name.endsWith('.http')) {
        const end = body.indexOf('\r\n\r\n');
        body = body.subarray(end + 4);
      }
      return { name, body };
    });
}

/** The straightforward parse: frames are separated by blank lines; one `data: ` line each. */
export function referenceFrames(body: Buffer): string[] {
  return body
    .toString('utf8')
    .split('\n\n')
    .map((block) => block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'))
    .filter((d) => d.length > 0);
}

/** The demo server's seeded PRNG (mulberry32), shared so every seeded test draws the same way. */
export { createRandom as mulberry32 } from '../../../main/demo/random.js';

/** Cut bytes at random positions (1..maxChunk bytes per piece). */
export function randomChunks(bytes: Uint8Array, random: () => number, maxChunk = 64): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < bytes.length) {
    const n = 1 + Math.floor(random() * maxChunk);
    out.push(bytes.subarray(i, Math.min(bytes.length, i + n)));
    i += n;
  }
  return out;
}

/** The chunks pushed through the SSE connection's line limiter (createByteLimiter), as its byte source does. */
export function throughLimiter(chunks: readonly Uint8Array[], max?: number, fastPath = true): Buffer {
  const limiter = createByteLimiter(max, { fastPath });
  const parts: Uint8Array[] = [];
  for (const c of chunks) {
    const out = limiter.push(c);
    if (out !== null) parts.push(out);
  }
  const tail = limiter.end();
  if (tail !== null) parts.push(tail);
  return Buffer.concat(parts);
}
