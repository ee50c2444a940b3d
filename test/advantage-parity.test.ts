import { describe, expect, it } from "vitest";
import { buildScorer } from "../src/recipe/index.js";

// Whole recipes over the `value` reward (meta[key]) so exact numbers flow through scorer, combiner and estimator.
const one = [{ name: "r", type: "value", config: { key: "r" } }];
const sample = (group: string | undefined, r: number | undefined, meta: Record<string, unknown> = {}) => ({
  completion: "",
  ...(group === undefined ? {} : { group }),
  meta: r === undefined ? meta : { ...meta, r },
});

describe("advantages through a whole recipe", () => {
  // Groups a (8), b (3 + one null), c (1), interleaved.
  const inputs = [
    sample("a", 1),
    sample("b", 0.5),
    sample("a", 0),
    sample("b", 0.25),
    sample("a", 0),
    sample("b", 1),
    sample("a", 1),
    sample("c", 0.7),
    sample("a", 1),
    sample("b", undefined),
    sample("a", 0),
    sample("a", 0),
    sample("a", 0),
  ];
  // groupSize 1: groups of one are expected, so each estimator's own singleton rule applies.
  const run = (advantage: Record<string, unknown>) =>
    buildScorer({ rewards: one, advantage, groupSize: 1 })
      .scoreSync(inputs)
      .results.map((r) => r.advantage!);

  it("verl grpo, rloo and dr-grpo values in input order, the null sample 0", () => {
    const grpo = run({ type: "grpo", flavor: "verl" });
    expect(grpo[0]).toBeCloseTo(1.2076123955, 9);
    expect(grpo[1]).toBeCloseTo(-0.2182173188, 9);
    expect(grpo[7]).toBeCloseTo(0.6999993, 9);
    expect(grpo[9]).toBe(0);
    const rloo = run({ type: "rloo" });
    expect(rloo[0]).toBeCloseTo(0.7142857143, 9);
    expect(rloo[3]).toBeCloseTo(-0.5, 9);
    expect(rloo[7]).toBe(0.7);
    expect(run({ type: "dr-grpo", flavor: "verl" })[5]).toBeCloseTo(0.4166666667, 9);
  });

  it("TRL grpo with groups of one expected: the singleton group gets 0 and is reported collapsed", () => {
    const { results, stats } = buildScorer({
      rewards: one,
      advantage: { type: "grpo" },
      groupSize: 1,
    }).scoreSync(inputs);
    expect(results[0]!.advantage).toBeCloseTo(1.20738144, 8);
    expect(results[7]!.advantage).toBe(0);
    expect(results[7]!.issues).toEqual([]);
    const groups = Object.fromEntries(stats.advantage!.groups.map((g) => [g.group, g]));
    expect(groups.b).toMatchObject({ size: 4, nulls: 1 });
    expect(groups.c).toMatchObject({ collapsed: true });
    expect(stats.advantage!.collapsedGroups).toBe(1);
  });

  it("a group of one among larger groups is reported as group_of_one (advantage 0, reward kept)", () => {
    for (const advantage of [
      { type: "grpo", flavor: "verl" },
      { type: "rloo" },
      { type: "grpo" },
      { type: "dr-grpo" },
      { type: "win-rate" },
      { type: "centered" },
    ]) {
      const { results, stats } = buildScorer({ rewards: one, advantage }).scoreSync(inputs);
      expect(results[7], advantage.type).toMatchObject({ reward: 0.7, advantage: 0 });
      expect(results[7]!.issues.map((i) => [i.reward, i.code])).toEqual([["advantage", "group_of_one"]]);
      expect(results[7]!.issues[0]!.message).toMatch(
        /group c has 1 sample; advantage \S+ needs whole groups/,
      );
      expect(stats.issues.group_of_one).toBe(1);
      expect(stats.dataErrors).toBe(1);
      // The other groups are untouched.
      expect(results[0]!.issues).toEqual([]);
    }
  });

  it("groupSize flags every smaller group, a batch of one included (verl's naive manager)", () => {
    const scorer = buildScorer({ rewards: one, advantage: { type: "grpo" }, groupSize: 8 });
    const { results } = scorer.scoreSync(inputs);
    // a has 8 samples; b (4) and c (1) are smaller than 8.
    expect(results.filter((r) => r.issues.some((i) => i.code === "group_of_one"))).toHaveLength(5);
    expect(results[0]!.advantage).toBeCloseTo(1.20738144, 8);
    expect(results[1]).toMatchObject({ reward: 0.5, advantage: 0 });
    const alone = scorer.scoreSync([sample(undefined, 1)]);
    expect(alone.results[0]).toMatchObject({ reward: 1, advantage: 0 });
    expect(alone.results[0]!.issues[0]).toMatchObject({ reward: "advantage", code: "group_of_one" });
    expect(alone.results[0]!.issues[0]!.message).toMatch(
      /the ungrouped samples has 1 sample; advantage grpo needs whole groups \(the recipe's groupSize is 8;.*compute_score_batch/,
    );
    // Without groupSize a batch of one sample is exempt (per-sample trainers compute their own
    // advantages), but two singleton groups are not.
    const unsized = buildScorer({ rewards: one, advantage: { type: "grpo", flavor: "verl" } });
    expect(unsized.scoreSync([sample("x", 1)]).results[0]).toMatchObject({ reward: 1, issues: [] });
    const two = unsized.scoreSync([sample("x", 1), sample("y", 0)]).results;
    expect(two.map((r) => r.issues.map((i) => i.code))).toEqual([["group_of_one"], ["group_of_one"]]);
  });

  it("IGPO exposes per-turn advantages in stats.advantage.perSample", () => {
    const scorer = buildScorer({ rewards: one, advantage: { type: "igpo", input: "prob", key: "p" } });
    const { results, stats } = scorer.scoreSync([
      sample("q", 0.5, { p: [0.1, 0.3, 0.2] }),
      sample("q", 1, { p: [0.4, 0.45] }),
    ]);
    expect(results[0]!.advantage).toBeCloseTo(-1.0016451, 6);
    const turns = stats.advantage!.perSample!.turnAdvantages as number[][];
    expect(turns[1]!.map((v) => Number(v.toFixed(4)))).toEqual([1.0016, 1.7208]);
  });
});

describe("batch combinations through a whole recipe", () => {
  const two = [
    { name: "a", type: "value", config: { key: "a" } },
    { name: "b", type: "value", weight: 0.5, config: { key: "b" } },
  ];

  it("normalize-then-sum (GDPO) with the identity advantage", () => {
    const rows = [
      [1, 0.2],
      [0, null],
      [1, 0.8],
      [0.5, 0.1],
      [null, null],
      [0, 0.3],
    ];
    const inputs = rows.map(([a, b], i) => ({
      completion: "",
      group: i < 3 ? "p" : "q",
      meta: { ...(a === null ? {} : { a }), ...(b === null ? {} : { b }) },
    }));
    const { results } = buildScorer({
      rewards: two,
      combine: { type: "normalize-then-sum" },
      advantage: { type: "identity" },
    }).scoreSync(inputs);
    expect(results[0]!.reward).toBeCloseTo(0.2830681492, 9);
    expect(results[4]!.reward).toBeNull();
    expect(results[4]!.advantage).toBe(0);
    expect(results[1]!.advantage).toBeCloseTo(-1.4603719472, 9);
  });

  it("pareto adds its mask as a component", () => {
    const scorer = buildScorer({ rewards: two, combine: { type: "pareto", dominated: "zero" } });
    const { results, stats } = scorer.scoreSync([
      { completion: "", group: "g", meta: { a: 1, b: 1 } },
      { completion: "", group: "g", meta: { a: 0, b: 0 } },
    ]);
    expect(results.map((r) => r.components.pareto)).toEqual([1, 0]);
    expect(results.map((r) => r.reward)).toEqual([1.5, 0]);
    expect(stats.components.pareto).toMatchObject({ mean: 0.5 });
  });

  it("constrained keeps its multipliers across score() calls and reports them in stats.combine", () => {
    const scorer = buildScorer({
      rewards: two,
      combine: {
        type: "constrained",
        constraints: [{ component: "b", threshold: 0.5, initial: 1 }],
        stepSize: 1,
      },
    });
    const pair = [
      { completion: "", meta: { a: 1, b: 1 } },
      { completion: "", meta: { a: 1, b: 1 } },
    ];
    const first = scorer.scoreSync(pair);
    expect(first.stats.combine).toMatchObject({ multipliers: { b: 1 }, next: { b: 1.5 }, means: { b: 1 } });
    expect(first.results[0]!.reward).toBe(0.5);
    const second = scorer.scoreSync(pair);
    expect(second.stats.combine).toMatchObject({ multipliers: { b: 1.5 }, next: { b: 2 } });
    expect(second.results[0]!.reward).toBe(0.25);
    // A batch of one (a trainer calling once per sample) is not a batch step: group_of_one,
    // reward null, multipliers unchanged.
    const alone = scorer.scoreSync([{ completion: "", meta: { a: 1, b: 1 } }]);
    expect(alone.results[0]).toMatchObject({
      reward: null,
      issues: [{ reward: "combine", code: "group_of_one" }],
    });
    expect(alone.stats.combine).toMatchObject({ multipliers: { b: 2 }, next: { b: 2 } });
  });
});
