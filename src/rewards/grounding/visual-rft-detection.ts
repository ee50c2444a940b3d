/**
 * Visual-RFT's detection rewards (`accuracy_iou`, `accuracy_confidence`): the Python-literal box
 * list parsed exactly as the released code parses it, confidence-sorted greedy matching at
 * IoU > 0.5, and the two scores computed from the match list.
 *
 * Paper: "Visual-RFT: Visual Reinforcement Fine-Tuning" (Liu et al., arXiv 2503.01785).
 * Released code: `Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo.py:54-350`.
 * @module
 */
import { z } from "zod";
import { defineReward, type ScoreContext } from "../../core/index.js";
import type { Sample } from "../../core/sample.js";
import type { PyJson } from "../../parse/python/index.js";
import { legacyMathShortCircuit } from "./legacy-math.js";
import { matchVisualRft, parseVisualRftSolution, type VisualRftMatch } from "./visual-rft-matching.js";

/**
 * `compute_reward_iou_v2` (grpo.py:172): `Σ iou / max(N_gt, N_pred)`, then capped at 1.
 * @example
 * visualRftIouScore([{ iou: 0.7, confidence: 0.9 }], 2); // 0.35
 */
export function visualRftIouScore(matches: readonly VisualRftMatch[], gtCount: number): number {
  let sum = 0;
  for (const m of matches) sum += m.iou;
  const value = gtCount >= matches.length ? sum / gtCount : sum / matches.length;
  return Math.min(value, 1);
}

/**
 * `compute_reward_confidence` (grpo.py:194): mean of `conf` (matched) or `1 − conf` (unmatched), clipped to [0, 1].
 * @example
 * visualRftConfidenceScore([{ iou: 0, confidence: 0.3 }]); // 0.7
 */
export function visualRftConfidenceScore(matches: readonly VisualRftMatch[]): number {
  let sum = 0;
  for (const m of matches) sum += m.iou === 0 ? (1 - m.iou) * (1 - m.confidence) : m.confidence;
  let value = sum / matches.length;
  if (value > 1) value = 1;
  if (value < 0) value = 0;
  return value;
}

const DetectionConfig = z.strictObject({
  /** Matching threshold; a pair counts when IoU > threshold (strict), as released. */
  iouThreshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe("Matching threshold; a pair counts when IoU > threshold (strict), as released."),
  /** Reproduce the released math_verify short-circuit (see the reward's docs). */
  legacy: z
    .boolean()
    .default(false)
    .describe("Reproduce the released math_verify short-circuit (see the reward's docs)."),
});

/**
 * `parseVisualRftSolution` with a one-entry cache: the completions of a GRPO group share their
 * reference, so consecutive samples usually parse the same solution string.
 */
function cachedSolutionParser(): (solution: string) => PyJson {
  let lastSolution: string | undefined;
  let lastParsed: PyJson = { ok: false, error: "decode" };
  return (solution) => {
    if (solution !== lastSolution) {
      lastParsed = parseVisualRftSolution(solution);
      lastSolution = solution;
    }
    return lastParsed;
  };
}

const MEMO_KEY_DEFAULT = "visual-rft-detection:0.5";

function memoKey(threshold: number): string {
  return threshold === 0.5 ? MEMO_KEY_DEFAULT : `visual-rft-detection:${threshold}`;
}

function scoreDetection(
  sample: Sample,
  ctx: ScoreContext,
  config: z.output<typeof DetectionConfig>,
  score: (matches: VisualRftMatch[], gtCount: number) => number,
  parseSolution: (solution: string) => PyJson,
): number | null {
  if (sample.reference === undefined || sample.reference === null) {
    ctx.report("reference_missing", "the sample has no Visual-RFT solution string");
    return null;
  }
  if (config.legacy && legacyMathShortCircuit(sample.completion, sample.reference)) return 1;
  const matching = ctx.memo(memoKey(config.iouThreshold), () =>
    matchVisualRft(sample.completion, sample.reference, config.iouThreshold, parseSolution),
  );
  if (!matching.ok) {
    ctx.report(matching.code, matching.message);
    return 0;
  }
  const value = score(matching.matches, matching.gtCount);
  if (!Number.isFinite(value)) {
    ctx.report("non_finite", "a NaN/Infinity Confidence made the score non-finite; scored 0");
    return 0;
  }
  return value;
}

