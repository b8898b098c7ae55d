// The logbook: classification, failure signatures, per-model buffer with exactly-once semantics.
export { stripAnsi } from './ansi.js';
export { classifyLine, nextHead, CONTINUATION_WINDOW_MS, type Classification, type ClassifiedHead } from './classifier.js';
export { SIGNATURES, HINTS, matchSignature, signatureDef, type SignatureDef } from './signatures.js';
export { Logbook, DEFAULT_CAP, MAX_OPEN_HOLES, type LogbookOptions } from './logbook.js';
export type { IncomingLine } from './incoming.js';
export type { LogbookStats } from './log-stats.js';
export type { BeginHint } from './replay-dedup.js';
export { RingBuffer } from './ring-buffer.js';
