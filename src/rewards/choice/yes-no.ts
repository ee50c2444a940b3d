/**
 * The `choice.yes-no` reward: VLM-R1's `yes_no_reward`.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { extractTag } from "../../parse/index.js";
import { pythonStrip } from "../../parse/python/index.js";

const YES_OR_NO = /yes|no/;

/**
 * VLM-R1's `yes_no_reward` on raw strings
 * (`om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:216`): lowercase
 * both; the reference is its first single-line `<answer>` content (else all of it), the answer
 * the first DOTALL `<answer>` content (else all of it), both stripped; compare the first
 * substring `yes` or `no` of each (so "not" and "know" count as `no`, kept as in the code). An
 * absent match counts as `""`, so two absences are equal and score 1 (kept; reported as
 * `reference_unparseable`).
 * @example
 * scoreYesNo("<answer>Yes, it is.</answer>", "<answer> yes </answer>", () => {}); // 1
 */
export function scoreYesNo(
  completion: string,
  solution: string,
  report: (code: "no_choice_found" | "reference_unparseable", message: string) => void,
): number {
  const sol = solution.toLowerCase();
  const content = completion.toLowerCase();
  const groundTruth = pythonStrip(extractTag(sol, { dotall: false }) ?? sol);
  const student = pythonStrip(extractTag(content) ?? content);
  const gold = YES_OR_NO.exec(groundTruth)?.[0] ?? "";
  const pred = YES_OR_NO.exec(student)?.[0] ?? "";
  if (gold === "") report("reference_unparseable", "the reference contains neither yes nor no");
  if (pred === "") report("no_choice_found", "the answer contains neither yes nor no");
  return gold === pred ? 1 : 0;
}

/**
 * Scores 1 when the answer's first `yes`/`no` equals the reference's, as VLM-R1's `yes_no`
 * rule (paper "VLM-R1", arXiv 2504.07615). See {@link scoreYesNo} for the exact rule.
 * @example
 * choiceYesNo().score({ completion: "<answer>No.</answer>", reference: "no" }, ctx); // 1
 */
export const choiceYesNo = defineReward({
  type: "choice.yes-no",
  description: "VLM-R1 yes/no: the first yes/no in the answer equals the reference's.",
  docs: {
    formula: "1 if the first yes/no of the answer equals the reference's, else 0",
    reads: { fields: ["completion", "reference"] },
    deviations: [],
  },
  config: z.strictObject({}),
  create: () => ({
    score(sample, ctx) {
      if (typeof sample.reference !== "string") {
        ctx.report(
          sample.reference == null ? "reference_missing" : "reference_unparseable",
          "choice.yes-no needs a string reference",
        );
        return null;
      }
      return scoreYesNo(sample.completion, sample.reference, ctx.report.bind(ctx));
    },
  }),
});
