/**
 * The shipped judge templates and their lookup.
 * @module
 */
import { caprlTemplates } from "./caprl.js";
import { otherTemplates } from "./others.js";
import type { JudgeTemplate } from "./template.js";
import { unifiedRewardTemplates } from "./unified-reward.js";

export * from "./template.js";

/**
 * Every shipped template.
 * @example
 * builtinTemplates.length > 5; // true
 */
export const builtinTemplates: readonly JudgeTemplate[] = [
  ...unifiedRewardTemplates,
  ...otherTemplates,
  ...caprlTemplates,
];

/**
 * A shipped template by name.
 * @example
 * findTemplate("unified-reward/image-generation-pairwise")?.kind; // "pairwise"
 */
export function findTemplate(name: string): JudgeTemplate | undefined {
  return builtinTemplates.find((t) => t.name === name);
}
