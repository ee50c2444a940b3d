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
import { vlmR1StringFallback } from "./hendrycks.js";
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
function defaultRule(content: string, solution: string, ctx: ScoreContext, legacy: boolean): number {
  const groundTruth = pythonStrip(extractTag(solution, { dotall: false }) ?? solution);
  const spans = findTagged(content, "<answer>", "</answer>");
  const student = pythonStrip(spans.length ? spans[spans.length - 1]!.content : content);
  // Released: `verify(parse(student_answer), parse(ground_truth))`, the answer in gold's place.
  const verdict = legacy ? mathEquivalent(student, groundTruth) : mathEquivalent(groundTruth, student);
  if (verdict === true) return 1;
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

/**
 * `math_reward` → `compute_score` (`utils/math.py:2-22`) on `clean_text` of both sides: equal
 * strings, else math_verify, else the Hendrycks `is_equiv` on the prediction's last box.
 */
function mathRule(content: string, solution: string, ctx: ScoreContext, legacy: boolean): number {
  const prediction = cleanText(content);
  const gold = cleanText(solution);
  if (prediction === gold) return 1;
  if (legacy) {
    // Released line 8: `verify(parse(solution_str), parse(ground_truth))`, the prediction as gold.
    const verdict = mathEquivalent(prediction, gold);
    if (verdict === true || vlmR1StringFallback(prediction, gold, true)) return 1;
    if (verdict === "unparseable") ctx.report("unparseable_answer", "no math answer found in the prediction");
    else if (verdict === null) ctx.report("unparseable_answer", "math equivalence was undecided");
    return 0;
  }
  const verdict = mathEquivalent(gold, prediction);
  if (verdict === true || vlmR1StringFallback(prediction, gold, false)) return 1;
  if (verdict === "unparseable")
    ctx.report("reference_unparseable", "the gold answer could not be parsed as math");
  else if (verdict === null) ctx.report("unparseable_answer", "math equivalence was undecided");
  return 0;
}

/**
 * Python's `str()` of a JSON number as the data loader applies it to a non-string solution:
 * integral values print as ints (`12`, JSON cannot tell `12.0` from `12`), others as `repr`
 * of a float, which switches to exponent form below 1e-4 (`5e-05`, where JavaScript prints
 * `0.00005`).
 */
function pythonNumberString(value: number): string {
  if (Number.isInteger(value) || value === 0 || Math.abs(value) >= 1e-4) return String(value);
  const [mantissa, exponent] = value.toExponential().split("e") as [string, string];
  const sign = exponent[0] === "-" ? "-" : "+";
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, "").padStart(2, "0")}`;
}

/**
 * The data loader's solution (`grpo_jsonl.py:981-987`, then `:1002` / `:1015`): a string has
 * every `<answer>` and `</answer>` removed and is stripped, a number goes through `str()`; the
 * result is wrapped as `<answer> {solution} </answer>`.
 */
function loaderSolution(reference: string | number): string {
  const solution =
    typeof reference === "string"
      ? pythonStrip(reference.replaceAll("<answer>", "").replaceAll("</answer>", ""))
      : pythonNumberString(reference);
  return `<answer> ${solution} </answer>`;
}

/**
 * VLM-R1's `accuracy_reward` (`om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:826`;
 * paper "VLM-R1: A Stable and Generalizable R1-style Large Vision-Language Model", arXiv 2504.07615).
 * `meta.accu_reward_method` (or the `method` config) selects the rule; the reference is the
 * dataset's solution, prepared as the data loader does (`grpo_jsonl.py:981-987`): `<answer>` and
 * `</answer>` removed, stripped, then wrapped as `<answer> {solution} </answer>`
 * (`wrapReference: false` uses the reference as given). A number goes through Python's `str()`,
 * except that JSON cannot carry `12.0` apart from `12` (pass `"12.0"` as a string for that).
 * - `mcq`: {@link extractChoice} on both sides, 1 if equal.
 * - `yes_no`: the first `yes`/`no` of each side, 1 if equal.
 * - `all_match`: `clean_text(pred) == clean_text(gt)`.
 * - `math` (`compute_score`, `utils/math.py:2-22`): equal cleaned strings, else math
 *   equivalence (`isMathEquivalent`), else the Hendrycks MATH `is_equiv` of the prediction's
 *   last `\boxed{}` content (or the whole prediction) and the ground truth (`hendrycks.ts`).
 * - anything else (`default`): math equivalence first; else, if the GT has a digit, Python
 *   `float` equality of the cleaned strings, falling back to the Levenshtein ratio when either
 *   side is not a float; else if the GT holds a choice letter, the MCQ rule; else the
 *   Levenshtein ratio (python-Levenshtein `ratio`) of the cleaned strings.
 * `map`, `od_ap`, `od_ap50`, `odLength`, `weighted_sum` and `llm` are detection or judge rules:
 * `null` with issue `task_not_handled` (does not apply: use the grounding rewards for them).
 *
 * Deviations: math_verify is replaced by plaudit's `isMathEquivalent` (math module). The
 * released `math` and `default` rules call `verify(parse(answer), parse(ground_truth))`, the
 * prediction in gold's place (math-verify is asymmetric on assignments and relation-vs-set);
 * plaudit passes the ground truth as gold (`legacy: true` restores the swap). In the `math`
 * rule, a last `\fbox{}` makes the released `remove_boxed` assert fail, which skips `is_equiv`
 * and scores 0; plaudit unwraps it like `\boxed{}` (legacy: 0). Where the released `math` rule
 * raises (math_verify errors are not caught there) plaudit scores 0.
 * @example
 * const r = vlmR1Accuracy();
 * r.score({ completion: "<answer>B</answer>", reference: "B", meta: { accu_reward_method: "mcq" } }, ctx); // 1
 */
export const vlmR1Accuracy = defineReward({
  type: "answer.vlm-r1",
  description:
    "VLM-R1 accuracy dispatcher: mcq, yes_no, all_match, math (math, then Hendrycks is_equiv) or default (math, float, choice, Levenshtein).",
  docs: {
    formula:
      "the rule `meta.accu_reward_method` names (mcq, yes_no, all_match, math: math equivalence then Hendrycks is_equiv, default: math equivalence, float equality or Levenshtein ratio) on cleaned answer and solution",
    reads: (c) =>
      c.method
        ? { fields: ["completion", "reference"] }
        : { fields: ["completion", "reference", "meta"], meta: [c.methodKey] },
    deviations: [
      "math_verify is replaced by plaudit's isMathEquivalent (math module), called with the reference as gold (released: the answer in gold's place)",
      "a last \\fbox{} in the answer is unwrapped like \\boxed{} (released: remove_boxed's assert fails and the rule scores 0)",
      "where the released `math` rule raises (math_verify errors are not caught there) plaudit scores 0",
      "a math reference that neither math equivalence nor is_equiv can use is null with reference_unparseable (released: 0)",
    ],
    legacy:
      "math_verify's released argument order (answer as gold), the \\fbox assert, and 0 for an unusable math reference",
  },
  config: z.strictObject({
    /** Fixed rule; when absent, `meta[methodKey]` selects it per sample (absent → `default`). */
    method: z
      .enum(SUPPORTED)
      .optional()
      .describe("Fixed rule; when absent, `meta[methodKey]` selects it per sample (absent → `default`)."),
    methodKey: z
      .string()
      .min(1)
      .default("accu_reward_method")
      .describe("The `meta` key naming the rule per sample (VLM-R1's `accu_reward_method` column)."),
    /** Build the solution as the data loader does (strip `<answer>` tags, wrap); false: use the reference as is. */
    wrapReference: z
      .boolean()
      .default(true)
      .describe(
        "Build the solution as VLM-R1's data loader does (remove `<answer>` tags, strip, wrap as `<answer> {solution} </answer>`); false uses the reference as is.",
      ),
    /** Reproduce the released `math` and `default` rules exactly (see Deviations). */
    legacy: z
      .boolean()
      .default(false)
      .describe(
        "Reproduce the released `math` and `default` rules exactly: math_verify's argument order and the \\fbox assert.",
      ),
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
      const solution = config.wrapReference ? loaderSolution(reference) : String(reference);
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
          return mathRule(sample.completion, solution, ctx, config.legacy);
        default:
          if (DETECTION_OR_JUDGE.has(method)) {
            ctx.report(
              "task_not_handled",
              `accu_reward_method ${method} is a detection or judge rule, not handled by answer.vlm-r1`,
            );
            return null;
          }
          return defaultRule(sample.completion, solution, ctx, config.legacy);
      }
    },
  }),
});
