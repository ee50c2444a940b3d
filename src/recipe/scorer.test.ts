import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, createRegistry, defineReward } from "../core/index.js";
import { value } from "../rewards/value/value.js";
import { buildScorer } from "./scorer.js";

const constant = defineReward({
  type: "test.constant",
  description: "returns config.value",
  config: z.strictObject({ value: z.number().nullable().default(1) }),
  create: ({ value: v }) => ({ score: () => v }),
});
const later = defineReward({
  type: "test.async",
  description: "resolves meta.x later",
  config: z.strictObject({}),
  create: () => ({ score: async (s) => (typeof s.meta?.x === "number" ? s.meta.x : null) }),
});
const lateReport = defineReward({
  type: "test.late-report",
  description: "reports an issue after an await, sometimes synchronously",
  config: z.strictObject({}),
  create: () => ({
    score(s, ctx) {
      if (s.meta?.sync) {
        ctx.report("missing_meta", `sync ${s.id}`);
        return 0;
      }
      return new Promise((resolve) =>
        setTimeout(() => {
          ctx.report("timeout", `late ${s.id}`);
          resolve(1);
        }, 5),
      );
    },
  }),
});
const broken = defineReward({
  type: "test.broken",
  description: "throws or returns NaN",
  config: z.strictObject({ mode: z.enum(["throw", "nan"]).default("throw") }),
  create: ({ mode }) => ({
    score: () => {
      if (mode === "throw") throw new Error("boom");
      return Number.NaN;
    },
  }),
});
/** Calls started, and the releases of their promises (in call order). */
const gate = { started: 0, releases: [] as Array<() => void> };
const gated = defineReward({
  type: "test.gated",
  description: "resolves 1 (with a tally and a detail) once the test releases the call",
  config: z.strictObject({}),
  create: () => ({
    score: (_s, ctx) => {
      gate.started++;
      return new Promise<number>((resolve) =>
        gate.releases.push(() => {
          ctx.tally?.("released");
          ctx.detail?.("at", gate.started);
          resolve(1);
        }),
      );
    },
  }),
});
const registry = createRegistry([value, constant, later, broken, lateReport, gated] as never[]);

