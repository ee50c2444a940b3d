/**
 * Templates of seed papers that released no prompt (RewardDance) or whose second stage is a
 * reward head plaudit replaces with a chat call (MM-RLHF), each documented as plaudit's default.
 * @module
 */
import type { JudgeTemplate } from "./template.js";

/**
 * RewardDance, MM-RLHF and generic templates.
 * @example
 * otherTemplates.find((t) => t.name === "rewarddance/pointwise-yes")?.labels; // { yes: 1, no: 0 }
 */
export const otherTemplates: JudgeTemplate[] = [
  {
    name: "rewarddance/pointwise-yes",
    kind: "logprob",
    description:
      'RewardDance-style P("yes"): does the image satisfy the prompt? reward = P(yes) / (P(yes) + P(no)) over the first answer token. Editable default (no released prompt).',
    source:
      "RewardDance: Reward Scaling in Visual Generation (arXiv 2509.08826); no released code or prompt: plaudit's documented default wording",
    text: "You are judging a generated image. Prompt: {{prompt}}\nDoes the image faithfully and correctly depict the prompt, with good visual quality? Answer with a single word: Yes or No.",
    labels: { yes: 1, no: 0 },
    maxTokens: 1,
  },
  {
    name: "rewarddance/pairwise-yes",
    kind: "logprob",
    description:
      'RewardDance-style comparative P("yes"): is the generated image (first) better than the reference image (second)? Use with images: [output, reference]. Editable default.',
    source:
      "RewardDance: Reward Scaling in Visual Generation (arXiv 2509.08826); no released code or prompt: plaudit's documented default wording",
    text: "The first image was generated for the prompt below; the second image is a reference for the same prompt. Prompt: {{prompt}}\nIs the first image better than the reference in prompt fidelity and visual quality? Answer with a single word: Yes or No.",
    labels: { yes: 1, no: 0 },
    maxTokens: 1,
  },
  {
    name: "mm-rlhf/critique",
    kind: "critique",
    description: "MM-RLHF first stage: the critic prompt that asks for an evaluation of the LMM's answer.",
    source:
      "MM-RLHF (arXiv 2502.10391); julyanghar/MM-RLHF@e103c40: llava/eval/eval_mm_reward_bench.py (critic prompt, qwen_1_5 conversation)",
    text: "You are an unbiased and fair evaluator tasked with assessing the quality of answers provided by a Large Multimodal Model (LMM). Given the following question and the LMM's response, please evaluate the correctness, clarity, and completeness of the answer.\n[Question]: {{prompt}}\n[LMM Response]: {{completion}}\n[Evaluation]:",
    maxTokens: 4096,
  },
  {
    name: "mm-rlhf/score-from-critique",
    kind: "pointwise",
    description:
      "MM-RLHF second stage over a chat endpoint: the critique is given back and the judge ends with `Score: 0-10` → s/10 (the released model uses a reward head here; see the sidecar for that).",
    source:
      "MM-RLHF (arXiv 2502.10391); plaudit's chat replacement of the reward-head stage of julyanghar/MM-RLHF@e103c40: llava/eval/eval_mm_reward_bench.py",
    text: "[Question]: {{prompt}}\n[LMM Response]: {{completion}}\n[Evaluation]: {{critique}}\nBased on this evaluation, rate the response from 0 to 10. End with a line 'Score: X'.",
    parse: { pattern: "Score:\\s*([0-9]+(?:\\.[0-9]+)?)", scale: [0, 10] },
    maxTokens: 64,
  },
  {
    name: "plaudit/answer-correct-yes",
    kind: "logprob",
    description: 'Generic verifier P("yes"): is the answer correct given the question and the reference?',
    source: "plaudit default (the portable P(yes) recipe of vLLM chat with logprobs)",
    text: "Question: {{prompt}}\nReference answer: {{reference}}\nCandidate answer: {{completion}}\nIs the candidate answer correct? Answer with a single word: Yes or No.",
    labels: { yes: 1, no: 0 },
    maxTokens: 1,
  },
];
