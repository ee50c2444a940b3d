/**
 * The in-process math check: extract the gold and predicted answers, then compare every pair of
 * extracted values (and the fallback strings) as math-verify's `verify(parse(gold), parse(pred))`
 * does. Work is bounded by a step budget rather than a clock, so it is safe to call anywhere.
 * @module
 */
import { BudgetExceededError, StepBudget } from "./budget.js";
import { answersEqual } from "./compare.js";
import { type ExtractedAnswer, type ExtractionOptions, extractAnswer } from "./extract.js";
import { DEFAULT_NORMALIZATION, type NormalizationOptions } from "./normalize.js";

/** Overrides of {@link ExtractionOptions}; normalization switches may be given one by one. */
export type ExtractionOverrides = Partial<Omit<ExtractionOptions, "normalization">> & {
  normalization?: Partial<NormalizationOptions>;
};

/** Options of one equivalence check; every field has a math-verify default. */
export interface MathCheckOptions {
  /** How the gold answer is extracted. Default: math-verify `parse` defaults (LaTeX + expressions, boxed priority 50). */
  gold?: ExtractionOverrides;
  /** How the prediction is extracted. Default: the same as math-verify `parse` defaults. */
  pred?: ExtractionOverrides;
  /** Decimal places for float rounding (math-verify `float_rounding`). Default 6. */
  precision?: number;
  /** Relative tolerance of the random-point comparison of symbolic expressions. Default 1e-9. */
  tolerance?: number;
  /** Variables matter (`f(x)` ≠ `f(y)`). Default true. */
  strict?: boolean;
  /** Compare a predicted relation with a gold set (`allow_set_relation_comp`). Default false. */
  allowSetRelation?: boolean;
  /** Work budget for the whole check. Default 200,000 steps. */
  steps?: number;
  /** Longer texts keep only their last `maxInputChars` characters. Default 100,000. */
  maxInputChars?: number;
}

/** The outcome of a check: a verdict, or why there is none. */
export type MathCheckResult =
  | { verdict: boolean; gold: ExtractedAnswer; pred: ExtractedAnswer }
  | { verdict: null; reason: "gold_unparseable" | "budget_exceeded"; message: string };

/**
 * math-verify's `parse` defaults.
 * @example
 * const budget = new StepBudget(200_000);
 * extractAnswer("so \\boxed{0.5}", DEFAULT_EXTRACTION, { budget }).strings; // ["\\frac{1}{2}"]
 */
export const DEFAULT_EXTRACTION: ExtractionOptions = {
  targets: ["latex", "expr"],
  boxedPriority: 50,
  withoutAnchor: true,
  mode: "any_match",
  fallback: true,
  normalization: DEFAULT_NORMALIZATION,
};

function resolveExtraction(partial: ExtractionOverrides | undefined): ExtractionOptions {
  const normalization: NormalizationOptions = { ...DEFAULT_NORMALIZATION, ...partial?.normalization };
  return { ...DEFAULT_EXTRACTION, ...partial, normalization };
}

function tail(text: string, max: number): string {
  return text.length > max ? text.slice(text.length - max) : text;
}

/**
 * Whether two extracted answers agree: any value pair equivalent, or equal non-empty fallback strings.
 * @throws BudgetExceededError when the budget runs out.
 * @example
 * const budget = new StepBudget(200_000);
 * const extract = (text: string) => extractAnswer(text, DEFAULT_EXTRACTION, { budget });
 * verifyExtracted(extract("$\\frac{1}{2}$"), extract("so \\boxed{0.5}"), {}, budget); // true
 */
export function verifyExtracted(
  gold: ExtractedAnswer,
  pred: ExtractedAnswer,
  options: MathCheckOptions,
  budget: StepBudget,
): boolean {
  const compare = {
    precision: options.precision ?? 6,
    tolerance: options.tolerance ?? 1e-9,
    strict: options.strict ?? true,
    allowSetRelation: options.allowSetRelation ?? false,
    budget,
  };
  for (const g of gold.values) for (const p of pred.values) if (answersEqual(g, p, compare)) return true;
  for (const g of gold.strings) {
    for (const p of pred.strings) {
      const [a, b] = [g.trim(), p.trim()];
      if (a.length > 0 && a === b) return true;
    }
  }
  return false;
}

/**
 * Checks a prediction against a gold answer and reports why when there is no verdict.
 * @example
 * checkMath("\\frac{63}{400}", "so \\boxed{\\frac{63}{400}}").verdict; // true
 */
export function checkMath(gold: string, pred: string, options: MathCheckOptions = {}): MathCheckResult {
  const budget = new StepBudget(options.steps ?? 200_000);
  const maxInput = options.maxInputChars ?? 100_000;
  try {
    const goldAnswer = extractAnswer(tail(gold, maxInput), resolveExtraction(options.gold), { budget });
    if (goldAnswer.values.length === 0 && goldAnswer.strings.length === 0) {
      return {
        verdict: null,
        reason: "gold_unparseable",
        message: `no answer found in the reference ${JSON.stringify(gold.slice(0, 60))}`,
      };
    }
    const predAnswer = extractAnswer(tail(pred, maxInput), resolveExtraction(options.pred), { budget });
    return {
      verdict: verifyExtracted(goldAnswer, predAnswer, options, budget),
      gold: goldAnswer,
      pred: predAnswer,
    };
  } catch (error) {
    if (error instanceof BudgetExceededError)
      return { verdict: null, reason: "budget_exceeded", message: "the check exceeded its step budget" };
    throw error;
  }
}

/**
 * Whether `pred` states the same mathematical answer as `gold`, synchronously and in-process,
 * with a step budget instead of a wall-clock timeout (an exhausted budget counts as "not
 * equivalent"). Defaults mirror math-verify's `verify(parse(gold), parse(pred))`; pass
 * `{ pred: { boxedPriority: 0, withoutAnchor: false, mode: "first_match" } }` for TRL's and
 * open-r1's `accuracy_reward` settings.
 *
 * Reimplements huggingface/Math-Verify (`parse` + `verify`), as used by TRL `accuracy_reward`
 * and open-r1 `accuracy_reward`.
 * @example
 * isMathEquivalent("63/400", "The answer is \\boxed{\\frac{63}{400}}"); // true
 * isMathEquivalent("6", "\\boxed{3}"); // false
 */
export function isMathEquivalent(gold: string, pred: string, options: MathCheckOptions = {}): boolean {
  return checkMath(gold, pred, options).verdict === true;
}
