/**
 * Built-in foundation presets.
 * @module
 */
import type { Preset } from "../schema.js";

/** foundation presets, shipped with the package. */
export const foundationPresets: Preset[] = [];
