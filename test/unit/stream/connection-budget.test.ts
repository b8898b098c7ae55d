// The connection budget's order (stream/connection-budget.ts): who gets one of the maxStreams.
import { describe, expect, it } from 'vitest';
import { budgetGroup, chooseStreams, overBudgetNote, overBudgetText, type BudgetCandidate } from '../../../main/core/stream/connection-budget.js';

const c = (name: string, over: Partial<BudgetCandidate> = {}): BudgetCandidate => ({
  holds: false,
  state: 'disconnected',
  lifecycle: 'unknown',
  named: false,
  serverOrder: 1,
  name,
  ...over,
});
const names = (list: readonly BudgetCandidate[]) => list.map((x) => x.name);

describe('connection budget order', () => {
  it('streaming first, then running, then named, then the rest', () => {
    const all = [
      c('rest-a'),
      c('named-a', { named: true }),
      c('running-a', { lifecycle: 'routing' }),
      c('starting-a', { lifecycle: 'starting' }),
      c('streaming-z', { holds: true, state: 'connected', lifecycle: 'routing' }),
      c('streaming-y', { holds: true, state: 'connecting' }),
    ];
    const { granted, over } = chooseStreams(all, 4);
    expect(names(granted)).toEqual(['streaming-y', 'streaming-z', 'running-a', 'starting-a']);
    expect(names(over)).toEqual(['named-a', 'rest-a']);
    expect(names(chooseStreams(all, 100).granted)).toEqual(['streaming-y', 'streaming-z', 'running-a', 'starting-a', 'named-a', 'rest-a']);
  });

  it('deterministic inside a group: server order, then name (not the order given)', () => {
    const all = [c('b', { serverOrder: 2 }), c('c'), c('a', { serverOrder: 2 }), c('b')];
    const sorted = chooseStreams(all, 10).granted.map((x) => `${x.serverOrder}/${x.name}`);
    expect(sorted).toEqual(['1/b', '1/c', '2/a', '2/b']);
    expect(chooseStreams([...all].reverse(), 10).granted.map((x) => `${x.serverOrder}/${x.name}`)).toEqual(sorted);
  });

  it('no churn: inside a group a model holding a slot keeps it against a newcomer that sorts first', () => {
    // Both stopped (the server says so) and unnamed ('rest'); 'z' holds the only slot, 'a' was just discovered.
    const { granted, over } = chooseStreams([c('a', { lifecycle: 'stopped' }), c('z', { holds: true, state: 'not-running', lifecycle: 'stopped' })], 1);
    expect(names(granted)).toEqual(['z']);
    expect(names(over)).toEqual(['a']);
    // Two streaming models, budget lowered to one: the lower one in the order gives up its stream.
    expect(names(chooseStreams([c('y', { holds: true, state: 'connected' }), c('x', { holds: true, state: 'connected' })], 1).granted)).toEqual(['x']);
  });

  it('a stream of a model the server reports stopped or failed is not "streaming": a running model takes it', () => {
    const stopped = c('a-stopped', { holds: true, state: 'connected', lifecycle: 'stopped' });
    const failed = c('b-failed', { holds: true, state: 'connecting', lifecycle: 'failed' });
    expect(budgetGroup(stopped)).toBe('rest');
    expect(budgetGroup({ ...failed, named: true })).toBe('named');
    const { granted, over } = chooseStreams([stopped, failed, c('z-running', { lifecycle: 'health_check' })], 2);
    expect(names(granted)).toEqual(['z-running', 'a-stopped']);
    expect(names(over)).toEqual(['b-failed']);
  });

  it('a waiting model (not holding) that is connected-looking is not "streaming"', () => {
    // After the budget stopped it, the connection reads disconnected; even a stale state does not count.
    expect(budgetGroup(c('x', { holds: false, state: 'connected', lifecycle: 'unknown' }))).toBe('rest');
    expect(budgetGroup(c('x', { holds: true, state: 'not-running', lifecycle: 'unknown' }))).toBe('rest');
    expect(budgetGroup(c('x', { holds: true, state: 'disconnected', lifecycle: 'routing' }))).toBe('running');
  });

  it('no lifecycle from the server (v1-seed): a model not tried yet goes before one known stopped, holder or not', () => {
    const tried = c('a-tried', { holds: true, state: 'not-running', lifecycle: 'stopped' });
    const untried = c('z-untried');
    expect(names(chooseStreams([tried, untried], 1).granted)).toEqual(['z-untried']);
    // Both known stopped: the holder keeps its stream (no churn among stopped models).
    expect(names(chooseStreams([tried, c('0-stopped', { lifecycle: 'stopped' })], 1).granted)).toEqual(['a-tried']);
    // Named still goes before the rest, whatever is known.
    expect(names(chooseStreams([untried, c('n', { named: true, lifecycle: 'stopped' })], 1).granted)).toEqual(['n']);
  });

  it('budget 0 or fractions never grant more than the whole part', () => {
    const all = [c('a'), c('b'), c('c')];
    expect(chooseStreams(all, 0).granted).toHaveLength(0);
    expect(chooseStreams(all, 2.9).granted).toHaveLength(2);
  });

  it('texts name the budget and how to raise it', () => {
    expect(overBudgetText(64)).toBe('not streamed: over the connection budget of 64 log streams (raise Max streams in Settings / --max-streams)');
    expect(overBudgetNote(3, 64)).toBe(`3 watched model(s) ${overBudgetText(64)}`);
  });
});
