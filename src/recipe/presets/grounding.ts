/**
 * Built-in grounding and detection presets: Visual-RFT (detection, classification, LISA),
 * VLM-R1 (REC, OVD), Vision-R1, and documented readings of DIP-R1 and GRiP. Each is the plain
 * sum of its components with the GRPO advantage `(r − μ) / (σ_unbiased + 1e-4)`, as the
 * authors' trainers compute it.
 * @module
 */
import type { Preset } from "../schema.js";

const GRPO_ADVANTAGE = { type: "grpo", std: "unbiased", eps: 1e-4 };
// Both Qwen2.5-VL presets compare boxes emitted in pixels of the model's resized input.
const INPUT_IMAGE_NOTE =
  "The predicted boxes are in pixels of the image as Qwen2.5-VL saw it after resizing, so each sample needs `image` and `input_image`; without `input_image` the accuracy is `null` with the data error `missing_image_size`. Either send it, or extend this preset with `inputImage: { resize: qwen2.5-vl }` to compute it exactly as the image processor does (pass `minPixels` / `maxPixels` when your run changed the processor's 3136 / 12845056).";

const R1_FORMAT = { name: "format", type: "format.think-answer", config: { mode: "fullmatch" } };

const VISUAL_RFT = "Visual-RFT: Visual Reinforcement Fine-Tuning (arXiv 2503.01785)";
const VLM_R1 = "VLM-R1: A Stable and Generalizable R1-style Large Vision-Language Model (arXiv 2504.07615)";

/**
 * grounding presets, shipped with the package.
 * @example
 * groundingPresets.map((p) => p.name); // ["visual-rft/detection", "visual-rft/classification", …, "grip"]
 */
export const groundingPresets: Preset[] = [
  {
    name: "visual-rft/detection",
    description:
      "Visual-RFT detection: Σ IoU / max(N_gt, N_pred) and confidence rewards over confidence-sorted greedy matches (0–1000 boxes), plus the think/answer format.",
    source: `${VISUAL_RFT}; Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo.py:214, :282, :352`,
    recipe: {
      name: "visual-rft/detection",
      rewards: [
        { name: "accuracy_iou", type: "grounding.visual-rft-iou" },
        { name: "accuracy_confidence", type: "grounding.visual-rft-confidence" },
        R1_FORMAT,
      ],
      combine: { type: "sum" },
      advantage: GRPO_ADVANTAGE,
    },
  },
  {
    name: "visual-rft/classification",
    description:
      "Visual-RFT fine-grained classification: normalised label equality (legacy: either-direction substring), plus the think/answer format.",
    source: `${VISUAL_RFT}; Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo_classification.py:55, :101`,
    recipe: {
      name: "visual-rft/classification",
      rewards: [{ name: "accuracy", type: "grounding.visual-rft-classification" }, R1_FORMAT],
      combine: { type: "sum" },
      advantage: GRPO_ADVANTAGE,
    },
  },
  {
    name: "visual-rft/lisa",
    description:
      "Visual-RFT reasoning grounding (LISA): GIoU + 1 of (x1,y1),(x2,y2) boxes in 0–1000 (exact answer → 2), plus the think/answer format.",
    source: `${VISUAL_RFT}; Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo_lisa.py:93`,
    recipe: {
      name: "visual-rft/lisa",
      rewards: [{ name: "accuracy", type: "grounding.visual-rft-lisa" }, R1_FORMAT],
      combine: { type: "sum" },
      advantage: GRPO_ADVANTAGE,
    },
  },
  {
    name: "vlm-r1/rec",
    description:
      "VLM-R1 REC (Qwen2.5-VL): −1/+1-pixel IoU of the integer answer box rescaled from input to image pixels, plus the REC format search.",
    source: `${VLM_R1}; om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/vlm_modules/qwen_module.py:88, :108`,
    notes: [INPUT_IMAGE_NOTE],
    recipe: {
      name: "vlm-r1/rec",
      rewards: [
        {
          name: "accuracy_iou",
          type: "grounding.vlm-r1-rec-iou",
          config: { pred: { frame: "input-pixel" }, ref: { frame: "pixel" } },
        },
        { name: "format", type: "grounding.vlm-r1-rec-format" },
      ],
      combine: { type: "sum" },
      advantage: GRPO_ADVANTAGE,
    },
  },
  {
    name: "vlm-r1/ovd",
    description:
      "VLM-R1 open-vocabulary detection: detection_score (0.7·position + 0.3·completeness, greedy IoU ≥ 0.5), plus the think/answer format.",
    source: `${VLM_R1}; om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:431, :826, :882`,
    recipe: {
      name: "vlm-r1/ovd",
      rewards: [{ name: "accuracy", type: "grounding.vlm-r1-ovd" }, R1_FORMAT],
      combine: { type: "sum" },
      advantage: GRPO_ADVANTAGE,
    },
  },
  {
    name: "vision-r1",
    description:
      "Vision-R1: precision and recall of Hungarian-matched GIoUs (thresholds tighten at meta.step 1500) plus the dual format reward.",
    source:
      "Vision-R1: Evolving Human-Free Alignment in Large Vision-Language Models via Vision-Guided Reinforcement Learning (arXiv 2503.18013); jefferyZhan/Griffon@9866875: Vision-R1/vision_r1/visionr1_qwen.py:198, :241, :316",
    notes: [INPUT_IMAGE_NOTE],
    recipe: {
      name: "vision-r1",
      rewards: [
        { name: "precision_reward", type: "grounding.vision-r1-precision" },
        { name: "dual_format_reward", type: "grounding.vision-r1-dual-format" },
        { name: "recall_reward", type: "grounding.vision-r1-recall" },
      ],
      combine: { type: "sum" },
      advantage: GRPO_ADVANTAGE,
    },
  },
  {
    name: "dip-r1",
    description:
      "DIP-R1 (documented reading, no public code): 0.5·precision + 0.5·recall at IoU ≥ 0.5, plus the Think-Look-Answer format.",
    source:
      "DIP-R1: Deep Inspection and Perception with RL Looking Through and Understanding Complex Scenes (arXiv 2505.23179); no released code",
    recipe: {
      name: "dip-r1",
      rewards: [
        { name: "accuracy", type: "grounding.dip-r1-precision-recall" },
        { name: "format", type: "grounding.dip-r1-format" },
      ],
      combine: { type: "sum" },
      advantage: GRPO_ADVANTAGE,
    },
  },
  {
    name: "grip",
    description:
      "GRiP (documented reading, no public code): salience-weighted IoU Σ wᵢ·IoUᵢ / Σ wᵢ over reference objects, plus the think/answer format.",
    source: 'GRiP, "Guiding the Inner Eye" (arXiv 2511.22172); no released code',
    recipe: {
      name: "grip",
      rewards: [{ name: "accuracy", type: "grounding.grip-salience-iou" }, R1_FORMAT],
      combine: { type: "sum" },
      advantage: GRPO_ADVANTAGE,
    },
  },
];
