/**
 * IGPO: turn-level information-gain rewards with the outcome reward, normalised within the group
 * and accumulated backwards over turns.
 * @module
 */
import { z } from "zod";
import type { Sample } from "../core/index.js";
import { defineAdvantage, type GroupStats, groupLayout, summarize, zeros } from "./estimator.js";

/** Options of {@link igpoTurnAdvantages}. */
export interface IgpoOptions {
  mode: "prob_diff" | "log_prob_diff";
  norm: "joint" | "separate";
  gamma: number;
  /** Reproduce the updated copy's quirks: exactly-0 IG dropped, exactly-0 normalised values merged into the next turn. */
  legacy: boolean;
}

/** One rollout: its info gains per turn (NaN = skipped turn) and its outcome reward (F1). */
export interface IgpoRollout {
  infoGains: readonly number[];
  outcome: number;
}

/**
 * Information gains from per-turn ground-truth log-probabilities `ℓ̄_0 … ℓ̄_T` (turn 0 before any
 * tool call): `prob_diff` `exp(ℓ̄_t) − exp(ℓ̄_{t−1})`, `log_prob_diff` `ℓ̄_t − ℓ̄_{t−1}`; a
 * non-finite value gives NaN (a skipped turn).
 * @example
 * infoGains([Math.log(0.1), Math.log(0.3)], "prob_diff"); // [0.2]
 */
export function infoGains(logProbs: readonly number[], mode: IgpoOptions["mode"]): number[] {
  const gains: number[] = [];
  for (let t = 1; t < logProbs.length; t++) {
    const gain =
      mode === "prob_diff"
        ? Math.exp(logProbs[t]!) - Math.exp(logProbs[t - 1]!)
        : logProbs[t]! - logProbs[t - 1]!;
    gains.push(Number.isFinite(gain) ? gain : Number.NaN);
  }
  return gains;
}

function normaliser(values: readonly number[]): (v: number) => number {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean = n ? mean / n : 0;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sigma = n <= 1 ? 1 : Math.sqrt(squares / n + 1e-8);
  return (v) => (v - mean) / (sigma + 1e-6);
}

/**
 * Turn advantages of a group of rollouts (updated IGPO): the reward positions are each turn's
 * IG and the final turn's outcome; they are z-scored over the group (`joint`: all together;
 * `separate`: IG and outcome each with their own statistics) with `σ = sqrt(pop_var + 1e-8)`
 * (1 when at most one value) and `r̃ = (r − μ)/(σ + 1e-6)`; then `A_k = r̃_k + γ·A_{k+1}` backwards.
 * A turn without a reward position (skipped IG) takes the next position's advantage.
 * @example
 * igpoTurnAdvantages([{ infoGains: [0.2, -0.1], outcome: 0.5 }, { infoGains: [0.05], outcome: 1 }],
 *   { mode: "prob_diff", norm: "joint", gamma: 1, legacy: false });
 * // [[−1.0016, −0.6678, 0.4366], [1.0016, 1.7208]]
 */
export function igpoTurnAdvantages(rollouts: readonly IgpoRollout[], options: IgpoOptions): number[][] {
  const isPosition = (gain: number): boolean => Number.isFinite(gain) && !(options.legacy && gain === 0);
  const gains: number[] = [];
  const outcomes: number[] = [];
  for (const r of rollouts) {
    for (const g of r.infoGains) if (isPosition(g)) gains.push(g);
    outcomes.push(r.outcome);
  }
  const joint = options.norm === "joint" ? normaliser([...gains, ...outcomes]) : undefined;
  const normalizeGain = joint ?? normaliser(gains);
  const normalizeOutcome = joint ?? normaliser(outcomes);
  return rollouts.map((rollout) => {
    const turns = rollout.infoGains.length + 1;
    const normalized: Array<number | null> = rollout.infoGains.map((g) =>
      isPosition(g) ? normalizeGain(g) : null,
    );
    normalized.push(normalizeOutcome(rollout.outcome));
    const advantages = new Array<number>(turns);
    let next = 0;
    for (let k = turns - 1; k >= 0; k--) {
      const value = normalized[k];
      const merged = value === null || (options.legacy && value === 0 && k < turns - 1);
      next = merged ? next : value! + options.gamma * next;
      advantages[k] = next;
    }
    return advantages;
  });
}

