/**
 * Choice rewards: single letter (VLM-R1), yes/no (VLM-R1), multi-select (TW-GRPO).
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { extractChoice } from "./extract-choice.js";
import { choiceMultiSelect } from "./multi-select.js";
import { choiceSingle, scoreSingleChoice } from "./single.js";
import { choiceYesNo, scoreYesNo } from "./yes-no.js";

export { choiceMultiSelect, choiceSingle, choiceYesNo, extractChoice, scoreSingleChoice, scoreYesNo };

/**
 * Every choice reward type, for the registry.
 * @example
 * choiceRewards.map((f) => f.type); // ["choice.single", "choice.yes-no", "choice.multi-select"]
 */
export const choiceRewards: RewardFactory[] = [
  choiceSingle,
  choiceYesNo,
  choiceMultiSelect,
] as RewardFactory[];
