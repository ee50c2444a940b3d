/**
 * The `length.cosine` reward: cosine-scaled length reward (Demystifying Long CoT), TRL, open-r1
 * and VLM-R1 variants.
 * @module
 */

import { z } from "zod";
import type { SampleField } from "../../core/index.js";
import { defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import { sampleMathVerdict } from "../answer/math-bridge.js";
import { completionLength, LengthUnitSchema } from "./measure.js";

const ConfigSchema = z.strictObject({
  /** Length at which the value reaches the "long" end (`max_len`). */
  maxLength: z
    .number()
    .positive()
    .finite()
    .default(1000)
    .describe('Length at which the value reaches the "long" end (`max_len`).'),
  unit: LengthUnitSchema.default("tokens").describe(
    "Length unit: `tokens` (from `meta.completion_ids` / `meta.completion_tokens`) or `characters`.",
  ),
  /** Value of a wrong answer at length 0 (TRL `min_value_wrong`). */
  minValueWrong: z
    .number()
    .finite()
    .default(-1)
    .describe("Value of a wrong answer at length 0 (TRL `min_value_wrong`)."),
  /** Value of a wrong answer at `maxLength` (TRL `max_value_wrong`). */
  maxValueWrong: z
    .number()
    .finite()
    .default(-0.5)
    .describe("Value of a wrong answer at `maxLength` (TRL `max_value_wrong`)."),
  /** Value of a correct answer at `maxLength` (TRL `min_value_correct`). */
  minValueCorrect: z
    .number()
    .finite()
    .default(0.5)
    .describe("Value of a correct answer at `maxLength` (TRL `min_value_correct`)."),
  /** Value of a correct answer at length 0 (TRL `max_value_correct`). */
  maxValueCorrect: z
    .number()
    .finite()
    .default(1)
    .describe("Value of a correct answer at length 0 (TRL `max_value_correct`)."),
  /** Clamp `L / maxLength` to 1 (TRL); open-r1 and VLM-R1 do not, so the value cycles beyond. */
  clamp: z
    .boolean()
    .default(true)
    .describe("Clamp `L / maxLength` to 1 (TRL); open-r1 and VLM-R1 do not, so the value cycles beyond."),
  /** Where correctness comes from: `meta[correctKey]` (boolean or number ≥ `correctThreshold`), or math equivalence with the reference. */
  correctness: z
    .enum(["meta", "math"])
    .default("meta")
    .describe(
      "Where correctness comes from: `meta[correctKey]` (boolean or number ≥ `correctThreshold`), or math equivalence with the reference.",
    ),
  correctKey: z
    .string()
    .min(1)
    .default("correct")
    .describe("The `meta` key holding correctness (with `correctness: meta`)."),
  correctThreshold: z
    .number()
    .finite()
    .default(0.7)
    .describe("A numeric correctness value at or above this counts as correct."),
  /**
   * With `correctness: "math"`, what an unparseable gold answer gives: `null` (TRL). open-r1's
   * 1 is refused at load: an unparseable gold answer is broken data, which never passes as a
   * reward (the sample's reward is `null`, counted as a data error).
   */
  unparseableGold: z
    .enum(["null", "one"])
    .default("null")
    .refine((value) => value !== "one", {
      message:
        'open-r1 scores an unparseable gold answer 1; plaudit refuses: broken data never passes as a reward (the sample is null with reference_unparseable). Remove the field or use "null"',
    })
    .describe(
      'With `correctness: "math"`, what an unparseable gold answer gives: `null` (TRL). open-r1\'s `one` is refused at load (broken data never passes as a reward).',
    ),
  /** VLM-R1's released bug: the correct branch is always used and L is not clamped. */
  legacy: z
    .boolean()
    .default(false)
    .describe("VLM-R1's released bug: the correct branch is always used and L is not clamped."),
});
type CosineConfig = z.output<typeof ConfigSchema>;

function isCorrect(sample: Sample, config: CosineConfig, ctx: ScoreContext): boolean | "unparseable" | null {
  if (config.correctness === "math") {
    return sampleMathVerdict(sample, ctx, "trl");
  }
  const value = sample.meta?.[config.correctKey];
  if (typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value >= config.correctThreshold;
  ctx.report(
    value === undefined ? "missing_meta" : "invalid_meta",
    `meta.${config.correctKey} must be a boolean or a number`,
  );
  return null;
}

/**
 * Cosine-scaled length reward (paper "Demystifying Long Chain-of-Thought Reasoning in LLMs",
 * arXiv 2502.03373; `huggingface/trl@f2cd577: trl/rewards/accuracy_rewards.py`
 * `get_cosine_scaled_reward`; `huggingface/open-r1@1416fa0: src/open_r1/rewards.py`;
 * `om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:565`).
 * With `p = L / maxLength` (clamped to 1 unless `clamp: false`):
 * correct `v = minValueCorrect + ½(maxValueCorrect − minValueCorrect)(1 + cos πp)`;
 * wrong `v = maxValueWrong + ½(minValueWrong − maxValueWrong)(1 + cos πp)`.
 *
 * Presets: TRL = defaults with `unit: "tokens"`; open-r1 = `unit: "characters"`, `clamp: false`,
 * `correctness: "math"` (its 1 for an unparseable gold answer is refused: a data error); VLM-R1 = `unit: "tokens"`, `maxLength: 1024`,
 * `minValueWrong: -0.5`, `maxValueWrong: 0`, `clamp: false`.
 *
 * Deviation (bug table, "fix"): VLM-R1 overwrites the accuracy with 1.0 so the correct branch is
 * always taken, and does not clamp; plaudit branches on correctness and clamps by default;
 * `legacy: true` restores both. Correctness is read from `meta[correctKey]` by default (a scorer
 * can write an accuracy component there), or checked with math equivalence.
 * @example
 * const r = cosineLength({ maxLength: 100 });
 * r.score({ completion: "", meta: { completion_tokens: 50, correct: true } }, ctx); // 0.75
 */
export const cosineLength = defineReward({
  type: "length.cosine",
  description: "Cosine-scaled length reward: short correct answers score most, short wrong answers least.",
  docs: {
    formula:
      "correct: min_c + ½(max_c − min_c)(1 + cos πp); wrong: max_w + ½(min_w − max_w)(1 + cos πp), p = L / maxLength",
    reads: (c) => {
      const fields = new Set<SampleField>();
      const meta: string[] = [];
      if (c.unit === "characters") fields.add("completion");
      else meta.push("completion_ids", "completion_tokens");
      if (c.legacy) {
        // legacy takes the correct branch always: correctness is not read
      } else if (c.correctness === "math") {
        fields.add("completion");
        fields.add("reference");
      } else meta.push(c.correctKey);
      if (meta.length) fields.add("meta");
      const order: SampleField[] = ["completion", "reference", "meta"];
      return { fields: order.filter((f) => fields.has(f)), ...(meta.length ? { meta } : {}) };
    },
    deviations: [
      "VLM-R1 overwrites the accuracy with 1.0 so the correct branch is always taken, and does not clamp p; plaudit branches on correctness and clamps by default",
    ],
    legacy: "VLM-R1's always-correct branch and the unclamped progress",
  },
  config: ConfigSchema,
  create: (config) => ({
    score(sample, ctx) {
      const length = completionLength(sample, config.unit, ctx);
      if (length === null) return null;
      let correct: boolean;
      if (config.legacy) correct = true;
      else {
        const verdict = isCorrect(sample, config, ctx);
        if (verdict === null) return null;
        if (verdict === "unparseable") return null;
        correct = verdict;
      }
      let progress = length / config.maxLength;
      if (config.clamp && !config.legacy) progress = Math.min(progress, 1);
      const cosine = Math.cos(progress * Math.PI);
      const [low, high] = correct
        ? [config.minValueCorrect, config.maxValueCorrect]
        : [config.maxValueWrong, config.minValueWrong];
      return low + 0.5 * (high - low) * (1 + cosine);
    },
  }),
});
