/**
 * The `math.equivalent` reward: 1 when the completion's final answer is mathematically
 * equivalent to the reference, else 0, or `null` when the reference has no parseable answer.
 * @module
 */
import { z } from "zod";
import { defineReward, type ScoreContext } from "../../core/index.js";
import type { ExtractionOptions } from "./extract.js";
import type { MathWorkerPool, PoolResult } from "./pool.js";
import { checkMath, type MathCheckOptions } from "./verify.js";

const normalizationSchema = (defaults: { malformedOperators: boolean; nits: boolean; equations: boolean }) =>
  z.strictObject({
    basicLatex: z.boolean().default(true),
    units: z.boolean().default(true),
    malformedOperators: z.boolean().default(defaults.malformedOperators),
    nits: z.boolean().default(defaults.nits),
    boxed: z.enum(["all", "last", "none"]).default("all"),
    equations: z.boolean().default(defaults.equations),
  });

const extractionSchema = (defaults: {
  targets: Array<"latex" | "expr">;
  boxedPriority: number;
  withoutAnchor: boolean;
  malformedOperators: boolean;
  nits: boolean;
  equations: boolean;
}) =>
  z.strictObject({
    /** Extractors: `latex` (math-verify LatexExtractionConfig) and/or `expr` (ExprExtractionConfig). */
    targets: z
      .array(z.enum(["latex", "expr"]))
      .min(1)
      .default(defaults.targets)
      .describe(
        "Extractors: `latex` (math-verify LatexExtractionConfig) and/or `expr` (ExprExtractionConfig).",
      ),
    /** `boxed_match_priority`: 0 = `\boxed{}` first, 50 = after "final answer is", -1 = never. */
    boxedPriority: z
      .number()
      .int()
      .min(-1)
      .default(defaults.boxedPriority)
      .describe('`boxed_match_priority`: 0 = `\\boxed{}` first, 50 = after "final answer is", -1 = never.'),
    /** `try_extract_without_anchor`: also take bare `$…$` / numbers without "answer" nearby. */
    withoutAnchor: z
      .boolean()
      .default(defaults.withoutAnchor)
      .describe('`try_extract_without_anchor`: also take bare `$…$` / numbers without "answer" nearby.'),
    /** `extraction_mode`: `first_match` tries only the best match; `any_match` falls through. */
    mode: z
      .enum(["first_match", "any_match"])
      .default("first_match")
      .describe("`extraction_mode`: `first_match` tries only the best match; `any_match` falls through."),
    /** `fallback_mode="first_match"`: keep the first matched string for string comparison. */
    fallback: z
      .boolean()
      .default(true)
      .describe('`fallback_mode="first_match"`: keep the first matched string for string comparison.'),
    normalization: normalizationSchema(defaults).prefault({}),
  });

