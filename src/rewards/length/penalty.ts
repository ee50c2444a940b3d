/**
 * The `length.penalty` reward: a generalised length penalty around a target length.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { completionLength, LengthUnitSchema } from "./measure.js";

/**
 * Generalised length penalty, plaudit's reading of the "generalized length-penalty reward" of
 * "Beyond Monolithic Rewards: Hybrid Multi-Aspect Reward Optimization" (Gulhane & Indurthi, ACL
 * Findings 2026; no public code, low confidence — reward-formulas.md §12). Choices made here:
 * the distance outside the tolerance band `d = max(0, |L − target| − tolerance)` (only above the
 * target with `side: "over"`, only below with `"under"`), `x = min(1, d / scale)`, and
 * `r = −maxPenalty · x` (`linear`) or `r = −maxPenalty · (1 − cos πx) / 2` (`cosine`), so the reward
 * is 0 inside the band and −maxPenalty at `scale` beyond it. It applies to every response,
 * correct or not (combine with a gate for correct-only). Unit: tokens from `meta` or characters.
 * @example
 * const r = lengthPenalty({ target: 100, tolerance: 10, scale: 50, unit: "characters" });
 * r.score({ completion: "x".repeat(135) }, ctx); // -0.5
 */
export const lengthPenalty = defineReward({
  type: "length.penalty",
  description:
    "Generalised length penalty: 0 within target±tolerance, growing (linear or cosine) to -maxPenalty over `scale`.",
  docs: {
    formula:
      "−maxPenalty · x (linear) or −maxPenalty · (1 − cos πx)/2 (cosine), x = min(1, max(0, |L − target| − tolerance) / scale)",
    reads: (c) =>
      c.unit === "characters"
        ? { fields: ["completion"] }
        : { fields: ["meta"], meta: ["completion_ids", "completion_tokens"] },
    deviations: ["plaudit's reading of the paper (no released code, low confidence)"],
  },
  config: z.strictObject({
    /** Target length; the default (1024) is arbitrary — set it for your run. */
    target: z
      .number()
      .finite()
      .min(0)
      .default(1024)
      .describe("Target length; the default (1024) is arbitrary — set it for your run."),
    tolerance: z
      .number()
      .finite()
      .min(0)
      .default(0)
      .describe("Half-width of the band around the target with no penalty."),
    /** Distance beyond the band at which the full penalty applies; default 1024 (arbitrary). */
    scale: z
      .number()
      .finite()
      .positive()
      .default(1024)
      .describe("Distance beyond the band at which the full penalty applies; default 1024 (arbitrary)."),
    shape: z
      .enum(["linear", "cosine"])
      .default("linear")
      .describe("Penalty curve beyond the band: `linear` or `cosine`."),
    side: z
      .enum(["both", "over", "under"])
      .default("both")
      .describe("Penalise lengths on `both` sides of the target, only `over` it, or only `under` it."),
    maxPenalty: z
      .number()
      .finite()
      .min(0)
      .default(1)
      .describe("The penalty magnitude at `scale` beyond the band."),
    unit: LengthUnitSchema.default("tokens").describe("Length unit: `tokens` (from `meta`) or `characters`."),
  }),
  create: (config) => ({
    score(sample, ctx) {
      const length = completionLength(sample, config.unit, ctx);
      if (length === null) return null;
      const signed = length - config.target;
      const outside = config.side === "over" ? signed : config.side === "under" ? -signed : Math.abs(signed);
      const distance = Math.max(0, outside - config.tolerance);
      const x = Math.min(1, distance / config.scale);
      const shaped = config.shape === "linear" ? x : (1 - Math.cos(Math.PI * x)) / 2;
      return shaped === 0 ? 0 : -config.maxPenalty * shaped;
    },
  }),
});
