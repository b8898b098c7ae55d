// v1/v2 per-model log: an unbounded in-memory list plus live subscribers. A new stream replays the
// list with a per-line delay and only then subscribes, so lines produced during the replay are never
// delivered to that connection (the replay hole the real server has).
import { pyFloat, pythonJson } from './python-json.js';
import type { SseChannel } from './sse-channel.js';
import type { TimerBag } from './timers.js';

export interface V1Entry {
  timestamp: number;
  message: string;
  level?: 'info' | 'error';
}

export const SHUTDOWN_FRAME = pythonJson({ type: 'error', message: 'cannot schedule new futures after shutdown' });

function logJson(e: V1Entry): Record<string, unknown> {
  return e.level === undefined
    ? { timestamp: pyFloat(e.timestamp), message: e.message }
    : { timestamp: pyFloat(e.timestamp), level: e.level, message: e.message };
}

export function v1Frame(type: 'historical' | 'realtime', e: V1Entry): string {
  return `data: ${pythonJson({ type, log: logJson(e) })}\n\n`;
}

export class V1LogHub {
  private readonly logs = new Map<string, V1Entry[]>();
  private readonly subs = new Map<string, Set<SseChannel>>();
  private readonly replaying = new Map<string, Set<SseChannel>>();

  constructor(
    private readonly timers: TimerBag,
    private readonly replayDelayMs: () => number,
  ) {}

  entries(model: string): V1Entry[] {
    let list = this.logs.get(model);
    if (!list) {
      list = [];
      this.logs.set(model, list);
    }
    return list;
  }

  append(model: string, entry: V1Entry): void {
    this.entries(model).push(entry);
    const subs = this.subs.get(model);
    if (!subs) return;
    const frame = v1Frame('realtime', entry);
    for (const ch of subs) ch.write(frame);
  }

  open(model: string, channel: SseChannel): void {
    const snapshot = this.entries(model).slice();
    const replaying = this.setOf(this.replaying, model);
    replaying.add(channel);
    channel.onClose(() => {
      replaying.delete(channel);
      this.subs.get(model)?.delete(channel);
    });
    let i = 0;
    const step = (): void => {
      if (channel.closed) return;
      while (i < snapshot.length) {
        const entry = snapshot[i++];
        if (entry) channel.write(v1Frame('historical', entry));
        const delay = this.replayDelayMs();
        if (delay > 0) {
          this.timers.set(step, delay);
          return;
        }
      }
      channel.write(`data: ${pythonJson({ type: 'historical_complete' })}\n\n`);
      replaying.delete(channel);
      if (!channel.closed) this.setOf(this.subs, model).add(channel);
    };
    step();
  }

  /** keepMinutes 0 wipes; otherwise entries newer than N minutes stay. Returns the number removed. */
  clear(model: string, keepMinutes: number, nowSec: number): number {
    const list = this.entries(model);
    const before = list.length;
    const kept = keepMinutes > 0 ? list.filter((e) => e.timestamp >= nowSec - keepMinutes * 60) : [];
    this.logs.set(model, kept);
    return before - kept.length;
  }

  /** Connections still replaying the history (they miss every line appended meanwhile). */
  replayingCount(model: string): number {
    return this.replaying.get(model)?.size ?? 0;
  }

  /** Cut the connections still replaying the history (the others stay); returns how many. */
  dropReplaying(model: string): number {
    const list = [...(this.replaying.get(model) ?? [])];
    for (const ch of list) ch.destroy();
    return list.length;
  }

  subscriberCount(model: string): number {
    return this.subs.get(model)?.size ?? 0;
  }

  sendRaw(model: string, raw: string): void {
    for (const ch of [...(this.subs.get(model) ?? []), ...(this.replaying.get(model) ?? [])]) ch.write(raw);
  }

  /** Manager SIGTERM: every open stream gets the error frame and ends. */
  shutdownStreams(): void {
    for (const ch of this.allChannels()) {
      ch.write(`data: ${SHUTDOWN_FRAME}\n\n`);
      ch.end();
    }
  }

  allChannels(): SseChannel[] {
    const all: SseChannel[] = [];
    for (const set of [...this.subs.values(), ...this.replaying.values()]) all.push(...set);
    return all;
  }

  remove(model: string): void {
    this.logs.delete(model);
  }

  reset(): void {
    this.logs.clear();
  }

  private setOf(map: Map<string, Set<SseChannel>>, model: string): Set<SseChannel> {
    let set = map.get(model);
    if (!set) {
      set = new Set();
      map.set(model, set);
    }
    return set;
  }
}
