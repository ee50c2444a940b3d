/**
 * The math_verify short-circuit of Visual-RFT's accuracy rewards, for `legacy: true`.
 *
 * The released code (`Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo.py:221-226`)
 * first runs `verify(parse(content), parse(solution))` and returns 1.0 when it succeeds, before
 * any box or label scoring. Reproducing it needs math_verify-compatible equivalence, which the
 * math rewards (`src/rewards/math/`) do not export yet; until they do, legacy mode runs without
 * the short-circuit (every other legacy behaviour is reproduced).
 * @module
 */

/** What the legacy flag does about the short-circuit today; quoted in the rewards' docs. */
export const LEGACY_MATH_NOTE =
  "legacy mode does not include the math_verify short-circuit yet: it needs math equivalence from src/rewards/math";

/**
 * Whether the released math_verify step would short-circuit to 1.0. Always `false` until math
 * equivalence is available (see {@link LEGACY_MATH_NOTE}).
 * @example
 * legacyMathShortCircuit("<answer>3</answer>", "<answer>3</answer>"); // false (not implemented yet)
 */
export function legacyMathShortCircuit(_completion: string, _solution: unknown): boolean {
  return false;
}
