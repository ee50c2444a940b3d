/**
 * Built-in answer presets: multiple choice (TW-GRPO), math (open-r1), VLM-R1's accuracy
 * dispatcher, and DAPO's soft overlong punishment.
 * @module
 */
import type { Preset } from "../schema.js";

const GRPO_ADVANTAGE = { type: "grpo", std: "unbiased", eps: 1e-4 };

/**
 * answer presets, shipped with the package.
 * @example
 * answerPresets.map((p) => p.name);
 * // ["tw-grpo/multi-choice", "open-r1/math", "vlm-r1/accuracy", "dapo/overlong"]
 */
export const answerPresets: Preset[] = [
  {
    name: "tw-grpo/multi-choice",
    description:
      "TW-GRPO multi-choice: |S_pred|/|S_gt| subset accuracy plus the each-tag-once think/answer format (search, [\\s!]* trailing).",
    source:
      "Reinforcing Video Reasoning with Focused Thinking (arXiv 2505.24718); longmalongma/TW-GRPO@aa529ff: src/open_r1/grpo.py:92, :224",
    recipe: {
      name: "tw-grpo/multi-choice",
      rewards: [
        { name: "accuracy", type: "choice.multi-select", config: { scoring: "partial" } },
        {
          name: "format",
          type: "format.think-answer",
          config: { mode: "search", trailing: "whitespace-bang", strip: true, uniqueTags: true },
        },
      ],
      combine: { type: "sum" },
      advantage: GRPO_ADVANTAGE,
    },
  },
  {
    name: "open-r1/math",
    description:
      "open-r1 math: math-verify-style accuracy (null when the gold answer does not parse) plus the strict-newline think/answer format.",
    source:
      "open-r1 (DeepSeek-R1 reproduction, arXiv 2501.12948); huggingface/open-r1@1416fa0: src/open_r1/rewards.py",
    recipe: {
      name: "open-r1/math",
      rewards: [
        { name: "accuracy", type: "math.equivalent", config: { goldUnparseable: "null" } },
        { name: "format", type: "format.think-answer", config: { style: "open-r1" } },
      ],
      combine: { type: "sum" },
      advantage: GRPO_ADVANTAGE,
    },
  },
  {
    name: "vlm-r1/accuracy",
    description:
      "VLM-R1 accuracy dispatcher (meta.accu_reward_method: mcq, yes_no, all_match, math, default) plus the full-match think/answer format.",
    source:
      "VLM-R1: A Stable and Generalizable R1-style Large Vision-Language Model (arXiv 2504.07615); om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:826, :882",
    recipe: {
      name: "vlm-r1/accuracy",
      rewards: [
        { name: "accuracy", type: "answer.vlm-r1" },
        { name: "format", type: "format.think-answer", config: { mode: "fullmatch" } },
      ],
      combine: { type: "sum" },
      advantage: GRPO_ADVANTAGE,
    },
  },
  {
    name: "dapo/overlong",
    description:
      "DAPO soft overlong punishment over token lengths (meta.completion_ids or meta.completion_tokens): L_max 20480, cache 4096.",
    source:
      "DAPO: An Open-Source LLM Reinforcement Learning System at Scale (arXiv 2503.14476, Eq. 13); huggingface/trl@f2cd577: trl/rewards/other_rewards.py",
    recipe: {
      name: "dapo/overlong",
      rewards: [
        {
          name: "overlong",
          type: "length.overlong",
          config: { maxLength: 20480, cache: 4096, unit: "tokens" },
        },
      ],
      combine: { type: "sum" },
    },
  },
];
