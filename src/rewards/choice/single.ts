/**
 * The `choice.single` reward: VLM-R1's multiple-choice rule (`mcq_reward`).
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { extractTag } from "../../parse/index.js";
import { pythonStrip } from "../../parse/python/index.js";
import { extractChoice } from "./extract-choice.js";

/**
 * Scores 1 when the choice letter of the answer equals the reference's, else 0, as VLM-R1's
 * `mcq_reward` (`om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:197`;
 * paper "VLM-R1: A Stable and Generalizable R1-style Large Vision-Language Model", arXiv 2504.07615).
 *
 * The answer is the first `<answer>…</answer>` (DOTALL) of the completion, else the whole
 * completion, stripped; the reference is the content of its first single-line
 * `<answer>…</answer>`, else the whole string. Both go through {@link extractChoice}. A reference
 * without a choice letter is compared as the whole stripped reference string (so nothing matches
 * it) and reported as `reference_unparseable`; an answer without one scores 0 with `no_choice_found`.
 * @example
 * choiceSingle().score({ completion: "<answer>I choose (B).</answer>", reference: "B" }, ctx); // 1
 */
export const choiceSingle = defineReward({
  type: "choice.single",
  description: "VLM-R1 multiple choice: the single letter picked by the answer equals the reference letter.",
  docs: {
    formula: "1 if extract_choice(answer) = extract_choice(reference), else 0",
    reads: { fields: ["completion", "reference"] },
    deviations: [],
  },
  config: z.strictObject({}),
  create: () => ({
    score(sample, ctx) {
      const reference = sample.reference;
      if (typeof reference !== "string") {
        ctx.report(
          reference === undefined || reference === null ? "reference_missing" : "reference_unparseable",
          'choice.single needs a string reference such as "B"',
        );
        return null;
      }
      return scoreSingleChoice(sample.completion, reference, ctx.report.bind(ctx));
    },
  }),
});

/**
 * VLM-R1's `mcq_reward` on raw strings; reports through `report` (shared with the VLM-R1 dispatcher).
 * @example
 * scoreSingleChoice("<answer>C</answer>", "<answer> C </answer>", () => {}); // 1
 */
export function scoreSingleChoice(
  completion: string,
  solution: string,
  report: (code: "no_choice_found" | "reference_unparseable", message: string) => void,
): number {
  const goldSpan = extractTag(solution, { dotall: false });
  const groundTruth = pythonStrip(goldSpan ?? solution);
  const goldChoice = extractChoice(groundTruth);
  if (goldChoice === null) report("reference_unparseable", "no choice letter in the reference");
  const correct = goldChoice ?? pythonStrip(solution);
  const span = extractTag(completion);
  const studentChoice = extractChoice(pythonStrip(span ?? completion));
  if (studentChoice === null) {
    report("no_choice_found", "no choice letter in the answer");
    return 0;
  }
  return studentChoice === correct ? 1 : 0;
}
