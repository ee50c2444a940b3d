import { describe, expect, it } from "vitest";
import { buildCombiner as build } from "../../test/support/combine.js";
import type { ConfigError } from "../core/index.js";

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