describe("buildScorer", () => {
  it("combines components with TRL's weighted nansum and keeps order", () => {
    const scorer = buildScorer(
      {
        rewards: [
          { name: "a", type: "value", weight: 2, config: { key: "a" } },
          { name: "b", type: "value", config: { key: "b" } },
        ],
      },
      { registry },
    );
    const { results, stats } = scorer.scoreSync([
      { id: "x", completion: "", meta: { a: 1, b: 0.5 } },
      { id: "y", completion: "", meta: { b: 3 } },
      { id: "z", completion: "", meta: {} },
    ]);
    expect(results.map((r) => r.reward)).toEqual([2.5, 3, null]);
    expect(results[1]!.components).toEqual({ a: null, b: 3 });
    expect(results[2]!.issues.map((i) => i.code)).toEqual(["missing_meta", "missing_meta"]);
    expect(stats.components.a).toMatchObject({ nulls: 2, mean: 1 });
    expect(stats.issues.missing_meta).toBe(3);
  });

  it("turns an invalid sample into a result with invalid_sample and scores the rest", () => {
    const scorer = buildScorer({ rewards: [{ name: "c", type: "test.constant" }] }, { registry });
    const { results } = scorer.scoreSync([{ id: 7, completion: 3 }, { completion: "ok" }, "junk"]);
    expect(results[0]).toMatchObject({ id: 7, reward: null, components: { c: null } });
    expect(results[0]!.issues[0]!.code).toBe("invalid_sample");
    expect(results[0]!.issues[0]!.message).toContain("completion");
    expect(results[1]!.reward).toBe(1);
    expect(results[2]!.issues[0]!.code).toBe("invalid_sample");
  });

  it("gates: a failed gate gives the floor", () => {
    const scorer = buildScorer(
      {
        rewards: [
          { name: "format", type: "value", config: { key: "f" } },
          { name: "acc", type: "value", config: { key: "a" } },
        ],
        combine: { type: "sum", gate: "format" },
      },
      { registry },
    );
    const { results } = scorer.scoreSync([
      { completion: "", meta: { f: 1, a: 0.5 } },
      { completion: "", meta: { f: 0, a: 0.9 } },
      { completion: "", meta: { a: 0.9 } },
    ]);
    expect(results.map((r) => r.reward)).toEqual([1.5, 0, 0]);
  });

  it("computes GRPO advantages per group, nulls excluded and given 0 (TRL eps 1e-4)", () => {
    const scorer = buildScorer(
      { rewards: [{ name: "r", type: "value", config: { key: "r" } }], advantage: { type: "grpo" } },
      { registry },
    );
    const rs = [1, 0, 0, 1, 1, 0, 0, 0];
    const inputs = [
      ...rs.map((r) => ({ group: "g", completion: "", meta: { r } })),
      { group: "g", completion: "", meta: {} },
      { group: "h", completion: "", meta: { r: 5 } },
    ];
    const { results, stats } = scorer.scoreSync(inputs);
    expect(results[0]!.advantage).toBeCloseTo(1.20738, 5);
    expect(results[1]!.advantage).toBeCloseTo(-0.72443, 5);
    expect(results[8]!.advantage).toBe(0);
    // h is a group of one beside a group of 9: reported, advantage 0, reward kept.
    expect(results[9]).toMatchObject({ reward: 5, advantage: 0 });
    expect(results[9]!.issues.map((i) => i.code)).toEqual(["group_of_one"]);
    const g = stats.advantage!.groups.find((x) => x.group === "g")!;
    expect(g).toMatchObject({ size: 9, nulls: 1, mean: 0.375, collapsed: false });
    expect(Object.keys(results[0]!)).toEqual(["reward", "components", "advantage", "issues"]);
  });

  it("population std and std none", () => {
    const mk = (std: string) =>
      buildScorer(
        {
          rewards: [{ name: "r", type: "value", config: { key: "r" } }],
          advantage: { type: "grpo", std, eps: 0 },
        },
        { registry },
      );
    const inputs = [1, 2, 3].map((r) => ({ group: 1, completion: "", meta: { r } }));
    expect(mk("population").scoreSync(inputs).results[2]!.advantage).toBeCloseTo(1 / Math.sqrt(2 / 3), 10);
    expect(mk("none").scoreSync(inputs).results[0]!.advantage).toBe(-1);
  });

  it("awaits asynchronous rewards in score() and refuses them in scoreSync()", async () => {
    const scorer = buildScorer({ rewards: [{ name: "x", type: "test.async" }] }, { registry });
    const { results } = await scorer.score([{ completion: "", meta: { x: 0.25 } }, { completion: "" }]);
    expect(results.map((r) => r.reward)).toEqual([0.25, null]);
    expect(() => scorer.scoreSync([{ completion: "" }])).toThrow(/asynchronous/);
  });

  it("keeps issues reported after an await on their own sample", async () => {
    const scorer = buildScorer({ rewards: [{ name: "late", type: "test.late-report" }] }, { registry });
    const inputs = [1, 2, 3, 4, 5].map((id) => ({ id, completion: "", meta: { sync: id % 2 === 0 } }));
    const { results } = await scorer.score(inputs);
    expect(results.map((r) => r.issues.map((i) => i.message))).toEqual([
      ["late 1"],
      ["sync 2"],
      ["late 3"],
      ["sync 4"],
      ["late 5"],
    ]);
  });

  it("accumulates a batch chunk by chunk with the same results as one score() call", async () => {
    const scorer = buildScorer(
      {
        rewards: [
          { name: "r", type: "value", config: { key: "r" } },
          { name: "late", type: "test.async" },
        ],
        advantage: { type: "grpo" },
      },
      { registry },
    );
    const inputs: unknown[] = [3, 1, 4, 1, 5, 9, 2, 6].map((r, i) => ({
      id: i,
      group: i % 3,
      completion: "long text that the accumulator drops",
      meta: { r, x: r / 10 },
    }));
    inputs.splice(2, 0, { id: 99, completion: 5 });
    const whole = await scorer.score(inputs);
    const batch = scorer.accumulate();
    await batch.add(inputs.slice(0, 4));
    await batch.add(inputs.slice(4));
    const chunked = await batch.finish();
    expect(chunked.results).toEqual(whole.results);
    expect(chunked.stats).toEqual(whole.stats);
    expect(chunked.results[2]).toMatchObject({ id: 99, reward: null, advantage: 0 });
    expect(chunked.results[3]).toMatchObject({ id: 2, components: { r: 4, late: 0.4 } });
  });

  it("starts every chunk's asynchronous calls before earlier chunks settle", async () => {
    const scorer = buildScorer({ rewards: [{ name: "g", type: "test.gated" }] }, { registry });
    gate.started = 0;
    gate.releases = [];
    const batch = scorer.accumulate();
    for (let chunk = 0; chunk < 4; chunk++)
      await batch.add(Array.from({ length: 3 }, (_, i) => ({ id: chunk * 3 + i, completion: "" })));
    // No call has settled, yet all four chunks' calls are on their way.
    expect(gate.started).toBe(12);
    const finished = batch.finish();
    for (const release of gate.releases.reverse()) release();
    const { results, stats } = await finished;
    expect(results.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(results.every((r) => r.reward === 1)).toBe(true);
    expect(results[0]!.details).toEqual({ g: { at: 12 } });
    expect(stats.reward.nulls).toBe(0);
  });

  it("never lets a throw or NaN out: null with an issue", () => {
    const scorer = buildScorer(
      {
        rewards: [
          { name: "t", type: "test.broken" },
          { name: "n", type: "test.broken", config: { mode: "nan" } },
          { name: "ok", type: "test.constant" },
        ],
      },
      { registry },
    );
    const { results } = scorer.scoreSync([{ completion: "" }]);
    expect(results[0]!.reward).toBe(1);
    expect(results[0]!.issues.map((i) => i.code)).toEqual(["reward_error", "non_finite"]);
  });

  it("fails at load with the field, the bad value and the choices", () => {
    const attempt = (recipe: unknown) => {
      try {
        buildScorer(recipe, { registry });
      } catch (error) {
        return error as ConfigError;
      }
      throw new Error("expected a ConfigError");
    };
    let e = attempt({ rewards: [{ name: "a", type: "nope" }] });
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.problems[0]).toMatchObject({ path: "rewards[0].type", value: "nope" });
    expect(e.problems[0]!.choices).toContain("value");
    e = attempt({ rewards: [{ name: "a", type: "test.broken", config: { mode: "explode" } }] });
    expect(e.problems[0]).toMatchObject({
      path: "rewards[0].config.mode",
      value: "explode",
      choices: ["throw", "nan"],
    });
    e = attempt({ rewards: [{ name: "a", type: "value", config: { key: "k", kee: 1 } }] });
    expect(e.problems[0]).toMatchObject({
      path: "rewards[0].config.kee",
      message: "unknown field",
      choices: ["key"],
    });
    e = attempt({ rewards: [{ name: "a", type: "value", config: { key: "k" } }], combine: { type: "avg" } });
    expect(e.problems[0]).toMatchObject({ path: "combine.type", value: "avg" });
    expect(e.problems[0]!.choices).toContain("weighted");
    e = attempt({
      rewards: [{ name: "a", type: "value", config: { key: "k" } }],
      combine: { type: "sum", gate: "fmt" },
    });
    expect(e.problems[0]).toMatchObject({ path: "combine.gate[0]", value: "fmt", choices: ["a"] });
    e = attempt({
      rewards: [{ name: "a", type: "value", weight: 2, config: { key: "k" } }],
      combine: { type: "sum" },
    });
    expect(e.problems[0]!.path).toBe("rewards[0].weight");
    e = attempt({
      rewards: [{ name: "a", type: "value", config: { key: "k" } }],
      advantage: { type: "grpo", std: "biased" },
    });
    expect(e.problems[0]).toMatchObject({
      path: "advantage.std",
      choices: ["unbiased", "population", "none"],
    });
    e = attempt({ extends: "no-such-preset" });
    expect(e.problems[0]!.path).toBe("extends");
    e = attempt({ rewards: [] });
    expect(e.problems[0]!.path).toBe("rewards");
    expect(e.message).toContain("rewards");
  });

  it("extends and overrides a recipe by reward name", () => {
    const base = {
      name: "base",
      rewards: [{ name: "a", type: "value", config: { key: "a" } }],
      advantage: { type: "grpo" },
    };
    const scorer = buildScorer(
      { extends: "base", override: { a: { key: "b", weight: 3 } }, advantage: null },
      { registry, resolveBase: (n) => (n === "base" ? base : undefined) },
    );
    expect(scorer.recipe.rewards[0]).toMatchObject({ weight: 3, config: { key: "b" } });
    expect(scorer.advantage).toBeUndefined();
    expect(scorer.scoreSync([{ completion: "", meta: { b: 2 } }]).results[0]!.reward).toBe(6);
  });
});
