/**
 * The `format.think-answer` reward: R1-style `<think>…</think><answer>…</answer>` format checks,
 * in every variant the reference trainers use.
 * @module
 */
import { z } from "zod";
import { defineReward, type ScoreContext } from "../../core/index.js";
import { countOccurrences } from "../../parse/index.js";
import { pythonStrip } from "../../parse/python/index.js";
import { matchesOpenR1Format, matchesThinkAnswer } from "./think-answer-match.js";

const ConfigSchema = z
  .strictObject({
    /** `r1`: `<think>.*?</think>\s*<answer>.*?</answer>` (DOTALL); `open-r1`: open-r1's strict-newline pattern. */
    style: z
      .enum(["r1", "open-r1"])
      .default("r1")
      .describe(
        "`r1`: `<think>.*?</think>\\s*<answer>.*?</answer>` (DOTALL); `open-r1`: open-r1's strict-newline pattern.",
      ),
    /** The Python `re` function: `fullmatch` (both ends anchored), `match` (start), `search` (neither). */
    mode: z
      .enum(["fullmatch", "match", "search"])
      .default("fullmatch")
      .describe(
        "The Python `re` function: `fullmatch` (both ends anchored), `match` (start), `search` (neither).",
      ),
    /** What may follow `</answer>`; default `none` for `fullmatch`, `any` otherwise. */
    trailing: z
      .enum(["any", "none", "whitespace", "whitespace-bang"])
      .optional()
      .describe("What may follow `</answer>`; default `none` for `fullmatch`, `any` otherwise."),
    /** Strip surrounding whitespace before matching (TW-GRPO's `content.strip()`). */
    strip: z
      .boolean()
      .default(false)
      .describe("Strip surrounding whitespace before matching (TW-GRPO's `content.strip()`)."),
    /** Score 0 when `<think>` or `<answer>` occurs more than once (TW-GRPO). */
    uniqueTags: z
      .boolean()
      .default(false)
      .describe("Score 0 when `<think>` or `<answer>` occurs more than once (TW-GRPO)."),
  })
  .superRefine((config, issue) => {
    if (config.style === "open-r1" && (config.mode !== "fullmatch" || config.trailing !== undefined)) {
      issue.addIssue({
        code: "custom",
        path: ["style"],
        message: "style open-r1 has fixed anchoring (re.match with MULTILINE); do not set mode or trailing",
      });
    }
  });

function explainMismatch(text: string, ctx: ScoreContext): void {
  if (!text.includes("<think>")) ctx.report("no_think_tag", "no <think> in the completion");
  else if (!text.includes("<answer>")) ctx.report("no_answer_tag", "no <answer> in the completion");
  else ctx.report("format_mismatch", "the completion does not match the think/answer format");
}

/**
 * 1 when the completion has the R1 think/answer format, else 0 (issue `no_think_tag`,
 * `no_answer_tag` or `format_mismatch`). Verdicts equal Python `re` on the released patterns,
 * computed by linear scans (see `think-answer-match.ts`).
 *
 * Variants (as configs):
 * - VLM-R1 / Visual-RFT / ReFine-RFT (default): `re.fullmatch(r"<think>.*?</think>\s*<answer>.*?</answer>", s, re.DOTALL)`
 *   (`om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:882`,
 *   `jiezhu23/ReFine-RFT@3b7c646: src/refinerft/reward_func.py:23`); paper "DeepSeek-R1", arXiv 2501.12948.
 * - TW-GRPO `{ mode: "search", trailing: "whitespace-bang", strip: true, uniqueTags: true }`:
 *   0 if `<think>` or `<answer>` occurs twice, else `re.search(r"…</answer>[\s!]*$", s.strip(), re.DOTALL)`
 *   (`longmalongma/TW-GRPO@aa529ff: src/open_r1/grpo.py:224`; arXiv 2505.24718).
 * - open-r1 `{ style: "open-r1" }`: `re.match(r"^<think>\n.*?\n</think>\n<answer>\n.*?\n</answer>$", s,
 *   re.DOTALL | re.MULTILINE)` (`huggingface/open-r1@1416fa0: src/open_r1/rewards.py`, `format_reward`).
 *
 * `trailing: "none"` with `match`/`search` anchors with `\Z` (not Python's `$`, which would also
 * allow one final `\n`).
 * @example
 * const r = thinkAnswerFormat();
 * r.score({ completion: "<think>a</think> <answer>b</answer>" }, ctx); // 1
 * r.score({ completion: "<think>a</think> <answer>b</answer> " }, ctx); // 0 (fullmatch)
 */
export const thinkAnswerFormat = defineReward({
  type: "format.think-answer",
  description:
    "R1 <think>…</think><answer>…</answer> format (fullmatch/match/search, trailing, TW-GRPO and open-r1 variants).",
  docs: {
    formula:
      "1 if the completion matches the configured R1 think/answer pattern (fullmatch <think>.*?</think>\\s*<answer>.*?</answer> by default), else 0",
    reads: { fields: ["completion"] },
    deviations: [],
  },
  config: ConfigSchema,
  create: (config) => {
    const trailing = config.trailing ?? (config.mode === "fullmatch" ? "none" : "any");
    return {
      score(sample, ctx) {
        const raw = sample.completion;
        if (
          config.uniqueTags &&
          (countOccurrences(raw, "<think>") > 1 || countOccurrences(raw, "<answer>") > 1)
        ) {
          ctx.report("format_mismatch", "<think> or <answer> occurs more than once");
          return 0;
        }
        const text = config.strip ? pythonStrip(raw) : raw;
        const ok =
          config.style === "open-r1"
            ? matchesOpenR1Format(text)
            : matchesThinkAnswer(text, config.mode, trailing);
        if (!ok) explainMismatch(text, ctx);
        return ok ? 1 : 0;
      },
    };
  },
});
