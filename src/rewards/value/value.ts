/**
 * The `value` reward: reads a number computed elsewhere from `meta[key]`.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";

/**
 * Reads the number `meta[key]`, so scores computed outside plaudit (a reward model, a human label)
 * can be combined, gated or normalised with plaudit's own. Absent → `null` (does not apply, with
 * issue `missing_meta`); present but not a finite number → `null` with issue `invalid_meta`.
 * Numeric strings are accepted (`"0.5"`), as CSV-derived datasets carry them.
 *
 * No paper: a plumbing reward.
 * @example
 * const r = value({ key: "rm_score" });
 * r.score({ completion: "", meta: { rm_score: 0.7 } }, ctx); // 0.7
 */
export const value = defineReward({
  type: "value",
  description: "Reads the number meta[key] computed elsewhere (null when absent).",
  docs: {
    formula: "the number meta[key] (null when absent)",
    reads: (c) => ({ fields: ["meta"], meta: [c.key] }),
    deviations: [],
  },
  config: z.strictObject({
    /** The `meta` key holding the number. */
    key: z.string().min(1).describe("The `meta` key holding the number."),
  }),
  create: ({ key }) => ({
    score(sample, ctx) {
      const raw = sample.meta?.[key];
      if (raw === undefined || raw === null) {
        ctx.report("missing_meta", `meta.${key} is absent`);
        return null;
      }
      const number = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
      if (typeof number !== "number" || !Number.isFinite(number)) {
        ctx.report("invalid_meta", `meta.${key} is not a finite number: ${JSON.stringify(raw).slice(0, 40)}`);
        return null;
      }
      return number;
    },
  }),
});
