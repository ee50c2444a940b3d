/**
 * `judge.pairwise`: within a group, a chat judge compares pairs of completions; each
 * completion's reward is its win rate (Pref-GRPO).
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
import { compileTemplate, type PairwiseParse } from "../../templates/index.js";
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
import { PairwiseParseSchema, pairwiseParser } from "./parse.js";

const PairwiseConfig = z.strictObject({
  endpoint: endpointField,
  template: z
    .string()
    .min(1)
    .describe(
      "A shipped template name or template text with {{completion_a}} / {{completion_b}} / {{prompt}} / {{reference}}.",
    ),
  parse: PairwiseParseSchema.optional().describe(
    'Verdict phrases { a, b, tie?, tag? } ("A is better", "B is better", "tie"; the last one in the reply wins) or per-side score patterns { scoreA, scoreB }; a shipped template brings its own.',
  ),
  opponents: z
    .union([z.literal("all"), z.number().int().min(1)])
    .default("all")
    .describe(
      "`all`: every unordered pair of the group; a number k: k seeded random opponents per completion.",
    ),
  bothOrders: z
    .boolean()
    .default(true)
    .describe(
      "Judge each pair in both presentation orders (cancels position bias; stats report the flip rate).",
    ),
  seed: z.number().int().default(0).describe("Seed of the opponent draw (with `opponents: k`)."),
  legacy: z
    .boolean()
    .default(false)
    .describe(
      "Pref-GRPO's released code: an unparseable verdict counts as a tie (½ each) instead of being left out.",
    ),
  round: z
    .number()
    .int()
    .min(0)
    .max(12)
    .optional()
    .describe("Round the win rate to this many decimals (Pref-GRPO: 3). Unset: no rounding."),
  sharedImages: ImageRolesSchema.default(["input", "reference"]).describe(
    "Images shared by the pair, taken once from the group's first sample (the prompt's input image).",
  ),
  pairImages: ImageRolesSchema.default(["output"]).describe(
    "Images of each side: A's, then B's (generated images).",
  ),
  ...samplingFields,
});

/**
 * The unordered pairs `[i, j]` (i < j) judged in a group of n: all of them, or the union of k
 * random opponents per member (seeded, so a run is repeatable).
 * @example
 * judgedPairs(3, "all", 0); // [[0, 1], [0, 2], [1, 2]]
 */
export function judgedPairs(n: number, opponents: "all" | number, seed: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  if (opponents === "all" || opponents >= n - 1) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
    return pairs;
  }
  const rnd = seededRandom(seed);
  const chosen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const others = Array.from({ length: n - 1 }, (_, k) => (k < i ? k : k + 1));
    for (let k = 0; k < opponents; k++) {
      const pick = k + Math.floor(rnd() * (others.length - k));
      [others[k], others[pick]] = [others[pick]!, others[k]!];
      const j = others[k]!;
      chosen.add(Math.min(i, j) * n + Math.max(i, j));
    }
  }
  for (const code of [...chosen].sort((a, b) => a - b)) pairs.push([Math.floor(code / n), code % n]);
  return pairs;
}

/**
 * Win rates from judged comparisons: `score` is the first-shown side's result (1 win, 0 loss,
 * ½ tie). A member with no successful comparison gets `null`.
 * @example
 * winRates(3, [{ first: 0, second: 1, score: 1 }, { first: 2, second: 0, score: 0.5 }]); // [0.75, 0, 0.5]
 */
export function winRates(
  n: number,
  comparisons: ReadonlyArray<{ first: number; second: number; score: number }>,
): Array<number | null> {
  const wins = new Array<number>(n).fill(0);
  const counts = new Array<number>(n).fill(0);
  for (const { first, second, score } of comparisons) {
    wins[first]! += score;
    wins[second]! += 1 - score;
    counts[first]!++;
    counts[second]!++;
  }
  return wins.map((w, i) => (counts[i] ? w / counts[i]! : null));
}

/**
 * `judge.pairwise` (a group reward): for each judged pair and presentation order, renders the
 * template with `{{completion_a}}`/`{{completion_b}}` (and the pair's images, A's first), parses
 * the verdict, and gives each completion its win rate (ties ½). A comparison that fails or does
 * not parse is left out of both sides' counts and reported on both (Pref-GRPO counts it as a
 * tie, which hides judge outages); a completion with no comparison left is `null`. Stats report
 * the position-bias rate: the share of pairs judged in both orders whose verdict followed the
 * position, not the completion.
 * @example
 * judgePairwise({ endpoint, template: "unified-reward-think/image-generation-pairwise" }, "config", { models });
 */
