// What the CLI needs from the outside world. index.ts builds the real one from `process`;
// tests can build their own. Nothing here is a module-level singleton.
import type { Clock, DiagnosticLogger, FetchLike, Monitor, MonitorOptions, Random } from '../core/ports.js';
import type { Colors } from './human-format.js';
import type { Translator } from './i18n.js';

export interface OutStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliDeps {
  /** User arguments (without `node` and the script path). */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readFile(path: string): Promise<string>;
  readonly fetch: FetchLike;
  /** For control requests the server may hold open for minutes (no 300 s headers timeout). */
  readonly controlFetch?: FetchLike;
  readonly clock: Clock;
  readonly random: Random;
  createMonitor(options: MonitorOptions): Monitor;
  /** Calls handler on Ctrl-C / SIGTERM; returns an unsubscribe. */
  onInterrupt(handler: () => void): () => void;
}

/** Per-invocation context handed to every command. */
export interface CliContext {
  readonly deps: CliDeps;
  readonly tr: Translator;
  readonly colors: Colors;
  readonly logger: DiagnosticLogger;
  readonly verbose: boolean;
  /** Extra request headers (--header, --header-file, the URL's user info). Never printed. */
  readonly headers: Readonly<Record<string, string>>;
  /** Writes one line to stdout (batched, see stdout-writer.ts). */
  out(line: string): void;
  /** Writes several lines to stdout: the same output as `out` for each, guarded and queued as one text. */
  outLines(lines: readonly string[]): void;
  /** `outLines` for lines already joined by newlines ('' writes nothing). */
  outJoined(text: string): void;
  /** Writes raw text to stdout, in order with `out`. */
  write(text: string): void;
  /** Hands queued stdout text over now (before a prompt is shown). */
  flushOut(): void;
  /** Writes one line to stderr. */
  err(line: string): void;
}

/** Thrown for bad flags and arguments: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
