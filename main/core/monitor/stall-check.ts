// The API has no heartbeat, and an idle model is silent, so a stream that stopped delivering (a
// half-open connection after sleep, a proxy that stopped forwarding) looks like an idle one. The
// server's own log statistics tell them apart: for a model connected since the previous sample,
// the server holding new entries that never arrived, or no subscriber left at all, means the
// stream is stalled. The caller reconnects it (the replay brings what was missed) and tells the user.
import type { ConnectionState, ServerLogStats } from '../types.js';

/** One /api/logs/stats sample: per model, the server's entry count and the lines we had then. */
export interface StallSample {
  readonly at: number;
  readonly perModel: ReadonlyMap<string, { readonly entries: number; readonly lines: number }>;
}

/** What the check reads of a model. */
export interface StallWatched {
  readonly name: string;
  readonly watched: boolean;
  /** Connection state and since when it is connected (null: not connected). */
  readonly state: ConnectionState;
  readonly connectedSince: number | null;
  /** Lines received so far (the logbook's total). */
  readonly lines: number;
}

export interface StallVerdict {
  /** The sample to compare the next statistics with. */
  readonly sample: StallSample;
  /** The stalled models, in the order given, each with the problem text to show. */
  readonly stalled: ReadonlyArray<{ readonly name: string; readonly message: string }>;
}

export function checkStalls(prev: StallSample | null, stats: ServerLogStats, models: Iterable<StallWatched>, now: number): StallVerdict {
  const perModel = new Map<string, { entries: number; lines: number }>();
  const stalled: Array<{ name: string; message: string }> = [];
  for (const m of models) {
    const s = stats.perModel[m.name];
    if (!s) continue;
    perModel.set(m.name, { entries: s.entries, lines: m.lines });
    const p = prev?.perModel.get(m.name);
    if (!prev || !p || !m.watched || m.state !== 'connected') continue;
    if (m.connectedSince === null || m.connectedSince > prev.at) continue;
    const missed = s.entries > p.entries && m.lines === p.lines;
    if (!missed && s.subscribers > 0) continue;
    const why = missed ? `the server holds ${s.entries - p.entries} new lines that did not arrive` : 'the server lists no subscriber for it';
    stalled.push({ name: m.name, message: `stream stalled (${why}); reconnecting` });
    // Reconnected now: the next sample starts it afresh.
    perModel.delete(m.name);
  }
  return { sample: { at: now, perModel }, stalled };
}
