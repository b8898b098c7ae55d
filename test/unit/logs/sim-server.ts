// A minimal v1/v2 history model for logbook tests: an append-only list that every connection replays.
import type { Logbook } from '../../../main/core/logs/logbook.js';
import type { LogEntry, LogLine } from '../../../main/core/types.js';

export interface ServerLine {
  readonly ts: number;
  readonly text: string;
}

export class SimServer {
  list: ServerLine[] = [];
  private t: number;
  private n = 0;

  constructor(start = 1_795_896_000_000.123) {
    this.t = start;
  }

  /** Appends `count` lines ~1.7 ms apart (float ms, like `seconds * 1000`). */
  produce(count: number, prefix = 'line'): ServerLine[] {
    const made: ServerLine[] = [];
    for (let i = 0; i < count; i++) {
      this.t += 1.7373;
      this.n++;
      made.push({ ts: this.t, text: `${prefix} ${this.n}` });
    }
    this.list.push(...made);
    return made;
  }

  push(...lines: ServerLine[]): void {
    this.list.push(...lines);
  }

  now(): number {
    return this.t;
  }
}

/** A full v1/v2 connection: replay everything as history, then historical_complete. */
export function connect(lb: Logbook, server: SimServer): LogEntry[] {
  lb.beginConnection();
  const out: LogEntry[] = [];
  for (const l of server.list) out.push(...lb.ingest({ origin: 'history', ts: l.ts, text: l.text }));
  out.push(...lb.historyComplete());
  return out;
}

export function live(lb: Logbook, lines: readonly ServerLine[]): LogEntry[] {
  return lines.flatMap((l) => lb.ingest({ origin: 'live', ts: l.ts, text: l.text }));
}

export function lineTexts(entries: readonly LogEntry[]): string[] {
  return entries.filter((e): e is LogLine => e.kind === 'line').map((e) => e.text);
}

export function markers(entries: readonly LogEntry[]): string[] {
  return entries.flatMap((e) => (e.kind === 'marker' ? [e.marker === 'gap' ? `gap:${e.reason ?? '?'}` : e.marker] : []));
}

/** Lines and markers in order, as short strings. */
export function shape(entries: readonly LogEntry[]): string[] {
  return entries.map((e) => (e.kind === 'line' ? e.text : e.marker === 'gap' ? `[gap:${e.reason ?? '?'}]` : `[${e.marker}]`));
}
