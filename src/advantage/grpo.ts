/**
 * GRPO's group-relative advantage, and its mean-only form (Dr. GRPO), in TRL's and verl's flavours.
 * @module
 */
import { z } from "zod";
import { type ComponentValue, moments } from "../core/index.js";
import {
  type AdvantageInput,
  type AdvantageOutput,
  defineAdvantage,
  finiteOrZero,
  forEachGroup,
  zeros,
} from "./estimator.js";

/**
 * How a group with a single non-null reward is treated: `zero` (TRL) or `verl` (mean 0, std 1).
 * @example
 * SingletonSchema.parse("verl");
 */
export const SingletonSchema = z.enum(["zero", "verl"]);

/** Options of {@link groupRelative}. */
export interface GroupRelativeOptions {
  /** `none` keeps `r − mean` (Dr. GRPO). */
  std: "unbiased" | "population" | "none";
  eps: number;
  scale: "group" | "batch";
  /** `zero`: advantage 0 (TRL: NaN std → nan_to_num); `verl`: mean 0 and std 1, so `r / (1 + eps)`. */
  singleton: "zero" | "verl";
}

/**
 * The shared computation of `grpo`, `dr-grpo` and `mean-only`:
 * `A = (r − mean_G) / (std + eps)`, or `r − mean_G` with `std: "none"`.
 * @example
 * groupRelative({ rewards: [1, 0], groups: ["g", "g"], samples: [], rows: [] },
 *   { std: "unbiased", eps: 1e-4, scale: "group", singleton: "zero" }).advantages; // [0.7070…, −0.7070…]
 */
export function groupRelative(input: AdvantageInput, options: GroupRelativeOptions): AdvantageOutput {
  const { rewards, groups } = input;
  const { std, eps, scale, singleton } = options;
  const kind = std === "population" ? "population" : "unbiased";
  const advantages = zeros(rewards.length);
  // TRL: nanstd over the batch; one value or none → std 0 (then r − mean_G is 0 anyway).
  const batchSpread = scale === "batch" ? moments(rewards, kind).std : Number.NaN;
  const stats = forEachGroup(rewards, groups, kind, (s, order, start, end) => {
    const count = s.size - s.nulls;
    let mean = s.mean!;
    let denominator: number;
    if (count === 1 && singleton === "verl") {
      mean = 0;
      denominator = std === "none" ? 1 : 1 + eps;
    } else if (std === "none") {
      denominator = 1;
    } else {
      const spread = scale === "batch" ? batchSpread : (s.std ?? Number.NaN);
      // An undefined std (TRL's NaN) gives NaN advantages, which TRL zeroes.
      if (!Number.isFinite(spread)) return;
      denominator = spread + eps;
    }
    for (let p = start; p < end; p++) {
      const i = order[p]!;
      const r = rewards[i];
      if (r === null || r === undefined) continue;
      advantages[i] = finiteOrZero((r - mean) / denominator);
    }
  });
  return { advantages, groups: stats };
}

/** Defaults of each flavour: TRL's eps 1e-4 and zeroed singletons; verl's eps 1e-6 and mean 0 / std 1. */
const FLAVORS = {
  trl: { eps: 1e-4, singleton: "zero" },
  verl: { eps: 1e-6, singleton: "verl" },
} as const;

/**
 * GRPO: `A = (r − mean_G) / (std_G + eps)` over the samples sharing `group`.
 * - `flavor`: `trl` (default: eps 1e-4, a group with one non-null reward gets 0, as TRL's NaN
 *   std is zeroed) or `verl` (eps 1e-6, a group of one has mean 0 and std 1: `r / (1 + eps)`).
 *   `eps` and `singleton` override the flavour's defaults.
 * - `std`: `unbiased` (n − 1, torch's default, as TRL, verl and the VLM trainers use),
 *   `population` (n), or `none` (no division: Dr. GRPO, `r − mean`).
 * - `scale`: `group` divides by each group's std; `batch` by the unbiased std of every non-null
 *   reward of the batch, the mean staying per group (TRL `scale_rewards="batch"`).
 *
 * Null rewards are excluded from the statistics and get advantage 0 (TRL's unscorable rows);
 * verl has no null rewards, so with `verl` the singleton rule applies to the non-null count.
 *
 * Paper: DeepSeekMath (arXiv 2402.03300). Code: huggingface/trl@f2cd577: trl/trainer/grpo_trainer.py:2679-2735;
 * volcengine/verl@b178a3c: verl/trainer/ppo/core_algos.py:267-330.
 * @example
 * // rewards [1,0,0,1,1,0,0,0] in one group → trl [1.20738, −0.72443, …]; verl [1.20761, −0.72457, …]
 * // recipe: advantage: { type: grpo, flavor: verl }
 */
