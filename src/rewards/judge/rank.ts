/**
 * `judge.rank`: the whole group goes into one prompt (Response 1..N); the judge ranks them (or
 * scores each); one call per group.
 * @module
 */
import { z } from "zod";
import {
  type ComponentValue,
  ConfigError,
  defineReward,
  type Sample,
  type ScoreContext,
  seededRandom,
} from "../../core/index.js";
import type { ChatReply, ModelOutcome } from "../../models/client.js";
import { type RankParse, renderTemplate } from "../../templates/index.js";
import {
  CANCELLED_MESSAGE,
  callGate,
  chatMessages,
  endpointField,
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
  samplingOf,
  summarizeModelReward,
} from "./common.js";
import { compilePattern, type Parsed } from "./parse.js";

const flagsField = z
  .string()
  .regex(/^[imsu]*$/, "only i, m, s and u")
  .optional();

/** Schema of `parse` for rank judges: a ranking list, or per-response scores. */
export const RankParseSchema = z.union([
  z.strictObject({ ranking: z.string().min(1), flags: flagsField }),
  z.strictObject({
    score: z.string().min(1),
    scale: z
      .tuple([z.number().finite(), z.number().finite()])
      .refine(([min, max]) => max > min, "max must exceed min")
      .optional(),
    flags: flagsField,
  }),
]);

const RankConfig = z.strictObject({
  endpoint: endpointField,
  template: z
    .string()
    .min(1)
    .default("plaudit/rank-all")
    .describe(
      "A shipped rank template or text with {{responses}} (the numbered responses), {{n}}, {{prompt}} and {{reference}}.",
    ),
  parse: RankParseSchema.optional().describe(
    "{ ranking: pattern } (first group lists the response numbers best first; the last match counts) or { score: pattern, scale? } (groups: response number, score; the last match per response counts); a shipped template brings its own.",
  ),
  label: z
    .string()
    .min(1)
    .default("Response")
    .describe("The heading of each response in {{responses}}: `Response 1:`, `Response 2:`, …"),
  shuffle: z
    .boolean()
    .default(false)
    .describe("Show the responses in a seeded random order (against position bias); rewards map back."),
  seed: z.number().int().default(0).describe("Seed of the presentation order (with `shuffle`)."),
  sharedImages: ImageRolesSchema.default(["input", "reference"]).describe(
    "Images shared by the group, taken once from its first sample (the prompt's input image).",
  ),
  responseImages: ImageRolesSchema.default(["output"]).describe(
    "Images of each response, attached in presentation order (generated images).",
  ),
  ...samplingFields,
});

const INTEGER = /\d+/g;

/**
 * Compiles a rank parser for a group of `n`: one value per presented response, in presentation
 * order. A ranking must be a permutation of 1..n (rank r → (n − r)/(n − 1)); scores must name
 * every response (mapped from `scale` to [0, 1] when given; a value outside does not parse).
 * @example
 * const parse = rankParser({ ranking: "Ranking:\\s*([0-9][0-9\\s>,]*)" }, "parse");
 * parse("… Ranking: 2 > 3 > 1", 3); // { ok: true, value: [0, 1, 0.5] }
 */
export function rankParser(
  config: RankParse,
  path: string,
): (reply: string, n: number) => Parsed<{ values: number[]; raw: number[] }> {
  const flags = `${config.flags ?? "i"}g`;
  if ("ranking" in config) {
    const re = compilePattern(config.ranking, flags, `${path}.ranking`, 1);
    return (reply, n) => {
      let list: string | undefined;
      re.lastIndex = 0;
      for (let m = re.exec(reply); m; m = re.exec(reply)) {
        list = m[1];
        if (m[0].length === 0) re.lastIndex++;
      }
      if (list === undefined) return { ok: false, message: `no match for /${re.source}/` };
      const order = (list.match(INTEGER) ?? []).map(Number);
      const seen = new Set(order);
      if (order.length !== n || seen.size !== n || order.some((k) => k < 1 || k > n))
        return { ok: false, message: `ranking "${order.join(" > ")}" is not a permutation of 1..${n}` };
      const rank = new Array<number>(n);
      order.forEach((k, position) => {
        rank[k - 1] = position + 1;
      });
      return { ok: true, value: { values: rank.map((r) => (n - r) / (n - 1)), raw: rank } };
    };
  }
  const re = compilePattern(config.score, flags, `${path}.score`, 2);
  const scale = config.scale;
  return (reply, n) => {
    const scores = new Array<number | undefined>(n).fill(undefined);
    re.lastIndex = 0;
    for (let m = re.exec(reply); m; m = re.exec(reply)) {
      const k = Number(m[1]);
      const value = Number(m[2]);
      if (m[0].length === 0) re.lastIndex++;
      if (!Number.isInteger(k) || k < 1 || k > n)
        return { ok: false, message: `response ${m[1]} does not exist` };
      if (!Number.isFinite(value)) return { ok: false, message: `response ${k}'s score is not a number` };
      scores[k - 1] = value;
    }
    const missing = scores.indexOf(undefined);
    if (missing >= 0) return { ok: false, message: `no score for response ${missing + 1} of ${n}` };
    const raw = scores as number[];
    if (!scale) return { ok: true, value: { values: raw, raw } };
    const [min, max] = scale;
    const outside = raw.find((s) => s < min || s > max);
    if (outside !== undefined)
      return { ok: false, message: `score ${outside} is outside the scale [${min}, ${max}]` };
    return { ok: true, value: { values: raw.map((s) => (s - min) / (max - min)), raw } };
  };
}

/** A seeded presentation order of n members (the identity without shuffling). */
function presentationOrder(n: number, shuffle: boolean, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  if (!shuffle) return order;
  const rnd = seededRandom(seed + n);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(rnd() * (k + 1));
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  return order;
}