const configSchema = z.strictObject({
  /** How the reference is read (math-verify `parse` defaults, as TRL and open-r1 parse the gold). */
  gold: extractionSchema({
    targets: ["latex", "expr"],
    boxedPriority: 50,
    withoutAnchor: true,
    malformedOperators: true,
    nits: true,
    equations: false,
  })
    .prefault({})
    .describe("How the reference is read (math-verify `parse` defaults, as TRL and open-r1 parse the gold)."),
  /** How the completion is read (open-r1 / TRL `accuracy_reward` settings). */
  pred: extractionSchema({
    targets: ["latex"],
    boxedPriority: 0,
    withoutAnchor: false,
    malformedOperators: false,
    nits: false,
    equations: true,
  })
    .prefault({})
    .describe("How the completion is read (open-r1 / TRL `accuracy_reward` settings)."),
  /** Decimal places floats are rounded to before comparing (math-verify `float_rounding`). */
  precision: z
    .number()
    .int()
    .min(0)
    .max(15)
    .default(6)
    .describe("Decimal places floats are rounded to before comparing (math-verify `float_rounding`)."),
  /** Relative tolerance when symbolic expressions are compared at random points. */
  tolerance: z
    .number()
    .positive()
    .max(0.1)
    .default(1e-9)
    .describe("Relative tolerance when symbolic expressions are compared at random points."),
  /** Variables matter (`f(x)` ≠ `f(y)`), math-verify `strict`. */
  strict: z.boolean().default(true).describe("Variables matter (`f(x)` ≠ `f(y)`), math-verify `strict`."),
  /** Compare a predicted relation with a gold set (math-verify `allow_set_relation_comp`). */
  allowSetRelation: z
    .boolean()
    .default(false)
    .describe("Compare a predicted relation with a gold set (math-verify `allow_set_relation_comp`)."),
  /** Wall-clock limit of one check in a worker, in milliseconds. */
  timeoutMs: z
    .number()
    .int()
    .min(10)
    .max(600_000)
    .default(1000)
    .describe("Wall-clock limit of one check in a worker, in milliseconds."),
  /** Worker threads for checks that do not finish in-process within `fastSteps`. */
  workers: z
    .number()
    .int()
    .min(1)
    .max(32)
    .default(2)
    .describe("Worker threads for checks that do not finish in-process within `fastSteps`."),
  /** Use the worker pool; when false every check runs in-process under the `steps` budget. */
  useWorkers: z
    .boolean()
    .default(true)
    .describe("Use the worker pool; when false every check runs in-process under the `steps` budget."),
  /** Step budget of the in-process fast path; larger checks go to a worker. */
  fastSteps: z
    .number()
    .int()
    .min(0)
    .default(20_000)
    .describe("Step budget of the in-process fast path; larger checks go to a worker."),
  /** Step budget of a full check (in a worker, or in-process when `useWorkers` is false). */
  steps: z
    .number()
    .int()
    .min(100)
    .default(2_000_000)
    .describe("Step budget of a full check (in a worker, or in-process when `useWorkers` is false)."),
  /** What an unparseable reference scores: `null` (open-r1 / TRL: skip the sample) or 0. */
  goldUnparseable: z
    .enum(["null", "zero"])
    .default("null")
    .describe("What an unparseable reference scores: `null` (open-r1 / TRL: skip the sample) or 0."),
});

type MathEquivalentConfig = z.output<typeof configSchema>;

function checkOptions(config: MathEquivalentConfig, steps: number): MathCheckOptions {
  return {
    gold: config.gold as ExtractionOptions,
    pred: config.pred as ExtractionOptions,
    precision: config.precision,
    tolerance: config.tolerance,
    strict: config.strict,
    allowSetRelation: config.allowSetRelation,
    steps,
  };
}

function referenceText(reference: unknown): string | null {
  if (typeof reference === "string") return reference;
  if (typeof reference === "number" && Number.isFinite(reference)) return String(reference);
  return null;
}

function interpret(result: PoolResult, config: MathEquivalentConfig, ctx: ScoreContext): number | null {
  if (result.verdict === true) return 1;
  if (result.verdict === false) {
    if (result.predFound === false)
      ctx.report("unparseable_answer", "no answer could be extracted from the completion");
    return 0;
  }
  switch (result.reason) {
    case "gold_unparseable":
      ctx.report("reference_unparseable", result.message ?? "the reference has no parseable answer");
      return config.goldUnparseable === "zero" ? 0 : null;
    case "timeout":
    case "budget_exceeded":
      ctx.report("timeout", result.message ?? "the check did not finish within its limit");
      return null;
    default:
      ctx.report("reward_error", result.message ?? "the math worker failed");
      return null;
  }
}

