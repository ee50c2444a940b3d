import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../core/index.js";
import { createApp } from "./app.js";
import { parseByteSize, resolveServerOptions } from "./options.js";
import { parseRecipeRef } from "./recipes.js";

const recipe = resolve(import.meta.dirname, "../../test/fixtures/parity/value-weighted.json");

describe("createApp without a socket", () => {
  const app = createApp({ recipes: [recipe], openrlhf: { nullReward: -5 } });

  it("scores through app.request", async () => {
    const response = await app.request("/v1/score", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ samples: [{ completion: "x", meta: { quality: 2 } }] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { results: Array<{ reward: number }> }).results[0]!.reward).toBe(2);
  });

  it("sends the configured null reward to OpenRLHF", async () => {
    const response = await app.request("/get_reward", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: ["q"], prompts: [""], labels: [""] }),
    });
    expect(await response.json()).toEqual({
      rewards: [-5],
      scores: [-5],
      extra_logs: { quality: [-5], safety: [-5], data_errors: [0] },
    });
  });
});

describe("options", () => {
  it("parses sizes and recipe refs", () => {
    expect(parseByteSize("64mb")).toBe(64 * 1024 * 1024);
    expect(parseByteSize("512KB")).toBe(512 * 1024);
    expect(parseByteSize("1000")).toBe(1000);
    expect(parseByteSize("lots")).toBeUndefined();
    expect(parseRecipeRef("det=a/b.yaml")).toEqual({ name: "det", ref: "a/b.yaml" });
    expect(parseRecipeRef("gui-g2")).toEqual({ ref: "gui-g2" });
  });

  it("rejects bad limits, no recipes, duplicate names and unknown recipes with a ConfigError", () => {
    expect(() => resolveServerOptions({ recipes: [recipe], maxInflight: 0 })).toThrow(ConfigError);
    expect(() => resolveServerOptions({ recipes: [recipe], openrlhf: { nullReward: Number.NaN } })).toThrow(
      ConfigError,
    );
    expect(() => resolveServerOptions({ recipes: [] })).toThrow(ConfigError);
    expect(() => resolveServerOptions({ recipes: [`a=${recipe}`, `a=${recipe}`] })).toThrow(/same name/);
    expect(() => resolveServerOptions({ recipes: ["no-such-preset"] })).toThrow(ConfigError);
  });
});
