/**
 * Tag-only format rewards: TRL's `think_format_reward` and open-r1's `tag_count_reward`.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { countOccurrences } from "../../parse/index.js";
import { matchesTrlThinkFormat } from "./think-answer-match.js";

/**
 * TRL's `think_format_reward` (`huggingface/trl@f2cd577: trl/rewards/format_rewards.py`): 1 when
 * `re.match(r"^<think>(?!.*<think>)(.*?)</think>.*$", s, re.DOTALL | re.MULTILINE)` matches — the
 * completion starts with `<think>`, closes it, and has no second `<think>` — else 0.
 * @example
 * thinkFormat().score({ completion: "<think>\nreasoning\n</think>\nanswer" }, ctx); // 1
 */
export const thinkFormat = defineReward({
  type: "format.think",
  description: "TRL think_format_reward: starts with one <think>…</think> block.",
  docs: {
    formula: '1 if re.match(r"^<think>(?!.*<think>)(.*?)</think>.*$", s, DOTALL|MULTILINE), else 0',
    reads: { fields: ["completion"] },
    deviations: [],
  },
  config: z.strictObject({}),
  create: () => ({
    score(sample, ctx) {
      if (matchesTrlThinkFormat(sample.completion)) return 1;
      ctx.report(
        sample.completion.includes("<think>") ? "format_mismatch" : "no_think_tag",
        "the completion does not start with a single closed <think> block",
      );
      return 0;
    },
  }),
});

const TAGS = ["<think>\n", "\n</think>\n", "\n<answer>\n", "\n</answer>"] as const;

/**
 * open-r1's `tag_count_reward` (`huggingface/open-r1@1416fa0: src/open_r1/rewards.py`): +0.25 for
 * each of `"<think>\n"`, `"\n</think>\n"`, `"\n<answer>\n"`, `"\n</answer>"` that occurs exactly once
 * (Python `str.count`, non-overlapping).
 * @example
 * tagCount().score({ completion: "<think>\nx\n</think>\n<answer>\ny\n</answer>" }, ctx); // 1
 */
export const tagCount = defineReward({
  type: "format.tag-count",
  description:
    "open-r1 tag_count_reward: 0.25 per think/answer tag (with its newlines) present exactly once.",
  docs: {
    formula:
      "0.25 · #{tags among <think>\\n, \\n</think>\\n, \\n<answer>\\n, \\n</answer> occurring exactly once}",
    reads: { fields: ["completion"] },
    deviations: [],
  },
  config: z.strictObject({}),
  create: () => ({
    score(sample, ctx) {
      let value = 0;
      for (const tag of TAGS) if (countOccurrences(sample.completion, tag) === 1) value += 0.25;
      if (value < 1) ctx.report("format_mismatch", "not every think/answer tag occurs exactly once");
      return value;
    },
  }),
});
