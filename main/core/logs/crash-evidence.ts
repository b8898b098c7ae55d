// The log's own evidence that a model's process died: the server does not always say so (v1/v2 keep
// a crashed model `routing` with its dead pid; a model that died while loading sits in
// `health_check` for minutes). `watch` (live lines) and `diagnose` (the recent log) use this one rule.
import type { LogEntry } from '../types.js';
import { PROCESS_DIED_SIGNATURES as CRASH_SIGNATURES } from './signatures.js';

/** A crash word in a line whose most specific signature is another one ("FATAL: failed to load model"). */
const CRASH_WORDS = /\bFATAL\b|\bGGML_ASSERT\b|\bSegmentation fault\b/;

/** Lines that begin a new run of the model: a crash before them belongs to an earlier run. */
const RUN_START: readonly RegExp[] = [
  /^spawned pid \d+/, // v3 session start (manager line)
  /启动模型 '/, // v1-seed start banner
  /\bllama_model_loader: loaded meta data\b/, // llama.cpp loading
  /\bvLLM API server version\b/,
];

export interface CrashScan {
  /** The crash line of the current run, or null. */
  crash: string | null;
}

/**
 * Feeds lines in server order. A crash line is remembered until the model shows signs of life (a
 * success line) or a new run starts. Returns whether the verdict changed.
 */
export function noteForCrash(scan: CrashScan, entry: LogEntry, opts: { readonly runStarts: boolean }): boolean {
  if (entry.kind !== 'line' || entry.continuation) return false;
  const before = scan.crash;
  const crashed =
    entry.signature !== undefined && (CRASH_SIGNATURES.has(entry.signature) || (entry.level === 'error' && CRASH_WORDS.test(entry.text)));
  if (crashed) scan.crash ??= entry.text;
  else if (entry.level === 'success') scan.crash = null;
  else if (opts.runStarts && RUN_START.some((r) => r.test(entry.text))) scan.crash = null;
  return scan.crash !== before;
}

/** The crash of the latest run in a model's buffered log (server order), or null. */
export function crashInLog(entries: readonly LogEntry[]): string | null {
  const scan: CrashScan = { crash: null };
  const lines = entries.filter((e) => e.kind === 'line');
  // Recovered lines were printed earlier than their seq says: read them where they belong.
  const ordered = [...lines].sort((a, b) => a.ts - b.ts);
  for (const e of ordered) noteForCrash(scan, e, { runStarts: true });
  return scan.crash;
}
