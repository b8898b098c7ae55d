// Stateful wrapper around the pure formatters: decides which events are worth a line of output
// (a status line only when something visible changed, lines only for the models being shown).
import type { LogEntry, ModelKey, ModelStatus, MonitorEvent } from '../core/types.js';
import {
  formatCleared,
  formatLogLine,
  formatMarker,
  formatProblem,
  formatServer,
  formatStatus,
  type HumanFormatOptions,
} from './human-format.js';

export interface HumanPrinterOptions {
  readonly format: HumanFormatOptions;
  readonly now: () => number;
  readonly attemptsOf: (key: ModelKey) => number;
  /** 0 = unlimited. */
  readonly maxAttempts: number;
  /** Which entries to print; default: everything. */
  readonly showEntry?: (entry: LogEntry) => boolean;
  /** Which models' status lines to print; default: watched ones. */
  readonly showStatus?: (status: ModelStatus) => boolean;
}

export interface HumanPrinter {
  /** Lines of output for this event (possibly none). */
  handle(event: MonitorEvent): string[];
  /** Forget what was printed (after the screen was cleared). */
  reset(): void;
}

function statusSignature(s: ModelStatus): string {
  return [s.connection, s.lifecycle, s.failureReason ?? '', s.nextRetryAt === null ? '' : String(s.nextRetryAt), s.lastProblem ?? ''].join('|');
}

export function createHumanPrinter(opts: HumanPrinterOptions): HumanPrinter {
  const lastStatus = new Map<ModelKey, { readonly sig: string; readonly status: ModelStatus }>();
  let lastServer = '';
  const showStatus = opts.showStatus ?? ((s: ModelStatus) => s.watched);
  const showEntry = opts.showEntry ?? (() => true);

  const status = (s: ModelStatus): string[] => {
    if (!showStatus(s)) return [];
    // Over the connection budget: the core's one problem note speaks for all of them (not a line each).
    if (s.overBudget === true) {
      lastStatus.set(s.key, { sig: statusSignature(s), status: s });
      return [];
    }
    const sig = statusSignature(s);
    const last = lastStatus.get(s.key);
    if (last?.sig === sig) return [];
    const attempts = opts.attemptsOf(s.key);
    const down = (c: ModelStatus['connection']) => c === 'not-running' || c === 'disconnected';
    // Before the first attempt the core reports "disconnected": nothing has happened yet.
    if (s.connection === 'disconnected' && s.nextRetryAt === null && attempts === 0) return [];
    const sameLifecycle = last !== undefined && last.status.lifecycle === s.lifecycle && last.status.failureReason === s.failureReason;
    if (sameLifecycle && last) {
      // While retrying, one line per attempt is enough: skip the attempt itself ("connecting") and
      // the moment between a failure and its retry being scheduled; the line with the plan follows.
      if (s.connection === 'connecting' && down(last.status.connection)) return [];
      const gaveUp = opts.maxAttempts > 0 && attempts >= opts.maxAttempts;
      if (down(s.connection) && s.nextRetryAt === null && !gaveUp) return [];
    }
    lastStatus.set(s.key, { sig, status: s });
    return [formatStatus(s, opts.format, { now: opts.now(), attempts, maxAttempts: opts.maxAttempts })];
  };

  return {
    reset() {
      lastStatus.clear();
      lastServer = '';
    },
    handle(event) {
      switch (event.type) {
        case 'server': {
          if (event.server.health === 'unknown') return [];
          const sig = `${event.server.health}|${event.server.generation ?? ''}|${event.server.version ?? ''}`;
          if (sig === lastServer) return [];
          lastServer = sig;
          return [formatServer(event.server, opts.format, opts.now())];
        }
        case 'models':
          return event.models.flatMap(status);
        case 'status':
          return status(event.status);
        case 'lines': {
          const out: string[] = [];
          for (const entry of event.entries) {
            if (!showEntry(entry)) continue;
            if (entry.kind === 'line') {
              const lines = formatLogLine(entry, opts.format);
              for (const l of lines) out.push(l);
            } else out.push(formatMarker(entry, opts.format));
          }
          return out;
        }
        case 'cleared':
          return [formatCleared(event.key, event.scope, opts.format, opts.now())];
        case 'problem':
          return [formatProblem(event.message, event.key, opts.format, opts.now())];
        case 'vitals':
          // Shown by `stats` and in --json; a line per request would drown the log here.
          return [];
      }
    },
  };
}
