/**
 * Model judges over chat endpoints: `judge.pointwise`, `judge.pairwise`, `judge.logprob`,
 * `judge.caption-qa`, `judge.rank`, `judge.checklist`.
 * Pure given a client: the client comes from the scorer's environment.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { judgeCaptionQa } from "./caption-qa.js";
import { judgeChecklist } from "./checklist.js";
import { judgeLogprob } from "./logprob.js";
import { judgePairwise } from "./pairwise.js";
import { judgePointwise } from "./pointwise.js";
import { judgeRank } from "./rank.js";

export { checklistParser, readChecklist } from "./checklist.js";
export { labelMasses } from "./logprob.js";
export { judgedPairs, winRates } from "./pairwise.js";
export { pairwiseParser, pointwiseParser } from "./parse.js";
export { drawQuestions, readQuestions, renderQuestion, replyLetter } from "./questions.js";
export { RankParseSchema, rankParser } from "./rank.js";
export { judgeCaptionQa, judgeChecklist, judgeLogprob, judgePairwise, judgePointwise, judgeRank };

/**
 * The judge reward factories.
 * @example
 * judgeRewards.map((f) => f.type); // ["judge.pointwise", "judge.pairwise", "judge.logprob", "judge.caption-qa", "judge.rank", "judge.checklist"]
 */
export const judgeRewards: readonly RewardFactory[] = [
  judgePointwise,
  judgePairwise,
  judgeLogprob,
  judgeCaptionQa,
  judgeRank,
  judgeChecklist,
];
