/**
 * What the scorer does with broken input data and with groups too small for the recipe, between
 * the per-sample rewards and the batch steps (combination, advantages):
 * - a data error (an issue of kind `data`) makes the whole sample's reward `null`, unless its
 *   component's recipe entry says `onDataError: skip-component` (then only that component is
 *   `null`);
 * - so does a model-server failure (kind `server`: a judge or reward model that failed, timed out
 *   or answered unparseably) that left its component `null`: a reward computed from the other
 *   components alone would silently change scale for that sample. A component that still has a
 *   value (a pairwise judge whose win rate leaves out one failed comparison) keeps the sample, with
 *   the issue;
 * - a combination or advantage that needs whole groups (or the whole batch) reports
 *   `group_of_one` for the samples of a group smaller than the recipe expects.
 * @module
 */
import type { AdvantageEstimator, AdvantageInput, AdvantageOutput } from "../advantage/index.js";
import { type ComponentValue, type GroupScope, type Issue, issueKind, type Sample } from "../core/index.js";
import type { RecipeReward } from "./schema.js";

/** Where a component sits in a row and what its data errors do. */
export interface ComponentPolicy {
  index: number;
  skip: boolean;
}

/**
 * Each component's index and data-error policy, by component name.
 * @example
 * dataErrorPolicies([{ name: "iou", type: "grounding.iou", weight: 1, config: {}, onDataError: "skip-component" }]);
 * // Map { "iou" => { index: 0, skip: true } }
 */
export function dataErrorPolicies(rewards: readonly RecipeReward[]): Map<string, ComponentPolicy> {
  const policies = new Map<string, ComponentPolicy>();
  rewards.forEach((r, index) => {
    policies.set(r.name, { index, skip: r.onDataError === "skip-component" });
  });
  return policies;
}

/**
 * Applies the data-error policy to scored rows. A component with a data issue is `null` in
 * `rows` (in place: a value computed from broken data is not a reward, even where a released
 * code scores it 0); unless that component is `skip-component`, the sample is also excluded (its
 * reward must be `null`), as it is for a data issue of the sample itself, and for a server issue
 * of a component left `null` by it. Returns the exclusion
 * flags, or `undefined` when no sample is excluded (the common case allocates nothing).
 * @example
 * const rows = [[1, 0]];
 * const issues = [[{ reward: "iou", code: "missing_image_size", message: "" }]];
 * const policies = new Map([["iou", { index: 1, skip: false }]]);
 * applyDataErrorPolicy([{ completion: "" }], issues, rows, policies); // Uint8Array [1]; rows [[1, null]]
 */
export function applyDataErrorPolicy(
  samples: ReadonlyArray<Sample | undefined>,
  issues: ReadonlyArray<ReadonlyArray<Issue>>,
  rows: ComponentValue[][],
  policies: ReadonlyMap<string, ComponentPolicy>,
): Uint8Array | undefined {
  let excluded: Uint8Array | undefined;
  for (let i = 0; i < rows.length; i++) {
    const list = issues[i]!;
    if (list.length === 0 || !samples[i]) continue;
    for (const issue of list) {
      const kind = issueKind(issue.code);
      if (kind !== "data" && kind !== "server") continue;
      const policy = policies.get(issue.reward);
      if (kind === "server") {
        // The model's failure already left the component null, or it still scored (partial).
        if (policy && rows[i]![policy.index] !== null) continue;
      } else if (policy) rows[i]![policy.index] = null;
      if (!policy?.skip) {
        excluded ??= new Uint8Array(rows.length);
        excluded[i] = 1;
      }
    }
  }
  return excluded;
}

/** A group too small for a block that needs whole groups: its members and a message. */
export interface SmallGroup {
  members: number[];
  message: string;
}

/**
 * The groups (or, for `batch` scope, the batch) smaller than the recipe expects: fewer than
 * `groupSize` members, or a single member when `groupSize` is absent; none when `groupSize` is 1.
 * Members are the valid samples (`samples[i]` defined) sharing a group key; a sample whose reward
 * is `null` still counts, since the trainer sent it.
 * @param block the block's description for the message, e.g. `advantage grpo`
 * @example
 * smallGroups(["a", "a", "b"], [s, s, s], "group", undefined, "advantage grpo");
 * // [{ members: [2], message: "group b has 1 sample; advantage grpo needs whole groups …" }]
 */
