// A batch's --max-cost across the runs going at once: each run's rounds (then its judge) are checked
// against what the whole batch has left — the budget less what finished runs cost, what the other
// runs in flight have spent so far, and what their next round could cost (reserved when it starts).
// Without this, every run started at once would be given the whole remainder.
import { approxTokens, estimateJudge, estimateRound, formatUsdPlain, spentSoFar, type BudgetPlan } from '../cost/budget.js';
import type { PriceBook } from '../cost/prices.js';
import type { Transcript } from '../core/schema.js';
import type { CostHooks } from '../engine/debate.js';

interface Live {
  spent: number;
  /** What the round (or judgement) under way could cost, as estimated when it started. */
  reserved: number;
  /** `spent` when the reservation was made: what the run spends since then comes out of it. */
  spentAtReserve: number;
}

/** A run's claim on the budget: what it spent, and what is left of its reservation. */
const claim = (l: Live): number => l.spent + Math.max(0, l.reserved - (l.spent - l.spentAtReserve));

export class BatchBudget {
  private readonly live = new Map<string, Live>();

  /** `finished`: what the batch's finished runs cost so far (read at every check). */
  constructor(
    readonly total: number,
    private readonly finished: () => number,
  ) {}

  /** What is left for `run`: the budget less the finished runs and every other run in flight. */
  left(run: string): number {
    let others = 0;
    for (const [id, l] of this.live) if (id !== run) others += claim(l);
    return this.total - this.finished() - others;
  }

  /**
   * The cost hooks of one run of the batch: the run's own (`base`, which prices each turn as it
   * lands), with the batch's checks before each round and the judgement.
   */
  hooks(run: string, base: CostHooks, book: PriceBook, plan: BudgetPlan): CostHooks {
    const me: Live = { spent: 0, reserved: 0, spentAtReserve: 0 };
    this.live.set(run, me);
    // What the run has spent is what base has priced so far; the reservation made before a round
    // stays until the next check.
    const track = (t: Transcript) => {
      me.spent = spentSoFar(t.cost).usd;
    };
    const check = (what: string, usd: number | null): string | null => {
      const left = this.left(run);
      me.reserved = 0;
      if (usd === null) return `${what} cannot be priced, so the batch's --max-cost cannot be kept`;
      if (usd > left + 1e-12) {
        return `the batch's --max-cost ${formatUsdPlain(this.total)} has ${formatUsdPlain(Math.max(0, left))} left, and ${what} could cost about ${formatUsdPlain(usd)}`;
      }
      me.reserved = usd;
      me.spentAtReserve = me.spent;
      return null;
    };
    return {
      annotate: (t) => {
        base.annotate(t);
        track(t);
      },
      annotateTurn: (t, turn) => {
        if (base.annotateTurn) base.annotateTurn(t, turn);
        else base.annotate(t);
        track(t);
      },
      // Rounds come first (src/cost/budget.ts): a round reserves only itself; the judge runs when it still fits.
      beforeRound: (t, round) => {
        track(t);
        const reason = check(`round ${round}`, estimateRound(plan, t.rounds, round, book).usd);
        return reason ? `stopped before round ${round}: ${reason}` : null;
      },
      beforeJudge: (t, prompt) => {
        track(t);
        const reason = check('the judgement', estimateJudge(plan, t.rounds, null, book, approxTokens(prompt.system + prompt.prompt)).usd);
        return reason ? `no judgement: ${reason}; the votes and result stand` : null;
      },
    };
  }

  /** What the runs in flight hold: spent, and reserved for the round (or judgement) under way. */
  held(): number {
    let sum = 0;
    for (const l of this.live.values()) sum += claim(l);
    return sum;
  }

  /** The run has ended and its cost is counted among the finished runs. */
  release(run: string): void {
    this.live.delete(run);
  }
}
