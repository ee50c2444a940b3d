/**
 * The scorer: a recipe built into rewards, a combination scheme and an optional advantage
 * estimator, scoring batches of raw samples into results. Every door (library, CLI, HTTP) scores
 * through this one class.
 * @module
 */
import { type AdvantageEnv, type AdvantageEstimator, defaultAdvantages } from "../advantage/index.js";
import { type CombineEnv, type Combiner, defaultCombiners } from "../combine/index.js";
import {
  type BlockRegistry,
  ComponentContext,
  type ComponentValue,
  type Issue,
  type Result,
  type Reward,
  type RewardEnvironment,
  type RewardRegistry,
  type Sample,
  SampleState,
  sampleFast,
  validateSample,
} from "../core/index.js";
import { defaultRegistry } from "../rewards/index.js";
import {
  advantagesOfWholeGroups,
  applyDataErrorPolicy,
  type ComponentPolicy,
  dataErrorPolicies,
  reportSmallGroups,
} from "./data-errors.js";
import { type ResizePolicy, resizePolicy, withInputImage } from "./input-image.js";
import { createRecipeRewards } from "./origins.js";
import { type BaseResolver, resolveRecipe } from "./resolve.js";
import type { ResolvedRecipe } from "./schema.js";
import { type BatchStats, batchStatsFromRows } from "./stats.js";

/** Registries and resolvers a scorer is built with; defaults are the built-ins. */
export interface ScorerOptions {
  registry?: RewardRegistry;
  combiners?: BlockRegistry<CombineEnv, Combiner>;
  advantages?: BlockRegistry<AdvantageEnv, AdvantageEstimator>;
  resolveBase?: BaseResolver;
  /**
   * Services handed to reward factories: `models` gives judge and reward-model rewards their
   * clients (the CLI and server pass `createModelProvider(...)`; tests pass a fake).
   */
  env?: RewardEnvironment;
}

/** A scored batch: results in input order and the batch statistics. */
export interface ScoredBatch {
  results: Result[];
  stats: BatchStats;
}

/**
 * A batch scored in chunks; see {@link Scorer.accumulate}.
 * @example
 * const batch = scorer.accumulate();
 * await batch.add(firstChunk);
 * const { results } = await batch.finish();
 */
export interface BatchAccumulator {
  /**
   * Starts a chunk's per-sample rewards and keeps what the batch-level steps need; resolves once
   * the samples still being scored asynchronously are few enough (see {@link Scorer.accumulate}).
   */
  add(inputs: readonly unknown[]): Promise<void>;
  /** Combines, computes advantages and returns every result in the order added. */
  finish(): Promise<ScoredBatch>;
}

/** Per-sample outcomes of a batch, before combination and advantages. */
interface ScoredPart {
  ids: Array<string | number | undefined>;
  samples: Array<Sample | undefined>;
  issues: Issue[][];
  /** Per-sample details kept by rewards (`ctx.detail`), when any. */
  details: Array<Record<string, Record<string, unknown>> | undefined>;
  rows: ComponentValue[][];
  /** Sums of the rewards' `ctx.tally` counters, by component name. */
  tallies: Map<string, Record<string, number>>;
}

/** Adds each state's tallies into `into`. */
function mergeTallies(into: Map<string, Record<string, number>>, states: readonly SampleState[]): void {
  for (const state of states) {
    if (!state.tallies) continue;
    for (const [name, counters] of state.tallies) {
      const sums = into.get(name) ?? {};
      for (const [key, n] of Object.entries(counters)) sums[key] = (sums[key] ?? 0) + n;
      into.set(name, sums);
    }
  }
}

/** Collects what rewards left on the sample states once every call has settled. */
function settled(part: ScoredPart & { states: SampleState[] }): ScoredPart {
  mergeTallies(part.tallies, part.states);
  part.details = part.states.map((state) => state.details);
  return part;
}

/** The fields of a sample that combination and advantages may read. */
function slimSample(sample: Sample): Sample {
  const slim: Sample = { completion: "" };
  if (sample.id !== undefined) slim.id = sample.id;
  if (sample.group !== undefined) slim.group = sample.group;
  if (sample.meta !== undefined) slim.meta = sample.meta;
  return slim;
}

