/**
 * `rm.scalar`: a discriminative reward model's score (Skywork-Reward-V2, InternLM2-Reward, …).
 * @module
 */
import { z } from "zod";
import { ConfigError, defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import { endpointField, modelClient, summarizeModelReward } from "../judge/common.js";
import { RM_READS, rmInputFields, rmItem } from "./common.js";

const ScalarConfig = z.strictObject({
  endpoint: endpointField,
  ...rmInputFields,
  extract: z
    .enum(["sequence", "last-token"])
    .default("sequence")
    .describe(
      "`sequence`: the one output row (a sequence classifier or pooled score); `last-token`: the last row of a token-level output.",
    ),
  index: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("Which value of the row (the class index; 0 for one-label RMs)."),
});

/**
 * `rm.scalar`: sends each sample (chat messages, a pre-templated text, or the sidecar fields) to
 * a reward model and reads the raw score (no activation: `use_activation: false` on vLLM,
 * `raw_scores: true` on TEI). Samples of a batch share requests up to `endpoint.maxBatch` where
 * the protocol takes lists. A failure is `null` + `judge_error`/`judge_timeout`, never 0.
 * @example
 * rmScalar({ endpoint: { model: "Skywork-Reward-V2", protocol: "vllm-classify" } }, "config", { models });
 */
export const rmScalar = defineReward({
  type: "rm.scalar",
  description:
    "A discriminative reward model's raw score over vLLM /pooling or /classify, SGLang, TEI or a sidecar.",
  config: ScalarConfig,
  docs: {
    formula:
      "reward = the model's raw output row[index] (no activation: use_activation false / raw_scores true)",
    reads: RM_READS,
    deviations: [],
  },
  create(config, env, path) {
    if (
      config.input === "messages" &&
      (config.endpoint.protocol === "sglang-classify" || config.endpoint.protocol === "tei")
    ) {
      throw new ConfigError([
        {
          path: `${path}.input`,
          message: `${config.endpoint.protocol} takes pre-templated text only`,
          value: "messages",
          choices: ["text"],
        },
      ]);
    }
    const client = modelClient(env, config.endpoint, `${path}.endpoint`, [
      "vllm-pooling",
      "vllm-classify",
      "sglang-classify",
      "tei",
      "sidecar",
    ]);
    return {
      async score(sample: Sample, ctx: ScoreContext) {
        const item = await rmItem(env, config.endpoint, config, sample, ctx);
        if (!item) return null;
        const out = await client.score(item);
        if (!out.ok) {
          ctx.report(out.code, `${client.label}: ${out.message}`);
          ctx.tally?.("failed");
          return null;
        }
        const rows = out.value;
        if (config.extract === "sequence" && rows.length !== 1) {
          ctx.report(
            "judge_error",
            `${client.label}: the reply has ${rows.length} rows (token-level?): set extract: last-token`,
          );
          ctx.tally?.("failed");
          return null;
        }
        const row = rows[rows.length - 1];
        const value = row?.[config.index];
        if (value === undefined) {
          ctx.report(
            "judge_error",
            `${client.label}: the reply row has ${row?.length ?? 0} values; index ${config.index} is out of range`,
          );
          ctx.tally?.("failed");
          return null;
        }
        return value;
      },
      summarize: (values, tallies) => summarizeModelReward(client.label, values, tallies),
    };
  },
});
