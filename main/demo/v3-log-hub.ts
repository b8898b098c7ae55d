// v3 log store: sessions (one per spawn, plus the system session), globally numbered lines,
// server-side level guess, and the lossy live tail: lines are pushed once per flush interval and each
// subscriber queue takes at most `queueSize` of them; lines pending when a session ends are stored
// but never pushed.
import { compactJson, pyFloat } from './python-json.js';
import type { SseChannel } from './sse-channel.js';
import type { TimerBag } from './timers.js';

export type V3Level = 'info' | 'ok' | 'warn' | 'error';
export type V3Stream = 'out' | 'err' | 'sys';
export const V3_LEVELS: readonly V3Level[] = ['info', 'ok', 'warn', 'error'];
const BACKFILL_LINES = 2048;

export interface V3Line {
  id: number;
  ts: number;
  stream: V3Stream;
  level: V3Level;
  text: string;
}

interface Subscriber {
  channel: SseChannel;
  level: V3Level | null;
}

export interface V3Session {
  id: number;
  type: 'system' | 'model';
  modelName: string | null;
  alias: string | null;
  start: number;
  end: number | null;
  lines: V3Line[];
  pending: V3Line[];
  /** Lines captured before the session ended but not stored yet (they reach the DB late). */
  late: V3Line[];
  subs: Set<Subscriber>;
}

/** The server's guess (observed): error needs stderr; stdout "ERROR …" stays info. */
export function guessLevel(stream: V3Stream, text: string): V3Level {
  if (stream === 'err') return /error|fail|exception|traceback/i.test(text) ? 'error' : 'warn';
  return /listening|ready|started|server.*ok/i.test(text) ? 'ok' : 'info';
}

export function v3LineObject(l: V3Line): Record<string, unknown> {
  return { id: l.id, ts: pyFloat(l.ts), stream: l.stream, level: l.level, text: l.text };
}

export function v3LineJson(l: V3Line): string {
  return compactJson(v3LineObject(l));
}

export class V3LogHub {
  private sessions: V3Session[] = [];
  private readonly current = new Map<string, V3Session>();
  private nextLineId = 1;
  private nextSessionId = 1;
  private flushArmed = false;
  private system!: V3Session;

  constructor(
    private readonly timers: TimerBag,
    private readonly stamp: () => number,
    private readonly flushMs: number,
    private readonly queueSize: number,
    /** How long after a session ends its last unflushed lines reach the DB (observed: up to ~1 s). */
    private readonly lateStoreMs = 800,
  ) {
    this.reset();
  }

  reset(): void {
    this.sessions = [];
    this.current.clear();
    this.nextLineId = 1;
    this.nextSessionId = 1;
    this.system = this.newSession('system', null);
    this.systemLine('LLM-Manager 3.1.1 starting (worker)');
    this.systemLine('database ready: data/llm_manager.db');
    this.systemLine('gateway listening');
  }

  systemLine(text: string): void {
    this.addTo(this.system, text, 'sys', 'info');
  }

  openSession(model: string): V3Session {
    this.endSession(model);
    const s = this.newSession('model', model);
    this.current.set(model, s);
    return s;
  }

  /**
   * Session end (observed on v3.1.1): the lines captured since the last flush are never pushed live,
   * and they reach the database (`/lines`) only `lateStoreMs` after the end, well after the status
   * stream said the model stopped.
   */
  endSession(model: string): void {
    const s = this.current.get(model);
    if (!s) return;
    s.end = this.stamp();
    const late = s.pending;
    s.pending = [];
    this.current.delete(model);
    if (late.length === 0) return;
    const ids = new Set(late.map((l) => l.id));
    s.lines = s.lines.filter((l) => !ids.has(l.id));
    s.late.push(...late);
    const store = (): void => {
      const now = s.late.splice(0, s.late.length);
      if (now.length === 0) return;
      s.lines.push(...now);
      s.lines.sort((a, b) => a.id - b.id);
    };
    if (this.lateStoreMs > 0) this.timers.set(store, this.lateStoreMs);
    else store();
  }

  /**
   * Appends to the model's running session (after it ended: to its last session, stored but not
   * pushed). A model that never ran gets a session opened, so test-driven lines are never lost.
   */
  addLine(model: string, text: string, stream: V3Stream, level?: V3Level): V3Line {
    const s = this.current.get(model) ?? this.lastSessionOf(model) ?? this.openSession(model);
    return this.addTo(s, text, stream, level ?? guessLevel(stream, text));
  }

  find(sid: number): V3Session | undefined {
    return this.sessions.find((s) => s.id === sid);
  }