/**
 * Visual-RFT's `accuracy_iou` (`Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo.py:214`):
 * `R_iou = min(1, Σ_p iou_p / max(N_gt, N_pred))` over the confidence-sorted greedy matches
 * (IoU > 0.5 strict; an unmatched prediction contributes 0). Boxes are compared in the frame the
 * model emits (Qwen2-VL 0–1000), no image size needed. The reference is the solution string
 * `<answer>[{'Position': [x1,y1,x2,y2], 'Confidence': c}, …]</answer>`.
 *
 * Deviation (bug fix): the released code first tries math_verify and returns 1.0 when any
 * extracted number matches; plaudit skips this by default, and `legacy: true` restores it with
 * the math rewards' math-verify reimplementation (see `legacy-math.ts`). Every other path — truncation repair, quote replacement, no-DOTALL
 * answer regex, dedupe, any raise → 0 — is as released; a NaN/Infinity value (Python's json
 * accepts them) that makes the score non-finite scores 0 with `non_finite`.
 * @example
 * visualRftIou().score({
 *   completion: "<answer>[{'Position': [110,110,210,210], 'Confidence': 0.9}]</answer>",
 *   reference: "<answer>[{'Position': [100,100,200,200], 'Confidence': 1}]</answer>",
 * }, ctx); // 0.680672…
 */
export const visualRftIou = defineReward({
  type: "grounding.visual-rft-iou",
  description:
    "Visual-RFT detection accuracy_iou: confidence-sorted greedy matching, Σ iou / max(N_gt, N_pred).",
  docs: {
    formula: "min(1, Σ_p iou_p / max(N_gt, N_pred)) over confidence-sorted greedy matches at IoU > 0.5",
    reads: { fields: ["completion", "reference"] },
    deviations: [
      "the released code first tries math_verify and returns 1.0 when any extracted number matches; plaudit skips this",
    ],
    legacy: "the math_verify short-circuit (1.0 when the completion math-verifies against the solution)",
  },
  config: DetectionConfig,
  create: (config) => {
    const parseSolution = cachedSolutionParser();
    return { score: (sample, ctx) => scoreDetection(sample, ctx, config, visualRftIouScore, parseSolution) };
  },
});

/**
 * Visual-RFT's `accuracy_confidence` (`Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo.py:282`):
 * `R_conf = clip01(mean_p [conf_p if iou_p > 0 else 1 − conf_p])` over the same matches as
 * {@link visualRftIou}. Same parsing, deviation and legacy flag.
 * @example
 * visualRftConfidence().score({
 *   completion: "<answer>[{'Position': [500,500,600,600], 'Confidence': 0.3}]</answer>",
 *   reference: "<answer>[{'Position': [100,100,200,200], 'Confidence': 1}]</answer>",
 * }, ctx); // 0.7
 */
export const visualRftConfidence = defineReward({
  type: "grounding.visual-rft-confidence",
  description: "Visual-RFT detection accuracy_confidence: mean of conf (matched) or 1 − conf (unmatched).",
  docs: {
    formula: "clip01(mean_p [conf_p if iou_p > 0 else 1 − conf_p]) over the matches of visual-rft-iou",
    reads: { fields: ["completion", "reference"] },
    deviations: [
      "the released code first tries math_verify and returns 1.0 when any extracted number matches; plaudit skips this",
    ],
    legacy: "the math_verify short-circuit (1.0 when the completion math-verifies against the solution)",
  },
  config: DetectionConfig,
  create: (config) => {
    const parseSolution = cachedSolutionParser();
    return {
      score: (sample, ctx) =>
        scoreDetection(sample, ctx, config, (matches) => visualRftConfidenceScore(matches), parseSolution),
    };
  },
});
