/**
 * Recipe errors a user can act on: the YAML parser's whole message with the line, "did you mean"
 * for misspelled types and names, and paths as the user wrote them (`override.NAME.key`).
 * @module
 */
import { describe, expect, it } from "vitest";
import { ConfigError, formatConfigError } from "../core/index.js";
import { parseRecipeText, resolveRecipe } from "./resolve.js";
import { buildScorer } from "./scorer.js";

function problemsOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("YAML syntax errors", () => {
  it("keep the parser's whole message: what, the line and column, and the line itself", () => {
    const text = "name: x\nrewards:\n  - { name: iou, type: grounding.iou\n";
    const e = problemsOf(() => parseRecipeText(text, "my.yaml"));
    const shown = formatConfigError(e);
    expect(shown).toMatch(/my\.yaml: not valid JSON or YAML: .*at line \d+, column \d+/);
    expect(shown).toContain("- { name: iou, type: grounding.iou");
    // Continuation lines stay indented under their problem.
    for (const line of shown.split("\n")) expect(line.startsWith("  ")).toBe(true);
  });
});

describe("did you mean", () => {
  it.each([
    [{ rewards: [{ name: "iou", type: "grounding.iuo" }] }, "rewards[0].type", "grounding.iou"],
    [{ rewards: [{ name: "iou", type: "iou" }] }, "rewards[0].type", "grounding.iou"],
    [{ extends: "gui-g2", combine: { type: "weigthed" } }, "combine.type", "weighted"],
    [{ extends: "gui-g2", advantage: { type: "gpro" } }, "advantage.type", "grpo"],
    [{ extends: "gui_g2" }, "extends", "gui-g2"],
    [{ extends: "gui-g2", override: { gausian_point: {} } }, "override.gausian_point", "gaussian_point"],
  ])("%j", (recipe, path, suggestion) => {
    const e = problemsOf(() => buildScorer(recipe as never));
    expect(e.problems[0]).toMatchObject({ path, suggestion });
    expect(e.message).toContain(`did you mean "${suggestion}"?`);
  });

  it("a misspelled config field of a reward", () => {
    const e = problemsOf(() =>
      buildScorer({ rewards: [{ name: "iou", type: "grounding.iou", config: { treshold: 0.5 } }] }),
    );
    expect(e.problems[0]).toMatchObject({ path: "rewards[0].config.treshold", suggestion: "threshold" });
  });

  it("no suggestion when nothing is close", () => {
    const e = problemsOf(() => buildScorer({ rewards: [{ name: "x", type: "zzzzzz" }] }));
    expect(e.problems[0]!.suggestion).toBeUndefined();
    expect(e.message).not.toContain("did you mean");
  });
});

describe("errors inside override name the path the user wrote", () => {
  it("a bad value", () => {
    const e = problemsOf(() =>
      buildScorer({ extends: "vlm-r1/rec", override: { accuracy_iou: { legacy: "yes" } } }),
    );
    expect(e.problems[0]!.path).toBe("override.accuracy_iou.legacy");
    expect(e.problems[0]!.value).toBe("yes");
  });

  it("a misspelled key, with its suggestion", () => {
    const e = problemsOf(() =>
      buildScorer({ extends: "vlm-r1/rec", override: { accuracy_iou: { legasy: true } } }),
    );
    expect(e.problems[0]).toMatchObject({ path: "override.accuracy_iou.legasy", suggestion: "legacy" });
  });

  it("a nested key", () => {
    const e = problemsOf(() =>
      buildScorer({
        rewards: [{ name: "iou", type: "grounding.iou" }],
        override: { iou: { pred: { frame: "pixels" } } },
      }),
    );
    expect(e.problems[0]).toMatchObject({ path: "override.iou.pred.frame", suggestion: "pixel" });
  });

  it("a reward of the user's own list keeps its own index after the inherited ones", () => {
    const e = problemsOf(() =>
      buildScorer({
        extends: "gui-g2",
        rewards: [{ name: "extra", type: "grounding.iou", config: { threshold: 2 } }],
      }),
    );
    expect(e.problems[0]!.path).toBe("rewards[0].config.threshold");
  });

  it("a problem in an inherited entry or base recipe is located under extends(NAME)", () => {
    const bases: Record<string, unknown> = {
      "base.yaml": { rewards: [{ name: "a", type: "grounding.iou", config: { bogus: 1 } }] },
      "broken.yaml": { rewards: "none" },
    };
    const resolveBase = (name: string) => bases[name] as never;
    const inherited = problemsOf(() => buildScorer({ extends: "base.yaml" }, { resolveBase }));
    expect(inherited.problems[0]!.path).toBe("extends(base.yaml).rewards[0].config.bogus");
    const broken = problemsOf(() => resolveRecipe({ extends: "broken.yaml" }, resolveBase));
    expect(broken.problems[0]!.path).toBe("extends(broken.yaml).rewards");
  });
});
