/**
 * Rewards from local vision models: `image.face-identity`, `image.ocr-text`, `image.similarity`,
 * `image.embedding-similarity`, `image.clip-score`, `image.safety`. Pure given a vision runtime:
 * the runtime (worker pool, models) comes from the scorer's environment.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { clipScore, embeddingSimilarity } from "./embedding.js";
import { faceIdentity } from "./face-identity.js";
import { ocrText } from "./ocr-text.js";
import { imageSafety, NSFW_CLASSES, safetyValue } from "./safety.js";
import { imageSimilarity } from "./similarity.js";

export { cosineSimilarity, euclideanDistance, faceSimilarity, LINEAR_ZERO_DISTANCE } from "./face-score.js";
export { levenshtein, normalizeOcrText, ocrTextReward, quotedTarget } from "./ocr-score.js";
export { hammingDistance, lowFrequencyDct, perceptualHash } from "./phash.js";
export {
  clipScore,
  embeddingSimilarity,
  faceIdentity,
  imageSafety,
  imageSimilarity,
  NSFW_CLASSES,
  ocrText,
  safetyValue,
};

/**
 * The image reward factories.
 * @example
 * imageRewards.map((f) => f.type); // ["image.face-identity", "image.ocr-text", "image.similarity", …]
 */
export const imageRewards: readonly RewardFactory[] = [
  faceIdentity,
  ocrText,
  imageSimilarity,
  embeddingSimilarity,
  clipScore,
  imageSafety,
];
