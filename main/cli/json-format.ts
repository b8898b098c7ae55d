// `--json` output: one JSON object per line. MonitorEvent shapes pass through unchanged, except that a
// `lines` batch is flattened into one object per entry (documented in README.md, "`--json` output").
import type { GapOutcome, GapReason, HoleCheckFailure, LogEntry, MonitorEvent, VitalsLoad, VitalsSample } from '../core/types.js';
import { modelNameOfKey } from './human-format.js';

export interface JsonLineRecord {
  readonly type: 'line';
  readonly key: string;
  readonly model: string;
  readonly seq: number;
  readonly ts: number;
  readonly origin: 'history' | 'live';
  readonly level: string;
  readonly text: string;
  readonly serverLevel?: string;
  readonly serverId?: number;
  readonly signature?: string;
  readonly continuation?: boolean;
  /** A line a replay hole swallowed, printed when it was recovered; `fills` = the gap's seq. */
  readonly recovered?: true;
  readonly fills?: number;
  /** The server's timestamp could not be parsed: `ts` is when the line was received. */
  readonly timeReceived?: true;
}

export interface JsonMarkerRecord {
  readonly type: 'history-complete' | 'gap' | 'gap-resolved';
  readonly key: string;
  readonly model: string;
  readonly seq: number;
  readonly ts: number;
  readonly reason?: GapReason;
  readonly missing?: number;
  /** gap: lines may be missing and a check is under way (a `gap-resolved` record follows). */
  readonly unverified?: true;
  /** gap-resolved: the gap's seq, and how many lines were recovered into it (0 = nothing missing). */
  readonly fills?: number;
  readonly recovered?: number;
  /** gap-resolved: how the check ended; 'unknown' = it could not be checked, lines MAY be missing. */
  readonly outcome?: GapOutcome;
  /** gap-resolved with outcome 'unknown': why the check could not finish. */
  readonly unchecked?: HoleCheckFailure;
}

/** The CLI's own last word when it ends by itself (max attempts, unreachable server). */
export interface JsonExitRecord {
  readonly type: 'exit';
  readonly code: number;
  readonly reason: string;
  readonly message: string;
}

/** One vitals measurement (a llama.cpp request or a vLLM statistics line), or new load figures. */
export type JsonVitalsRecord =
  | ({ readonly type: 'vitals'; readonly key: string; readonly model: string; readonly genTpsMedian5m: number | null } & VitalsSample)
  | { readonly type: 'vitals'; readonly key: string; readonly model: string; readonly kind: 'load'; readonly load: VitalsLoad };

export type JsonRecord =
  | Exclude<MonitorEvent, { type: 'lines' } | { type: 'vitals' }>
  | JsonLineRecord
  | JsonMarkerRecord
  | JsonVitalsRecord
  | JsonExitRecord;

export function entryToRecord(entry: LogEntry): JsonLineRecord | JsonMarkerRecord {
  const model = modelNameOfKey(entry.key);
  if (entry.kind === 'line') {
    const { kind: _kind, ...rest } = entry;
    return { type: 'line', model, ...rest };
  }
  const { kind: _kind, marker, ...rest } = entry;
  return { type: marker, model, ...rest };
}

export function eventToRecords(event: MonitorEvent): JsonRecord[] {
  if (event.type === 'lines') return event.entries.map(entryToRecord);
  if (event.type === 'vitals') {
    const model = modelNameOfKey(event.key);
    if (event.samples.length === 0) {
      return event.summary.load ? [{ type: 'vitals', key: event.key, model, kind: 'load', load: event.summary.load }] : [];
    }
    return event.samples.map((s) => ({ type: 'vitals', key: event.key, model, ...s, genTpsMedian5m: event.summary.genTpsMedian5m }));
  }
  return [event];
}

/** Serialised records, one per output line (no trailing newline). */
export function formatJsonEvent(event: MonitorEvent): string[] {
  if (event.type !== 'lines') return eventToRecords(event).map((r) => JSON.stringify(r));
  const modelJson = JSON.stringify(modelNameOfKey(event.key));
  const out = new Array<string>(event.entries.length);
  for (let i = 0; i < event.entries.length; i++) {
    const entry = event.entries[i];
    if (entry) out[i] = entryJson(entry, entry.key === event.key ? modelJson : JSON.stringify(modelNameOfKey(entry.key)));
  }
  return out;
}

const LINE_HEAD = '{"kind":"line",';
const LINE_JOIN = '},{"kind":"line",';

/**
 * formatJsonEvent's records joined by newlines (no trailing newline; '' for none). A batch of lines
 * the logbook made (each with `kind` first, all of the event's model) is one JSON.stringify of the
 * whole array with every `},{"kind":"line",` turned into a newline and the record's head: exactly
 * the records one by one (a string value cannot hold that sequence: its quotes would be escaped),
 * without a call, a slice and a copy per line and a join of them all.
 */
export function formatJsonText(event: MonitorEvent): string {
  if (event.type === 'lines' && event.entries.length > 1 && event.entries.every((e) => e.kind === 'line' && e.key === event.key)) {
    const all = JSON.stringify(event.entries);
    const head = `{"type":"line","model":${JSON.stringify(modelNameOfKey(event.key))},`;
    // Every entry's own JSON starts with LINE_HEAD (the logbook makes them so), or the long way.
    if (all.startsWith(LINE_HEAD, 1) && countOf(all, LINE_JOIN) === event.entries.length - 1) {
      return head + all.slice(LINE_HEAD.length + 1, -1).replaceAll(LINE_JOIN, `}\n${head}`);
    }
  }
  return formatJsonEvent(event).join('\n');
}

function countOf(s: string, part: string): number {
  let n = 0;
  for (let i = s.indexOf(part); i !== -1; i = s.indexOf(part, i + part.length)) n++;
  return n;
}

/**
 * Exactly JSON.stringify(entryToRecord(entry)) for a line, without its two object copies (rest and
 * spread, per line): the entry's own JSON with the leading `"kind":"line"` replaced by `type` and
 * `model`. The logbook makes every line with `kind` first; any other shape takes the long way.
 */
function entryJson(entry: LogEntry, modelJson: string): string {
  if (entry.kind === 'line') {
    const json = JSON.stringify(entry);
    if (json.startsWith(LINE_HEAD)) return `{"type":"line","model":${modelJson},${json.slice(LINE_HEAD.length)}`;
  }
  return JSON.stringify(entryToRecord(entry));
}
