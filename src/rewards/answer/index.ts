/**
 * Answer rewards: normalised exact match and VLM-R1's accuracy dispatcher, plus the answer
 * plumbing (extraction, references, `clean_text`, the math link) shared by the answer families.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { cleanText } from "./clean-text.js";
import { exactAnswer, normalizeExact } from "./exact.js";
import { answerText, referenceStrings, unwrapAnswer } from "./extract.js";
import { mathEquivalent } from "./math-bridge.js";
import { vlmR1Accuracy } from "./vlm-r1.js";

export type { ExactNormalization } from "./exact.js";
export type { MathVerdict } from "./math-bridge.js";
export {
  answerText,
  cleanText,
  exactAnswer,
  mathEquivalent,
  normalizeExact,
  referenceStrings,
  unwrapAnswer,
  vlmR1Accuracy,
};

/**
 * Every answer reward type, for the registry.
 * @example
 * answerRewards.map((f) => f.type); // ["answer.exact", "answer.vlm-r1"]
 */
export const answerRewards: RewardFactory[] = [exactAnswer, vlmR1Accuracy] as RewardFactory[];
