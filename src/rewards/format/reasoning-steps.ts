/**
 * The `format.reasoning-steps` reward: open-r1's `reasoning_steps_reward`.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";

// Python's `\d` on str is any Unicode decimal digit; `^` without MULTILINE is the string start.
const STEP_MARKER = /Step \p{Nd}+:|^\p{Nd}+\.|\n-|\n\*|First,|Second,|Next,|Finally,/gu;

/**
 * Counts step markers as `len(re.findall(r"(Step \d+:|^\d+\.|\n-|\n\*|First,|Second,|Next,|Finally,)", s))`
 * and scores `min(1, count / steps)` with `steps` = 3 (`huggingface/open-r1@1416fa0:
 * src/open_r1/rewards.py`, `reasoning_steps_reward`). No MULTILINE, so `^\d+\.` only counts at the
 * very start, as in the released code. Counting stops once `steps` markers are found.
 * @example
 * reasoningSteps().score({ completion: "First, a\nFinally, b" }, ctx); // 0.6666666666666666
 */
export const reasoningSteps = defineReward({
  type: "format.reasoning-steps",
  description: "open-r1 reasoning_steps_reward: min(1, step markers / 3).",
  docs: {
    formula: "min(1, count(step markers) / steps), steps = 3",
    reads: { fields: ["completion"] },
    deviations: [],
  },
  config: z.strictObject({
    steps: z
      .number()
      .int()
      .positive()
      .default(3)
      .describe("Markers needed for the full score (open-r1 uses 3)."),
  }),
  create: ({ steps }) => ({
    score(sample) {
      STEP_MARKER.lastIndex = 0;
      let count = 0;
      while (count < steps && STEP_MARKER.exec(sample.completion) !== null) count++;
      return Math.min(1, count / steps);
    },
  }),
});
