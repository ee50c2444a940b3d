/**
 * `rm.process`: a process reward model's per-step scores, aggregated (Qwen2.5-Math-PRM style).
 * @module
 */
import { z } from "zod";
import { defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import { endpointField, modelClient, summarizeModelReward } from "../judge/common.js";
import { RM_READS, rmInputFields, rmItem } from "./common.js";

const ProcessConfig = z.strictObject({
  endpoint: endpointField,
  ...rmInputFields,
  separator: z
    .string()
    .min(1)
    .default("\n\n")
    .describe("How the completion splits into steps (empty steps are dropped)."),
  stepTag: z
    .string()
    .default("<extra_0>")
    .describe(
      "Appended after every step; the server's STEP pooler returns one row per tag (Qwen2.5-Math-PRM: <extra_0>).",
    ),
  index: z
    .number()
    .int()
    .min(0)
    .default(1)
    .describe("Which value of a step's row is its score (Qwen2.5-Math-PRM: [p(negative), p(positive)] → 1)."),
  aggregate: z
    .enum(["min", "mean", "last", "product"])
    .default("min")
    .describe("How step scores become the reward."),
});

/**
 * Aggregates step scores.
 * @example
 * aggregateSteps([0.9, 0.5, 0.8], "min"); // 0.5
 * aggregateSteps([0.9, 0.5], "product"); // 0.45
 */
export function aggregateSteps(steps: readonly number[], how: "min" | "mean" | "last" | "product"): number {
  switch (how) {
    case "min":
      return Math.min(...steps);
    case "mean":
      return steps.reduce((a, b) => a + b, 0) / steps.length;
    case "last":
      return steps[steps.length - 1]!;
    case "product":
      return steps.reduce((a, b) => a * b, 1);
  }
}

/**
 * `rm.process`: splits the completion into steps on `separator`, sends them joined with
 * `stepTag` after each step (vLLM `token_classify` with a STEP pooler returns one row per tag),
 * takes `row[index]` per step and aggregates by min / mean / last / product. The step scores are
 * kept in the result's `details[name].steps`. A reply whose row count differs from the step
 * count is `null` + `judge_error` (the server's step tag or pooler does not match the config).
 * @example
 * rmProcess({ endpoint: { model: "Qwen2.5-Math-PRM-7B", protocol: "vllm-pooling", extraBody: { task: "token_classify" } } }, "config", { models });
 */
export const rmProcess = defineReward({
  type: "rm.process",
  description:
    "A process reward model's per-step scores (step separator + tag), aggregated by min/mean/last/product.",
  config: ProcessConfig,
  docs: {
    formula:
      "steps = completion split on separator; reward = min / mean / last / product of the per-step row[index]",
    reads: RM_READS,
    deviations: [],
  },
  create(config, env, path) {
    const client = modelClient(env, config.endpoint, `${path}.endpoint`, ["vllm-pooling", "sidecar"]);
    return {
      async score(sample: Sample, ctx: ScoreContext) {
        const steps = sample.completion
          .split(config.separator)
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
        if (steps.length === 0) {
          ctx.report("empty_answer", "the completion has no steps");
          return 0;
        }
        const assistant = steps.map((s) => s + config.stepTag).join("");
        const item = await rmItem(env, config.endpoint, config, sample, ctx, assistant);
        if (!item) return null;
        const out = await client.score(item);
        if (!out.ok) {
          ctx.report(out.code, `${client.label}: ${out.message}`);
          ctx.tally?.("failed");
          return null;
        }
        const rows = out.value;
        if (rows.length !== steps.length) {
          ctx.report(
            "judge_error",
            `${client.label}: ${rows.length} step scores for ${steps.length} steps (check the step tag and the server's STEP pooler)`,
          );
          ctx.tally?.("failed");
          return null;
        }
        const scores: number[] = [];
        for (const row of rows) {
          const v = row[config.index];
          if (v === undefined) {
            ctx.report(
              "judge_error",
              `${client.label}: a step row has ${row.length} values; index ${config.index} is out of range`,
            );
            ctx.tally?.("failed");
            return null;
          }
          scores.push(v);
        }
        ctx.detail?.("steps", scores);
        return aggregateSteps(scores, config.aggregate);
      },
      summarize: (values, tallies) => summarizeModelReward(client.label, values, tallies),
    };
  },
});
