/**
 * The `answer.vlm-r1` reward: VLM-R1's `accuracy_reward` dispatcher for text answers.
 * @module
 */
import { z } from "zod";
import { defineReward, type ScoreContext } from "../../core/index.js";
import { extractTag, findTagged } from "../../parse/index.js";
import { pythonFloat, pythonStrip } from "../../parse/python/index.js";
import { extractChoice } from "../choice/extract-choice.js";
import { scoreSingleChoice } from "../choice/single.js";
import { scoreYesNo } from "../choice/yes-no.js";
import { boundedLevenshteinRatio } from "../text/lcs.js";
import { cleanText } from "./clean-text.js";
import { mathEquivalent } from "./math-bridge.js";

/** Rules plaudit runs; other VLM-R1 methods need detection scoring and are not handled here. */
const SUPPORTED = ["mcq", "yes_no", "all_match", "math", "default"] as const;
const DETECTION_OR_JUDGE = new Set(["map", "od_ap", "od_ap50", "odLength", "weighted_sum", "llm"]);
const UNICODE_DIGIT = /\p{Nd}/u;

function ratioOrZero(a: string, b: string, ctx: ScoreContext): number {
  const ratio = boundedLevenshteinRatio(a, b);
  if (ratio === null) ctx.report("input_too_large", "both strings are too long for a Levenshtein ratio");
  return ratio ?? 0;
}

/** `default_accuracy_reward` (`grpo_jsonl.py:781`). */
function defaultRule(content: string, solution: string, ctx: ScoreContext): number {
  const groundTruth = pythonStrip(extractTag(solution, { dotall: false }) ?? solution);
  const spans = findTagged(content, "<answer>", "</answer>");
  const student = pythonStrip(spans.length ? spans[spans.length - 1]!.content : content);
  if (mathEquivalent(groundTruth, student) === true) return 1;
  const goldChoice = extractChoice(groundTruth);
  if (UNICODE_DIGIT.test(groundTruth)) {
    const a = pythonFloat(cleanText(student));
    const b = pythonFloat(cleanText(groundTruth));
    if (a !== undefined && b !== undefined) return a === b ? 1 : 0;
    return ratioOrZero(cleanText(student), cleanText(groundTruth), ctx);
  }
  if (goldChoice !== null) {
    const studentChoice = extractChoice(student);
    if (studentChoice === null) ctx.report("no_choice_found", "no choice letter in the answer");
    return studentChoice === goldChoice ? 1 : 0;
  }
  return ratioOrZero(cleanText(student), cleanText(groundTruth), ctx);
}

/** `math_reward` → `utils/math.py compute_score` on `clean_text` of both sides. */
function mathRule(content: string, solution: string, ctx: ScoreContext): number {
  const prediction = cleanText(content);
  const gold = cleanText(solution);
  if (prediction === gold) return 1;
  const verdict = mathEquivalent(gold, prediction);
  if (verdict === true) return 1;
  if (verdict === "unparseable")
    ctx.report("reference_unparseable", "the gold answer could not be parsed as math");
  else if (verdict === null) ctx.report("unparseable_answer", "math equivalence was undecided");
  return 0;
}

/**
 * VLM-R1's `accuracy_reward` (`om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:826`;
 * paper "VLM-R1: A Stable and Generalizable R1-style Large Vision-Language Model", arXiv 2504.07615).
 * `meta.accu_reward_method` (or the `method` config) selects the rule; the reference is the
 * dataset's solution, wrapped as `<answer> {solution} </answer>` as the training script does
 * (`wrapReference: false` when the reference is already wrapped).
 * - `mcq`: {@link extractChoice} on both sides, 1 if equal.
 * - `yes_no`: the first `yes`/`no` of each side, 1 if equal.
 * - `all_match`: `clean_text(pred) == clean_text(gt)`.
 * - `math`: equal cleaned strings, else math equivalence (`isMathEquivalent`).
 * - anything else (`default`): math equivalence first; else, if the GT has a digit, Python
 *   `float` equality of the cleaned strings, falling back to the Levenshtein ratio when either
 *   side is not a float; else if the GT holds a choice letter, the MCQ rule; else the
 *   Levenshtein ratio (python-Levenshtein `ratio`) of the cleaned strings.
 * `map`, `od_ap`, `od_ap50`, `odLength`, `weighted_sum` and `llm` are detection or judge rules:
 * `null` with issue `invalid_meta` (use the grounding rewards for them).
 *
 * Deviations: math_verify is replaced by plaudit's `isMathEquivalent` (math module); the
 * `math` rule's last fallback (`is_equiv` with the Hendrycks `strip_string` on the last
 * `\boxed{}`) is not reproduced; where the released `math` rule raises (math_verify errors are
 * not caught there) plaudit scores 0.
 * @example
 * const r = vlmR1Accuracy();
 * r.score({ completion: "<answer>B</answer>", reference: "B", meta: { accu_reward_method: "mcq" } }, ctx); // 1
 */
export const vlmR1Accuracy = defineReward({
  type: "answer.vlm-r1",
  description:
    "VLM-R1 accuracy dispatcher: mcq, yes_no, all_match, math or default (math, float, choice, Levenshtein).",
  config: z.strictObject({
    /** Fixed rule; when absent, `meta[methodKey]` selects it per sample (absent → `default`). */
    method: z.enum(SUPPORTED).optional(),
    methodKey: z.string().min(1).default("accu_reward_method"),
    wrapReference: z.boolean().default(true),
  }),
  create: (config) => ({
    score(sample, ctx) {
      const reference = sample.reference;
      if (typeof reference !== "string" && !(typeof reference === "number" && Number.isFinite(reference))) {
        ctx.report(
          reference == null ? "reference_missing" : "reference_unparseable",
          "answer.vlm-r1 needs the solution string",
        );
        return null;
      }
      const solution = config.wrapReference ? `<answer> ${String(reference)} </answer>` : String(reference);
      const fromMeta = sample.meta?.[config.methodKey];
      const method = config.method ?? (typeof fromMeta === "string" ? fromMeta : "default");
      const report = ctx.report.bind(ctx);
      switch (method) {
        case "mcq":
          return scoreSingleChoice(sample.completion, solution, report);
        case "yes_no":
          return scoreYesNo(sample.completion, solution, report);
        case "all_match":
          return cleanText(sample.completion) === cleanText(solution) ? 1 : 0;
        case "math":
          return mathRule(sample.completion, solution, ctx);
        default:
          if (DETECTION_OR_JUDGE.has(method)) {
            ctx.report(
              "invalid_meta",
              `accu_reward_method ${method} is a detection or judge rule, not handled by answer.vlm-r1`,
            );
            return null;
          }
          return defaultRule(sample.completion, solution, ctx);
      }
    },
  }),
});
