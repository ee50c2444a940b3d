/**
 * The `number.match` reward: the answer's number equals the reference within tolerance.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { AnswerTagSchema, answerText, unwrapAnswer } from "../answer/extract.js";
import { type FoundNumber, findNumbers, numberCandidates } from "./parse-number.js";

/**
 * 1 when the answer's number (the last one in the last `<answer>`, else in the completion, by
 * default) is within `max(absTolerance, relTolerance·|ref|)` of the reference, else 0.
 * Numbers may carry thousands separators (`1,234`), a Unicode minus, scientific notation
 * (`1.2e3`, `1.2 × 10^3`, `1.2\times10^{3}`), a simple fraction (`3/4`), a `%` and a unit
 * (ignored). With `percent: "lenient"`, `50%` matches 50 or 0.5; `strict` reads it as 0.5 only.
 * The reference is a number, a numeric string (its first number is used) or a list of acceptable
 * values. No paper: a common VQA / chart rule; defaults (`relTolerance` 1e-9, `absTolerance`
 * 1e-12) only absorb float noise.
 * @example
 * numberMatch().score({ completion: "<answer>1,234.0 m</answer>", reference: 1234 }, ctx); // 1
 */
export const numberMatch = defineReward({
  type: "number.match",
  description:
    "The answer's number equals the reference within absolute/relative tolerance (separators, %, units handled).",
  docs: {
    formula: "1 if |pred − ref| ≤ max(absTolerance, relTolerance·|ref|) for the answer's number, else 0",
    reads: { fields: ["completion", "reference"] },
    deviations: [],
  },
  config: z.strictObject({
    absTolerance: z.number().finite().min(0).default(1e-12).describe("Absolute tolerance."),
    relTolerance: z
      .number()
      .finite()
      .min(0)
      .default(1e-9)
      .describe("Relative tolerance (times |reference|)."),
    pick: z
      .enum(["last", "first"])
      .default("last")
      .describe("Which number of the answer counts: the `last` or the `first`."),
    percent: z
      .enum(["lenient", "strict"])
      .default("lenient")
      .describe("`lenient`: 50% matches 50 or 0.5; `strict`: 50% is 0.5 only."),
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
      const golds = referenceNumbers(sample.reference);
      if (golds === null) {
        ctx.report(
          sample.reference == null ? "reference_missing" : "reference_unparseable",
          "the reference holds no number",
        );
        return null;
      }
      const answer = answerText(sample.completion, config.answerTag, config.requireTag, ctx);
      if (answer === null) return 0;
      const numbers = findNumbers(answer);
      const found = config.pick === "last" ? numbers[numbers.length - 1] : numbers[0];
      if (!found) {
        ctx.report("no_number_found", "no number in the answer");
        return 0;
      }
      for (const gold of golds) {
        for (const g of numberCandidates(gold, config.percent)) {
          const tolerance = Math.max(config.absTolerance, config.relTolerance * Math.abs(g));
          for (const p of numberCandidates(found, config.percent)) if (Math.abs(p - g) <= tolerance) return 1;
        }
      }
      return 0;
    },
  }),
});

function referenceNumbers(reference: unknown): FoundNumber[] | null {
  const items = Array.isArray(reference) ? reference : [reference];
  const out: FoundNumber[] = [];
  for (const item of items) {
    if (typeof item === "number") {
      if (!Number.isFinite(item)) return null;
      out.push({ value: item, percent: false });
    } else if (typeof item === "string") {
      const first = findNumbers(unwrapAnswer(item))[0];
      if (!first) return null;
      out.push(first);
    } else return null;
  }
  return out.length ? out : null;
}
