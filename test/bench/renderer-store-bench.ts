// The window's side of a 200,000-line tab: applying batches to the capped LogStore, and the work the
// log view redoes on each change (filtering and searching every held line).
import { performance } from 'node:perf_hooks';
import type { LogEntry, LogLine } from '../../main/core/types.js';
import { compileSearch, filterEntries, findMatches, MatchMemo } from '../../renderer/src/features/logs/log-filter.js';
import { LogStore } from '../../renderer/src/stores/log-store.js';
import type { Benchmark, BenchResult } from './registry.js';

const LINES = 200_000;
const BATCH = 500;
const KEY = 's/bench';

function entry(seq: number): LogLine {
  return {
    kind: 'line',
    seq,
    key: KEY,
    ts: 1_795_896_000_000 + seq,
    origin: seq < 1000 ? 'history' : 'live',
    level: seq % 97 === 0 ? 'error' : seq % 13 === 0 ? 'warning' : 'info',
    text: seq % 97 === 0 ? `ERROR: CUDA error: out of memory (tick ${seq})` : `\u001b[2m[bench]\u001b[0m tick ${seq}: slots idle, kv cache usage ${(seq % 1000) / 10}%`,
  };
}

export const rendererStoreBenchmark: Benchmark = {
  name: 'window-store',
  run(): BenchResult[] {
    const store = new LogStore(LINES);
    store.beginLoad(KEY);
    store.replace(KEY, []);
    let t = performance.now();
    for (let seq = 1; seq <= LINES; seq += BATCH) {
      const batch: LogEntry[] = [];
      for (let s = seq; s < seq + BATCH && s <= LINES; s++) batch.push(entry(s));
      store.append(KEY, batch);
      store.flush();
    }
    const appendMs = performance.now() - t;
    // At the cap: every further batch also trims the oldest lines.
    t = performance.now();
    for (let seq = LINES + 1; seq <= LINES + 50_000; seq += BATCH) {
      const batch: LogEntry[] = [];
      for (let s = seq; s < seq + BATCH; s++) batch.push(entry(s));
      store.append(KEY, batch);
      store.flush();
    }
    const cappedMs = performance.now() - t;
    const entries = store.get(KEY)?.entries ?? [];

    const all = { levels: new Set(['error', 'warning', 'success', 'info'] as const), origins: new Set(['history', 'live'] as const), onlyMatches: false, search: null, maxSeq: null };
    t = performance.now();
    const visible = filterEntries(entries, all);
    const copyMs = performance.now() - t;

    const compiled = compileSearch({ query: 'out of memory', regex: false, matchCase: false });
    const re = compiled.ok ? compiled.re : null;
    t = performance.now();
    findMatches(visible, re);
    const coldSearchMs = performance.now() - t;
    // The view searches again on every batch and keystroke: with the per-line plain text cached.
    t = performance.now();
    const matches = findMatches(visible, re);
    const searchMs = performance.now() - t;

    // What the view does per live batch while a search is active: sync the memo with the new lines,
    // rebuild the visible list, then find matches through the memo.
    const memo = new MatchMemo();
    memo.sync(KEY, re, entries);
    for (let s = LINES + 50_001; s <= LINES + 50_500; s++) store.append(KEY, [entry(s)]);
    t = performance.now();
    memo.sync(KEY, re, entries);
    const view = filterEntries(entries, { ...all, search: re }, 4, 2, memo.matches);
    const incremental = findMatches(view, re, memo.matches);
    const batchMs = performance.now() - t;

    t = performance.now();
    const errorsOnly = filterEntries(entries, { ...all, levels: new Set(['error'] as const) });
    const filterMs = performance.now() - t;

    return [
      { name: `append ${LINES.toLocaleString('en')} lines in batches of ${BATCH}`, value: Math.round(LINES / (appendMs / 1000)), unit: 'lines/s', detail: `${appendMs.toFixed(0)} ms` },
      { name: 'append at the cap (trimming oldest)', value: Math.round(50_000 / (cappedMs / 1000)), unit: 'lines/s', detail: `${cappedMs.toFixed(0)} ms for 50,000, ${entries.length.toLocaleString('en')} held` },
      { name: 'visible list, no filter (per change)', value: Number(copyMs.toFixed(2)), unit: 'ms', detail: `${visible.length.toLocaleString('en')} rows` },
      { name: 'search "out of memory" over 200k lines', value: Number(searchMs.toFixed(1)), unit: 'ms', detail: `${matches.length.toLocaleString('en')} matches; first search ${coldSearchMs.toFixed(0)} ms` },
      { name: 'search again after a 500-line batch (memo)', value: Number(batchMs.toFixed(1)), unit: 'ms', detail: `${incremental.length.toLocaleString('en')} matches` },
      { name: 'level filter (errors only)', value: Number(filterMs.toFixed(1)), unit: 'ms', detail: `${errorsOnly.length.toLocaleString('en')} rows` },
    ];
  },
};