function logProbsOf(sample: Sample | undefined, key: string, input: "logprob" | "prob"): number[] {
  const raw = sample?.meta?.[key];
  if (!Array.isArray(raw)) return [];
  return raw.map((v) => (typeof v !== "number" ? Number.NaN : input === "prob" ? Math.log(v) : v));
}

/**
 * `igpo`: per sample, `meta[key]` holds the policy's ground-truth log-probabilities (or
 * probabilities with `input: prob`) at each turn, turn 0 included; the sample's reward is the
 * outcome reward (IGPO's F1, weighted by `outcomeWeight`), and the info gains (weighted by
 * `infoGainWeight`, the curriculum weights) are the turn rewards; see {@link igpoTurnAdvantages}.
 *
 * Output: plaudit returns one advantage per sample, so the sample's advantage is its **first
 * turn's** advantage (the discounted sum of all its normalised turn rewards), and the full
 * per-turn list is returned in `perSample.turnAdvantages` (input order; null for samples with a
 * null reward) for trainers that broadcast `A_k` over the tokens of turn k.
 *
 * Deviation (bug table): the updated copy drops IG values of exactly 0 and merges a turn whose
 * normalised value is exactly 0 into the next; plaudit keeps every turn (`legacy: true` restores
 * both). The November-2025 original (token returns minus per-position means) is not offered.
 *
 * Paper: Information Gain-based Policy Optimization (arXiv 2510.14967).
 * Code: debajoycs98/IGPO@8660196: verl/trainer/ppo/core_algos.py:28,182; GuoqingWang1/IGPO@bff163b: scrl/llm_agent/generation.py:300-425.
 * @example
 * // recipe: advantage: { type: igpo, key: gt_logprobs, mode: log_prob_diff, norm: separate }
 */
export const igpoAdvantage = defineAdvantage({
  type: "igpo",
  description:
    "IGPO: turn info gains (prob_diff or log_prob_diff from meta) + outcome, group z-score, discounted turn sums.",
  config: z.strictObject({
    key: z.string().min(1).default("gt_logprobs"),
    input: z.enum(["logprob", "prob"]).default("logprob"),
    mode: z.enum(["prob_diff", "log_prob_diff"]).default("prob_diff"),
    norm: z.enum(["joint", "separate"]).default("joint"),
    gamma: z.number().finite().min(0).max(1).default(1),
    outcomeWeight: z.number().finite().default(1),
    infoGainWeight: z.number().finite().default(1),
    legacy: z.boolean().default(false),
  }),
  create: (config) => ({
    groupScope: "group",
    compute({ rewards, groups, samples }) {
      const advantages = zeros(rewards.length);
      const turnAdvantages: Array<number[] | null> = new Array(rewards.length).fill(null);
      const { keys, offsets, order } = groupLayout(groups);
      const stats: GroupStats[] = new Array(keys.length);
      for (let g = 0; g < keys.length; g++) {
        stats[g] = summarize(keys[g]!, rewards, order, offsets[g]!, offsets[g + 1]!, "population");
        const members: number[] = [];
        const rollouts: IgpoRollout[] = [];
        for (let p = offsets[g]!; p < offsets[g + 1]!; p++) {
          const i = order[p]!;
          const r = rewards[i];
          if (r === null || r === undefined) continue;
          const gains = infoGains(logProbsOf(samples[i], config.key, config.input), config.mode);
          members.push(i);
          rollouts.push({
            infoGains: gains.map((v) => v * config.infoGainWeight),
            outcome: r * config.outcomeWeight,
          });
        }
        const turns = igpoTurnAdvantages(rollouts, config);
        members.forEach((i, m) => {
          const list = turns[m]!.map((a) => (Number.isFinite(a) ? a : 0));
          turnAdvantages[i] = list;
          advantages[i] = list[0]!;
        });
      }
      return { advantages, groups: stats, perSample: { turnAdvantages } };
    },
  }),
});
