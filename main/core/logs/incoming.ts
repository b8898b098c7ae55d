import type { Origin } from '../types.js';

/** One decoded log line as the connection layer hands it to the logbook. */
export interface IncomingLine {
  readonly origin: Origin;
  /** Server time, epoch milliseconds (keep the float: `seconds * 1000`, no rounding). */
  readonly ts: number;
  readonly text: string;
  /** The level the server sent, if any ('info' | 'error' | 'warn' | 'ok'). */
  readonly serverLevel?: string;
  /**
   * The server's time could not be parsed: `ts` is 0 (a stable key for de-duplication) and the line
   * is shown at this local receive time (epoch ms), marked `timeReceived`.
   */
  readonly receivedAt?: number;
  /** v3 line id (global, increasing). */
  readonly id?: number;
}
