/**
 * Ordering of two constant interval ends, used by the parser to tell an interval `(1, 3)` from
 * an ordered pair `(3, 1)` as latex2sympy2_extended does.
 * @module
 */
import type { MathNode } from "./ast.js";
import { freeSymbols } from "./ast-walk.js";
import type { StepBudget } from "./budget.js";
import { evaluateExact, evaluateNumeric } from "./evaluate.js";

/**
 * Sign of `lower - upper` for constant real ends; null when unknown (symbols, complex values).
 * @example
 * const budget = new StepBudget(10_000);
 * compareEndsForParser(parseNormalized("\\pi", budget)!, parseNormalized("3", budget)!, budget); // 1
 * compareEndsForParser(parseNormalized("x", budget)!, parseNormalized("1", budget)!, budget); // null
 */
export function compareEndsForParser(lower: MathNode, upper: MathNode, budget: StepBudget): number | null {
  if (freeSymbols(lower).size > 0 || freeSymbols(upper).size > 0) return null;
  const a = evaluateExact(lower, budget);
  const b = a && evaluateExact(upper, budget);
  if (a && b) return a.sub(b)?.sign() ?? null;
  const x = evaluateNumeric(lower, new Map(), budget);
  const y = evaluateNumeric(upper, new Map(), budget);
  if (x.im !== 0 || y.im !== 0 || Number.isNaN(x.re) || Number.isNaN(y.re)) return null;
  return Math.sign(x.re - y.re);
}