/**
 * `judge.rank` (a group reward; multi-response judging as in "You Only Judge Once: Multi-response
 * Reward Modeling in a Single Forward Pass", arXiv 2604.10966, here with a generative chat judge):
 * renders every completion of the group as `Response k:` into one prompt, attaches the shared
 * images once and each response's images in order, and parses one ranking (rank r of n →
 * (n − r)/(n − 1)) or one score per response. One call per group. A failed call is `null` +
 * `judge_error`/`judge_timeout` for every member; a ranking that is not a permutation of 1..n (or
 * a missing score) is `null` + `judge_unparseable` for the whole group; a group of one is `null`
 * + `group_of_one`.
 * @example
 * judgeRank({ endpoint: { model: "judge", protocol: "openai-chat" } }, "config", { models });
 */
export const judgeRank = defineReward({
  type: "judge.rank",
  description:
    "The whole group in one prompt (Response 1..N); the judge ranks them (or scores each); rank r → (N − r)/(N − 1).",
  config: RankConfig,
  docs: {
    formula:
      "ranking: reward_i = (N − rank_i)/(N − 1) (best 1, worst 0); scores: reward_i = score_i, or (score_i − min)/(max − min) with a scale; one judge call per group of N",
    reads: JUDGE_READS,
    deviations: [
      "YOJO scores the N responses with a trained value head in one forward pass; plaudit asks a chat judge for a ranking or per-response scores in one call (the prompt and the rank mapping are plaudit's documented defaults: YOJO released no chat prompt)",
    ],
  },
  create(config, env, path) {
    const main = resolveTemplate(
      config.template,
      ["rank"],
      ["prompt", "reference", "responses", "n"],
      `${path}.template`,
    );
    const parseConfig = config.parse ?? (main.shipped?.parse as RankParse | undefined);
    if (!parseConfig) {
      throw new ConfigError([
        {
          path: `${path}.parse`,
          message: "an inline template needs parse: { ranking } or { score, scale? }",
        },
      ]);
    }
    const parse = rankParser(parseConfig, config.parse ? `${path}.parse` : `${path}.template`);
    const client = modelClient(env, config.endpoint, `${path}.endpoint`, ["openai-chat"]);
    const sampling = samplingOf(config);
    const maxTokens = config.maxTokens ?? main.shipped?.maxTokens ?? 1024;

    const gated = callGate(config.endpoint);
    return {
      async scoreGroup(samples: readonly Sample[], ctxs: readonly ScoreContext[]): Promise<ComponentValue[]> {
        const out: ComponentValue[] = samples.map(() => null);
        if (samples.length < 2) {
          for (const ctx of ctxs)
            ctx.report("group_of_one", "a rank judge needs at least two completions in the group");
          return out;
        }
        const shared = await imageUrls(env, imagesWithRoles(samples[0]!, config.sharedImages), ctxs[0]!);
        if (!shared) {
          for (let i = 1; i < samples.length; i++)
            ctxs[i]!.report(
              "image_unreadable",
              "the group's shared image (on its first sample) cannot be used",
            );
          return out;
        }
        const own = await Promise.all(
          samples.map((s, i) => imageUrls(env, imagesWithRoles(s, config.responseImages), ctxs[i]!)),
        );
        // A member whose own image cannot be used is left out (its issue is already reported).
        const members = samples.map((_, i) => i).filter((i) => own[i] !== undefined);
        const n = members.length;
        if (n < 2) {
          for (const i of members)
            ctxs[i]!.report("group_of_one", "fewer than two completions of the group have usable images");
          return out;
        }
        const order = presentationOrder(n, config.shuffle, config.seed).map((p) => members[p]!);
        const responses = order
          .map((i, p) => `${config.label} ${p + 1}:\n${samples[i]!.completion}`)
          .join("\n\n");
        const text = renderTemplate(main.text, {
          prompt: promptText(samples[0]!),
          reference: referenceText(samples[0]!),
          responses,
          n: String(n),
        });
        const images = [...shared.map((s) => s.url), ...order.flatMap((i) => own[i]!.map((x) => x.url))];
        // One call per group, waiting at the gate like every judge call (and dropped once cancelled).
        const reply = await gated<
          ModelOutcome<ChatReply> | { ok: false; code: "cancelled"; message: string }
        >(
          () =>
            client.chat({
              messages: chatMessages(text, images, config.system),
              maxTokens,
              ...sampling,
            }),
          ctxs[0]!.signal,
          () => ({ ok: false, code: "cancelled", message: CANCELLED_MESSAGE }) as const,
        );
        ctxs[0]!.tally?.("calls");
        if (!reply.ok) {
          for (const i of members) ctxs[i]!.report(reply.code, `${client.label}: ${reply.message}`);
          ctxs[0]!.tally?.("failed");
          return out;
        }
        const parsed = parse(reply.value.text, n);
        if (!parsed.ok) {
          const message = `${parsed.message}; reply starts: ${replyStart(reply.value.text)}`;
          for (const i of members) ctxs[i]!.report("judge_unparseable", message);
          ctxs[0]!.tally?.("unparseable");
          return out;
        }
        const key = "ranking" in parseConfig ? "rank" : "raw";
        order.forEach((i, p) => {
          out[i] = parsed.value.values[p]!;
          ctxs[i]!.detail?.(key, parsed.value.raw[p]);
          ctxs[i]!.detail?.("position", p + 1);
        });
        return out;
      },
      summarize: (values, tallies) => ({
        ...summarizeModelReward(client.label, values, tallies),
        calls: tallies.calls ?? 0,
        unparseable: tallies.unparseable ?? 0,
      }),
    };
  },
});
