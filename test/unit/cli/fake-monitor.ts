// A scriptable Monitor for driving CLI commands in-process.
import type { Monitor } from '../../../main/core/ports.js';
import type { ControlResult, LogEntry, ModelStats, ModelStatus, MonitorEvent, ServerStatus, VitalsSeries } from '../../../main/core/types.js';

export class FakeMonitor implements Monitor {
  servers: ServerStatus[] = [];
  models: ModelStatus[] = [];
  attempts = new Map<string, number>();
  started = false;
  stopped = false;
  calls: string[] = [];
  onStart: (m: FakeMonitor) => void = () => {};
  private listeners = new Set<(e: MonitorEvent) => void>();

  emit(event: MonitorEvent): void {
    if (event.type === 'server') this.servers = [event.server];
    if (event.type === 'models') this.models = [...event.models];
    if (event.type === 'status') this.models = [...this.models.filter((m) => m.key !== event.status.key), event.status];
    for (const l of [...this.listeners]) l(event);
  }
  async start(): Promise<void> {
    this.started = true;
    this.onStart(this);
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  subscribe(listener: (event: MonitorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  snapshot() {
    return { servers: this.servers, models: this.models };
  }
  entries(_key: string): readonly LogEntry[] {
    return [];
  }
  vitalsSeries = new Map<string, VitalsSeries>();
  vitals(key: string): VitalsSeries | null {
    return this.vitalsSeries.get(key) ?? null;
  }
  stats(key: string): ModelStats | null {
    const attempts = this.attempts.get(key) ?? 0;
    return {
      attempts,
      reconnects: 0,
      connectedSince: null,
      lines: { total: 0, history: 0, live: 0, byLevel: { error: 0, warning: 0, success: 0, info: 0 } },
      linesPerSecond: 0,
      lastError: null,
      errorGroups: [],
      badFrames: 0,
      gaps: 0,
      buffered: 0,
    };
  }
  reconnectAll(): void {}
  setWatched(): void {}
  acknowledge(): void {}
  clearLocal(): void {}
  async clearOnServer(key: string, keep: number): Promise<ControlResult> {
    this.calls.push(`clear ${key} ${keep}`);
    return { ok: true, message: 'cleared' };
  }
  async startModel(key: string): Promise<ControlResult> {
    this.calls.push(`start ${key}`);
    return { ok: false, message: "模型别名 'x' 未找到", status: 200 };
  }
  async stopModel(key: string): Promise<ControlResult> {
    this.calls.push(`stop ${key}`);
    return { ok: true, message: 'stopped' };
  }
  async stopAll(): Promise<ControlResult> {
    return { ok: true, message: '' };
  }
  async refreshServerStats(): Promise<void> {}
  async updateServers(): Promise<void> {}
  updatePolicy(): void {}
}