export const grpoAdvantage = defineAdvantage({
  type: "grpo",
  description:
    "Group-relative advantage (r − mean) / (std + eps) over samples sharing `group` (TRL or verl flavour).",
  config: z.strictObject({
    flavor: z.enum(["trl", "verl"]).default("trl"),
    std: z.enum(["unbiased", "population", "none"]).default("unbiased"),
    eps: z.number().finite().nonnegative().optional(),
    scale: z.enum(["group", "batch"]).default("group"),
    singleton: SingletonSchema.optional(),
  }),
  create: ({ flavor, std, eps, scale, singleton }) => {
    const options: GroupRelativeOptions = {
      std,
      scale,
      eps: eps ?? FLAVORS[flavor].eps,
      singleton: singleton ?? FLAVORS[flavor].singleton,
    };
    return {
      groupScope: scale === "batch" ? "batch" : "group",
      compute: (input) => groupRelative(input, options),
    };
  },
});

const meanOnlyConfig = z.strictObject({
  flavor: z.enum(["trl", "verl"]).default("trl"),
  singleton: SingletonSchema.optional(),
});

function meanOnly(config: z.output<typeof meanOnlyConfig>) {
  const options: GroupRelativeOptions = {
    std: "none",
    scale: "group",
    eps: 0,
    singleton: config.singleton ?? FLAVORS[config.flavor].singleton,
  };
  return { groupScope: "group" as const, compute: (input: AdvantageInput) => groupRelative(input, options) };
}

/**
 * Dr. GRPO: `A = r − mean_G`, no std division (TRL `scale_rewards="none"`, verl
 * `norm_adv_by_std_in_grpo=False`, GUI-G1). With `flavor: verl` a group of one keeps `r`.
 *
 * Paper: Understanding R1-Zero-Like Training: A Critical Perspective (arXiv 2503.20783).
 * Code: huggingface/trl@f2cd577: trl/trainer/grpo_trainer.py:2706-2708;
 * volcengine/verl@b178a3c: verl/trainer/ppo/core_algos.py:325-327;
 * Yuqi-Zhou/GUI-G1@e581fe9: src/open-r1-multimodal/src/open_r1/trainer/grpo_trainer.py:635-742.
 * @example
 * // rewards [1, 0, 0, 1] in one group → [0.5, −0.5, −0.5, 0.5]
 * // recipe: advantage: { type: dr-grpo }
 */
export const drGrpoAdvantage = defineAdvantage({
  type: "dr-grpo",
  description: "Mean-only group advantage r − mean_G (Dr. GRPO, GUI-G1).",
  config: meanOnlyConfig,
  create: meanOnly,
});

/**
 * `mean-only`: an alias of {@link drGrpoAdvantage} (`r − mean_G`).
 * @example
 * // recipe: advantage: { type: mean-only }
 */
export const meanOnlyAdvantage = defineAdvantage({
  type: "mean-only",
  description: "Alias of dr-grpo: r − mean_G.",
  config: meanOnlyConfig,
  create: meanOnly,
});

/**
 * `identity`: the reward itself is the advantage (null → 0), for combinations that already
 * produce advantages (`normalize-then-sum`, whose output is TRL's GDPO advantage).
 * @example
 * // recipe: combine: { type: normalize-then-sum }, advantage: { type: identity }
 */
export const identityAdvantage = defineAdvantage({
  type: "identity",
  description: "Advantage = reward (null → 0); for combinations that already normalise (normalize-then-sum).",
  config: z.strictObject({}),
  create: () => ({
    compute({ rewards, groups }) {
      const advantages = rewards.map((r: ComponentValue) => (r === null || r === undefined ? 0 : r));
      return { advantages, groups: forEachGroup(rewards, groups, "unbiased") };
    },
  }),
});
