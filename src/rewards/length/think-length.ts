/**
 * ReFine-RFT's think-length rewards: `think_punishment` and `think_length`.
 * @module
 */
import { z } from "zod";
import { defineReward, type ScoreContext } from "../../core/index.js";
import { extractTag } from "../../parse/index.js";
import { pythonStrip } from "../../parse/python/index.js";
import { codePointLength } from "./measure.js";

function thinkLength(completion: string, ctx: ScoreContext): number | null {
  const think = extractTag(completion, { tag: "think" });
  if (think === null) {
    ctx.report("no_think_tag", "no <think>…</think> in the completion");
    return null;
  }
  return codePointLength(pythonStrip(think));
}

/**
 * ReFine-RFT's `think_punishment` (paper arXiv 2601.06993; `jiezhu23/ReFine-RFT@3b7c646:
 * src/refinerft/reward_func.py:81`): with `L` the stripped length in characters of the first
 * `<think>…</think>` (DOTALL), 1 if `L < maxLength` (10 in the shipped config), else 0; no think
 * tag gives 0. It rewards near-empty thinking.
 * @example
 * thinkPunishment().score({ completion: "<think> ok </think><answer>A</answer>" }, ctx); // 1
 */
export const thinkPunishment = defineReward({
  type: "length.think-punishment",
  description:
    "ReFine-RFT think_punishment: 1 when the <think> content is shorter than maxLength characters.",
  docs: {
    formula: "1 if len(strip(first <think> content)) < maxLength (10), else 0",
    reads: { fields: ["completion"] },
    deviations: [],
  },
  config: z.strictObject({
    maxLength: z
      .number()
      .int()
      .min(0)
      .default(10)
      .describe("The think content must be shorter than this many characters."),
  }),
  create: ({ maxLength }) => ({
    score(sample, ctx) {
      const length = thinkLength(sample.completion, ctx);
      return length !== null && length < maxLength ? 1 : 0;
    },
  }),
});

/**
 * ReFine-RFT's `think_length` (`jiezhu23/ReFine-RFT@3b7c646: src/refinerft/reward_func.py:46`):
 * 1 if `minLength ≤ L ≤ maxLength` (defaults 10 and 20 characters), else 0; no think tag gives 0.
 * @example
 * thinkRange().score({ completion: "<think>twelve chars</think>" }, ctx); // 1
 */
export const thinkRange = defineReward({
  type: "length.think-range",
  description: "ReFine-RFT think_length: 1 when the <think> content length is within [minLength, maxLength].",
  docs: {
    formula: "1 if minLength ≤ len(strip(first <think> content)) ≤ maxLength (10, 20), else 0",
    reads: { fields: ["completion"] },
    deviations: [],
  },
  config: z
    .strictObject({
      minLength: z
        .number()
        .int()
        .min(0)
        .default(10)
        .describe("Shortest accepted think content, in characters."),
      maxLength: z
        .number()
        .int()
        .min(0)
        .default(20)
        .describe("Longest accepted think content, in characters."),
    })
    .refine((c) => c.minLength <= c.maxLength, {
      message: "minLength must not exceed maxLength",
      path: ["minLength"],
    }),
  create: ({ minLength, maxLength }) => ({
    score(sample, ctx) {
      const length = thinkLength(sample.completion, ctx);
      return length !== null && length >= minLength && length <= maxLength ? 1 : 0;
    },
  }),
});
