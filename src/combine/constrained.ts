/**
 * `constrained`: Lagrangian weights on thresholded components (Constrained RLHF), updated from
 * batch to batch.
 * @module
 */
import { z } from "zod";
import type { ComponentValue } from "../core/index.js";
import { ConfigError } from "../core/index.js";
import { ComponentNameSchema } from "../recipe/schema.js";
import { defineCombiner, indexesOf } from "./combiner.js";

const ConstraintSchema = z.strictObject({
  component: ComponentNameSchema,
  threshold: z.number().finite(),
  /** `at-most`: keep the component's batch mean ≤ threshold (do not over-optimise a proxy); `at-least`: ≥. */
  sense: z
    .enum(["at-most", "at-least"])
    .default("at-most")
    .describe(
      "`at-most`: keep the component's batch mean ≤ threshold (do not over-optimise a proxy); `at-least`: ≥.",
    ),
  /** Initial multiplier λ₀. */
  initial: z.number().finite().nonnegative().default(0).describe("Initial multiplier λ₀."),
});

/**
 * `constrained`: maximise the objective components subject to constraints on others, with
 * Lagrange multipliers learnt by dual descent.
 *
 * Reward (per sample): `Σ_obj w_k·r_k − Σ_c λ_c · σ_c · (r_c − θ_c)`, with σ = +1 for `at-most`
 * and −1 for `at-least` (so a violated `at-most` constraint is penalised and a satisfied
 * `at-least` one earns `λ·(r − θ)`); null components contribute nothing, all null → null.
 * Objective components are those not constrained (weights from the recipe).
 *
 * Update rule (after scoring each batch, with that batch's multipliers): with `J_c` the batch mean
 * of the non-null `r_c`, `λ_c ← clip(λ_c + η · σ_c · (J_c − θ_c), 0, maxMultiplier)` — projected
 * gradient ascent on the dual: λ grows while the constraint is violated and decays towards 0
 * once it holds with slack. Defaults: η = `stepSize` = 0.1, λ₀ = 0, `maxMultiplier` = 100.
 * A batch without a non-null value of a constrained component leaves its λ unchanged.
 *
 * State: the multipliers live in the combiner, which persists across `score()` calls of one
 * scorer (build a new scorer to reset). `stats.combine` reports `multipliers` (used for this
 * batch), `next` (after the update) and `means` (J_c).
 *
 * Paper: Confronting Reward Model Overoptimization with Constrained RLHF (arXiv 2310.04373);
 * the per-batch dual step is plaudit's concrete choice of the paper's Lagrangian relaxation.
 * @example
 * // combine: { type: constrained, constraints: [{ component: length, threshold: 0.5 }], stepSize: 0.1 }
 */
export const constrainedCombiner = defineCombiner({
  type: "constrained",
  description:
    "Lagrangian: Σ w·r over objectives − Σ λ_c·σ_c(r_c − θ_c); λ updated per batch by dual ascent (state in stats.combine).",
  config: z.strictObject({
    constraints: z.array(ConstraintSchema).min(1),
    stepSize: z.number().finite().positive().default(0.1),
    maxMultiplier: z.number().finite().positive().default(100),
  }),
  create: (config, env) => {
    const constrained = indexesOf(
      env.names,
      config.constraints.map((c) => c.component),
      "combine.constraints",
    );
    const duplicate = constrained.findIndex((k, i) => constrained.indexOf(k) !== i);
    if (duplicate !== -1) {
      throw new ConfigError([
        {
          path: `combine.constraints[${duplicate}].component`,
          message: "component constrained twice",
          value: env.names[constrained[duplicate]!],
        },
      ]);
    }
    const objectives = env.names.map((_, k) => k).filter((k) => !constrained.includes(k));
    const signs = config.constraints.map((c) => (c.sense === "at-most" ? 1 : -1));
    const multipliers = config.constraints.map((c) => c.initial);
    return {
      // A dual step per sample (a trainer calling once per sample) is not the per-batch rule.
      groupScope: "batch",
      combineBatch({ rows }) {
        const used = [...multipliers];
        const sums = new Array<number>(constrained.length).fill(0);
        const counts = new Array<number>(constrained.length).fill(0);
        const rewards: ComponentValue[] = rows.map((row) => {
          let total = 0;
          let any = false;
          for (const k of objectives) {
            const v = row[k];
            if (v === null || v === undefined) continue;
            any = true;
            total += env.weights[k]! * v;
          }
          constrained.forEach((k, c) => {
            const v = row[k];
            if (v === null || v === undefined) return;
            any = true;
            sums[c]! += v;
            counts[c]!++;
            total -= used[c]! * signs[c]! * (v - config.constraints[c]!.threshold);
          });
          return any ? total : null;
        });
        const means = counts.map((count, c) => (count ? sums[c]! / count : null));
        means.forEach((mean, c) => {
          if (mean === null) return;
          const step = config.stepSize * signs[c]! * (mean - config.constraints[c]!.threshold);
          multipliers[c] = Math.min(config.maxMultiplier, Math.max(0, multipliers[c]! + step));
        });
        const byName = (values: ReadonlyArray<number | null>) =>
          Object.fromEntries(config.constraints.map((c, i) => [c.component, values[i] ?? null]));
        return {
          rewards,
          stats: { multipliers: byName(used), next: byName(multipliers), means: byName(means) },
        };
      },
    };
  },
});
