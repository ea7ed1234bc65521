/**
 * llm/budget: --max-llm-calls and --max-cost. Checked before every call; once spent, the
 * remaining LLM steps are skipped (the run still succeeds) with the reason shown once.
 */

export interface BudgetLimits {
  maxCalls?: number;
  maxCostUsd?: number;
}

export class BudgetExhausted extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'BudgetExhausted';
  }
}

export class LlmBudget {
  calls = 0;
  costUsd = 0;
  /** Calls whose model had no known price (their cost is not in costUsd). */
  unpricedCalls = 0;

  constructor(readonly limits: BudgetLimits = {}) {}

  /** Why no further call may be made, or undefined when one may. */
  exhausted(): string | undefined {
    const { maxCalls, maxCostUsd } = this.limits;
    if (maxCalls !== undefined && this.calls >= maxCalls)
      return `LLM call budget spent (--max-llm-calls ${maxCalls})`;
    if (maxCostUsd !== undefined && this.costUsd >= maxCostUsd) {
      return `LLM cost budget spent ($${this.costUsd.toFixed(4)} of --max-cost ${maxCostUsd})`;
    }
    return undefined;
  }

  /**
   * Take one call from the budget, or throw BudgetExhausted. Counted when reserved, not when
   * answered, so calls in flight at once (the fix pipeline works on several files) cannot
   * overshoot --max-llm-calls.
   */
  reserve(): void {
    const reason = this.exhausted();
    if (reason) throw new BudgetExhausted(reason);
    this.calls++;
  }

  /** The cost of a call that was reserved. */
  record(costUsd: number | undefined): void {
    if (costUsd === undefined) this.unpricedCalls++;
    else this.costUsd += costUsd;
  }
}