/**
 * `math.equivalent`: whether the completion's final answer equals the reference answer
 * mathematically (1 or 0), as math-verify's `verify(parse(gold), parse(completion))` decides —
 * numbers, fractions, decimals with rounding, radicals, symbolic expressions (checked at seeded
 * random points), equations, inequalities, intervals, sets, tuples and matrices.
 *
 * The reference is a string (a bare answer like `$\frac{1}{2}$` or `"63/400"`, or a worked
 * solution ending in `\boxed{…}`) or a number. When no answer can be parsed from it the score is
 * `null` with issue `reference_unparseable` (open-r1 and TRL return `None`), or 0 with
 * `goldUnparseable: "zero"`. Defaults reproduce open-r1's and TRL's `accuracy_reward`: the gold
 * is parsed with math-verify defaults in `first_match` mode, the completion with LaTeX
 * extraction only, `boxed_match_priority=0`, `try_extract_without_anchor=False`, normalization
 * `units=True, equations=True, malformed_operators=False, nits=False`.
 *
 * Checks that fit a small step budget run in-process synchronously; the rest run in a
 * `worker_threads` pool with a hard `timeoutMs` limit (then the score is `null` with issue
 * `timeout` and the worker is replaced). Call `close()` to stop the pool.
 *
 * Citations: huggingface/Math-Verify (`parse`, `verify`); huggingface/trl@f2cd577:
 * trl/rewards/accuracy_rewards.py (`accuracy_reward`); huggingface/open-r1@1416fa0:
 * src/open_r1/rewards.py (`accuracy_reward`).
 * Deviations: symbolic equality is decided numerically (5 seeded points, relative tolerance
 * `tolerance`) instead of by sympy's `simplify`; texts longer than 100,000 characters keep
 * their last 100,000.
 * @example
 * const r = mathEquivalent();
 * r.score({ completion: "\\boxed{\\frac{63}{400}}", reference: "63/400" }, ctx); // 1
 * r.score({ completion: "\\boxed{3}", reference: "6" }, ctx); // 0
 * await r.close();
 */
export const mathEquivalent = defineReward({
  type: "math.equivalent",
  description:
    "1 when the final answer is mathematically equivalent to the reference (math-verify semantics), else 0.",
  docs: {
    formula:
      "1 if math-verify's verify(parse(gold), parse(completion)) holds, else 0 (null when the gold does not parse)",
    reads: { fields: ["completion", "reference"] },
    deviations: [
      "symbolic equality is decided numerically (5 seeded points, relative tolerance) instead of by sympy's simplify",
      "texts longer than 100,000 characters keep their last 100,000",
    ],
  },
  config: configSchema,
  create: (config) => {
    let pool: Promise<MathWorkerPool> | undefined;
    const getPool = (): Promise<MathWorkerPool> => {
      pool ??= import("./pool.js").then(
        ({ MathWorkerPool: Pool }) => new Pool({ size: config.workers, timeoutMs: config.timeoutMs }),
      );
      return pool;
    };
    return {
      score(sample, ctx) {
        const gold = referenceText(sample.reference);
        if (gold === null) {
          if (sample.reference === undefined || sample.reference === null) {
            ctx.report("reference_missing", "math.equivalent needs a reference answer");
            return null;
          }
          ctx.report("reference_unparseable", "the reference must be a string or a finite number");
          return config.goldUnparseable === "zero" ? 0 : null;
        }
        const fast = checkMath(
          gold,
          sample.completion,
          checkOptions(config, config.useWorkers ? config.fastSteps : config.steps),
        );
        if (fast.verdict !== null) {
          return interpret(
            { verdict: fast.verdict, predFound: fast.pred.values.length > 0 || fast.pred.strings.length > 0 },
            config,
            ctx,
          );
        }
        if (fast.reason === "gold_unparseable" || !config.useWorkers) return interpret(fast, config, ctx);
        return getPool()
          .then((p) => p.check(gold, sample.completion, checkOptions(config, config.steps)))
          .then((result) => interpret(result, config, ctx));
      },
      async close() {
        if (!pool) return;
        const current = pool;
        pool = undefined;
        await (await current).close();
      },
    };
  },
});
