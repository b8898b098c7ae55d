// A scriptable RendererApi for component tests: records invocations, answers from in-memory state,
// and lets the test push events exactly as the main process would.
import type { AppState, CommandChannel, CommandPayload, CommandResults, EventChannel, EventPayloads, RendererApi } from '../../../contract/ipc.js';
import type { LogEntry, LogLine, ModelKey, ModelStatus, PublicSettings, ServerStatus } from '../../../main/core/types.js';
import { defaultSettings } from '../../../main/core/settings/defaults.js';
import { modelStatus, serverStatus } from '../../fakes/monitor-data.js';

export const T0 = Date.UTC(2026, 0, 5, 6, 2, 11);

/** Settings as the window gets them (header values replaced by their state). */
export function makeSettings(over: Partial<PublicSettings> = {}): PublicSettings {
  const defaults = defaultSettings();
  return {
    ...defaults,
    servers: [{ id: 's1', name: 'Home GPU', url: 'http://127.0.0.1:8080', headers: {} }],
    notifications: { ...defaults.notifications, maxPerMinute: 6 },
    language: 'en',
    theme: 'light',
    firstRunDone: true,
    ...over,
  };
}

export function makeServer(over: Partial<ServerStatus> = {}): ServerStatus {
  return serverStatus('s1', { name: 'Home GPU', url: 'http://127.0.0.1:8080', healthSince: T0, ...over });
}

export function makeModel(model: string, over: Partial<ModelStatus> = {}): ModelStatus {
  return modelStatus(`s1/${model}`, { lifecycleSince: T0, connectionSince: T0, ...over });
}

export function line(key: ModelKey, seq: number, text: string, over: Partial<LogLine> = {}): LogLine {
  return { kind: 'line', seq, key, ts: T0 + seq * 1000, origin: 'live', level: 'info', text, ...over };
}

type Handler = (payload: unknown) => unknown;

export class FakeApi implements RendererApi {
  readonly calls: Array<{ channel: CommandChannel; payload: unknown }> = [];
  readonly entries = new Map<ModelKey, LogEntry[]>();
  state: AppState;
  private readonly listeners = new Map<EventChannel, Set<(p: never) => void>>();
  private readonly handlers = new Map<CommandChannel, Handler>();

  constructor(state: Partial<AppState> = {}) {
    this.state = {
      snapshot: { servers: [makeServer()], models: [makeModel('Qwen3-8B')] },
      settings: makeSettings(),
      credentialProtection: 'keyring',
      systemLocale: 'en-US',
      systemDark: false,
      settingsNotice: null,
      eventSeq: 0,
      demoServerUrl: null,
      ...state,
    };
  }

  handle<C extends CommandChannel>(channel: C, fn: (payload: CommandPayload<C>) => CommandResults[C] | Promise<CommandResults[C]>): void {
    this.handlers.set(channel, fn as Handler);
  }

  async invoke<C extends CommandChannel>(channel: C, payload: CommandPayload<C>): Promise<CommandResults[C]> {
    this.calls.push({ channel, payload });
    const custom = this.handlers.get(channel);
    if (custom) return (await custom(payload)) as CommandResults[C];
    const results: Partial<{ [K in CommandChannel]: () => unknown }> = {
      'app:get-state': () => this.state,
      'logs:get-entries': () => {
        // Like the command handler: seq bounds, then the newest `limit`.
        const q = payload as { key: string; afterSeq?: number; beforeSeq?: number; limit?: number };
        const all = (this.entries.get(q.key) ?? []).filter((e) => e.seq > (q.afterSeq ?? -1) && e.seq < (q.beforeSeq ?? Infinity));
        return { entries: q.limit !== undefined ? all.slice(-q.limit) : all };
      },
      'model:acknowledge': () => ({ ok: true }),
      'logs:clear-local': () => ({ ok: true }),
      'logs:get-stats': () => null,
      'vitals:get': () => null,
      'settings:update': () => ({ ok: true, settings: this.state.settings }),
    };
    const fn = results[channel];
    if (!fn) throw new Error(`FakeApi: no answer for ${channel}`);
    return fn() as CommandResults[C];
  }

  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener as (p: never) => void);
    return () => set.delete(listener as (p: never) => void);
  }

  emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners.get(channel) ?? []) (l as (p: EventPayloads[E]) => void)(payload);
  }

  callsTo(channel: CommandChannel): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.payload);
  }
}
