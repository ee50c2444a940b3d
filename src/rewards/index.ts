/**
 * Every built-in reward family, and the default registry built from them.
 * @module
 */
import { createRegistry, type RewardFactory, type RewardRegistry } from "../core/index.js";
import { answerRewards } from "./answer/index.js";
import { choiceRewards } from "./choice/index.js";
import { formatRewards } from "./format/index.js";
import { groundingRewards } from "./grounding/index.js";
import { guiRewards } from "./gui/index.js";
import { imageRewards } from "./image/index.js";
import { judgeRewards } from "./judge/index.js";
import { lengthRewards } from "./length/index.js";
import { mathRewards } from "./math/index.js";
import { numberRewards } from "./number/index.js";
import { rmRewards } from "./rm/index.js";
import { textRewards } from "./text/index.js";
import { valueRewards } from "./value/index.js";

/**
 * All built-in reward factories.
 * @example
 * createRegistry(builtinRewards).has("gui.gaussian-point"); // true
 */
export const builtinRewards: readonly RewardFactory[] = [
  ...formatRewards,
  ...answerRewards,
  ...choiceRewards,
  ...numberRewards,
  ...mathRewards,
  ...textRewards,
  ...lengthRewards,
  ...groundingRewards,
  ...guiRewards,
  ...valueRewards,
  ...judgeRewards,
  ...rmRewards,
  ...imageRewards,
];

/**
 * A registry with every built-in reward type.
 * @example
 * const reward = defaultRegistry().create("grounding.iou", { threshold: 0.5 });
 */
export function defaultRegistry(): RewardRegistry {
  return createRegistry(builtinRewards);
}
