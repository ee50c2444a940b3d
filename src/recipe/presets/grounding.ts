/**
 * Built-in grounding presets.
 * @module
 */
import type { Preset } from "../schema.js";

/** grounding presets, shipped with the package. */
export const groundingPresets: Preset[] = [];
