// A scriptable Monitor: tests emit events (which also update its snapshot) and read recorded calls.
import type { ConnectionPolicy, EntryPage, Monitor, MonitorOptions, ServerConfig } from '../../main/core/ports.js';
import type { ControlResult, LogEntry, ModelKey, ModelStats, ModelStatus, MonitorEvent, MonitorSnapshot, ServerStatus, VitalsSeries } from '../../main/core/types.js';

export type FakeMonitorCall = { readonly method: string; readonly args: readonly unknown[] };

export class FakeMonitor implements Monitor {
  readonly calls: FakeMonitorCall[] = [];
  private listeners = new Set<(e: MonitorEvent) => void>();
  private servers = new Map<string, ServerStatus>();
  private models = new Map<ModelKey, ModelStatus>();
  private lines = new Map<ModelKey, LogEntry[]>();
  started = false;
  stopped = false;
  controlResult: ControlResult = { ok: true, message: 'ok', status: 200 };
  /** What stats() returns per model (null when not set). */
  readonly modelStats = new Map<ModelKey, ModelStats>();
  /** Runs inside start(): a test scripts what the monitor emits once started. */
  onStart: (m: FakeMonitor) => void = () => {};

  constructor(readonly options: MonitorOptions = { servers: [] }) {}

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  callsTo(method: string): FakeMonitorCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Emits to subscribers and keeps the snapshot consistent with the event. */
  emit(event: MonitorEvent): void {
    if (event.type === 'server') this.servers.set(event.server.id, event.server);
    if (event.type === 'status') this.models.set(event.status.key, event.status);
    if (event.type === 'models') for (const m of event.models) this.models.set(m.key, m);
    if (event.type === 'lines') this.lines.set(event.key, [...(this.lines.get(event.key) ?? []), ...event.entries]);
    for (const l of [...this.listeners]) l(event);
  }

  async start(): Promise<void> {
    this.record('start');
    this.started = true;
    this.onStart(this);
  }
  async stop(): Promise<void> {
    this.record('stop');
    this.stopped = true;
  }
  subscribe(listener: (event: MonitorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  listenerCount(): number {
    return this.listeners.size;
  }
  snapshot(): MonitorSnapshot {
    return { servers: [...this.servers.values()], models: [...this.models.values()] };
  }
  entries(key: ModelKey, afterSeq?: number, page?: EntryPage): readonly LogEntry[] {
    this.record('entries', key, afterSeq);
    const list = (this.lines.get(key) ?? []).filter((e) => (afterSeq === undefined || e.seq > afterSeq) && (page?.beforeSeq === undefined || e.seq < page.beforeSeq));
    return page?.limit !== undefined && list.length > page.limit ? list.slice(list.length - page.limit) : list;
  }
  stats(key: ModelKey): ModelStats | null {
    this.record('stats', key);
    return this.modelStats.get(key) ?? null;
  }
  /** Series returned by vitals(), set by tests. */
  vitalsSeries = new Map<ModelKey, VitalsSeries>();
  vitals(key: ModelKey, sinceTs?: number): VitalsSeries | null {
    this.record('vitals', key, sinceTs);
    return this.vitalsSeries.get(key) ?? null;
  }
  reconnectAll(): void {
    this.record('reconnectAll');
  }
  setWatched(key: ModelKey, watched: boolean): void {
    this.record('setWatched', key, watched);
  }
  acknowledge(key: ModelKey): void {
    this.record('acknowledge', key);
    const m = this.models.get(key);
    if (m && m.unreadErrors > 0) this.emit({ type: 'status', status: { ...m, unreadErrors: 0 } });
  }
  clearLocal(key: ModelKey): void {
    this.record('clearLocal', key);
  }
  async clearOnServer(key: ModelKey, keepMinutes: number): Promise<ControlResult> {
    this.record('clearOnServer', key, keepMinutes);
    return this.controlResult;
  }
  async startModel(key: ModelKey): Promise<ControlResult> {
    this.record('startModel', key);
    return this.controlResult;
  }
  async stopModel(key: ModelKey): Promise<ControlResult> {
    this.record('stopModel', key);
    return this.controlResult;
  }
  async stopAll(serverId: string): Promise<ControlResult> {
    this.record('stopAll', serverId);
    return this.controlResult;
  }
  async refreshServerStats(serverId: string): Promise<void> {
    this.record('refreshServerStats', serverId);
  }
  async updateServers(servers: readonly ServerConfig[]): Promise<void> {
    this.record('updateServers', servers);
  }
  updatePolicy(policy: Partial<ConnectionPolicy>): void {
    this.record('updatePolicy', policy);
  }
}
