import { describe, expect, it } from "vitest";
import type { ConfigError } from "../core/index.js";
import { defaultCombiners } from "./index.js";

function build(
  block: { type: string; [key: string]: unknown },
  names: string[],
  weights = names.map(() => 1),
) {
  return defaultCombiners().create(block, { names, weights }, "combine");
}

describe("bad configs", () => {
  it("name the field, the value and the choices", () => {
    try {
      build({ type: "ensemble", method: "max" }, ["a"]);
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect((error as ConfigError).problems[0]).toMatchObject({
        path: "combine.method",
        value: "max",
        choices: ["mean", "min", "median", "mean-minus-std"],
      });
    }
    try {
      build({ type: "lexicographic", tiers: [{ components: ["x"] }] }, ["a"]);
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect((error as ConfigError).problems[0]).toMatchObject({
        path: "combine.tiers[0].components[0]",
        value: "x",
        choices: ["a"],
      });
    }
  });
});
