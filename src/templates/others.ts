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
  {
    name: "plaudit/rank-all",
    kind: "rank",
    description:
      "Rank all the group's responses in one call (YOJO-style multi-response judging): `Ranking: i > j > …`, best first, every response number once.",
    source:
      "You Only Judge Once: Multi-response Reward Modeling in a Single Forward Pass (arXiv 2604.10966) scores the whole group in one pass with a value head; no released chat prompt: plaudit's documented default wording for a generative judge",
    text: "You are given a request and {{n}} candidate responses to it. Compare them with each other for correctness, helpfulness and faithfulness to the request (and to the images, if any are attached, in response order).\nRequest: {{prompt}}\n\n{{responses}}\n\nBriefly justify your judgement, then end with one line that ranks every response from best to worst by its number, each number exactly once, in the form:\nRanking: 2 > 1 > 3",
    parse: { ranking: "Ranking:\\s*([0-9][0-9\\s>,]*)" },
    maxTokens: 1024,
  },
  {
    name: "plaudit/checklist-yes-no",
    kind: "checklist",
    description:
      "Per-item yes/no checklist in one call (PromptEnhancer AlignEvaluator-style): one line `k. yes` or `k. no` per numbered item.",
    source:
      'PromptEnhancer (Wang et al., arXiv 2509.04545; CVPR 2026 as "PromptEnhancer: Taming Your Rewriter for Text-to-Image Generation via Fine-Grained Reward") scores 24 fine-grained key points with its AlignEvaluator reward model; no chat prompt: plaudit\'s documented default wording',
    text: "Check the response against each numbered requirement below (look at the attached images, if any). Request: {{prompt}}\nResponse: {{completion}}\n\nRequirements:\n{{checklist}}\n\nAnswer every requirement on its own line as `<number>. yes` if the response satisfies it, or `<number>. no` if it does not, in order, and nothing else.",
    maxTokens: 512,
  },
];
