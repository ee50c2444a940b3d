/**
 * The math_verify short-circuit of Visual-RFT's accuracy rewards, for `legacy: true`.
 *
 * The released code (`Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo.py:221-226`, and
 * the same lines of `grpo_classification.py` and `grpo_lisa.py`) first runs
 * `verify(parse(content), parse(solution))` — note the completion in the gold position — and
 * returns 1.0 when it succeeds, before any box or label scoring. plaudit drops this by default
 * (it fires whenever one extracted number matches); legacy mode reproduces it with the math
 * rewards' math-verify reimplementation ({@link isMathEquivalent}).
 * @module
 */
import { isMathEquivalent } from "../math/verify.js";

/**
 * Whether the released math_verify step would short-circuit to 1.0: `verify(parse(completion),
 * parse(solution))` with math-verify's default extraction on both sides. A non-string solution
 * raises in `parse` (caught): no short-circuit.
 * @example
 * legacyMathShortCircuit("<answer>[{'Position': [1,2,3,4], 'Confidence': 1}]</answer>", "<answer>4</answer>"); // may be true: one number matches
 */
export function legacyMathShortCircuit(completion: string, solution: unknown): boolean {
  if (typeof solution !== "string") return false;
  try {
    return isMathEquivalent(completion, solution);
  } catch {
    return false;
  }
}
