/**
 * `judge.logprob`: the judge's next-token distribution → P(label), or an expected score.
 * @module
 */
import { z } from "zod";
import { ConfigError, defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import type { TokenLogprobs } from "../../models/client.js";
import { compileTemplate } from "../../templates/index.js";
import {
  chatAsker,
  endpointField,
  gatedScore,
  ImageRolesSchema,
  imagesWithRoles,
  imageUrls,
  JUDGE_READS,
  modelClient,
  promptText,
  referenceText,
  replyStart,
  resolveTemplate,
  samplingFields,
  summarizeModelReward,
} from "./common.js";

const LogprobConfig = z.strictObject({
  endpoint: endpointField,
  template: z.string().min(1).describe("A shipped template name or template text with {{placeholders}}."),
  labels: z
    .record(z.string().min(1), z.number().finite())
    .optional()
    .describe(
      "Label → value; reward = Σ value·P(label), e.g. { Yes: 1, No: 0 }. A shipped template brings its own.",
    ),
  topLogprobs: z
    .number()
    .int()
    .min(1)
    .max(20)
    .default(20)
    .describe("Alternatives requested per token (vLLM caps it with --max-logprobs, default 20)."),
  position: z
    .enum(["first", "verdict"])
    .default("first")
    .describe(
      "`first`: the first generated token; `verdict`: the first generated token that is a label (the judge reasons first).",
    ),
  normalize: z
    .boolean()
    .default(true)
    .describe("`true`: P(label) = mass(label) / Σ mass(labels); `false`: the raw exp(logprob) masses."),
  caseSensitive: z
    .boolean()
    .default(false)
    .describe("Match labels case-sensitively (surrounding whitespace is always ignored)."),
  images: ImageRolesSchema.default(["input", "output", "reference"]).describe(
    "Which of the sample's images are attached before the text, in this role order.",
  ),
  ...samplingFields,
});

/**
 * The probability mass of each label in one token's top alternatives: Σ exp(lp) over the label's
 * variants (`Yes`, ` yes`, `YES`, … when case-insensitive). −∞ (vLLM's −9999) counts 0.
 * @example
 * labelMasses([{ token: "Yes", logprob: Math.log(0.6) }, { token: " yes", logprob: Math.log(0.1) }, { token: "No", logprob: Math.log(0.2) }], ["yes", "no"], false);
 * // [0.7, 0.2] (up to rounding)
 */
export function labelMasses(
  top: ReadonlyArray<{ token: string; logprob: number }>,
  labels: readonly string[],
  caseSensitive: boolean,
): number[] {
  const keys = labels.map((l) => (caseSensitive ? l.trim() : l.trim().toLowerCase()));
  const masses = labels.map(() => 0);
  const seen = new Set<string>();
  for (const { token, logprob } of top) {
    // vLLM lists the sampled token in its own top list; a repeated exact token is the same token.
    if (seen.has(token)) continue;
    seen.add(token);
    const key = caseSensitive ? token.trim() : token.trim().toLowerCase();
    const k = keys.indexOf(key);
    if (k >= 0) masses[k]! += Math.exp(logprob);
  }
  return masses;
}

function matchesLabel(token: string, keys: readonly string[], caseSensitive: boolean): boolean {
  const key = caseSensitive ? token.trim() : token.trim().toLowerCase();
  return keys.includes(key);
}

/**
 * `judge.logprob`: asks for `logprobs` with `top_logprobs`, reads the distribution at the first
 * generated token (or at the verdict token), and returns Σ value·P(label) with P normalised over
 * the labels' variants. No label in the top-k is `null` + `judge_label_missing`; a reply without
 * logprobs is `null` + `judge_error`; never 0 or 0.5.
 * @example
 * judgeLogprob({ endpoint, template: "rewarddance/pointwise-yes" }, "config", { models });
 * // top_logprobs [Yes −0.105, No −2.303] → P(yes) = 0.9 / (0.9 + 0.1) = 0.9
 */
export const judgeLogprob = defineReward({
  type: "judge.logprob",
  description:
    "P(label) (or an expected score) from the judge's next-token top logprobs, e.g. RewardDance P(yes).",
  config: LogprobConfig,
  docs: {
    formula:
      "P(label) = Σ exp(lp) over the label's variants in the top logprobs ÷ Σ over every label's variants (−9999 counts 0); reward = Σ value·P(label)",
    reads: JUDGE_READS,
    deviations: [
      "RewardDance released no code: the template wording and the two-label normalisation are plaudit's documented choices",
    ],
  },
  create(config, env, path) {
    const main = resolveTemplate(
      config.template,
      ["logprob"],
      ["prompt", "completion", "reference"],
      `${path}.template`,
    );
    const labels = config.labels ?? main.shipped?.labels;
    if (!labels || Object.keys(labels).length === 0) {
      throw new ConfigError([
        { path: `${path}.labels`, message: 'an inline template needs labels, e.g. { "Yes": 1, "No": 0 }' },
      ]);
    }
    const names = Object.keys(labels);
    const values = names.map((n) => labels[n]!);
    const keys = names.map((l) => (config.caseSensitive ? l.trim() : l.trim().toLowerCase()));
    const client = modelClient(env, config.endpoint, `${path}.endpoint`, ["openai-chat"]);
    const maxTokens = config.maxTokens ?? (config.position === "first" ? 1 : 1024);
    const render = compileTemplate(main.text);

    function verdictToken(tokens: readonly TokenLogprobs[]): TokenLogprobs | undefined {
      if (config.position === "first") return tokens[0];
      return tokens.find((t) => matchesLabel(t.token, keys, config.caseSensitive));
    }

    const ask = chatAsker(client, config);
    async function scoreNow(sample: Sample, ctx: ScoreContext): Promise<number | null> {
      const images = await imageUrls(env, imagesWithRoles(sample, config.images), ctx);
      if (!images) return null;
      const text = render({
        prompt: promptText(sample),
        completion: sample.completion,
        reference: referenceText(sample),
      });
      const reply = await ask(
        text,
        images.map((i) => i.url),
        maxTokens,
        ctx,
        { topLogprobs: config.topLogprobs },
      );
      if (!reply.ok) return null;
      const tokens = reply.value.logprobs;
      if (!tokens || tokens.length === 0 || tokens[0]!.top.length === 0) {
        ctx.report(
          "judge_error",
          `${client.label}: the reply has no top_logprobs (does the server return logprobs, and allow top_logprobs ${config.topLogprobs}?)`,
        );
        ctx.tally?.("failed");
        return null;
      }
      const at = verdictToken(tokens);
      if (!at) {
        ctx.report(
          "judge_label_missing",
          `no generated token is one of ${names.join(", ")}; reply starts: ${replyStart(reply.value.text)}`,
        );
        ctx.tally?.("label_missing");
        return null;
      }
      const masses = labelMasses(at.top, names, config.caseSensitive);
      const total = masses.reduce((a, b) => a + b, 0);
      if (total === 0) {
        const seen = at.top
          .slice(0, 5)
          .map((t) => JSON.stringify(t.token))
          .join(", ");
        ctx.report(
          "judge_label_missing",
          `none of ${names.join(", ")} is in the top ${at.top.length} (top: ${seen})`,
        );
        ctx.tally?.("label_missing");
        return null;
      }
      ctx.detail?.("p", Object.fromEntries(names.map((name, k) => [name, masses[k]! / total])));
      let reward = 0;
      for (let k = 0; k < values.length; k++)
        reward += values[k]! * (config.normalize ? masses[k]! / total : masses[k]!);
      return reward;
    }

    return {
      score: gatedScore(config.endpoint, scoreNow),
      summarize: (column, tallies) => ({
        ...summarizeModelReward(client.label, column, tallies),
        labelMissing: tallies.label_missing ?? 0,
      }),
    };
  },
});
