/**
 * GUI-agent rewards: click hit, GUI-G1's IoU / hit / box-closeness rewards, GUI-G²'s Gaussian
 * point and plane rewards and its bare-box format reward, and SSL's sweet-spot tiers.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { clickHitReward } from "./click-hit.js";
import { gaussianPlaneReward, gaussianPointReward, guiG2FormatReward } from "./gaussian.js";
import { guiG1BoxReward, guiG1HitReward, guiG1IouReward } from "./gui-g1.js";
import { sweetSpotReward } from "./sweet-spot.js";

export { pythonLiteralEval } from "../../parse/python/index.js";
export { CLICK_PREFERENCES, clickHitReward } from "./click-hit.js";
export { gaussianPlaneReward, gaussianPointReward, guiG2FormatReward } from "./gaussian.js";
export { gaussianPlaneValue, gaussianPointValue, roundLikeNumpy } from "./gaussian-math.js";
export { guiG1BoxReward, guiG1HitReward, guiG1IouReward } from "./gui-g1.js";
export { guiG1JsonText, parseGuiG1Box } from "./gui-g1-parse.js";
export { isGuiG2IntegerBox, parseGuiG2Box } from "./gui-g2-parse.js";
export { gaussianProximity, SWEET_SPOT_AGGREGATES, sweetSpotReward } from "./sweet-spot.js";

/**
 * Every gui reward type, for the registry.
 * @example
 * guiRewards.map((f) => f.type); // ["gui.click-hit", "gui.g1-iou", …, "gui.sweet-spot"]
 */
export const guiRewards: RewardFactory[] = [
  clickHitReward,
  guiG1IouReward,
  guiG1HitReward,
  guiG1BoxReward,
  gaussianPointReward,
  gaussianPlaneReward,
  guiG2FormatReward,
  sweetSpotReward,
] as RewardFactory[];
