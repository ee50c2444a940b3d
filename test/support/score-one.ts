/**
 * Helpers for the grounding tests: score one sample with a fresh context.
 * @module
 */
import { createContext, type Issue, type Reward } from "../../src/core/index.js";
import type { ComponentValue, Sample } from "../../src/core/sample.js";

/**
 * Scores `sample` with `reward` and returns the value and the issue codes.
 * @example
 * scoreOne(iou({}), { completion: "<answer>none</answer>", reference: [0, 0, 10, 10] });
 * // { value: 0, codes: ["no_box_found"], issues: [{ reward: "reward", code: "no_box_found", … }] }
 */
export function scoreOne(
  reward: Reward,
  sample: Sample,
): { value: ComponentValue; codes: string[]; issues: Issue[] } {
  const { ctx, issues } = createContext();
  const value = reward.score!(sample, ctx) as ComponentValue;
  return { value, codes: issues.map((i) => i.code), issues };
}
