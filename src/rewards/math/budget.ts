/**
 * A step budget: the in-process substitute for a wall-clock limit. Parsing and evaluation spend
 * steps; when the budget runs out they throw {@link BudgetExceededError}, so no input can make a
 * check run unboundedly long, even without a worker.
 * @module
 */

/**
 * Thrown when a check spends more steps than its budget allows.
 * @example
 * new StepBudget(1).spend(2); // throws BudgetExceededError("step budget exhausted")
 */
export class BudgetExceededError extends Error {
  override readonly name = "BudgetExceededError";
}

/**
 * A countdown of work units shared by one check.
 * @example
 * const budget = new StepBudget(10_000);
 * budget.spend(); // throws BudgetExceededError after 10,000 calls
 */
export class StepBudget {
  #remaining: number;

  constructor(steps: number) {
    this.#remaining = steps;
  }

  /** Spends `steps` units, throwing when the budget is exhausted. */
  spend(steps = 1): void {
    this.#remaining -= steps;
    if (this.#remaining < 0) throw new BudgetExceededError("step budget exhausted");
  }

  get remaining(): number {
    return this.#remaining;
  }
}
