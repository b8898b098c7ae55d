// Reads the real-server captures into the frames a connection layer would hand the logbook.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingLine } from '../../../main/core/logs/incoming.js';

import { FIXTURE_DIR } from '../../helpers/required.js';


export type FixtureFrame =
  | { readonly kind: 'line'; readonly line: IncomingLine }
  | { readonly kind: 'complete' }
  | { readonly kind: 'error'; readonly message: string };

interface V1Frame {
  type: string;
  message?: string;
  log?: { timestamp: number; message: string; level?: string };
}
interface V3Frame {
  id: number;
  ts: number;
  level: string;
  text: string;
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.sse') || f.endsWith('.http'));
}

/** Frames of one capture (`*.http`: the head is skipped; the stored bodies are already de-chunked). */
export function readFixture(name: string): FixtureFrame[] {
  let body = readFileSync(join(FIXTURE_DIR, name), 'utf8');
  if (name.endsWith('.http')) body = body.slice(body.indexOf('\r\n\r\n') + 4);
  const frames: FixtureFrame[] = [];
  for (const raw of body.split('\n')) {
    if (!raw.startsWith('data: ')) continue;
    const json = JSON.parse(raw.slice(6)) as V1Frame | V3Frame;
    if ('id' in json) {
      frames.push({ kind: 'line', line: { origin: 'live', ts: json.ts * 1000, text: json.text, serverLevel: json.level, id: json.id } });
      continue;
    }
    if (json.type === 'historical_complete') frames.push({ kind: 'complete' });
    else if (json.type === 'error') frames.push({ kind: 'error', message: json.message ?? '' });
    else if (json.log && (json.type === 'historical' || json.type === 'realtime')) {
      const line: IncomingLine = {
        origin: json.type === 'historical' ? 'history' : 'live',
        ts: json.log.timestamp * 1000,
        text: json.log.message,
        ...(json.log.level !== undefined ? { serverLevel: json.log.level } : {}),
      };
      frames.push({ kind: 'line', line });
    }
  }
  return frames;
}

export function fixtureLines(name: string): IncomingLine[] {
  return readFixture(name).flatMap((f) => (f.kind === 'line' ? [f.line] : []));
}
