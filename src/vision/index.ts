/**
 * Local vision models for the image rewards (Node only): `createVisionRuntime` (worker pool,
 * micro-batching, lazy shared models, images under allowed roots) and the runner contract.
 * @module
 */
export { BUILTIN_RUNNERS, createVisionRuntime, type VisionRuntimeOptions } from "./runtime.js";
export type {
  BuiltinRunner,
  LoadedRunner,
  RunnerItem,
  RunnerResult,
  VisionModel,
  VisionModelStats,
  VisionOutcome,
  VisionRequest,
  VisionRuntime,
} from "./types.js";
