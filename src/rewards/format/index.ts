/**
 * Format rewards: R1 think/answer variants, TRL think format, open-r1 tag count and reasoning steps.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { reasoningSteps } from "./reasoning-steps.js";
import { thinkAnswerFormat } from "./think-answer.js";
import { matchesOpenR1Format, matchesThinkAnswer, matchesTrlThinkFormat } from "./think-answer-match.js";
import { tagCount, thinkFormat } from "./think-tags.js";

export type { MatchMode, Trailing } from "./think-answer-match.js";
export {
  matchesOpenR1Format,
  matchesThinkAnswer,
  matchesTrlThinkFormat,
  reasoningSteps,
  tagCount,
  thinkAnswerFormat,
  thinkFormat,
};

/**
 * Every format reward type, for the registry.
 * @example
 * formatRewards.map((f) => f.type);
 * // ["format.think-answer", "format.think", "format.tag-count", "format.reasoning-steps"]
 */
export const formatRewards: RewardFactory[] = [
  thinkAnswerFormat,
  thinkFormat,
  tagCount,
  reasoningSteps,
] as RewardFactory[];
