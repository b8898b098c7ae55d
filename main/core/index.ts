// The public core API (front ends import from here).
export * from './types.js';
export * from './ports.js';
export { createMonitor } from './monitor.js';
export { buildModelStats, ModelConnection, type ConnectionCounters } from './stream/model-connection.js';
export { RetryScheduler, retryDelay, type RetryKind } from './stream/backoff.js';
export {
  decodeV1Frame,
  decodeV3Line,
  decodeV3Models,
  createLineLimiter,
  MAX_FRAME_BYTES,
  type BadFrameKind,
} from './stream/frame-decoder.js';
export { openSse, type SseEnd, type SseHandle } from './stream/sse-connection.js';
export { createHttpClient, describeReply, type HttpClient, type HttpReply } from './stream/http-client.js';
export { probeGeneration, type ProbeResult } from './servers/probe.js';
export { connectServer, adapterFor, type ConnectResult } from './servers/create-adapter.js';
export type { ServerAdapter, RemoteModel, StreamEvent, LogStream, ModelListResult } from './servers/adapter.js';
