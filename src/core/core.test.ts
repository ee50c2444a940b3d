import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type ComponentContext, createContext, SampleState } from "./context.js";
import { ConfigError, formatConfigError, parseConfig } from "./errors.js";
import { ISSUE_CODES, isIssueCode } from "./issues.js";
import { createRegistry } from "./registry.js";
import { defineReward } from "./reward.js";
import { moments, roundLikePython } from "./stats.js";

const echo = defineReward({
  type: "test.echo",
  description: "echo",
  config: z.strictObject({ mode: z.enum(["a", "b"]).default("a"), n: z.number().default(1) }),
  create: ({ n }) => ({ score: (_s, ctx) => ctx.memo("n", () => n) }),
});

describe("config errors", () => {
  it("name the field, the bad value and the valid choices", () => {
    try {
      parseConfig(z.strictObject({ mode: z.enum(["a", "b"]) }), { mode: "c" }, "rewards[0].config");
      throw new Error("unreachable");
    } catch (error) {
      const e = error as ConfigError;
      expect(e).toBeInstanceOf(ConfigError);
      expect(e.problems).toEqual([
        { path: "rewards[0].config.mode", message: expect.any(String), value: "c", choices: ["a", "b"] },
      ]);
      expect(e.message).toContain("rewards[0].config.mode");
      expect(e.message).toContain('(got "c")');
      expect(e.message).toContain("valid choices: a, b");
      expect(formatConfigError(e)).toContain("  - rewards[0].config.mode");
      expect(e.toJSON().error).toBe("config_error");
    }
  });

  it("list known fields for an unknown one", () => {
    expect(() => echo({ moed: "a" } as never)).toThrow(
      /config\.moed: unknown field .*valid choices: mode, n/,
    );
  });
});

describe("registry", () => {
  it("builds rewards from JSON and describes their configs", () => {
    const registry = createRegistry([echo as never]);
    const reward = registry.create("test.echo", { n: 3 });
    expect(reward).toMatchObject({ type: "test.echo", config: { mode: "a", n: 3 } });
    const { ctx } = createContext();
    expect(reward.score!({ completion: "" }, ctx)).toBe(3);
    expect(registry.describe()[0]).toMatchObject({ type: "test.echo", configSchema: { type: "object" } });
    expect(() => registry.create("test.nope", {}, "rewards[4]")).toThrow(
      /rewards\[4\]\.type: unknown reward type/,
    );
    expect(() => registry.register(echo as never)).toThrow(/twice/);
  });
});

describe("issues", () => {
  it("is a closed, documented set", () => {
    expect(isIssueCode("no_box_found")).toBe(true);
    expect(isIssueCode("toString")).toBe(false);
    for (const description of Object.values(ISSUE_CODES)) expect(description.length).toBeGreaterThan(10);
  });

  it("contexts collect issues under the component name and memoise per sample", () => {
    const { ctx, issues } = createContext("iou");
    ctx.report("no_box_found", "none");
    let calls = 0;
    ctx.memo("k", () => ++calls);
    ctx.memo("k", () => ++calls);
    expect(calls).toBe(1);
    expect(issues).toEqual([{ reward: "iou", code: "no_box_found", message: "none" }]);
  });

  it("issues reported while a shared value is computed are carried by every component that reuses it", () => {
    const state = new SampleState();
    const parse = (ctx: ComponentContext) =>
      ctx.memo("parse", () => {
        ctx.report("missing_image_size", "no image size");
        return null;
      });
    parse(state.contextFor("precision"));
    parse(state.contextFor("recall"));
    parse(state.contextFor("recall"));
    expect(state.issues).toEqual([
      { reward: "precision", code: "missing_image_size", message: "no image size" },
      { reward: "recall", code: "missing_image_size", message: "no image size" },
    ]);
  });
});

describe("stats", () => {
  it("moments skip nulls; unbiased std is undefined for one value", () => {
    const m = moments([1, null, 0, 1], "unbiased");
    expect(m.count).toBe(3);
    expect(m.mean).toBeCloseTo(2 / 3, 12);
    expect(m.std).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(moments([1], "unbiased").std).toBeNaN();
    expect(moments([1], "population").std).toBe(0);
  });

  it("roundLikePython matches CPython's round()", () => {
    // Values from CPython 3.11: round(x, n).
    const cases: Array<[number, number, number]> = [
      [0.125, 2, 0.12],
      [0.375, 2, 0.38],
      [2.675, 2, 2.67],
      [0.9805, 3, 0.981],
      [0.7365, 3, 0.737],
      [1.0005, 3, 1.0],
      [-0.125, 2, -0.12],
      [0.98149, 3, 0.981],
      [123.4565, 3, 123.457],
      [0.5, 0, 0],
      [1.5, 0, 2],
    ];
    for (const [x, n, expected] of cases) expect(roundLikePython(x, n), `${x}`).toBe(expected);
  });
});
