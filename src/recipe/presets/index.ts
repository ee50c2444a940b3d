/**
 * Every built-in preset.
 * @module
 */
import type { Preset } from "../schema.js";
import { answerPresets } from "./answer.js";
import { foundationPresets } from "./foundation.js";
import { groundingPresets } from "./grounding.js";
import { guiPresets } from "./gui.js";
import { imagePresets } from "./image.js";
import { judgePresets } from "./judges.js";

/**
 * All built-in presets by name.
 * @example
 * builtinPresets.find((p) => p.name === "gui-g2")?.recipe.rewards?.length; // 3
 */
export const builtinPresets: readonly Preset[] = [
  ...foundationPresets,
  ...groundingPresets,
  ...guiPresets,
  ...answerPresets,
  ...judgePresets,
  ...imagePresets,
];
