/**
 * Built-in foundation presets.
 * @module
 */
import type { Preset } from "../schema.js";

/**
 * foundation presets, shipped with the package.
 * @example
 * foundationPresets.length; // 0 (none yet)
 */
export const foundationPresets: Preset[] = [];
