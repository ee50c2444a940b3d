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
    notes: [
      "**Feeding it.** `reference` is the dataset's solution (`conversations[1].value`), with or without `<answer>` tags: as VLM-R1's data loader does (`grpo_jsonl.py:981-987`), every `<answer>` and `</answer>` is removed, the rest is stripped and wrapped as `<answer> {solution} </answer>`. `meta.accu_reward_method` picks the rule (`mcq`, `yes_no`, `all_match`, `math`, anything else `default`); `map`, `od_ap`, `od_ap50`, `odLength`, `weighted_sum` and `llm` score `null` with `task_not_handled` (use the grounding presets for detection).",
      '**Float references.** A solution stored as a JSON number goes through Python\'s `str()`, as the loader does. JSON cannot carry a float with an integral value apart from an integer: `12.0` arrives as `12` and becomes `"12"`, while the released code sees `str(12.0)` = `"12.0"` (so `all_match` against `12` scores 1 here and 0 there). Pass such a solution as a string (`"12.0"`) when exact released behaviour matters. Other floats print as Python does (`5e-05`, not `0.00005`).',
      "**The `math` rule and `is_equiv`.** The released rule (`compute_score`, `utils/math.py:2-22`) tries equal cleaned strings, then math_verify, then the Hendrycks MATH normaliser `is_equiv` (`\\dfrac` → `\\frac`, spaces, `\\left`/`\\right`, `\\text{ …}` units, degrees, `\\%`, `k = ` prefixes, `\\frac12`, `a/b`, `0.5` → `\\frac{1}{2}`) on the content of the prediction's last `\\boxed{}`. **The default uses the `is_equiv` fallback too**, so `\\dfrac{1}{2}` vs `\\frac{1}{2}` and `x^2 + 1` vs `x^2+1` score 1 in both modes. This copy of the normaliser has no trailing-`.0` rule: `12.0` vs `12` is decided by math_verify alone.",
      "**What `legacy: true` changes** (`override: { accuracy: { legacy: true } }`). (1) The released `math` and `default` rules call `verify(parse(answer), parse(ground_truth))`, the model's answer in math_verify's gold place; math_verify is asymmetric on relations vs sets, so a reference `$1<x<2$` with answer `$(1,2)$` scores 0 released and 1 by default, and the reverse pair 1 released and 0 by default. (2) A last `\\fbox{…}` in the answer makes `remove_boxed`'s assert fail, which skips `is_equiv` and scores 0 released; the default unwraps it like `\\boxed{…}`.",
      "**Known divergences.** math_verify is plaudit's reimplementation (`math.equivalent`), not sympy: it is checked against math-verify's own test cases (`test/fixtures/math/cases.jsonl`), but a number written with non-ASCII digits next to ASCII ones (`3.0٣`) is read as `3.0` here, while math-verify's parse raises and extracts nothing. Where the released `math` rule raises (math_verify errors are not caught there), plaudit scores 0. A boolean or list solution is `null` with `reference_unparseable` here; the released loader would score its `str()`. With the default settings, a `math` reference that math_verify cannot parse and `is_equiv` does not match is `null` with `reference_unparseable` (a data error), not passed off as a wrong answer; legacy scores it 0 like the released code.",
    ],
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
