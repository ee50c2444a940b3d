/**
 * Built-in gui presets.
 * @module
 */
import type { Preset } from "../schema.js";

/** gui presets, shipped with the package. */
export const guiPresets: Preset[] = [];