export function smallGroups(
  groups: ReadonlyArray<string | undefined>,
  samples: ReadonlyArray<Sample | undefined>,
  scope: GroupScope,
  groupSize: number | undefined,
  block: string,
): SmallGroup[] {
  const minimum = groupSize ?? 2;
  if (minimum <= 1) return [];
  const byKey = new Map<string | undefined, number[]>();
  for (let i = 0; i < samples.length; i++) {
    if (!samples[i]) continue;
    const key = scope === "batch" ? undefined : groups[i];
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  }
  const expected =
    groupSize === undefined
      ? "set the recipe's groupSize to the samples per prompt"
      : `the recipe's groupSize is ${groupSize}`;
  const small: SmallGroup[] = [];
  for (const [key, members] of byKey) {
    if (members.length >= minimum) continue;
    const what =
      scope === "batch" ? "the batch" : key === undefined ? "the ungrouped samples" : `group ${key}`;
    const count = `${members.length} sample${members.length === 1 ? "" : "s"}`;
    small.push({
      members,
      message: `${what} has ${count}; ${block} needs whole ${scope === "batch" ? "batches" : "groups"} (${expected}; a trainer calling once per sample, like verl's naive reward manager, must send whole groups, e.g. verl's batch manager with compute_score_batch)`,
    });
  }
  return small;
}

/**
 * Reports `group_of_one` (under `where.reward`) on the samples of groups smaller than the recipe
 * expects ({@link smallGroups}); returns their flags, or `undefined` when every group is whole.
 * @example
 * const flags = reportSmallGroups({ groups, samples, issues }, "group", recipe.groupSize,
 *   { block: "combine pareto", reward: "combine" });
 */
export function reportSmallGroups(
  batch: {
    groups: ReadonlyArray<string | undefined>;
    samples: ReadonlyArray<Sample | undefined>;
    issues: Issue[][];
  },
  scope: GroupScope,
  groupSize: number | undefined,
  where: { block: string; reward: string },
): Uint8Array | undefined {
  const small = smallGroups(batch.groups, batch.samples, scope, groupSize, where.block);
  if (!small.length) return undefined;
  const flags = new Uint8Array(batch.samples.length);
  for (const { members, message } of small) {
    for (const i of members) {
      flags[i] = 1;
      batch.issues[i]!.push({ reward: where.reward, code: "group_of_one", message });
    }
  }
  return flags;
}

/**
 * Runs an estimator; when it needs whole groups, the samples of too-small groups get advantage 0
 * with `group_of_one` (their reward is kept: it is valid, only the group statistics are not) and
 * take no part in the statistics. Without a recipe `groupSize`, a batch of exactly one sample is
 * not reported: trainers that score one sample per call (verl's naive manager, OpenRLHF) compute
 * their own advantages, so the estimator's own singleton rule applies. A combination has no such
 * exemption, since there the reward itself would be wrong.
 * @example
 * const out = advantagesOfWholeGroups(scorer.advantage, { rewards, groups, samples, rows }, issues, 8);
 */
export function advantagesOfWholeGroups(
  estimator: AdvantageEstimator,
  input: AdvantageInput,
  issues: Issue[][],
  groupSize: number | undefined,
): AdvantageOutput {
  const loneSample = groupSize === undefined && countPresent(input.samples) === 1;
  const tooSmall =
    estimator.groupScope && !loneSample
      ? reportSmallGroups({ ...input, issues }, estimator.groupScope, groupSize, {
          block: `advantage ${estimator.type}`,
          reward: "advantage",
        })
      : undefined;
  if (!tooSmall) return estimator.compute(input);
  const rewards = input.rewards.map((r, i) => (tooSmall[i] ? null : r));
  const out = estimator.compute({ ...input, rewards });
  for (let i = 0; i < tooSmall.length; i++) if (tooSmall[i]) out.advantages[i] = 0;
  return out;
}

function countPresent(samples: ReadonlyArray<Sample | undefined>): number {
  let count = 0;
  for (const s of samples) if (s) count++;
  return count;
}
