/**
 * PAR (Preference As Reward) and the shaping baselines of its paper, followed by GRPO's group
 * normalisation as PAR's GRPO trainer does.
 * @module
 */
import { z } from "zod";
import type { ComponentValue } from "../core/index.js";
import { defineAdvantage, forEachGroup, groupLayout } from "./estimator.js";
import { groupRelative } from "./grpo.js";
import { normalQuantile } from "./normal.js";
import { referenceRewards } from "./refs.js";

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * PAR: `(1/M) Σ_m σ(k·(r − r_ref,m))` over the first `maxRefs` references.
 * @example
 * preferenceAsReward(1.3, [0.2, 1.0, 2.5]); // 0.518726…
 */
export function preferenceAsReward(reward: number, refs: readonly number[], k = 1, maxRefs = 10): number {
  const used = Math.min(refs.length, maxRefs);
  let total = 0;
  for (let m = 0; m < used; m++) total += sigmoid(k * (reward - refs[m]!));
  return total / used;
}

/**
 * LSC (log-sigmoid centred): `log σ(r − r_ref)` with `r_ref = NormalPPF(p; mean(refs), std_unbiased(refs) + 1e-5)`,
 * p = 0.85, over **all** references (PAR's code does not cap them; kept, documented).
 * @example
 * logSigmoidCentered(1.3, [0.2, 1.0, 2.5]); // −1.420150…
 */
