// v3 model statuses: the long-lived `/api/models/stream` (a full snapshot on every change) plus the
// aliases, which only `GET /api/config/models` lists (the stream names one alias per model).
import type { Clock } from '../ports.js';
import type { Lifecycle } from '../types.js';
import { decodeV3Models, type V3ModelInfo } from '../stream/frame-decoder.js';
import { describeReply, type HttpClient } from '../stream/http-client.js';
import { openSse, type SseHandle } from '../stream/sse-connection.js';
import { isRunningLifecycle, toLifecycle, type RemoteModel } from './adapter.js';
import { isRecord } from '../guards.js';

/** How long listModels waits for the first snapshot. */
const FIRST_SNAPSHOT_MS = 5_000;


/** `GET /api/config/models` → alias lists keyed by every alias (and the model's name). */
export function decodeConfigAliases(json: unknown): Map<string, readonly string[]> | null {
  if (!Array.isArray(json)) return null;
  const out = new Map<string, readonly string[]>();
  for (const m of json) {
    if (!isRecord(m) || !Array.isArray(m.aliases)) continue;
    const aliases = m.aliases.filter((a): a is string => typeof a === 'string' && a !== '');
    if (aliases.length === 0) continue;
    for (const a of aliases) out.set(a, aliases);
    if (typeof m.name === 'string' && !out.has(m.name)) out.set(m.name, aliases);
  }
  return out;
}

function toRemote(m: V3ModelInfo, configAliases: ReadonlyMap<string, readonly string[]>): RemoteModel {
  const fromConfig = configAliases.get(m.alias);
  const listed = m.aliases && m.aliases.length > 0 ? [...m.aliases] : [m.alias];
  const aliases = fromConfig ? [m.alias, ...fromConfig.filter((a) => a !== m.alias)] : listed;
  return {
    name: m.alias,
    aliases,
    ...(m.mode !== undefined ? { mode: m.mode } : {}),
    lifecycle: toLifecycle(m.status),
    failureReason: m.failure_reason,
  };
}

export class V3ModelsFeed {
  private snapshot: Map<string, RemoteModel> | null = null;
  private readonly raw = new Map<string, V3ModelInfo>();
  private configAliases: ReadonlyMap<string, readonly string[]> = new Map();
  private stream: SseHandle | null = null;
  private closed = false;
  private lastProblem: string | null = null;
  private readonly listeners = new Set<(models: readonly RemoteModel[]) => void>();
  private readonly firstSnapshotWaiters = new Set<() => void>();

  constructor(
    private readonly http: HttpClient,
    private readonly clock: Clock,
  ) {}

  /** Opens the models stream unless it is open (or the feed closed). */
  ensure(): void {
    if (this.stream || this.closed) return;
    let handle: SseHandle | null = null;
    handle = openSse(
      { url: this.http.url('/api/models/stream'), source: this.http.streamSource, headers: this.http.headers },
      {
        onOpen: () => {
          this.lastProblem = null;
        },
        onData: (data) => {
          const d = decodeV3Models(data);
          if (d.kind === 'bad') return;
          this.raw.clear();
          for (const m of d.frame) this.raw.set(m.alias, m);
          this.seen = true;
          // A model we have no aliases for: the configuration changed, read it again (once per change).
          const unknown = d.frame.filter((m) => !this.configAliases.has(m.alias)).map((m) => m.alias).sort().join('\n');
          if (unknown !== '' && unknown !== this.unknownAsked) {
            this.unknownAsked = unknown;
            void this.refreshAliases();
          }
          // Not before the aliases were asked for once: a list without them would call a model's
          // second alias unknown (the config answer publishes it).
          if (this.aliasesAsked || unknown === '') this.publish();
        },
        onEnd: (e) => {
          this.lastProblem =
            e.kind === 'dropped' ? e.message : describeReply({ kind: 'reply', status: e.status, json: e.json, text: e.text });
          if (this.stream === handle) this.stream = null;
          for (const w of [...this.firstSnapshotWaiters]) w();
        },
      },
    );
    this.stream = handle;
  }

  /** The current model list; waits (bounded) for the first snapshot. */
  async list(): Promise<{ ok: true; models: RemoteModel[] } | { ok: false; message: string }> {
    this.ensure();
    const aliases = this.refreshAliases();
    if (!this.snapshot) await this.firstSnapshot();
    await aliases;
    if (!this.snapshot) return { ok: false, message: `model stream: ${this.lastProblem ?? 'no snapshot received'}` };
    return { ok: true, models: [...this.snapshot.values()] };
  }

  find(model: string): RemoteModel | undefined {
    return this.snapshot?.get(model) ?? [...(this.snapshot?.values() ?? [])].find((x) => x.aliases.includes(model));
  }

  lifecycleOf(model: string): { lifecycle: Lifecycle; failureReason: string | null } {
    const m = this.find(model);
    return m ? { lifecycle: m.lifecycle, failureReason: m.failureReason } : { lifecycle: 'unknown', failureReason: null };
  }

  /** `started_at` of the model's current process (a new value = a new process). */
  startedAt(model: string): number | null {
    return this.raw.get(model)?.started_at ?? null;
  }

  running(): RemoteModel[] {
    return [...(this.snapshot?.values() ?? [])].filter((m) => isRunningLifecycle(m.lifecycle));
  }

  subscribe(listener: (models: readonly RemoteModel[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.stream?.close();
    this.stream = null;
    this.listeners.clear();
    for (const w of [...this.firstSnapshotWaiters]) w();
  }

  private publish(): void {
    const next = new Map<string, RemoteModel>();
    for (const m of this.raw.values()) next.set(m.alias, toRemote(m, this.configAliases));
    this.snapshot = next;
    const list = [...next.values()];
    for (const w of [...this.firstSnapshotWaiters]) w();
    for (const l of [...this.listeners]) l(list);
  }

  private refreshing: Promise<void> | null = null;
  /** The config API answered (or failed) at least once. */
  private aliasesAsked = false;
  /** A snapshot arrived on the models stream. */
  private seen = false;
  /** The models without aliases the config API was last asked about. */
  private unknownAsked = '';

  /** Reads every model's aliases from the config API (absent on a server without it: kept as is). */
  private refreshAliases(): Promise<void> {
    this.refreshing ??= (async () => {
      const reply = await this.http.get('/api/config/models');
      const decoded = reply.kind === 'reply' && reply.status === 200 ? decodeConfigAliases(reply.json) : null;
      if (decoded && !this.closed) this.configAliases = decoded;
    })().finally(() => {
      this.refreshing = null;
      this.aliasesAsked = true;
      if (!this.closed && this.seen) this.publish();
    });
    return this.refreshing;
  }

  private firstSnapshot(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.firstSnapshotWaiters.delete(done);
        this.clock.clearTimeout(timer);
        resolve();
      };
      const timer = this.clock.setTimeout(done, FIRST_SNAPSHOT_MS);
      this.firstSnapshotWaiters.add(done);
    });
  }
}
