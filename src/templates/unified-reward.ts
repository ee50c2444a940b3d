/**
 * UnifiedReward judge templates (Wang et al., "Unified Reward Model for Multimodal Understanding
 * and Generation", arXiv 2503.05236; UnifiedReward-Think, arXiv 2505.03318). The wording keeps
 * the instruction sentences and output contracts quoted from the released files
 * (CodeGoat24/UnifiedReward@ff6f520); the rest of each prompt is abridged, so edit the text (or pass
 * your own `template`) if your checkpoint needs the exact released prompt. Images are attached
 * before the text, as the released clients do.
 * @module
 */
import type { JudgeTemplate } from "./template.js";

const NUMBER = "([0-9]+(?:\\.[0-9]+)?)";

/**
 * The UnifiedReward templates.
 * @example
 * unifiedRewardTemplates.map((t) => t.name).includes("unified-reward/image-generation-pointwise"); // true
 */
export const unifiedRewardTemplates: JudgeTemplate[] = [
  {
    name: "unified-reward/image-generation-pointwise",
    kind: "pointwise",
    description:
      "UnifiedReward v1 image-generation score: key-element checklist, then `Final Score:` 1–5 → (s − 1)/4.",
    source:
      "UnifiedReward (arXiv 2503.05236); CodeGoat24/UnifiedReward@ff6f520: inference_qwen/image_generation/qwen_point_score_image_generation.py",
    text: "You are given a text caption and a generated image based on that caption. Extract key elements from the provided text caption, evaluate their presence in the generated image using the format: 'element (type): value' (where value=0 means not generated, and value=1 means generated), and assign a score from 1 to 5 after 'Final Score:'.\nText Caption: [{{prompt}}]",
    parse: { pattern: `Final Score:\\s*${NUMBER}`, scale: [1, 5] },
    maxTokens: 512,
  },
  {
    name: "unified-reward/image-generation-acs",
    kind: "pointwise",
    description:
      "UnifiedReward 2.0 alignment / coherence / style, each 1–5; the mean mapped (m − 1)/4 (verl-omni's reading). A missing axis is unparseable.",
    source:
      "UnifiedReward 2.0; CodeGoat24/UnifiedReward@ff6f520: inference_qwen/UnifiedReward-2.0-inference/point_score_ACS_image_generation.py; parser after verl-project/verl-omni@0ef63e5: verl_omni/utils/reward_score/unified_reward.py (without its first-three-numbers fallback)",
    text: "You are presented with a generated image and its associated text caption. Evaluate the image on three dimensions, each scored from 1 to 5: Alignment (how well the image matches the caption), Coherence (whether the image is free of distortions and artifacts) and Style (the aesthetic quality). Output exactly these lines:\nAlignment Score (1-5): X\nCoherence Score (1-5): Y\nStyle Score (1-5): Z\nText Caption: [{{prompt}}]",
    parse: {
      pattern: [
        `Alignment\\s+Score\\s*(?:\\(1-5\\))?\\s*:\\s*${NUMBER}`,
        `Coherence\\s+Score\\s*(?:\\(1-5\\))?\\s*:\\s*${NUMBER}`,
        `Style\\s+Score\\s*(?:\\(1-5\\))?\\s*:\\s*${NUMBER}`,
      ],
      scale: [1, 5],
    },
    maxTokens: 512,
  },
  {
    name: "unified-reward/image-generation-pairwise",
    kind: "pairwise",
    description:
      'UnifiedReward v1 pairwise rank of two generated images: "Image 1 is better." / "Image 2 is better." / "Both images are equally good."',
    source:
      "UnifiedReward (arXiv 2503.05236); CodeGoat24/UnifiedReward@ff6f520: inference_qwen/image_generation/qwen_pair_rank_image_generation.py",
    text: 'You are given a text caption and two generated images based on that caption. Compare the two images for how well they match the caption and for their visual quality. Provide a clear conclusion such as "Image 1 is better.", "Image 2 is better." and "Both images are equally good."\nText Caption: [{{prompt}}]',
    parse: { a: "Image 1 is better", b: "Image 2 is better", tie: "Both images are equally good" },
    maxTokens: 512,
  },
  {
    name: "unified-reward/image-generation-pair-score",
    kind: "pairwise",
    description:
      "UnifiedReward 2.0 pairwise scores: per dimension `Image 1: x / Image 2: y` with x + y = 1; the first image's share of the summed scores.",
    source:
      "UnifiedReward 2.0; CodeGoat24/UnifiedReward@ff6f520: inference_qwen/UnifiedReward-2.0-inference/pair_score_image_generation.py",
    text: 'You are given a text caption and two generated images based on that caption. For each dimension (Alignment, Coherence, Style), give a score to each image, written as "Image 1: X / Image 2: Y". The scores for Image 1 and Image 2 must sum to exactly 1.0 for each dimension.\nText Caption: [{{prompt}}]',
    parse: { scoreA: `Image 1:\\s*${NUMBER}`, scoreB: `Image 2:\\s*${NUMBER}` },
    maxTokens: 512,
  },
  {
    name: "unified-reward/image-understanding-pointwise",
    kind: "pointwise",
    description:
      "UnifiedReward image-understanding score of an answer: a 5-factor rubric, `Final Score:` 0–100 → s/100.",
    source:
      "UnifiedReward (arXiv 2503.05236); CodeGoat24/UnifiedReward@ff6f520: inference_qwen/image_understanding/qwen_point_score_image_understanding.py",
    text: "You are given an image, a question about it and an answer. Evaluate the answer for accuracy, relevance, completeness, clarity and its grounding in the image, then give an overall score from 0 to 100 after 'Final Score:'.\nQuestion: {{prompt}}\nAnswer: {{completion}}",
    parse: { pattern: `Final Score:\\s*${NUMBER}`, scale: [0, 100] },
    maxTokens: 512,
  },
  {
    name: "unified-reward/image-understanding-pairwise",
    kind: "pairwise",
    description: "UnifiedReward image-understanding pairwise: 'Answer 1 is better' / 'Answer 2 is better'.",
    source:
      "UnifiedReward (arXiv 2503.05236); CodeGoat24/UnifiedReward@ff6f520: inference_qwen/image_understanding/qwen_pair_rank_image_understanding.py",
    text: "You are given an image, a question about it and two answers. Judge which answer is more accurate and helpful for the question, and conclude with 'Answer 1 is better' or 'Answer 2 is better'.\nQuestion: {{prompt}}\nAnswer 1: {{completion_a}}\nAnswer 2: {{completion_b}}",
    parse: { a: "Answer 1 is better", b: "Answer 2 is better" },
    maxTokens: 512,
  },
  {
    name: "unified-reward-think/image-generation-pairwise",
    kind: "pairwise",
    description:
      "UnifiedReward-Think CoT pairwise: per-dimension x/10 scores inside <think>, verdict in <answer> (no tie option).",
    source:
      "UnifiedReward-Think (arXiv 2505.03318); CodeGoat24/UnifiedReward@ff6f520: UnifiedReward-Think/inference_qwen/UnifiedReward-Think-qwen3-inference/qwen3_infer_cot_image_generation.py",
    text: 'Given a caption and two images generated from it, compare them on semantic consistency, aesthetics and authenticity. For each dimension score each image "Image 1 (x/10) - rationale", then give the totals "Image 1: x+x+x=total" and "Image 2: x+x+x=total". Wrap all reasoning and scoring strictly within <think> and </think> tags. Then give the final answer inside <answer> and </answer>, containing only "Image 1 is better" or "Image 2 is better".\nCaption: [{{prompt}}]',
    parse: { a: "Image 1 is better", b: "Image 2 is better", tag: "answer" },
    maxTokens: 4096,
  },
];
