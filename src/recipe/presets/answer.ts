/**
 * Built-in answer presets.
 * @module
 */
import type { Preset } from "../schema.js";

/** answer presets, shipped with the package. */
export const answerPresets: Preset[] = [];
