/**
 * Length rewards: cosine-scaled, repetition, DAPO overlong, generalised penalty, ReFine-RFT think length.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { cosineLength } from "./cosine.js";
import { codePointLength, completionLength, completionTokenIds } from "./measure.js";
import { overlongPunishment } from "./overlong.js";
import { lengthPenalty } from "./penalty.js";
import { repetition, repetitionPenalty } from "./repetition.js";
import { thinkPunishment, thinkRange } from "./think-length.js";

export {
  codePointLength,
  completionLength,
  completionTokenIds,
  cosineLength,
  lengthPenalty,
  overlongPunishment,
  repetition,
  repetitionPenalty,
  thinkPunishment,
  thinkRange,
};

/**
 * Every length reward type, for the registry.
 * @example
 * lengthRewards.map((f) => f.type); // ["length.cosine", "length.repetition", "length.overlong", …]
 */
export const lengthRewards: RewardFactory[] = [
  cosineLength,
  repetition,
  overlongPunishment,
  lengthPenalty,
  thinkPunishment,
  thinkRange,
] as RewardFactory[];
