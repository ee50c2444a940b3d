/**
 * The `length.repetition` reward: n-gram repetition penalty over token ids (TRL), words
 * (open-r1), or VLM-R1's JSON-aware variant.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { pythonSplit } from "../../parse/python/index.js";
import { completionTokenIds } from "./measure.js";
import { findVlmR1DetectionJson } from "./vlm-r1-json.js";

/**
 * `(1 − unique / total) · maxPenalty` over the n-grams of `items` (0 when fewer than `n` items).
 * @example
 * repetitionPenalty([5, 5, 5, 5, 5], 2, -1); // -0.75
 */
export function repetitionPenalty(items: ArrayLike<string | number>, n: number, maxPenalty: number): number {
  if (items.length < n) return 0;
  const seen = new Set<string | number>();
  const total = items.length - n + 1;
  for (let i = 0; i < total; i++) {
    if (n === 1) seen.add(items[i]!);
    else {
      let key = String(items[i]);
      for (let k = 1; k < n; k++) key += ` ${items[i + k]}`;
      seen.add(key);
    }
  }
  const scaling = 1 - seen.size / total;
  return scaling === 0 ? 0 : scaling * maxPenalty;
}

/**
 * N-gram repetition penalty (paper "Demystifying Long Chain-of-Thought Reasoning in LLMs",
 * arXiv 2502.03373, App. C.2): `(1 − |unique n-grams| / |n-grams|) · maxPenalty`, 0 when there are
 * fewer than `n` items.
 * - `source: "token-ids"` (TRL, `huggingface/trl@f2cd577: trl/rewards/other_rewards.py`): over
 *   `meta.completion_ids` (plaudit has no tokenizer; absent → `null` with `missing_required_meta`, a data error).
 * - `source: "words"` (open-r1, `huggingface/open-r1@1416fa0: src/open_r1/rewards.py`): over the
 *   lowercased whitespace-separated words; an empty completion is 0. (open-r1's jieba mode for
 *   Chinese is not offered.)
 * - `source: "vlm-r1"` (`om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:592`):
 *   a detection JSON list found in the completion is scored on its `bbox_2d`+`label` items with
 *   n = 1; otherwise words with n = 6 (`ngramSize` overrides the 6).
 *   Deviations: items are keyed by `JSON.stringify(bbox)` (Python keys `str(list)`, so `1` and
 *   `1.0` differ there); `json_repair` is not reproduced, so JSON that only the repair would
 *   accept falls to the word branch; non-object list items (a `TypeError` crash in the released
 *   code) are skipped.
 * `maxPenalty` must be ≤ 0.
 * @example
 * const r = repetition({ source: "words", ngramSize: 2 });
 * r.score({ completion: "this this this this this" }, ctx); // -0.75
 */
export const repetition = defineReward({
  type: "length.repetition",
  description:
    "N-gram repetition penalty over token ids (TRL), words (open-r1) or VLM-R1's JSON-aware variant.",
  docs: {
    formula: "(1 − |unique n-grams| / |n-grams|) · maxPenalty",
    reads: (c) =>
      c.source === "token-ids" ? { fields: ["meta"], meta: ["completion_ids"] } : { fields: ["completion"] },
    deviations: [
      "vlm-r1 source: items are keyed by JSON.stringify(bbox) (Python keys str(list))",
      "vlm-r1 source: json_repair is not reproduced",
      "vlm-r1 source: non-object list items (a TypeError crash in the released code) are skipped",
    ],
  },
  config: z.strictObject({
    source: z
      .enum(["token-ids", "words", "vlm-r1"])
      .default("words")
      .describe(
        "What the n-grams are over: `token-ids` (TRL, `meta.completion_ids`), `words` (open-r1) or `vlm-r1`.",
      ),
    /** n; default 3 (6 for the word branch of `vlm-r1`). */
    ngramSize: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("n; default 3 (6 for the word branch of `vlm-r1`)."),
    maxPenalty: z
      .number()
      .finite()
      .max(0)
      .default(-1)
      .describe("The penalty for a fully repetitive completion (≤ 0)."),
  }),
  create: ({ source, ngramSize, maxPenalty }) => ({
    score(sample, ctx) {
      if (source === "token-ids") {
        const ids = completionTokenIds(sample, ctx);
        return ids === null ? null : repetitionPenalty(ids, ngramSize ?? 3, maxPenalty);
      }
      const text = sample.completion;
      if (text === "") return 0;
      if (source === "vlm-r1") {
        const items = findVlmR1DetectionJson(text);
        if (items !== null) return items.length === 0 ? 0 : repetitionPenalty(items, 1, maxPenalty);
        return repetitionPenalty(pythonSplit(text.toLowerCase()), ngramSize ?? 6, maxPenalty);
      }
      return repetitionPenalty(pythonSplit(text.toLowerCase()), ngramSize ?? 3, maxPenalty);
    },
  }),
});