export const judgePairwise = defineReward({
  type: "judge.pairwise",
  description: "Pairwise chat judge within each group (both orders, ties ½); reward = win rate (Pref-GRPO).",
  config: PairwiseConfig,
  docs: {
    formula:
      "win rate_i = Σ score_i / comparisons_i over the judged pairs (both orders by default; A better 1, B better 0, tie ½; score patterns: ΣA / (ΣA + ΣB))",
    reads: JUDGE_READS,
    deviations: [
      "both presentation orders by default (Pref-GRPO judges each pair once: set bothOrders: false)",
      "a failed or unparseable comparison is left out of both sides' counts instead of counting as a tie (legacy: true restores the tie)",
    ],
    legacy:
      "an unparseable verdict (no <answer>, no phrase) counts as a tie, ½ to each side, as Pref-GRPO's _pairwise_win_rate does",
  },
  create(config, env, path) {
    const main = resolveTemplate(
      config.template,
      ["pairwise"],
      ["prompt", "completion_a", "completion_b", "reference"],
      `${path}.template`,
    );
    const parseConfig = config.parse ?? (main.shipped?.parse as PairwiseParse | undefined);
    if (!parseConfig) {
      throw new ConfigError([
        { path: `${path}.parse`, message: "an inline template needs parse: { a, b, tie? }" },
      ]);
    }
    const parse = pairwiseParser(parseConfig, config.parse ? `${path}.parse` : `${path}.template`);
    const client = modelClient(env, config.endpoint, `${path}.endpoint`, ["openai-chat"]);
    const sampling = samplingOf(config);
    const maxTokens = config.maxTokens ?? main.shipped?.maxTokens ?? 512;
    const render = compileTemplate(main.text);

    async function judge(
      shared: string[],
      a: { sample: Sample; images: string[] },
      b: { sample: Sample; images: string[] },
    ): Promise<
      | { ok: true; score: number }
      | {
          ok: false;
          code: "judge_error" | "judge_timeout" | "judge_unparseable" | "cancelled";
          message: string;
        }
    > {
      const text = render({
        prompt: promptText(a.sample),
        reference: referenceText(a.sample),
        completion_a: a.sample.completion,
        completion_b: b.sample.completion,
      });
      const reply = await client.chat({
        messages: chatMessages(text, [...shared, ...a.images, ...b.images], config.system),
        maxTokens,
        ...sampling,
      });
      if (!reply.ok) return { ok: false, code: reply.code, message: `${client.label}: ${reply.message}` };
      const parsed = parse(reply.value.text);
      if (!parsed.ok)
        return {
          ok: false,
          code: "judge_unparseable",
          message: `${parsed.message}; reply starts: ${replyStart(reply.value.text)}`,
        };
      return { ok: true, score: parsed.value };
    }

    // Comparisons wait at the gate (twice the endpoint's concurrency): a batch of many groups
    // does not render and serialise every request (images included) before the first is sent.
    const gated = callGate(config.endpoint);
    const cancelled = { ok: false, code: "cancelled", message: CANCELLED_MESSAGE } as const;

    return {
      async scoreGroup(samples: readonly Sample[], ctxs: readonly ScoreContext[]): Promise<ComponentValue[]> {
        const n = samples.length;
        if (n < 2) {
          ctxs.forEach((ctx) => {
            ctx.report("group_of_one", "a pairwise judge needs at least two completions in the group");
          });
          return samples.map(() => null);
        }
        const sharedRefs = imagesWithRoles(samples[0]!, config.sharedImages);
        const shared = await imageUrls(env, sharedRefs, ctxs[0]!);
        const own = await Promise.all(
          samples.map((s, i) => imageUrls(env, imagesWithRoles(s, config.pairImages), ctxs[i]!)),
        );
        if (!shared) {
          for (let i = 1; i < n; i++)
            ctxs[i]!.report(
              "image_unreadable",
              "the group's shared image (on its first sample) cannot be used",
            );
          return samples.map(() => null);
        }
        const pairs = judgedPairs(n, config.opponents, config.seed);
        const jobs: Array<{ first: number; second: number; pair: number }> = [];
        pairs.forEach(([i, j], pair) => {
          if (!own[i] || !own[j]) return;
          jobs.push({ first: i, second: j, pair });
          if (config.bothOrders) jobs.push({ first: j, second: i, pair });
        });
        const sharedUrls = shared.map((s) => s.url);
        const outcomes = await Promise.all(
          jobs.map((job) =>
            gated(
              () =>
                judge(
                  sharedUrls,
                  { sample: samples[job.first]!, images: own[job.first]!.map((x) => x.url) },
                  { sample: samples[job.second]!, images: own[job.second]!.map((x) => x.url) },
                ),
              ctxs[job.first]!.signal,
              () => cancelled,
            ),
          ),
        );
        const comparisons: Array<{ first: number; second: number; score: number }> = [];
        const byPair = new Map<number, number[]>();
        outcomes.forEach((out, k) => {
          const job = jobs[k]!;
          if (!out.ok) {
            for (const [me, other] of [
              [job.first, job.second],
              [job.second, job.first],
            ] as const) {
              ctxs[me]!.report(out.code, `vs ${samples[other]!.id ?? `#${other}`}: ${out.message}`);
            }
            ctxs[job.first]!.tally?.(out.code === "judge_unparseable" ? "unparseable" : "failed");
            if (config.legacy && out.code === "judge_unparseable")
              comparisons.push({ first: job.first, second: job.second, score: 0.5 });
            return;
          }
          comparisons.push({ first: job.first, second: job.second, score: out.score });
          const list = byPair.get(job.pair) ?? [];
          list.push(out.score);
          byPair.set(job.pair, list);
        });
        ctxs[0]!.tally?.("comparisons", comparisons.length);
        if (config.bothOrders) {
          for (const verdicts of byPair.values()) {
            if (verdicts.length !== 2) continue;
            ctxs[0]!.tally?.("order_pairs");
            // The same position won both times: the verdict followed the position, not the completion.
            const [first, second] = verdicts as [number, number];
            if ((first > 0.5 && second > 0.5) || (first < 0.5 && second < 0.5))
              ctxs[0]!.tally?.("order_flips");
          }
        }
        const rates = winRates(n, comparisons);
        const factor = config.round === undefined ? undefined : 10 ** config.round;
        return rates.map((r) => (r === null || factor === undefined ? r : Math.round(r * factor) / factor));
      },
      summarize: (values, tallies) => {
        const pairs = tallies.order_pairs ?? 0;
        return {
          ...summarizeModelReward(client.label, values, tallies),
          unparseable: tallies.unparseable ?? 0,
          comparisons: tallies.comparisons ?? 0,
          positionBiasRate: pairs ? (tallies.order_flips ?? 0) / pairs : null,
        };
      },
    };
  },
});
