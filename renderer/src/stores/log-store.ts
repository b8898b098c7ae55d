import type { LogEntry, ModelKey } from '../../../main/core/types.js';
import { placeEntries } from './log-placement.js';

/** One model's lines as the window holds them: a capped array plus a version bumped on every change. */
export interface LogBuffer {
  /** Mutated in place (appends, trims); read it together with `version`. */
  readonly entries: LogEntry[];
  version: number;
  /** Highest seq held (or -1). */
  lastSeq: number;
  /** True while logs:get-entries is in flight; batches arriving meanwhile are queued. */
  loading: boolean;
  loaded: boolean;
  pending: LogEntry[];
}

export type AppendOutcome = 'applied' | 'queued' | 'gap' | 'not-loaded';

type Listener = () => void;

/**
 * Per-model line buffers for the tabs the user opened. Capped like the core (`bufferSize`).
 * Mutations mark keys dirty; `flush()` notifies each dirty key once, so a whole event batch costs
 * at most one re-render per visible log.
 */
export class LogStore {
  private readonly buffers = new Map<ModelKey, LogBuffer>();
  private readonly listeners = new Map<ModelKey, Set<Listener>>();
  private readonly dirty = new Set<ModelKey>();
  private cap: number;

  constructor(cap: number) {
    this.cap = Math.max(1, cap);
  }

  setCap(cap: number): void {
    this.cap = Math.max(1, cap);
    for (const [key, buf] of this.buffers) {
      if (this.trim(buf)) this.markDirty(key);
    }
  }

  get(key: ModelKey): LogBuffer | undefined {
    return this.buffers.get(key);
  }

  version(key: ModelKey): number {
    return this.buffers.get(key)?.version ?? 0;
  }

  keys(): ModelKey[] {
    return [...this.buffers.keys()];
  }

  private ensure(key: ModelKey): LogBuffer {
    let buf = this.buffers.get(key);
    if (!buf) {
      buf = { entries: [], version: 0, lastSeq: -1, loading: false, loaded: false, pending: [] };
      this.buffers.set(key, buf);
    }
    return buf;
  }

  /** Start a (re)load: later batches are queued until `replace` arrives. */
  beginLoad(key: ModelKey): void {
    const buf = this.ensure(key);
    buf.loading = true;
    buf.pending = [];
    this.markDirty(key);
  }

  /** The answer of logs:get-entries: becomes the buffer, then queued batches newer than it apply. */
  replace(key: ModelKey, entries: readonly LogEntry[]): void {
    const buf = this.ensure(key);
    const pending = buf.pending;
    buf.entries.length = 0;
    placeEntries(buf.entries, entries);
    buf.lastSeq = entries.length > 0 ? (entries[entries.length - 1]?.seq ?? -1) : -1;
    buf.loading = false;
    buf.loaded = true;
    buf.pending = [];
    const newer = pending.filter((e) => e.seq > buf.lastSeq);
    placeEntries(buf.entries, newer);
    const last = newer[newer.length - 1];
    if (last) buf.lastSeq = last.seq;
    this.trim(buf);
    this.markDirty(key);
  }

  /**
   * A `lines` event. Entries at or below lastSeq are duplicates (ignored); a jump in seq means we
   * missed something and the caller must re-fetch.
   */
  append(key: ModelKey, entries: readonly LogEntry[]): AppendOutcome {
    const buf = this.buffers.get(key);
    if (!buf) return 'not-loaded';
    if (buf.loading) {
      for (const e of entries) buf.pending.push(e);
      return 'queued';
    }
    if (!buf.loaded) return 'not-loaded';
    const fresh = entries.filter((e) => e.seq > buf.lastSeq);
    if (fresh.length === 0) return 'applied';
    const first = fresh[0];
    if (first && buf.lastSeq >= 0 && first.seq !== buf.lastSeq + 1) return 'gap';
    // Recovered lines go in place (after their gap); a settled gap is updated where it stands.
    placeEntries(buf.entries, fresh);
    buf.lastSeq = fresh[fresh.length - 1]?.seq ?? buf.lastSeq;
    this.trim(buf);
    this.markDirty(key);
    return 'applied';
  }

  clear(key: ModelKey): void {
    const buf = this.buffers.get(key);
    if (!buf) return;
    buf.entries.length = 0;
    this.markDirty(key);
  }

  private trim(buf: LogBuffer): boolean {
    const over = buf.entries.length - this.cap;
    if (over <= 0) return false;
    buf.entries.splice(0, over);
    return true;
  }

  private markDirty(key: ModelKey): void {
    const buf = this.buffers.get(key);
    if (buf) buf.version += 1;
    this.dirty.add(key);
  }

  /** Notify listeners of every key changed since the last flush (once each). */
  flush(): void {
    if (this.dirty.size === 0) return;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      const set = this.listeners.get(key);
      if (set) for (const l of [...set]) l();
    }
  }

  subscribe(key: ModelKey, listener: Listener): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }
}
