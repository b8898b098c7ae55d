// What the per-generation route handlers need from the running demo server.
import type { ServerResponse } from 'node:http';
import type { ChildLine } from './behaviors.js';
import type { DemoFault, DemoGeneration, ModelDef } from './demo-types.js';
import type { ModelRuntime } from './model-runtime.js';
import type { SseChannel } from './sse-channel.js';
import type { TimerBag } from './timers.js';
import type { V1LogHub } from './v1-log-hub.js';
import type { V3LogHub } from './v3-log-hub.js';

export interface ServerCore {
  readonly generation: DemoGeneration;
  readonly runtime: ModelRuntime;
  readonly v1: V1LogHub;
  readonly v3: V3LogHub;
  readonly timers: TimerBag;
  /** Epoch ms. */
  now(): number;
  /** Epoch seconds when the (simulated) manager process started. */
  startedAt(): number;
  fault(): DemoFault;
  /** kind 'models': v3's model status stream, not a model's log (see DemoServer.logStreams). */
  newChannel(res: ServerResponse, kind?: 'log' | 'models'): SseChannel;
  childLine(def: ModelDef, line: ChildLine): void;
  /** The delay the manager waits between stop-all and starting auto_start models. */
  restartPauseMs(): number;
  /** v3 /api/models/stream subscribers. */
  readonly modelStreams: Set<SseChannel>;
  modelsSnapshot(): string;
}