/**
 * Samples of a chunked batch ({@link Scorer.accumulate}) whose asynchronous rewards may still be
 * running when `add()` returns: far above any endpoint's concurrency, so model calls of
 * successive chunks overlap, and small enough that a long file is not read ahead without bound.
 */
const UNSETTLED_SAMPLES = 4096;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function"
  );
}

/** Keeps only finite numbers and null; anything else becomes null with an issue. */
function accept(value: unknown, state: SampleState, name: string): ComponentValue {
  if (value === null) return null;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  state.issues.push({
    reward: name,
    code: "non_finite",
    message: `the reward produced ${typeof value === "number" ? String(value) : typeof value}; scored as null`,
  });
  return null;
}

function rewardError(state: SampleState, name: string, error: unknown): null {
  const message = error instanceof Error ? error.message : String(error);
  state.issues.push({ reward: name, code: "reward_error", message: message.slice(0, 500) });
  return null;
}

function inputId(input: unknown): string | number | undefined {
  if (input === null || typeof input !== "object") return undefined;
  const id = (input as { id?: unknown }).id;
  return typeof id === "string" || typeof id === "number" ? id : undefined;
}

/**
 * A recipe ready to score.
 * @example
 * const scorer = buildScorer("gui-g2");
 * const { results, stats } = scorer.scoreSync([{ completion: "[10,10,50,50]", reference: [12, 8, 48, 52] }]);
 */
export class Scorer {
  readonly recipe: ResolvedRecipe;
  /** Component names, in recipe order. */
  readonly names: readonly string[];
  readonly rewards: readonly Reward[];
  readonly combiner: Combiner;
  readonly advantage: AdvantageEstimator | undefined;
  readonly #weights: readonly number[];
  /** The recipe's `inputImage` resize (fills a missing `input_image`); see `input-image.ts`. */
  readonly #inputImage: ResizePolicy | undefined;
  /** Each component's row index and data-error policy (`onDataError`), by name. */
  readonly #dataErrorPolicies: ReadonlyMap<string, ComponentPolicy>;
  /**
   * Whether a reward of the recipe took a model client or a vision runtime from the environment
   * when it was built, i.e. may fail with a `server` issue (doors then report `server_errors`).
   */
  readonly callsModels: boolean;

