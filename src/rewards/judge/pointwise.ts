/**
 * `judge.pointwise`: one completion → a chat judge's reply → a score parsed from it.
 * @module
 */
import { z } from "zod";
import { ConfigError, defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import { compileTemplate, type PointwiseParse } from "../../templates/index.js";
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
import { PointwiseParseSchema, pointwiseParser } from "./parse.js";

const PLACEHOLDERS = ["prompt", "completion", "reference", "critique"];

const PointwiseConfig = z.strictObject({
  endpoint: endpointField,
  template: z
    .string()
    .min(1)
    .describe(
      "A shipped template name (`plaudit presets` lists them) or template text with {{placeholders}}.",
    ),
  parse: PointwiseParseSchema.optional().describe(
    "How the reply becomes a number: { pattern (first group = score; a list is averaged), flags?, scale?: [min, max] → [0, 1] }; a shipped template brings its own.",
  ),
  critique: z
    .strictObject({ template: z.string().min(1), maxTokens: z.number().int().min(1).optional() })
    .optional()
    .describe(
      "Two-step judging (MM-RLHF): ask for a critique with this template first; the main template gets it as {{critique}}.",
    ),
  images: ImageRolesSchema.default(["input", "output", "reference"]).describe(
    "Which of the sample's images are attached before the text, in this role order.",
  ),
  ...samplingFields,
});

/**
 * `judge.pointwise`: renders the template with `{{prompt}}`, `{{completion}}`, `{{reference}}`
 * (and `{{critique}}` in two-step mode), attaches the sample's images, and parses the reply
 * with `parse: { pattern, scale }`. A failed call is `null` + `judge_error`/`judge_timeout`; a
 * reply that does not parse (or a score outside the scale) is `null` + `judge_unparseable` with
 * the reply's start; never 0.
 * @example
 * judgePointwise({
 *   endpoint: { model: "UnifiedReward", protocol: "openai-chat" },
 *   template: "unified-reward/image-generation-pointwise",
 * }, "config", { models });
 */
export const judgePointwise = defineReward({
  type: "judge.pointwise",
  description: "A chat judge scores one completion; the score is parsed from its reply (regex + scale).",
  config: PointwiseConfig,
  docs: {
    formula:
      "score = mean of the parse patterns' first groups in the judge's reply; with scale [min, max]: (s − min) / (max − min), a value outside the scale does not parse",
    reads: JUDGE_READS,
    deviations: [
      "a reply that does not parse is null + judge_unparseable (Flow-GRPO and verl-omni score it 0.0; verl-omni also falls back to the first numbers in the text)",
    ],
  },
  create(config, env, path) {
    const main = resolveTemplate(config.template, ["pointwise"], PLACEHOLDERS, `${path}.template`);
    const parseConfig: PointwiseParse | undefined =
      config.parse ?? (main.shipped?.parse as PointwiseParse | undefined);
    if (!parseConfig) {
      throw new ConfigError([
        { path: `${path}.parse`, message: "an inline template needs parse: { pattern, scale? }" },
      ]);
    }
    const parse = pointwiseParser(parseConfig, config.parse ? `${path}.parse` : `${path}.template`);
    const critique = config.critique
      ? resolveTemplate(
          config.critique.template,
          ["critique"],
          PLACEHOLDERS.slice(0, 3),
          `${path}.critique.template`,
        )
      : undefined;
    if (!critique && main.text.includes("{{critique}}")) {
      throw new ConfigError([
        { path: `${path}.critique`, message: "the template uses {{critique}}: configure critique" },
      ]);
    }
    const client = modelClient(env, config.endpoint, `${path}.endpoint`, ["openai-chat"]);
    const maxTokens = config.maxTokens ?? main.shipped?.maxTokens ?? 512;
    const critiqueTokens = config.critique?.maxTokens ?? critique?.shipped?.maxTokens ?? 1024;

    // Built once: the rendered templates are all that change per call.
    const renderMain = compileTemplate(main.text);
    const renderCritique = critique && compileTemplate(critique.text);
    const ask = chatAsker(client, config);

    async function judge(sample: Sample, urls: string[], ctx: ScoreContext): Promise<number | null> {
      const values: Record<string, string> = {
        prompt: promptText(sample),
        completion: sample.completion,
        reference: referenceText(sample),
      };
      if (renderCritique) {
        const first = await ask(renderCritique(values), urls, critiqueTokens, ctx);
        if (!first.ok) return null;
        values.critique = first.value.text;
      }
      const reply = await ask(renderMain(values), urls, maxTokens, ctx);
      if (!reply.ok) return null;
      const parsed = parse(reply.value.text);
      if (!parsed.ok) {
        ctx.report("judge_unparseable", `${parsed.message}; reply starts: ${replyStart(reply.value.text)}`);
        ctx.tally?.("unparseable");
        return null;
      }
      if (parsed.raw !== undefined && parsed.raw !== parsed.value) ctx.detail?.("raw", parsed.raw);
      return parsed.value;
    }

    function scoreNow(sample: Sample, ctx: ScoreContext): Promise<number | null> {
      const images = imageUrls(env, imagesWithRoles(sample, config.images), ctx);
      // Most samples carry no image: no await (and no extra turn of the microtask queue) for them.
      if (Array.isArray(images)) return judge(sample, images.length ? images.map((i) => i.url) : [], ctx);
      return images.then((resolved) =>
        resolved
          ? judge(
              sample,
              resolved.map((i) => i.url),
              ctx,
            )
          : null,
      );
    }

    return {
      score: gatedScore(config.endpoint, scoreNow),
      summarize: (values, tallies) => ({
        ...summarizeModelReward(client.label, values, tallies),
        unparseable: tallies.unparseable ?? 0,
      }),
    };
  },
});
