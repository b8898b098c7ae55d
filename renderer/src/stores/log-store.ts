import type { LogEntry, ModelKey } from '../../../main/core/types.js';
import { EntrySlice, FrontTrimmed } from './entry-list.js';
import { inViewOrder, placeEntries } from './log-placement.js';

/**
 * One model's lines as the window holds them: capped, plus a version bumped on every change. The
 * entries live in an append-only array trimmed at the front by moving its start (see entry-list):
 * `list` is an O(1) snapshot, never copied per batch.
 */
export class LogBuffer {
  /** The entries (appends, trims; a change in the middle writes a new array). */
  readonly log = new FrontTrimmed<LogEntry>();
  version = 0;
  /** Highest seq held (or -1). */
  lastSeq = -1;
  /** True while logs:get-entries is in flight; batches arriving meanwhile are queued. */
  loading = false;
  loaded = false;
  pending: LogEntry[] = [];
  /**
   * True while the older lines of a big log are still on their way: the newest page is shown
   * first, the rest is put in front of it when it arrives (see `replace(…, { olderPending })`).
   */
  olderLoading = false;
  /**
   * Bumped on every change that is not "appended at the end, trimmed at the front": a (re)load,
   * a clear, a recovered line put back in place, a gap marker settled where it stands. Views derive
   * lists incrementally while it stays the same.
   */
  epoch = 0;
  /** Entries trimmed from the front since the epoch began (with the list, places every entry in an append-only sequence). */
  trimmed = 0;

  /** The entries now, as an immutable snapshot (O(1): later appends and trims do not change it). */
  get list(): EntrySlice {
    return new EntrySlice(this.log.items, this.log.head, this.log.length);
  }

  /** How many entries are held. */
  get size(): number {
    return this.log.length;
  }

  /** The entries as a new array (a copy: for exports and tests, not for every batch). */
  get entries(): LogEntry[] {
    return this.log.copy();
  }
}

export type AppendOutcome = 'applied' | 'queued' | 'gap' | 'not-loaded';

type Listener = () => void;

/** Entries `placeEntries` may put somewhere else than the end (see log-placement). */
function placedInside(e: LogEntry): boolean {
  return (e.kind === 'marker' && e.marker === 'gap-resolved') || (e.kind === 'line' && e.recovered === true && e.fills !== undefined);
}

/**
 * Per-model line buffers for the tabs the user opened. Capped like the core (`bufferSize`).
 * Mutations mark keys dirty; `flush()` notifies each dirty key once, so a whole event batch costs
 * at most one re-render per visible log.
 */
export class LogStore {
  private readonly buffers = new Map<ModelKey, LogBuffer>();
  private readonly listeners = new Map<ModelKey, Set<Listener>>();
  private readonly dirty = new Set<ModelKey>();
  /** Per key while its older lines load: the newest page and every later batch, as received. */
  private readonly raw = new Map<ModelKey, LogEntry[]>();
  private readonly loadIds = new Map<ModelKey, number>();
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
      buf = new LogBuffer();
      this.buffers.set(key, buf);
    }
    return buf;
  }

  /**
   * Start a (re)load: later batches are queued until `replace` arrives. Returns the load's id: an
   * answer for an older load (`prependOlder`) is ignored.
   */
  beginLoad(key: ModelKey): number {
    const buf = this.ensure(key);
    buf.loading = true;
    buf.pending = [];
    buf.olderLoading = false;
    this.raw.delete(key);
    this.markDirty(key);
    const id = (this.loadIds.get(key) ?? 0) + 1;
    this.loadIds.set(key, id);
    return id;
  }

  /**
   * The answer of logs:get-entries: becomes the buffer, then queued batches newer than it apply.
   * With `olderPending`, it is only the newest page of the log: shown at once, while the lines
   * before it are fetched (`prependOlder`); what arrives meanwhile applies as usual.
   */
  replace(key: ModelKey, entries: readonly LogEntry[], opts: { olderPending?: boolean } = {}): void {
    const buf = this.ensure(key);
    const pending = buf.pending;
    const placed: LogEntry[] = [];
    placeEntries(placed, entries);
    buf.lastSeq = entries.length > 0 ? (entries[entries.length - 1]?.seq ?? -1) : -1;
    buf.loading = false;
    buf.loaded = true;
    buf.pending = [];
    const newer = pending.filter((e) => e.seq > buf.lastSeq);
    placeEntries(placed, newer);
    buf.log.reset(placed);
    const last = newer[newer.length - 1];
    if (last) buf.lastSeq = last.seq;
    buf.olderLoading = opts.olderPending === true && entries.length > 0;
    // The page as the core sent it (seq order), with every later batch: rebuilt in view order with
    // the older lines in front, so a recovered line or a settled gap that refers to an older line
    // finds it then.
    if (buf.olderLoading) this.raw.set(key, [...entries, ...newer]);
    else this.raw.delete(key);
    this.newEpoch(buf);
    this.trim(buf);
    this.markDirty(key);
  }

  /** The lines before the page `replace` showed (`olderPending`), for load `loadId`: put in front, in view order. */
  prependOlder(key: ModelKey, loadId: number, older: readonly LogEntry[]): void {
    const buf = this.buffers.get(key);
    const raw = this.raw.get(key);
    if (!buf || !buf.olderLoading || !raw || this.loadIds.get(key) !== loadId) return;
    this.raw.delete(key);
    buf.olderLoading = false;
    const first = raw[0]?.seq ?? Infinity;
    const all = inViewOrder(older.filter((e) => e.seq < first).concat(raw));
    buf.log.reset(all);
    this.newEpoch(buf);
    this.trim(buf);
    this.markDirty(key);
  }

  /** The older lines could not be fetched: the tab keeps what it shows. */
  olderFailed(key: ModelKey, loadId: number): void {
    const buf = this.buffers.get(key);
    if (!buf || !buf.olderLoading || this.loadIds.get(key) !== loadId) return;
    this.raw.delete(key);
    buf.olderLoading = false;
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
    if (fresh.some(placedInside)) {
      // A recovered line or a gap's resolution may change the middle: on a new array, so the
      // snapshots the view holds stay as they were.
      const all = buf.log.copy();
      if (!placeEntries(all, fresh).appendOnly) this.newEpoch(buf);
      buf.log.reset(all);
    } else {
      for (const e of fresh) buf.log.push(e);
    }
    const raw = this.raw.get(key);
    if (raw) for (const e of fresh) raw.push(e);
    buf.lastSeq = fresh[fresh.length - 1]?.seq ?? buf.lastSeq;
    this.trim(buf);
    this.markDirty(key);
    return 'applied';
  }

  clear(key: ModelKey): void {
    const buf = this.buffers.get(key);
    if (!buf) return;
    buf.log.reset();
    buf.olderLoading = false;
    this.raw.delete(key);
    this.newEpoch(buf);
    this.markDirty(key);
  }

  private newEpoch(buf: LogBuffer): void {
    buf.epoch += 1;
    buf.trimmed = 0;
  }

  private trim(buf: LogBuffer): boolean {
    const over = buf.log.length - this.cap;
    if (over <= 0) return false;
    buf.log.trim(over);
    buf.trimmed += over;
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
