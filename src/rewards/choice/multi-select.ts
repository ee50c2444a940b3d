/**
 * The `choice.multi-select` reward: TW-GRPO's multi-choice accuracy (soft and hard).
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { extractTag } from "../../parse/index.js";
import { pythonStrip } from "../../parse/python/index.js";

/** TW-GRPO's option set: all ASCII spaces removed, split on `,`, each option stripped. */
function optionSet(text: string, caseSensitive: boolean): Set<string> {
  const body = caseSensitive ? text : text.toUpperCase();
  return new Set(body.replaceAll(" ", "").split(",").map(pythonStrip));
}

/**
 * Multi-select accuracy of TW-GRPO (paper "Reinforcing Video Reasoning with Focused Thinking",
 * arXiv 2505.24718; `longmalongma/TW-GRPO@aa529ff: src/open_r1/grpo.py:92` soft, `:157` hard).
 * Answer and reference are the first `<answer>…</answer>` (DOTALL) content, else the whole
 * string, stripped; each becomes a set of options (ASCII spaces removed, split on `,`, options
 * stripped, duplicates collapse, case-sensitive by default).
 * `partial`: `r = |S_pred| / |S_gt|` if `S_pred ⊆ S_gt`, else 0. `all-or-nothing`: 1 iff the sets
 * are equal. An empty answer is the set `{""}`: not a subset, so 0 (issue `empty_answer`).
 *
 * Deviation: the released code first tries math_verify on the whole completion and solution and
 * scores 1 when it verifies; plaudit skips that step (letter options are not math), so an
 * answer like `\boxed{2}` against a numeric solution is scored by set logic only.
 * @example
 * const r = choiceMultiSelect({ scoring: "partial" });
 * r.score({ completion: "<answer>A</answer>", reference: "<answer>A,C</answer>" }, ctx); // 0.5
 */
export const choiceMultiSelect = defineReward({
  type: "choice.multi-select",
  description:
    "TW-GRPO multi-select: |S_pred|/|S_gt| when the prediction is a subset (partial), or all-or-nothing.",
  docs: {
    formula:
      "partial: |S_pred| / |S_gt| if S_pred ⊆ S_gt else 0; all-or-nothing: 1 iff S_pred = S_gt (option sets split on `,`)",
    reads: { fields: ["completion", "reference"] },
    deviations: [
      "the released code first tries math_verify on completion and solution and scores 1 when it verifies; plaudit skips that step (letter options are not math)",
    ],
  },
  config: z.strictObject({
    scoring: z
      .enum(["partial", "all-or-nothing"])
      .default("partial")
      .describe(
        "`partial`: |S_pred| / |S_gt| for a subset, else 0; `all-or-nothing`: 1 iff the sets are equal.",
      ),
    caseSensitive: z
      .boolean()
      .default(true)
      .describe("Compare options case-sensitively (the released code does)."),
  }),
  create: ({ scoring, caseSensitive }) => ({
    score(sample, ctx) {
      const reference = sample.reference;
      let solution: string;
      if (typeof reference === "string") solution = reference;
      else if (Array.isArray(reference) && reference.every((o) => typeof o === "string"))
        solution = reference.join(",");
      else {
        ctx.report(
          reference == null ? "reference_missing" : "reference_unparseable",
          'choice.multi-select needs a string like "A,C" or a list of letters',
        );
        return null;
      }
      const gold = optionSet(pythonStrip(extractTag(solution) ?? solution), caseSensitive);
      const answer = pythonStrip(extractTag(sample.completion) ?? sample.completion);
      const predicted = optionSet(answer, caseSensitive);
      if (answer === "") ctx.report("empty_answer", "the answer is empty");
      for (const option of predicted) {
        if (!gold.has(option)) return 0;
      }
      const ratio = predicted.size / gold.size;
      return scoring === "partial" ? ratio : ratio < 1 ? 0 : 1;
    },
  }),
});