  constructor(recipe: ResolvedRecipe, options: ScorerOptions = {}) {
    const registry = options.registry ?? defaultRegistry();
    this.recipe = recipe;
    this.names = recipe.rewards.map((r) => r.name);
    this.#weights = recipe.rewards.map((r) => r.weight);
    this.#dataErrorPolicies = dataErrorPolicies(recipe.rewards);
    const given = options.env ?? {};
    let callsModels = false;
    // Rewards that call models take their client from the environment at build time.
    const watched: RewardEnvironment = {
      get models() {
        callsModels = true;
        return given.models;
      },
      get vision() {
        callsModels = true;
        return given.vision;
      },
    };
    this.rewards = createRecipeRewards(registry, recipe, watched);
    this.callsModels = callsModels;
    this.#inputImage = recipe.inputImage && resizePolicy(recipe.inputImage);
    const env = { names: this.names, weights: this.#weights };
    this.combiner = (options.combiners ?? defaultCombiners()).create(recipe.combine, env, "combine");
    this.advantage = recipe.advantage
      ? (options.advantages ?? defaultAdvantages()).create(recipe.advantage, env, "advantage")
      : undefined;
  }

  /**
   * Whether results depend on other samples of the batch (advantages, group rewards or a batch
   * combination): then a whole file must be scored as one batch.
   */
  get needsWholeBatch(): boolean {
    return Boolean(this.advantage || this.combiner.combineBatch || this.rewards.some((r) => r.scoreGroup));
  }

  /**
   * Scores a batch; never rejects for bad samples (they get an `invalid_sample` issue).
   * @param inputs raw values (parsed JSON): each is validated as a sample
   * @param options `signal`: once aborted, model calls still waiting for a slot are not sent (their
   *   components are `null` with an issue); see `ScoreContext.signal`
   */
  async score(inputs: readonly unknown[], options: { signal?: AbortSignal } = {}): Promise<ScoredBatch> {
    return this.#run(inputs, true, options.signal);
  }

  /**
   * Scores a batch synchronously. Throws if a reward of the recipe is asynchronous (judges,
   * math in workers): use {@link Scorer.score} for those.
   */
  scoreSync(inputs: readonly unknown[]): ScoredBatch {
    const out = this.#run(inputs, false);
    if (isThenable(out)) throw new Error("this recipe has asynchronous rewards; use score()");
    return out;
  }

  /** Releases resources held by rewards (worker pools). */
  async close(): Promise<void> {
    await Promise.all(this.rewards.map((r) => r.close?.()));
  }

  /**
   * Starts a batch scored in chunks (the CLI's whole-file mode, the server's slices). Per-sample
   * rewards start as each chunk is added; `add()` does not wait for a chunk's asynchronous
   * rewards (judge calls) while at most 4,096 samples are unsettled, so the calls of successive
   * chunks overlap, and `finish()` waits for all of them. Only what combination, advantages and results need is kept (component rows,
   * issues, and each sample's `id`, `group` and `meta`), so memory grows by a few hundred bytes
   * per sample instead of holding every completion. Recipes with group rewards (`scoreGroup`)
   * keep whole samples, since those rewards read them at the end.
   * @example
   * const batch = scorer.accumulate();
   * for (const chunk of chunks) await batch.add(chunk);
   * const { results, stats } = await batch.finish();
   */
  accumulate(options: { signal?: AbortSignal } = {}): BatchAccumulator {
    const { signal } = options;
    if (this.rewards.some((r) => r.scoreGroup)) {
      const inputs: unknown[] = [];
      return {
        add: async (chunk) => {
          for (const x of chunk) inputs.push(x);
        },
        finish: () => this.score(inputs, { signal }),
      };
    }
    const all: ScoredPart = { ids: [], samples: [], issues: [], rows: [], tallies: new Map(), details: [] };
    // Chunks whose asynchronous rewards are still running. add() does not wait for its own
    // chunk (a server request scored in slices of 256 would otherwise run its judge calls in
    // waves, each starting only once the previous one settled), only for the oldest chunks once
    // more than UNSETTLED_SAMPLES samples are running, so a long file still reads at the pace
    // the model servers answer.
    const running: Array<{ settled: Promise<unknown>; samples: number }> = [];
    let unsettled = 0;
    // Tallies and details are collected chunk by chunk in the order added, once each chunk settled.
    let collected: Promise<void> = Promise.resolve();
    return {
      add: async (chunk) => {
        const pending: Array<PromiseLike<unknown>> = [];
        const part = this.#scoreSamples(chunk, pending, true, signal);
        const base = all.rows.length;
        for (let i = 0; i < chunk.length; i++) {
          const sample = part.samples[i];
          all.ids.push(part.ids[i]);
          // Estimators and combiners read only id, group and meta; drop the texts.
          all.samples.push(sample && slimSample(sample));
          all.issues.push(part.issues[i]!);
          all.details.push(undefined);
          all.rows.push(part.rows[i]!);
        }
        const collect = () => {
          mergeTallies(all.tallies, part.states);
          for (let i = 0; i < chunk.length; i++) all.details[base + i] = part.states[i]!.details;
        };
        if (!pending.length) {
          collected = collected.then(collect);
          return;
        }
        // The rewards' promises never reject (the scorer turns rejections into issues).
        const settled = Promise.all(pending);
        collected = collected.then(() => settled.then(collect));
        running.push({ settled, samples: chunk.length });
        unsettled += chunk.length;
        while (unsettled > UNSETTLED_SAMPLES) {
          const oldest = running.shift()!;
          await oldest.settled;
          unsettled -= oldest.samples;
        }
      },
      finish: async () => {
        await collected;
        return this.#finish(all);
      },
    };
  }

  #run(
    inputs: readonly unknown[],
    allowAsync: boolean,
    signal?: AbortSignal,
  ): ScoredBatch | Promise<ScoredBatch> {
    const pending: Array<PromiseLike<unknown>> = [];
    const part = this.#scoreSamples(inputs, pending, allowAsync, signal);
    this.#scoreGroups(part, pending, allowAsync);
    if (pending.length) return Promise.all(pending).then(() => this.#finish(settled(part)));
    return this.#finish(settled(part));
  }

  /** Runs the per-sample rewards; asynchronous ones push their settlement onto `pending`. */
  #scoreSamples(
    inputs: readonly unknown[],
    pending: Array<PromiseLike<unknown>>,
    allowAsync: boolean,
    signal?: AbortSignal,
  ): ScoredPart & { states: SampleState[] } {
    const n = inputs.length;
    const width = this.names.length;
    const samples: Array<Sample | undefined> = new Array(n);
    const states: SampleState[] = new Array(n);
    const rows: ComponentValue[][] = new Array(n);
    const contexts = this.names.map((name) => new ComponentContext(new SampleState(), name));
    const rewards = this.rewards;
    const names = this.names;

    for (let i = 0; i < n; i++) {
      const state = new SampleState();
      if (signal) state.signal = signal;
      states[i] = state;
      const row: ComponentValue[] = new Array(width).fill(null);
      rows[i] = row;
      const input = inputs[i];
      let sample = sampleFast(input);
      if (!sample) {
        const validation = validateSample(input);
        if (!validation.ok) {
          state.issues.push({ reward: "sample", code: "invalid_sample", message: validation.message });
          continue;
        }
        sample = validation.sample;
      }
      if (this.#inputImage) sample = withInputImage(sample, this.#inputImage, state.issues);
      samples[i] = sample;
      for (let k = 0; k < width; k++) {
        const reward = rewards[k]!;
        if (!reward.score) continue;
        const name = names[k]!;
        let out: unknown;
        const ctx = contexts[k]!.bind(state);
        try {
          out = reward.score(sample, ctx);
        } catch (error) {
          row[k] = rewardError(state, name, error);
          continue;
        }
        if (isThenable(out)) {
          if (!allowAsync) throw new Error(`reward ${name} is asynchronous; use score()`);
          // The pending call keeps this context; the next sample gets a fresh one.
          contexts[k] = new ComponentContext(state, name);
          pending.push(
            out.then(
              (value) => {
                row[k] = accept(value, state, name);
              },
              (error) => {
                row[k] = rewardError(state, name, error);
              },
            ),
          );
        } else {
          row[k] = typeof out === "number" && Number.isFinite(out) ? out : accept(out, state, name);
        }
      }
    }

    // A loop, not map: `samples` has holes where inputs were invalid, and map skips holes.
    const ids: ScoredPart["ids"] = new Array(n);
    for (let i = 0; i < n; i++) ids[i] = samples[i]?.id ?? inputId(inputs[i]);
    return {
      ids,
      samples,
      states,
      rows,
      issues: states.map((state) => state.issues),
      tallies: new Map(),
      details: [],
    };
  }

  #scoreGroups(
    {
      samples,
      states,
      rows,
    }: { samples: Array<Sample | undefined>; states: SampleState[]; rows: ComponentValue[][] },
    pending: Array<PromiseLike<unknown>>,
    allowAsync: boolean,
  ): void {
    this.rewards.forEach((reward, k) => {
      if (!reward.scoreGroup) return;
      const name = this.names[k]!;
      const byGroup = new Map<string, number[]>();
      samples.forEach((s, i) => {
        if (!s) return;
        const key = s.group === undefined ? "" : `${typeof s.group}:${s.group}`;
        const list = byGroup.get(key) ?? [];
        list.push(i);
        byGroup.set(key, list);
      });
      for (const indexes of byGroup.values()) {
        const assign = (values: ReadonlyArray<ComponentValue>) => {
          indexes.forEach((i, j) => {
            rows[i]![k] = accept(values[j] ?? null, states[i]!, name);
          });
        };
        let out: unknown;
        try {
          out = reward.scoreGroup(
            indexes.map((i) => samples[i]!),
            indexes.map((i) => states[i]!.contextFor(name)),
          );
        } catch (error) {
          for (const i of indexes) rows[i]![k] = rewardError(states[i]!, name, error);
          continue;
        }
        if (isThenable(out)) {
          if (!allowAsync) throw new Error(`reward ${name} is asynchronous; use score()`);
          pending.push(
            out.then(
              (values) => assign(values as ReadonlyArray<ComponentValue>),
              (error) => {
                for (const i of indexes) rows[i]![k] = rewardError(states[i]!, name, error);
              },
            ),
          );
        } else {
          assign(out as ReadonlyArray<ComponentValue>);
        }
      }
    });
  }

