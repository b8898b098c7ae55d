// The connection budget: which watched models get one of the at most `maxStreams` log streams.
// Watching 10,000 models must not open 10,000 streams (each costs a socket, a parser and buffers),
// so every watched model is ranked and only the first `maxStreams` are connected.
import type { ConnectionState, Lifecycle } from '../types.js';
import { isRunningLifecycle } from '../servers/adapter.js';

/** The groups in the order they are served. */
export type BudgetGroup = 'streaming' | 'running' | 'named' | 'rest';

const GROUP_RANK: Readonly<Record<BudgetGroup, number>> = { streaming: 0, running: 1, named: 2, rest: 3 };

export interface BudgetCandidate {
  /** It has a stream slot now (its connection is active and within the budget). */
  readonly holds: boolean;
  readonly state: ConnectionState;
  readonly lifecycle: Lifecycle;
  /** The user named it (CLI --model, a watch list). */
  readonly named: boolean;
  /** Position of its server in the configuration (servers are served in that order). */
  readonly serverOrder: number;
  readonly name: string;
}

/** The server says it is not running: its stream (if any) carries nothing new. */
const knownStopped = (l: Lifecycle): boolean => l === 'stopped' || l === 'failed';

/**
 * Models already streaming keep their stream (no churn), then models the server reports running or
 * starting, then the ones the user named, then the rest. A stream of a model the server reports
 * stopped is not "streaming" any more: it carries nothing, so a waiting running model may take it.
 */
export function budgetGroup(c: BudgetCandidate): BudgetGroup {
  if (c.holds && (c.state === 'connected' || c.state === 'connecting') && !knownStopped(c.lifecycle)) return 'streaming';
  if (isRunningLifecycle(c.lifecycle)) return 'running';
  return c.named ? 'named' : 'rest';
}

/**
 * Where a model stands in the line: its group, then (named and rest) whether the server is known to
 * have it stopped. A server that reports no lifecycles (v1-seed) tells only by answering a stream
 * attempt, so a model not tried yet goes before one known to be stopped: the streams move on until
 * the running models are found, then stay.
 */
export function budgetRank(c: BudgetCandidate): number {
  return GROUP_RANK[budgetGroup(c)] * 2 + (knownStopped(c.lifecycle) ? 1 : 0);
}

function compare(a: BudgetCandidate, b: BudgetCandidate): number {
  const g = budgetRank(a) - budgetRank(b);
  if (g !== 0) return g;
  // Inside a group a model that holds a slot keeps it: a newly discovered model never bumps it.
  if (a.holds !== b.holds) return a.holds ? -1 : 1;
  if (a.serverOrder !== b.serverOrder) return a.serverOrder - b.serverOrder;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Splits the watched models into the ones that get a stream and the ones over the budget. */
export function chooseStreams<T extends BudgetCandidate>(candidates: readonly T[], maxStreams: number): { readonly granted: T[]; readonly over: T[] } {
  const sorted = [...candidates].sort(compare);
  const cut = Math.max(0, Math.floor(maxStreams));
  return { granted: sorted.slice(0, cut), over: sorted.slice(cut) };
}

/** The status text of a model over the budget (ModelStatus.lastProblem); the renderer matches its shape. */
export function overBudgetText(maxStreams: number): string {
  return `not streamed: over the connection budget of ${maxStreams} log streams (raise Max streams in Settings / --max-streams)`;
}

/** The one problem note for all of them. */
export function overBudgetNote(count: number, maxStreams: number): string {
  return `${count} watched model(s) ${overBudgetText(maxStreams)}`;
}
