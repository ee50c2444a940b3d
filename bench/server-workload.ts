/**
 * The server bench's workload: GUI-G²-style rollouts (a bare `[x1,y1,x2,y2]` answer, a reference
 * box in pixels, the screenshot size, groups of 8) and the recipe that scores them: the `gui-g2`
 * preset when it exists, else a stand-in with the same shape of work (parse a box, Gaussian point
 * and coverage rewards, a format check, GRPO advantages).
 * @module
 */
import { z } from "zod";
import { createRegistry, defineReward } from "../src/core/index.js";
import { seededRandom as random } from "../src/core/random.js";
import { findFirstBox, referenceBox } from "../src/parse/index.js";
import { buildScorer, findPreset, type Scorer } from "../src/recipe/index.js";
import { builtinRewards } from "../src/rewards/index.js";

/**
 * `count` GUI-G²-like rollouts in groups of 8; about 1 in 10 answers has no box.
 * @example
 * const samples = guiG2Samples(8192);
 */
export function guiG2Samples(count: number, seed = 7): Array<Record<string, unknown>> {
  const rnd = random(seed);
  const out: Array<Record<string, unknown>> = [];
  let ref = [0, 0, 0, 0];
  for (let i = 0; i < count; i++) {
    if (i % 8 === 0) {
      const x = Math.round(rnd() * 1700);
      const y = Math.round(rnd() * 950);
      ref = [x, y, x + 20 + Math.round(rnd() * 200), y + 10 + Math.round(rnd() * 120)];
    }
    const jitter = () => Math.round((rnd() - 0.5) * 60);
    const pred = ref.map((v) => Math.max(0, v + jitter()));
    const completion = rnd() < 0.1 ? "I would click the settings icon." : `[${pred.join(", ")}]`;
    out.push({
      id: `r${i}`,
      group: `p${Math.floor(i / 8)}`,
      prompt: "Locate the element: the Save button in the toolbar. Output its bounding box.",
      completion,
      reference: ref,
      image: { width: 1920, height: 1080 },
    });
  }
  return out;
}

function boxes(sample: { completion: string; reference?: unknown }) {
  const pred = findFirstBox(sample.completion);
  const ref = referenceBox(sample.reference);
  return pred && ref ? { pred, ref } : null;
}

/** Stand-in for GUI-G²'s Gaussian point reward: density of the predicted centre under the reference Gaussian. */
const gaussianPointStandIn = defineReward({
  type: "bench.gaussian-point",
  description: "Bench stand-in for GUI-G2's Gaussian point reward.",
  config: z.strictObject({}),
  create: () => ({
    score(sample, ctx) {
      const b = ctx.memo("boxes", () => boxes(sample));
      if (!b) return 0;
      const sx = Math.max(1, (b.ref[2] - b.ref[0]) / 2);
      const sy = Math.max(1, (b.ref[3] - b.ref[1]) / 2);
      const dx = (b.pred[0] + b.pred[2] - b.ref[0] - b.ref[2]) / 2 / sx;
      const dy = (b.pred[1] + b.pred[3] - b.ref[1] - b.ref[3]) / 2 / sy;
      return Math.exp(-0.5 * (dx * dx + dy * dy));
    },
  }),
});

/** Stand-in for GUI-G²'s Gaussian coverage reward: overlap of the two boxes' Gaussians (Bhattacharyya). */
const gaussianCoverageStandIn = defineReward({
  type: "bench.gaussian-coverage",
  description: "Bench stand-in for GUI-G2's Gaussian coverage reward.",
  config: z.strictObject({}),
  create: () => ({
    score(sample, ctx) {
      const b = ctx.memo("boxes", () => boxes(sample));
      if (!b) return 0;
      let total = 0;
      for (const axis of [0, 1]) {
        const s1 = Math.max(1, (b.pred[axis + 2]! - b.pred[axis]!) / 2);
        const s2 = Math.max(1, (b.ref[axis + 2]! - b.ref[axis]!) / 2);
        const m = (b.pred[axis]! + b.pred[axis + 2]! - b.ref[axis]! - b.ref[axis + 2]!) / 2;
        const v = (s1 * s1 + s2 * s2) / 2;
        total += (m * m) / (8 * v) + 0.5 * Math.log(v / (s1 * s2));
      }
      return Math.exp(-total);
    },
  }),
});

/** The recipe the bench scores with, and a note saying which it is. */
export interface BenchRecipe {
  name: string;
  scorer: Scorer;
  note: string;
}

/**
 * The `gui-g2` preset when it is registered, else the stand-in recipe.
 * @example
 * const { scorer } = benchRecipe();
 */
export function benchRecipe(): BenchRecipe {
  if (findPreset("gui-g2")) return { name: "gui-g2", scorer: buildScorer("gui-g2"), note: "gui-g2 preset" };
  const scorer = buildScorer(
    {
      name: "gui-g2-stand-in",
      rewards: [
        { name: "gaussian_point", type: "bench.gaussian-point" },
        { name: "gaussian_coverage", type: "bench.gaussian-coverage" },
      ],
      combine: { type: "sum" },
      advantage: { type: "grpo" },
    },
    { registry: createRegistry([...builtinRewards, gaussianPointStandIn, gaussianCoverageStandIn]) },
  );
  return { name: "gui-g2-stand-in", scorer, note: "gui-g2 preset missing: stand-in recipe" };
}