  #finish({ ids, samples, issues, rows, tallies, details }: ScoredPart): ScoredBatch {
    const n = rows.length;
    const names = this.names;
    const groups = samples.map((s) => (s?.group === undefined ? undefined : String(s.group)));
    // Broken data never passes as a reward: such samples (or, by choice, components) are null.
    const excluded = applyDataErrorPolicy(samples, issues, rows, this.#dataErrorPolicies);
    const combiner = this.combiner;
    const tooSmall = combiner.groupScope
      ? reportSmallGroups({ groups, samples, issues }, combiner.groupScope, this.recipe.groupSize, {
          block: `combine ${combiner.type}`,
          reward: "combine",
        })
      : undefined;
    const left = (i: number) => samples[i] !== undefined && !excluded?.[i] && !tooSmall?.[i];
    let rewards: ComponentValue[];
    let extra: Record<string, ComponentValue[]> | undefined;
    let combineStats: Record<string, unknown> | undefined;
    if (combiner.combineRow) {
      rewards = new Array(n);
      for (let i = 0; i < n; i++) rewards[i] = left(i) ? combiner.combineRow(rows[i]!) : null;
    } else {
      // Excluded samples take no part in group or batch statistics: they enter as all-null rows.
      const noValues: ComponentValue[] = new Array(names.length).fill(null);
      const batchRows = excluded || tooSmall ? rows.map((row, i) => (left(i) ? row : noValues)) : rows;
      const out = combiner.combineBatch!({ rows: batchRows, groups, samples });
      rewards = out.rewards.map((r, i) => (left(i) ? r : null));
      extra = out.components;
      combineStats = out.stats;
    }
    for (let i = 0; i < n; i++) {
      const r = rewards[i];
      if (r !== null && r !== undefined && !Number.isFinite(r)) {
        issues[i]!.push({
          reward: "combine",
          code: "non_finite",
          message: `combined reward ${r}; scored as null`,
        });
        rewards[i] = null;
      }
    }
    const advantage =
      this.advantage &&
      advantagesOfWholeGroups(
        this.advantage,
        { rewards, groups, samples, rows },
        issues,
        this.recipe.groupSize,
      );
    const results: Result[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const components: Record<string, ComponentValue> = {};
      for (let k = 0; k < names.length; k++) components[names[k]!] = row[k] ?? null;
      if (extra) for (const [name, values] of Object.entries(extra)) components[name] = values[i] ?? null;
      const id = ids[i];
      // Built key by key so the JSON reads id, reward, components, advantage, issues.
      const result = {} as Result;
      if (id !== undefined) result.id = id;
      result.reward = rewards[i] ?? null;
      result.components = components;
      if (advantage) result.advantage = advantage.advantages[i] ?? 0;
      result.issues = issues[i]!;
      const detail = details[i];
      if (detail) result.details = detail;
      results[i] = result;
    }
    const stats = batchStatsFromRows(rewards, rows, names, extra, issues);
    if (advantage) {
      stats.advantage = {
        groups: advantage.groups,
        collapsedGroups: advantage.groups.filter((g) => g.collapsed).length,
      };
      if (advantage.perSample) stats.advantage.perSample = advantage.perSample;
    }
    if (combineStats) stats.combine = combineStats;
    this.rewards.forEach((reward, k) => {
      if (!reward.summarize) return;
      const column: ComponentValue[] = new Array(n);
      for (let i = 0; i < n; i++) column[i] = rows[i]![k] ?? null;
      stats.rewards ??= {};
      stats.rewards[names[k]!] = reward.summarize(column, tallies.get(names[k]!) ?? {});
    });
    return { results, stats };
  }
}

/**
 * Builds a {@link Scorer} from a recipe object, recipe text already parsed, or a preset name.
 * A bad recipe throws a `ConfigError` naming the field, the bad value and the valid choices.
 * @example
 * const scorer = buildScorer({
 *   rewards: [
 *     { name: "format", type: "format.think-answer" },
 *     { name: "iou", type: "grounding.iou", config: { pred: { frame: "input-pixel" } } },
 *   ],
 *   advantage: { type: "grpo" },
 * });
 */
export function buildScorer(recipe: unknown, options: ScorerOptions = {}): Scorer {
  return new Scorer(resolveRecipe(recipe, options.resolveBase), options);
}
