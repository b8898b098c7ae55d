// The connection budget over all servers: the watched models that get one of policy.maxStreams log
// streams (the order is connection-budget.ts's), the rest stopped and marked over budget, one
// problem note for all of them. A pass runs after every discovery and setting change, and again
// (coalesced into one timer) when a waiting model's place in the line moves.
import type { TimerHandle } from '../ports.js';
import { budgetRank, chooseStreams, overBudgetNote, type BudgetCandidate } from '../stream/connection-budget.js';
import type { MonitorContext } from './context.js';
import type { ModelRegistry } from './model-registry.js';
import type { ModelRuntime } from './model-runtime.js';

export interface BudgetServer {
  readonly closed: boolean;
  readonly models: ModelRegistry;
}

export interface StreamBudgetDeps {
  /** Every server, in configuration order (servers are served in that order). */
  servers(): Iterable<BudgetServer>;
  /** The user named it (named models go before the rest). */
  isNamed(m: ModelRuntime): boolean;
}

export class StreamBudget {
  private overCount = 0;
  private noted = false;
  private timer: TimerHandle | null = null;
  /** A pass is running: the status changes it causes itself do not schedule another. */
  private applying = false;

  constructor(
    private readonly ctx: MonitorContext,
    private readonly deps: StreamBudgetDeps,
  ) {}

  /** How many watched models wait for a stream now. */
  get waiting(): number {
    return this.overCount;
  }

  /**
   * Connects the watched models within the budget and stops and marks the rest. start() is a no-op
   * for a live connection, and re-arms one that answered 404 earlier (rearm: after discovery found
   * it again).
   */
  apply(rearm: boolean): void {
    this.cancel();
    if (!this.ctx.running() || this.applying) return;
    this.applying = true;
    try {
      this.pass(rearm);
    } finally {
      this.applying = false;
    }
  }

  /**
   * A model's state changed while others wait for a slot: if that moves it in the line (a stream
   * ended, the model stopped), run the budget again soon. Coalesced: one pass for a burst.
   */
  maybeChanged(m: ModelRuntime): void {
    if (this.overCount === 0 || !this.ctx.running() || this.applying || this.timer !== null || !m.watched) return;
    const rank = budgetRank(this.candidate(m, 0));
    if (rank === m.budgetRank) return;
    m.budgetRank = rank;
    this.schedule();
  }

  /** One pass soon (timer 0), however many ask before it runs. */
  schedule(): void {
    if (this.timer !== null || !this.ctx.running()) return;
    this.timer = this.ctx.clock.setTimeout(() => {
      this.timer = null;
      this.apply(false);
    }, 0);
  }

  cancel(): void {
    if (this.timer !== null) this.ctx.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private candidate(m: ModelRuntime, serverOrder: number): BudgetCandidate {
    return {
      holds: m.conn.isActive() && !m.overBudget,
      state: m.conn.state,
      lifecycle: m.conn.lifecycle,
      named: this.deps.isNamed(m),
      serverOrder,
      name: m.name,
    };
  }

  private pass(rearm: boolean): void {
    const { ctx } = this;
    const maxStreams = ctx.policy().maxStreams;
    const all: Array<BudgetCandidate & { readonly srv: BudgetServer; readonly m: ModelRuntime }> = [];
    let order = 0;
    for (const srv of this.deps.servers()) {
      order++;
      if (srv.closed) continue;
      for (const m of srv.models) if (m.watched) all.push({ ...this.candidate(m, order), srv, m });
    }
    const { granted, over } = chooseStreams(all, maxStreams);
    const changed: Array<{ srv: BudgetServer; m: ModelRuntime }> = [];
    // Stop first, so a freed slot is free before the next model connects.
    for (const c of over) {
      if (c.m.conn.isActive()) c.m.conn.stop();
      if (!c.m.overBudget) changed.push(c);
      c.m.overBudget = true;
    }
    for (const c of granted) {
      const was = c.m.overBudget;
      c.m.overBudget = false;
      if (was) changed.push(c);
      if (rearm || was || !c.m.conn.isActive()) c.m.conn.start();
    }
    for (const c of all) c.m.budgetRank = budgetRank(this.candidate(c.m, 0));
    for (const { srv, m } of changed) if (srv.models.holds(m)) srv.models.emitStatus(m);
    const before = this.overCount;
    this.overCount = over.length;
    if (this.overCount === 0) {
      this.noted = false;
    } else if (!this.noted || this.overCount !== before) {
      // One note for all of them (not one per model); again only when the number changes.
      this.noted = true;
      ctx.emit({ type: 'problem', key: null, serverId: null, message: overBudgetNote(this.overCount, ctx.policy().maxStreams) });
    }
  }
}
