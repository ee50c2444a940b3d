/**
 * Answer extraction: tags, boxes and points in every format, numbers, coordinate frames.
 * Pure: imports nothing Node-only.
 * @module
 */
export * from "./boxes.js";
export * from "./frames.js";
export * from "./numbers.js";
export * from "./points.js";
export * from "./python/index.js";
export * from "./tags.js";