  list(filter: { type?: string; model?: string; before?: number; limit: number }): V3Session[] {
    return this.sessions
      .filter((s) => (filter.type ? s.type === filter.type : true))
      .filter((s) => (filter.model ? s.modelName === filter.model : true))
      .filter((s) => (filter.before !== undefined ? s.id < filter.before : true))
      .sort((a, b) => b.id - a.id)
      .slice(0, filter.limit);
  }

  sessionJson(s: V3Session): Record<string, unknown> {
    return {
      id: s.id,
      type: s.type,
      model_name: s.modelName,
      alias: s.alias,
      start_time: pyFloat(s.start),
      end_time: s.end === null ? null : pyFloat(s.end),
      status: s.end === null ? 'running' : 'ended',
      duration_s: s.end === null ? null : pyFloat(s.end - s.start),
      line_count: s.lines.length,
    };
  }

  /** Stored lines only: a line reaches the DB at the flush that pushes it (a new session starts empty). */
  lines(s: V3Session, before: number | undefined, limit: number, level: V3Level | null): V3Line[] {
    const unflushed = s.pending.length > 0 ? new Set(s.pending.map((l) => l.id)) : null;
    const matching = s.lines.filter(
      (l) => (before === undefined || l.id < before) && (level === null || l.level === level) && !unflushed?.has(l.id),
    );
    return matching.slice(Math.max(0, matching.length - limit));
  }

  search(q: string, f: { type?: string; model?: string; sessionId?: number; level?: V3Level }): Array<{ session: V3Session; line: V3Line }> {
    const needle = q.toLowerCase();
    const out: Array<{ session: V3Session; line: V3Line }> = [];
    for (const s of this.sessions) {
      if (f.type && s.type !== f.type) continue;
      if (f.model && s.modelName !== f.model) continue;
      if (f.sessionId !== undefined && s.id !== f.sessionId) continue;
      for (const line of s.lines) {
        if (f.level && line.level !== f.level) continue;
        if (line.text.toLowerCase().includes(needle)) out.push({ session: s, line });
      }
    }
    return out.sort((a, b) => a.line.id - b.line.id);
  }

  /** Subscribe first, then backfill the last 2048 stored lines (a pending line may then come twice). */
  subscribe(s: V3Session, channel: SseChannel, level: V3Level | null): void {
    const sub: Subscriber = { channel, level };
    s.subs.add(sub);
    channel.onClose(() => s.subs.delete(sub));
    const backfill = this.lines(s, undefined, BACKFILL_LINES, level);
    for (const l of backfill) channel.write(`data: ${v3LineJson(l)}\n\n`);
  }

  /** Everything the model printed, including lines not stored yet (the server's eventual truth). */
  record(model: string): V3Line[] {
    const all: V3Line[] = [];
    for (const s of this.sessions) if (s.modelName === model) all.push(...s.lines, ...s.late);
    return all.sort((a, b) => a.id - b.id);
  }

  subscriberCount(model: string): number {
    let n = 0;
    for (const s of this.sessions) if (s.modelName === model) for (const sub of s.subs) if (!sub.channel.closed) n++;
    return n;
  }

  channelsOf(model: string): SseChannel[] {
    const out: SseChannel[] = [];
    for (const s of this.sessions) if (s.modelName === model) for (const sub of s.subs) out.push(sub.channel);
    return out;
  }

  private lastSessionOf(model: string): V3Session | undefined {
    for (let i = this.sessions.length - 1; i >= 0; i--) {
      const s = this.sessions[i];
      if (s && s.modelName === model) return s;
    }
    return undefined;
  }

  private newSession(type: 'system' | 'model', model: string | null): V3Session {
    const s: V3Session = {
      id: this.nextSessionId++,
      type,
      modelName: model,
      alias: model,
      start: this.stamp(),
      end: null,
      lines: [],
      pending: [],
      late: [],
      subs: new Set(),
    };
    this.sessions.push(s);
    return s;
  }

  private addTo(s: V3Session, text: string, stream: V3Stream, level: V3Level): V3Line {
    const line: V3Line = { id: this.nextLineId++, ts: this.stamp(), stream, level, text };
    s.lines.push(line);
    if (s.end === null) {
      s.pending.push(line);
      this.armFlush();
    }
    return line;
  }

  private armFlush(): void {
    if (this.flushArmed) return;
    this.flushArmed = true;
    this.timers.set(() => {
      this.flushArmed = false;
      this.flush();
    }, this.flushMs);
  }

  private flush(): void {
    for (const s of this.sessions) {
      if (s.pending.length === 0) continue;
      const batch = s.pending;
      s.pending = [];
      for (const sub of s.subs) {
        // The subscriber's bounded queue fills up within one flush and silently drops the rest.
        const accepted = batch.slice(0, this.queueSize);
        for (const l of accepted) {
          if (sub.level === null || sub.level === l.level) sub.channel.write(`data: ${v3LineJson(l)}\n\n`);
        }
      }
    }
  }
}
