/**
 * The `number.relaxed` reward: ChartQA's relaxed accuracy.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { pythonFloat } from "../../parse/python/index.js";
import { AnswerTagSchema, answerText, referenceStrings, unwrapAnswer } from "../answer/extract.js";

/** pix2struct's `_to_float`: Python `float`, with a trailing `%` meaning a fraction of 100. */
function toFloat(text: string): number | null {
  if (text.endsWith("%")) {
    let end = text.length;
    while (end > 0 && text[end - 1] === "%") end--;
    const value = pythonFloat(text.slice(0, end));
    return value === undefined ? null : value / 100;
  }
  return pythonFloat(text) ?? null;
}

/**
 * ChartQA relaxed accuracy (paper "ChartQA: A Benchmark for Question Answering about Charts with
 * Visual and Logical Reasoning", arXiv 2203.10244; the metric as `google-research/pix2struct`
 * `metrics.relaxed_correctness` computes it): when the answer and the reference both read as
 * numbers (Python `float`, `x%` as x/100) and the reference is non-zero,
 * `|pred − ref| / |ref| ≤ maxRelativeChange` (5 %); otherwise case-insensitive string equality.
 * The best over a list of references is kept. A reference of 0 falls to string equality, as
 * in the metric.
 * @example
 * numberRelaxed().score({ completion: "<answer>10.4</answer>", reference: "10" }, ctx); // 1
 */
export const numberRelaxed = defineReward({
  type: "number.relaxed",
  description: "ChartQA relaxed accuracy: within 5% relative for numbers, else case-insensitive equality.",
  docs: {
    formula:
      "|pred − ref| / |ref| ≤ 5 % when both are numbers and ref ≠ 0, else case-insensitive string equality (best over references)",
    reads: { fields: ["completion", "reference"] },
    deviations: [],
  },
  config: z.strictObject({
    maxRelativeChange: z
      .number()
      .finite()
      .min(0)
      .default(0.05)
      .describe("Largest accepted |pred − ref| / |ref| (ChartQA: 5 %)."),
    answerTag: AnswerTagSchema.default("last").describe(
      "Which <answer>…</answer> holds the answer: `first` or `last` occurrence.",
    ),
    requireTag: z
      .boolean()
      .default(false)
      .describe(
        "When true, a completion without the tag scores 0 (`no_answer_tag`) instead of using the whole text.",
      ),
  }),
  create: (config) => ({
    score(sample, ctx) {
      const references = referenceStrings(sample.reference, ctx);
      if (!references) return null;
      const prediction = answerText(sample.completion, config.answerTag, config.requireTag, ctx);
      if (prediction === null) return 0;
      if (prediction === "") ctx.report("empty_answer", "the answer is empty");
      const predictionFloat = toFloat(prediction);
      for (const raw of references) {
        const target = unwrapAnswer(raw);
        const targetFloat = toFloat(target);
        if (predictionFloat !== null && targetFloat) {
          if (Math.abs(predictionFloat - targetFloat) / Math.abs(targetFloat) <= config.maxRelativeChange)
            return 1;
        } else if (prediction.toLowerCase() === target.toLowerCase()) return 1;
      }
      return 0;
    },
  }),
});
