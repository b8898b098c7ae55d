// One open event-stream response. All frame writes go through here so the injected faults
// (slow drip, reset in the middle of a frame) apply to every stream the same way.
import type { ServerResponse } from 'node:http';
import type { DemoFault } from './demo-types.js';
import type { TimerBag } from './timers.js';

export class SseChannel {
  private isClosed = false;
  private drip: Buffer[] = [];
  private dripArmed = false;
  private endAfterDrip = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(
    private readonly res: ServerResponse,
    private readonly fault: () => DemoFault,
    private readonly timers: TimerBag,
  ) {
    res.on('close', () => this.markClosed());
    res.socket?.setNoDelay(true);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  onClose(fn: () => void): void {
    if (this.isClosed) fn();
    else this.closeListeners.push(fn);
  }

  /** Sends the response head now (a stream with nothing to replay still shows as open). */
  open(status: number, headers: Array<[string, string]>): void {
    this.res.setHeader('date', new Date().toUTCString());
    this.res.setHeader('server', 'uvicorn');
    for (const [k, v] of headers) this.res.setHeader(k, v);
    this.res.writeHead(status);
    this.res.flushHeaders();
  }

  write(text: string): void {
    if (this.isClosed) return;
    const f = this.fault();
    if (f?.kind === 'reset-mid-frame') {
      const bytes = Buffer.from(text, 'utf8');
      const cut = Math.max(1, Math.floor(bytes.length / 2));
      const socket = this.res.socket;
      this.res.write(bytes.subarray(0, cut), () => socket?.resetAndDestroy());
      this.markClosed();
      return;
    }
    if (f?.kind === 'drip' || this.drip.length > 0) {
      this.drip.push(Buffer.from(text, 'utf8'));
      this.armDrip();
      return;
    }
    this.res.write(text);
  }

  end(): void {
    if (this.isClosed) return;
    if (this.drip.length > 0) {
      this.endAfterDrip = true;
      return;
    }
    this.res.end();
    this.markClosed();
  }

  destroy(): void {
    this.res.destroy();
    this.markClosed();
  }

  private armDrip(): void {
    if (this.dripArmed) return;
    const f = this.fault();
    const tickMs = f?.kind === 'drip' ? f.tickMs : 0;
    this.dripArmed = true;
    this.timers.set(() => {
      this.dripArmed = false;
      this.dripTick();
    }, tickMs);
  }

  private dripTick(): void {
    if (this.isClosed) return;
    const f = this.fault();
    // Once the fault is lifted the backlog goes out at once, order preserved.
    let budget = f?.kind === 'drip' ? Math.max(1, f.bytesPerTick) : Number.POSITIVE_INFINITY;
    while (budget > 0 && this.drip.length > 0) {
      const head = this.drip[0];
      if (!head) break;
      if (head.length <= budget) {
        this.res.write(head);
        budget -= head.length;
        this.drip.shift();
      } else {
        this.res.write(head.subarray(0, budget));
        this.drip[0] = head.subarray(budget);
        budget = 0;
      }
    }
    if (this.drip.length > 0) this.armDrip();
    else if (this.endAfterDrip) this.end();
  }

  private markClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.drip = [];
    for (const fn of this.closeListeners.splice(0)) fn();
  }
}
