import { describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../../../main/core/types.js';
import { createAppStore } from '../../../renderer/src/stores/app-store.js';
import { LogStore } from '../../../renderer/src/stores/log-store.js';
import { createSync, FIRST_PAGE } from '../../../renderer/src/stores/sync.js';
import { FakeApi, line, makeModel } from './fake-api.js';

const K = 's1/Qwen3-8B';
const lines = (from: number, to: number): LogEntry[] => Array.from({ length: to - from + 1 }, (_, i) => line(K, from + i, `l${from + i}`));

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('LogStore', () => {
  it('appends contiguous batches, ignores duplicates and reports seq jumps', () => {
    const store = new LogStore(100);
    store.beginLoad(K);
    store.replace(K, lines(1, 3));
    expect(store.append(K, lines(2, 5))).toBe('applied');
    expect(store.get(K)?.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(store.append(K, lines(8, 9))).toBe('gap');
    expect(store.get(K)?.lastSeq).toBe(5);
    expect(store.append('other', lines(1, 1))).toBe('not-loaded');
  });

  it('caps the buffer like the core (oldest dropped)', () => {
    const store = new LogStore(10);
    store.beginLoad(K);
    store.replace(K, lines(1, 8));
    store.append(K, lines(9, 25));
    const seqs = store.get(K)?.entries.map((e) => e.seq);
    expect(seqs).toHaveLength(10);
    expect(seqs?.[0]).toBe(16);
    expect(seqs?.at(-1)).toBe(25);
    store.setCap(4);
    expect(store.get(K)?.entries.map((e) => e.seq)).toEqual([22, 23, 24, 25]);
  });

  it('queues batches while loading and applies the newer ones after replace', () => {
    const store = new LogStore(100);
    store.beginLoad(K);
    expect(store.append(K, lines(4, 6))).toBe('queued');
    store.replace(K, lines(1, 5));
    expect(store.get(K)?.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('puts a recovered line right after the gap it fills, and folds the resolution into that gap', () => {
    const store = new LogStore(100);
    store.beginLoad(K);
    const gap: LogEntry = { kind: 'marker', seq: 3, key: K, ts: 0, marker: 'gap', reason: 'replay-hole', unverified: true };
    store.replace(K, [...lines(1, 2), gap, ...lines(4, 5)]);
    const recovered = (seq: number, text: string): LogEntry => ({ ...line(K, seq, text), recovered: true, fills: 3 });
    expect(store.append(K, [recovered(6, 'r1'), recovered(7, 'r2')])).toBe('applied');
    expect(store.append(K, [{ kind: 'marker', seq: 8, key: K, ts: 0, marker: 'gap-resolved', fills: 3, recovered: 2 }])).toBe('applied');
    const view = store.get(K)?.entries ?? [];
    expect(view.map((e) => e.seq)).toEqual([1, 2, 3, 6, 7, 4, 5]);
    expect(view[2]).toMatchObject({ marker: 'gap', recovered: 2 });
    expect(view[2] && 'unverified' in view[2]).toBe(false);
    expect(store.get(K)?.lastSeq).toBe(8);
    // The next batch is contiguous with the resolution's seq.
    expect(store.append(K, lines(9, 9))).toBe('applied');
    // A reload of the core's buffer (seq order, the gap already settled there) gives the same view.
    store.beginLoad(K);
    store.replace(K, [...lines(1, 2), { ...gap, recovered: 2 }, ...lines(4, 5), recovered(6, 'r1'), recovered(7, 'r2'), { kind: 'marker', seq: 8, key: K, ts: 0, marker: 'gap-resolved', fills: 3, recovered: 2 }, ...lines(9, 9)]);
    expect(store.get(K)?.entries.map((e) => e.seq)).toEqual([1, 2, 3, 6, 7, 4, 5, 9]);
  });

  it('folds a resolution that could not check into its gap: no longer checking, never "nothing missing"', () => {
    const store = new LogStore(100);
    store.beginLoad(K);
    const gap: LogEntry = { kind: 'marker', seq: 3, key: K, ts: 0, marker: 'gap', reason: 'replay-hole', unverified: true };
    store.replace(K, [...lines(1, 2), gap, ...lines(4, 5)]);
    expect(store.append(K, [{ kind: 'marker', seq: 6, key: K, ts: 0, marker: 'gap-resolved', fills: 3, outcome: 'unknown', unchecked: 'model-stopped' }])).toBe('applied');
    const view = store.get(K)?.entries ?? [];
    expect(view.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(view[2]).toEqual({ kind: 'marker', seq: 3, key: K, ts: 0, marker: 'gap', reason: 'replay-hole', outcome: 'unknown', unchecked: 'model-stopped' });
  });

  it('shows the newest page first, then puts the older lines in front, with what arrived meanwhile after it', () => {
    const store = new LogStore(100);
    const id = store.beginLoad(K);
    const gap: LogEntry = { kind: 'marker', seq: 3, key: K, ts: 0, marker: 'gap', reason: 'replay-hole', unverified: true };
    const recovered = (seq: number, text: string): LogEntry => ({ ...line(K, seq, text), recovered: true, fills: 3 });
    // The page refers to a gap among the older lines: a recovered line and the gap's resolution.
    store.replace(K, [...lines(6, 7), recovered(8, 'r1'), { kind: 'marker', seq: 9, key: K, ts: 0, marker: 'gap-resolved', fills: 3, recovered: 1 }], { olderPending: true });
    const buf = store.get(K);
    expect(buf?.olderLoading).toBe(true);
    expect(buf?.loading).toBe(false);
    expect(buf?.entries.map((e) => e.seq)).toEqual([6, 7, 8]);
    expect(store.append(K, lines(10, 11))).toBe('applied');
    const epoch = buf?.epoch;
    // An answer for an older load is ignored.
    store.prependOlder(K, id - 1, [...lines(1, 2), gap, ...lines(4, 5)]);
    expect(buf?.olderLoading).toBe(true);
    store.prependOlder(K, id, [...lines(1, 2), gap, ...lines(4, 5)]);
    expect(buf?.olderLoading).toBe(false);
    expect(buf?.epoch).not.toBe(epoch);
    // The same view as one load of the whole log.
    const whole = new LogStore(100);
    whole.beginLoad(K);
    whole.replace(K, [...lines(1, 2), gap, ...lines(4, 5), ...lines(6, 7), recovered(8, 'r1'), { kind: 'marker', seq: 9, key: K, ts: 0, marker: 'gap-resolved', fills: 3, recovered: 1 }, ...lines(10, 11)]);
    expect(buf?.entries).toEqual(whole.get(K)?.entries);
    expect(buf?.entries.map((e) => e.seq)).toEqual([1, 2, 3, 8, 4, 5, 6, 7, 10, 11]);
    expect(buf?.entries[2]).toMatchObject({ marker: 'gap', recovered: 1 });
  });

  it('counts trims and starts a new epoch on anything but appends and trims', () => {
    const store = new LogStore(5);
    store.beginLoad(K);
    store.replace(K, lines(1, 4));
    const buf = store.get(K);
    const epoch = buf?.epoch ?? -1;
    store.append(K, lines(5, 8));
    expect(buf?.trimmed).toBe(3);
    expect(buf?.epoch).toBe(epoch);
    // A recovered line put back in place changes the middle: a new epoch.
    store.append(K, [{ ...line(K, 9, 'r'), recovered: true, fills: 6 }]);
    expect(buf?.entries.map((e) => e.seq)).toEqual([5, 6, 9, 7, 8]);
    expect(buf?.epoch).toBe(epoch + 1);
    // The new epoch counts its own trims only.
    expect(buf?.trimmed).toBe(1);
    store.clear(K);
    expect(buf?.epoch).toBe(epoch + 2);
  });

  it('notifies each changed key once per flush', () => {
    const store = new LogStore(100);
    store.beginLoad(K);
    store.replace(K, []);
    store.flush();
    const listener = vi.fn();
    store.subscribe(K, listener);
    store.append(K, lines(1, 2));
    store.append(K, lines(3, 4));
    expect(listener).not.toHaveBeenCalled();
    store.flush();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('sync', () => {
  async function started(api = new FakeApi()) {
    api.entries.set(K, lines(1, 3));
    const appStore = createAppStore();
    const logStore = new LogStore(1000);
    const sync = createSync(api, appStore, logStore);
    await sync.start();
    await settle();
    return { api, appStore, logStore, sync };
  }

  it('loads state, selects the first model, fetches its lines and acknowledges', async () => {
    const { api, appStore, logStore } = await started();
    expect(appStore.getState().phase).toBe('ready');
    expect(appStore.getState().selectedKey).toBe(K);
    // A short log fits the first page: one request.
    expect(api.callsTo('logs:get-entries')).toEqual([{ key: K, limit: FIRST_PAGE }]);
    expect(api.callsTo('model:acknowledge')).toEqual([{ key: K }]);
    expect(logStore.get(K)?.entries).toHaveLength(3);
  });

  it('applies a whole batch with one store update and one log notification', async () => {
    const { api, appStore, logStore } = await started();
    const storeListener = vi.fn();
    const logListener = vi.fn();
    appStore.subscribe(storeListener);
    logStore.subscribe(K, logListener);
    api.emit('monitor:events', {
      seq: 1,
      events: [
        { type: 'status', status: makeModel('Qwen3-8B', { connection: 'connecting' }) },
        { type: 'lines', key: K, entries: lines(4, 5) },
        { type: 'status', status: makeModel('Qwen3-8B', { unreadErrors: 2 }) },
        { type: 'lines', key: K, entries: lines(6, 7) },
        { type: 'problem', key: K, serverId: 's1', message: 'bad frame' },
      ],
    });
    expect(storeListener).toHaveBeenCalledTimes(1);
    expect(logListener).toHaveBeenCalledTimes(1);
    expect(appStore.getState().models[0]?.unreadErrors).toBe(2);
    expect(appStore.getState().problems.map((p) => p.message)).toEqual(['bad frame']);
    expect(logStore.get(K)?.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('a log longer than the first page: the newest page, then the lines before it', async () => {
    const api = new FakeApi();
    api.entries.set(K, lines(1, FIRST_PAGE + 500));
    const appStore = createAppStore();
    const logStore = new LogStore(100_000);
    const sync = createSync(api, appStore, logStore);
    await sync.start();
    await settle();
    await settle();
    expect(api.callsTo('logs:get-entries')).toEqual([
      { key: K, limit: FIRST_PAGE },
      { key: K, beforeSeq: 501 },
    ]);
    expect(logStore.get(K)?.olderLoading).toBe(false);
    expect(logStore.get(K)?.entries.map((e) => e.seq)).toEqual(lines(1, FIRST_PAGE + 500).map((e) => e.seq));
  });

  it('re-fetches when a batch seq is skipped', async () => {
    const { api, logStore } = await started();
    api.entries.set(K, lines(1, 9));
    api.emit('monitor:events', { seq: 1, events: [] });
    api.emit('monitor:events', { seq: 3, events: [{ type: 'lines', key: K, entries: lines(9, 9) }] });
    await settle();
    expect(api.callsTo('logs:get-entries')).toHaveLength(2);
    expect(api.callsTo('app:get-state')).toHaveLength(2);
    expect(logStore.get(K)?.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('re-fetches a model whose line seq jumps, and after a cleared event', async () => {
    const { api, logStore } = await started();
    api.entries.set(K, lines(1, 7));
    api.emit('monitor:events', { seq: 1, events: [{ type: 'lines', key: K, entries: lines(6, 7) }] });
    await settle();
    expect(logStore.get(K)?.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    api.entries.set(K, [line(K, 8, 'after clear')]);
    api.emit('monitor:events', { seq: 2, events: [{ type: 'cleared', key: K, scope: 'server' }] });
    expect(logStore.get(K)?.loading).toBe(true);
    await settle();
    expect(logStore.get(K)?.entries.map((e) => e.seq)).toEqual([8]);
  });

  it('ignores batches already included in app:get-state and applies those received before it', async () => {
    const api = new FakeApi({ eventSeq: 5 });
    api.entries.set(K, lines(1, 3));
    const appStore = createAppStore();
    const logStore = new LogStore(1000);
    const sync = createSync(api, appStore, logStore);
    const starting = sync.start();
    api.emit('monitor:events', { seq: 5, events: [{ type: 'status', status: makeModel('Qwen3-8B', { connection: 'not-running' }) }] });
    api.emit('monitor:events', { seq: 6, events: [{ type: 'status', status: makeModel('Qwen3-8B', { unreadErrors: 4 }) }] });
    await starting;
    await settle();
    expect(appStore.getState().models[0]?.connection).toBe('connected');
    expect(appStore.getState().models[0]?.unreadErrors).toBe(4);
  });

  it('follows settings:changed (buffer cap) and app:navigate', async () => {
    const { api, appStore, logStore, sync } = await started();
    api.emit('settings:changed', { ...api.state.settings, bufferSize: 2 });
    expect(logStore.get(K)?.entries.map((e) => e.seq)).toEqual([2, 3]);
    api.emit('app:navigate', { view: 'stats' });
    expect(appStore.getState().view).toBe('stats');
    api.emit('app:navigate', { view: 'logs', key: K, seq: 3 });
    expect(appStore.getState().scrollRequest).toMatchObject({ key: K, seq: 3 });
    sync.stop();
    api.emit('app:navigate', { view: 'settings' });
    expect(appStore.getState().view).toBe('logs');
  });

  it('settings:changed picks up the new settings notice (read-only disk), so the window says it was not saved', async () => {
    const { api, appStore } = await started();
    expect(appStore.getState().settingsNotice).toBeNull();
    api.state = { ...api.state, settingsNotice: 'Settings could not be saved to /ro/config.json (EROFS). Your changes apply until LLM Log Tray quits.' };
    api.emit('settings:changed', { ...api.state.settings, retryIntervalSec: 9 });
    await settle();
    expect(appStore.getState().settingsNotice).toMatch(/could not be saved.*EROFS/);
  });
});

describe('sync: acknowledging the open tab', () => {
  it('acknowledges errors that arrive in the selected tab, not in others', async () => {
    const api = new FakeApi();
    api.state = { ...api.state, snapshot: { servers: api.state.snapshot.servers, models: [makeModel('Qwen3-8B'), makeModel('bge-m3')] } };
    const appStore = createAppStore();
    const sync = createSync(api, appStore, new LogStore(100));
    await sync.start();
    sync.selectModel(K);
    const acksBefore = api.callsTo('model:acknowledge').length;
    api.emit('monitor:events', { seq: 1, events: [{ type: 'status', status: makeModel('bge-m3', { unreadErrors: 1 }) }] });
    expect(api.callsTo('model:acknowledge')).toHaveLength(acksBefore);
    api.emit('monitor:events', { seq: 2, events: [{ type: 'status', status: makeModel('Qwen3-8B', { unreadErrors: 1 }) }] });
    expect(api.callsTo('model:acknowledge').slice(acksBefore)).toEqual([{ key: K }]);
  });
});