export function logSigmoidCentered(reward: number, refs: readonly number[], percentile = 0.85): number {
  const n = refs.length;
  let mean = 0;
  for (const v of refs) mean += v;
  mean /= n;
  let squares = 0;
  for (const v of refs) squares += (v - mean) ** 2;
  const std = n > 1 ? Math.sqrt(squares / (n - 1)) : Number.NaN;
  const reference = normalQuantile(percentile, mean, std + 1e-5);
  // log σ(x) = −log(1 + e^(−x)), written to stay finite for large |x|.
  const x = reward - reference;
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/** PAR's `RunningStats`: Chan's parallel merge of batch moments (population variance), min and max. */
class RunningStats {
  count = 0;
  mean = 0;
  m2 = 0;
  max = -10000;
  min = 10000;

  update(values: readonly number[]): void {
    const n = values.length;
    if (!n) return;
    let sum = 0;
    for (const v of values) sum += v;
    const batchMean = sum / n;
    let squares = 0;
    for (const v of values) {
      squares += (v - batchMean) ** 2;
      if (v > this.max) this.max = v;
      if (v < this.min) this.min = v;
    }
    const total = this.count + n;
    const delta = batchMean - this.mean;
    this.mean += delta * (n / total);
    this.m2 += squares + delta * delta * ((this.count * n) / total);
    this.count = total;
  }

  get std(): number {
    return this.count > 1 ? Math.sqrt(this.m2 / this.count) : 0;
  }
}

const ParSchema = z.strictObject({
  shaping: z.enum(["par", "lsc", "sigmoid", "clip", "minmax", "meanstd", "none"]).default("par"),
  /** PAR's `sigmoid_k`. */
  k: z.number().finite().positive().default(1).describe("PAR's `sigmoid_k`."),
  refsKey: z.string().min(1).default("refs"),
  /** Reference rewards from each sample's `meta`, or shared by the group (the first sample carrying them). */
  refs: z
    .enum(["sample", "group"])
    .default("sample")
    .describe(
      "Reference rewards from each sample's `meta`, or shared by the group (the first sample carrying them).",
    ),
  /** PAR's `reward_maxref` (not applied by `lsc`, as in PAR's code). */
  maxRefs: z
    .number()
    .int()
    .positive()
    .default(10)
    .describe("PAR's `reward_maxref` (not applied by `lsc`, as in PAR's code)."),
  percentile: z.number().gt(0).lt(1).default(0.85),
  /** PAR's `reward_ceil`: `min(r, ceil)` before and after the running-statistics baselines. */
  ceil: z
    .number()
    .finite()
    .optional()
    .describe("PAR's `reward_ceil`: `min(r, ceil)` before and after the running-statistics baselines."),
  lengthPenalty: z
    .strictObject({
      lengthKey: z.string().min(1).default("length"),
      validLength: z.number().finite().nonnegative().default(300),
      penalty: z.number().finite().nonnegative().default(0.01),
    })
    .optional(),
  /** PAR's code applies the length penalty always (its bool flag cannot be switched off). */
  legacy: z
    .boolean()
    .default(false)
    .describe("PAR's code applies the length penalty always (its bool flag cannot be switched off)."),
  /** `grpo`: `(x − mean_G) / (std_G + eps)` as PAR's GRPO trainer; `none`: the shaped reward is the advantage. */
  normalize: z
    .enum(["grpo", "none"])
    .default("grpo")
    .describe(
      "`grpo`: `(x − mean_G) / (std_G + eps)` as PAR's GRPO trainer; `none`: the shaped reward is the advantage.",
    ),
  eps: z.number().finite().nonnegative().default(1e-8),
});

/**
 * `par`: shapes each reward, then (by default) group-normalises the shaped rewards.
 * - `shaping: par` (default): `mean_m σ(k·(r − r_ref,m))`; `lsc`: `log σ(r − NormalPPF(0.85; refs))`;
 *   `sigmoid`: `σ(k·r)`; `clip`: `clip(r, μ_run − σ_run, μ_run + σ_run)`; `minmax`:
 *   `(r − min_run)/(max_run − min_run)`; `meanstd`: `(r − μ_run)/σ_run` (σ = 1 if 0); `none`.
 *   The running statistics persist in the estimator across batches and are updated with each
 *   batch before use, as PAR's `RunningStats`.
 * - References: `meta[refsKey]` (an array of reward-model scores of SFT responses to the same
 *   prompt) per sample, or per group; a sample without references under `par`/`lsc` is
 *   excluded (advantage 0), as its shaped reward is undefined.
 * - Order as PAR: ceil, length penalty, running-statistics baseline, ceil, sigmoid/PAR/LSC.
 *
 * Deviation (bug table): PAR's length penalty `r − 0.01·(L − 300)` is always on in its code;
 * here it applies only when `lengthPenalty` is set (with `meta[lengthKey]` the token count), and
 * `legacy: true` turns it on with the defaults.
 *
 * Paper: Reward Shaping to Mitigate Reward Hacking in RLHF (arXiv 2502.18770).
 * Code: PorUna-byte/PAR@b8caf40: trainers/reward_shaper.py; PorUna-byte/PAR@b8caf40: trainers/grpo_trainer.py:95-125.
 * @example
 * // r = 1.3, refs [0.2, 1.0, 2.5]: par 0.518726, lsc −1.420150 (normalize: none)
 * // recipe: advantage: { type: par, refsKey: sft_refs }
 */
export const parAdvantage = defineAdvantage({
  type: "par",
  description:
    "PAR reward shaping mean_m σ(k(r − r_ref,m)) (or LSC, clip, min-max, mean-std), then group normalisation.",
  config: ParSchema,
  create: (config) => {
    const running = new RunningStats();
    const penalty =
      config.lengthPenalty ?? (config.legacy ? ParSchema.shape.lengthPenalty.unwrap().parse({}) : undefined);
    return {
      groupScope: config.normalize === "grpo" ? "group" : undefined,
      compute(input) {
        const { rewards, groups, samples } = input;
        const n = rewards.length;
        const shaped: ComponentValue[] = rewards.map((r) => (r === null || r === undefined ? null : r));
        const ceil = (): void => {
          if (config.ceil === undefined) return;
          for (let i = 0; i < n; i++) if (shaped[i] !== null) shaped[i] = Math.min(shaped[i]!, config.ceil);
        };
        ceil();
        if (penalty) {
          for (let i = 0; i < n; i++) {
            const length = samples[i]?.meta?.[penalty.lengthKey];
            if (shaped[i] === null || typeof length !== "number" || !(length > penalty.validLength)) continue;
            shaped[i] = shaped[i]! - penalty.penalty * (length - penalty.validLength);
          }
        }
        const { shaping } = config;
        if (shaping === "clip" || shaping === "minmax" || shaping === "meanstd") {
          running.update(shaped.filter((v): v is number => v !== null));
          for (let i = 0; i < n; i++) {
            const v = shaped[i];
            if (v === null || v === undefined) continue;
            if (shaping === "meanstd") shaped[i] = (v - running.mean) / (running.std > 0 ? running.std : 1);
            else if (shaping === "clip")
              shaped[i] = Math.min(Math.max(v, running.mean - running.std), running.mean + running.std);
            else shaped[i] = (v - running.min) / (running.max - running.min);
          }
          ceil();
        } else if (shaping === "sigmoid") {
          for (let i = 0; i < n; i++) if (shaped[i] !== null) shaped[i] = sigmoid(config.k * shaped[i]!);
        } else if (shaping === "par" || shaping === "lsc") {
          const { keys, offsets, order } = groupLayout(groups);
          for (let g = 0; g < keys.length; g++) {
            const start = offsets[g]!;
            const end = offsets[g + 1]!;
            const shared =
              config.refs === "group"
                ? referenceRewards(samples, order, start, end, config.refsKey)
                : undefined;
            for (let p = start; p < end; p++) {
              const i = order[p]!;
              if (shaped[i] === null) continue;
              const refs =
                config.refs === "group" ? shared : referenceRewards(samples, order, p, p + 1, config.refsKey);
              if (!refs) shaped[i] = null;
              else if (shaping === "par")
                shaped[i] = preferenceAsReward(shaped[i]!, refs, config.k, config.maxRefs);
              else shaped[i] = logSigmoidCentered(shaped[i]!, refs, config.percentile);
            }
          }
        }
        for (let i = 0; i < n; i++) if (shaped[i] !== null && !Number.isFinite(shaped[i]!)) shaped[i] = null;
        const perSample = { shaped: shaped as Array<number | null> };
        if (config.normalize === "grpo") {
          const out = groupRelative(
            { ...input, rewards: shaped },
            { std: "unbiased", eps: config.eps, scale: "group", singleton: "zero" },
          );
          return { ...out, perSample };
        }
        const stats = forEachGroup(shaped, groups, "unbiased");
        return { advantages: shaped.map((v) => v ?? 0), groups: stats, perSample };
      },
    };
  },
});
