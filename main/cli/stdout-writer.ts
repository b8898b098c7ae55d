// The CLI's one way to stdout: lines are coalesced into one write per turn of the event loop (a write
// per record cost a third of `watch --json`'s CPU), and a reader that falls behind gets backpressure:
// while the stream reports it is full, lines wait here up to `maxPendingChars`; beyond that they are
// dropped and counted, and one marker line saying how many were lost is printed where they were
// missing. A stdout nobody reads therefore never grows the process without bound.
import type { OutStream } from './context.js';

/** What the writer needs from stdout beyond `write`: Node's Writable has all of it. */
interface DrainableStream extends OutStream {
  once?(event: 'drain', listener: () => void): unknown;
}

export interface LineWriterOptions {
  /**
   * Text for the marker put where lines were dropped (without newline): `count` output lines, of which
   * `entries` were log entries (see `isEntry`).
   */
  readonly droppedMarker: (count: number, entries: number) => string;
  /** Which output lines are log entries, counted apart in the marker (default: every line). */
  readonly isEntry?: (text: string) => boolean;
  /** Characters held while the stream is full before lines are dropped (default 4 Mi). */
  readonly maxPendingChars?: number;
  /** Runs the coalesced write later in the same event-loop turn's aftermath (default setImmediate). */
  readonly schedule?: (fn: () => void) => void;
}

export interface LineWriter {
  /** Queues one line (a newline is added). */
  line(text: string): void;
  /**
   * Queues several lines, each passed through `prepare` (which must work line by line: applied to
   * the lines joined by newlines it must give the prepared lines joined by newlines). While the
   * stream takes everything they are prepared and queued as one text; while it asks us to wait,
   * line by line, so a drop is counted per line as with `line`.
   */
  lines(texts: readonly string[], prepare: (text: string) => string): void;
  /** lines() for lines already joined by newlines ('' is none; no line may hold a newline of its own). */
  joined(text: string, prepare: (text: string) => string): void;
  /** Queues text as-is (prompts, escape sequences), in order with the lines. */
  raw(text: string): void;
  /** Hands everything queued to the stream now, unless the stream asked us to wait. */
  flush(): void;
  /** Resolves when everything queued was handed over (the stream no longer asks to wait), or after timeoutMs. */
  drain(timeoutMs: number): Promise<void>;
  /** Lines dropped so far because the reader was too slow. */
  readonly dropped: number;
}

export const DEFAULT_MAX_PENDING_CHARS = 4 * 1024 * 1024;
/** A queued text at least this long is written on its own rather than copied into a joined one. */
const WRITE_ALONE_CHARS = 8 * 1024;

export function createLineWriter(stream: DrainableStream, opts: LineWriterOptions): LineWriter {
  const maxPending = opts.maxPendingChars ?? DEFAULT_MAX_PENDING_CHARS;
  const schedule = opts.schedule ?? ((fn: () => void) => void setImmediate(fn));
  const isEntry = opts.isEntry ?? ((): boolean => true);
  let pending: string[] = [];
  let pendingChars = 0;
  let scheduled = false;
  let blocked = false;
  let droppedTotal = 0;
  /** Dropped since the last marker: the marker goes in front of the next line that fits. */
  let droppedOpen = 0;
  let droppedEntriesOpen = 0;
  const drainWaiters = new Set<() => void>();

  // Once a write was accepted without asking us to wait, what is left in the stream's own buffer is
  // below its high-water mark and leaves with the process's normal exit.
  const settled = (): boolean => pending.length === 0 && !blocked;

  const notifyIfSettled = (): void => {
    if (!settled()) return;
    for (const w of [...drainWaiters]) w();
  };

  const onDrain = (): void => {
    blocked = false;
    flush();
    notifyIfSettled();
  };

  function flush(): void {
    scheduled = false;
    if (blocked || pending.length === 0) return;
    // Runs of small texts (lines queued one by one) are joined into one write; a large text (a whole
    // batch of lines) is handed over as it is, since joining it copied every byte once more. The last
    // write's answer says whether the stream is now full.
    const chunks = pending;
    pending = [];
    pendingChars = 0;
    let ok: unknown = true;
    let from = 0;
    const writeRun = (to: number): void => {
      if (to - from === 1) ok = stream.write(chunks[from] ?? '');
      else if (to > from) ok = stream.write(chunks.slice(from, to).join(''));
    };
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i] ?? '';
      if (chunk.length < WRITE_ALONE_CHARS) continue;
      writeRun(i);
      ok = stream.write(chunk);
      from = i + 1;
    }
    writeRun(chunks.length);
    if (ok === false && typeof stream.once === 'function') {
      blocked = true;
      stream.once('drain', onDrain);
    }
  }

  const enqueue = (text: string): void => {
    pending.push(text);
    pendingChars += text.length;
    if (!scheduled && !blocked) {
      scheduled = true;
      schedule(flush);
    }
  };

  const closeGap = (): void => {
    if (droppedOpen === 0) return;
    const n = droppedOpen;
    const entries = droppedEntriesOpen;
    droppedOpen = 0;
    droppedEntriesOpen = 0;
    enqueue(`${opts.droppedMarker(n, entries)}\n`);
  };

  const accept = (text: string): void => {
    if (blocked && pendingChars + text.length > maxPending) {
      droppedTotal++;
      droppedOpen++;
      if (isEntry(text)) droppedEntriesOpen++;
      return;
    }
    closeGap();
    enqueue(text);
  };

  return {
    line: (text) => accept(`${text}\n`),
    lines(texts, prepare) {
      if (texts.length === 0) return;
      if (blocked) {
        for (const t of texts) accept(`${prepare(t)}\n`);
        return;
      }
      // Not blocked: `accept` would queue every line as it is (after any open drop marker). Joined
      // with the last newline in the same pass (appending it afterwards meant one more copy).
      closeGap();
      const all = texts.slice();
      all.push('');
      enqueue(prepare(all.join('\n')));
    },
    joined(text, prepare) {
      if (text.length === 0) return;
      if (blocked) {
        this.lines(text.split('\n'), prepare);
        return;
      }
      closeGap();
      enqueue(prepare(`${text}\n`));
    },
    raw: (text) => accept(text),
    flush,
    drain(timeoutMs) {
      if (!blocked) closeGap();
      flush();
      if (settled() && droppedOpen === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const finish = (): void => {
          clearTimeout(timer);
          drainWaiters.delete(waiter);
          resolve();
        };
        const waiter = (): void => {
          // The last lines may have been dropped: say so before the end.
          if (droppedOpen > 0) {
            closeGap();
            flush();
            if (!settled()) return;
          }
          finish();
        };
        const timer = setTimeout(finish, timeoutMs);
        timer.unref?.();
        drainWaiters.add(waiter);
      });
    },
    get dropped() {
      return droppedTotal;
    },
  };
}
