/**
 * Grounding and detection rewards: single-box IoU / GIoU, and the faithful rewards of
 * Visual-RFT, VLM-R1, Vision-R1, plus documented readings of DIP-R1 and GRiP.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { boxSize } from "./box-size.js";
import { dipR1Accuracy, dipR1Format } from "./dip-r1.js";
import { gripSalienceIou } from "./grip.js";
import { giouReward, iou } from "./iou.js";
import { visionR1DualFormat, visionR1Precision, visionR1Recall } from "./vision-r1.js";
import { visualRftConfidence, visualRftIou } from "./visual-rft-detection.js";
import { visualRftClassification, visualRftLisa } from "./visual-rft-tasks.js";
import { vlmR1Ovd } from "./vlm-r1-ovd.js";
import { vlmR1RecFormat, vlmR1RecIou } from "./vlm-r1-rec.js";

export * from "./box-size.js";
export * from "./dip-r1.js";
export * from "./geometry.js";
export * from "./grip.js";
export * from "./hungarian.js";
export * from "./iou.js";
export * from "./matching.js";
export * from "./vision-r1.js";
export * from "./vision-r1-parse.js";
export * from "./visual-rft-detection.js";
export * from "./visual-rft-fast-parse.js";
export * from "./visual-rft-matching.js";
export * from "./visual-rft-tasks.js";
export * from "./vlm-r1-ovd.js";
export * from "./vlm-r1-rec.js";

/**
 * Every grounding reward type, for the registry.
 * @example
 * groundingRewards.map((f) => f.type); // ["grounding.iou", "grounding.giou", "grounding.box-size", …]
 */
export const groundingRewards: RewardFactory[] = [
  iou,
  giouReward,
  boxSize,
  visualRftIou,
  visualRftConfidence,
  visualRftClassification,
  visualRftLisa,
  vlmR1RecIou,
  vlmR1RecFormat,
  vlmR1Ovd,
  visionR1Precision,
  visionR1Recall,
  visionR1DualFormat,
  dipR1Format,
  dipR1Accuracy,
  gripSalienceIou,
] as RewardFactory[];
