/**
 * The `length.overlong` reward: DAPO's soft overlong punishment.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { completionLength, LengthUnitSchema } from "./measure.js";

/**
 * DAPO soft overlong punishment (paper "DAPO: An Open-Source LLM Reinforcement Learning System at
 * Scale", arXiv 2503.14476, Eq. 13; `huggingface/trl@f2cd577: trl/rewards/other_rewards.py`,
 * `get_soft_overlong_punishment`; the same in open-r1): with `L = maxLength`, `C = cache`,
 * 0 if `|y| ≤ L − C`; `(L − C − |y|) / C` if `L − C < |y| ≤ L`; −1 beyond `L`.
 * Lengths are tokens from `meta` by default (see `measure.ts`), or characters.
 * @example
 * const r = overlongPunishment({ maxLength: 100, cache: 20 });
 * r.score({ completion: "", meta: { completion_tokens: 90 } }, ctx); // -0.5
 */
export const overlongPunishment = defineReward({
  type: "length.overlong",
  description:
    "DAPO soft overlong punishment: 0 up to maxLength-cache, linear to -1 at maxLength, -1 beyond.",
  docs: {
    formula: "0 if |y| ≤ L − C; (L − C − |y|) / C if L − C < |y| ≤ L; −1 beyond L",
    reads: (c) =>
      c.unit === "characters"
        ? { fields: ["completion"] }
        : { fields: ["meta"], meta: ["completion_ids", "completion_tokens"] },
    deviations: [],
  },
  config: z
    .strictObject({
      maxLength: z
        .number()
        .int()
        .positive()
        .default(16384)
        .describe("L, the hard length limit (DAPO: 20480 tokens)."),
      cache: z.number().int().min(0).default(4096).describe("C, the soft punishment interval below L."),
      unit: LengthUnitSchema.default("tokens").describe(
        "Length unit: `tokens` (from `meta`) or `characters`.",
      ),
    })
    .refine((c) => c.cache <= c.maxLength, { message: "cache must not exceed maxLength", path: ["cache"] }),
  create: ({ maxLength, cache, unit }) => ({
    score(sample, ctx) {
      const length = completionLength(sample, unit, ctx);
      if (length === null) return null;
      if (length <= maxLength - cache) return 0;
      if (length <= maxLength) return (maxLength - cache - length) / cache;
      return -1;
    },
  }),
});
