import { describe, expect, it } from "vitest";
import { combineBatch as batch, buildCombiner as build } from "../../test/support/combine.js";
import { ConfigError } from "../core/index.js";

describe("constrained", () => {
  it("penalises by λ·(r − θ) and updates λ ← clip(λ + η·(J − θ), 0, max) after each batch", () => {
    const c = build(
      { type: "constrained", constraints: [{ component: "len", threshold: 0.5, initial: 1 }], stepSize: 0.5 },
      ["acc", "len"],
      [2, 1],
    );
    const first = batch(
      c,
      [
        [1, 0.9],
        [0, 0.7],
      ],
      [undefined, undefined],
    );
    expect(first.rewards[0]).toBeCloseTo(2 - 1 * 0.4, 12);
    expect(first.rewards[1]).toBeCloseTo(0 - 1 * 0.2, 12);
    expect(first.stats).toMatchObject({ multipliers: { len: 1 }, means: { len: 0.8 } });
    expect((first.stats!.next as Record<string, number>).len).toBeCloseTo(1 + 0.5 * 0.3, 12);
    const second = batch(c, [[1, 0.1]], [undefined]);
    expect((second.stats!.multipliers as Record<string, number>).len).toBeCloseTo(1.15, 12);
    expect(second.rewards[0]).toBeCloseTo(2 + 1.15 * 0.4, 12);
    expect((second.stats!.next as Record<string, number>).len).toBeCloseTo(1.15 - 0.5 * 0.4, 12);
  });

  it("supports at-least constraints and never lets λ go negative", () => {
    const c = build(
      { type: "constrained", constraints: [{ component: "safe", threshold: 0.9, sense: "at-least" }] },
      ["acc", "safe"],
    );
    const out = batch(c, [[1, 1]], [undefined]);
    expect(out.rewards[0]).toBe(1);
    expect((out.stats!.next as Record<string, number>).safe).toBe(0);
  });

  it("fails at load on an unknown component", () => {
    expect(() =>
      build({ type: "constrained", constraints: [{ component: "nope", threshold: 1 }] }, ["a"]),
    ).toThrow(ConfigError);
  });
});
