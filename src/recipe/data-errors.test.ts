import { describe, expect, it } from "vitest";
import { applyDataErrorPolicy } from "./data-errors.js";
import { buildScorer } from "./scorer.js";

// The scenario of issue 9.4: a reference box, no image size, a prediction frame that needs it.
const recipe = {
  rewards: [
    { name: "format", type: "format.think-answer" },
    { name: "iou", type: "grounding.iou", config: { pred: { frame: "input-pixel" } } },
  ],
  combine: { type: "sum" },
  advantage: { type: "grpo" },
};
const sized = { image: { width: 1000, height: 1000 }, input_image: { width: 1000, height: 1000 } };
const group = [
  {
    group: "p",
    completion: "<think>a</think><answer>[0,0,100,100]</answer>",
    reference: [0, 0, 100, 100],
    ...sized,
  },
  {
    group: "p",
    completion: "<think>a</think><answer>[0,0,50,100]</answer>",
    reference: [0, 0, 100, 100],
    ...sized,
  },
  {
    group: "p",
    completion: "<think>a</think><answer>[500,500,600,600]</answer>",
    reference: [0, 0, 100, 100],
    ...sized,
  },
  // No image sizes: the input-pixel frame cannot be converted.
  { group: "p", completion: "<think>a</think><answer>[0,0,100,100]</answer>", reference: [0, 0, 100, 100] },
];

describe("data errors never pass as a reward", () => {
  it("by default the sample's reward is null, its advantage 0, the issue listed and counted", () => {
    const { results, stats } = buildScorer(recipe).scoreSync(group);
    const broken = results[3]!;
    expect(broken.reward).toBeNull();
    expect(broken.advantage).toBe(0);
    expect(broken.components).toEqual({ format: 1, iou: null });
    expect(broken.issues.map((i) => [i.reward, i.code])).toEqual([["iou", "missing_image_size"]]);
    expect(stats.dataErrors).toBe(1);
    expect(stats.issues.missing_image_size).toBe(1);
    // The group's statistics are those of the three well-formed samples: rewards 2, 1.5, 1.
    expect(results.slice(0, 3).map((r) => r.reward)).toEqual([2, 1.5, 1]);
    const g = stats.advantage!.groups[0]!;
    expect(g).toMatchObject({ size: 4, nulls: 1, mean: 1.5 });
    expect(results[0]!.advantage).toBeCloseTo(0.5 / (0.5 + 1e-4), 9);
    expect(results[1]!.advantage).toBe(0);
  });

  it("onDataError: skip-component skips only that component, explicitly", () => {
    const skip = {
      ...recipe,
      rewards: [recipe.rewards[0]!, { ...recipe.rewards[1]!, onDataError: "skip-component" }],
    };
    const { results, stats } = buildScorer(skip).scoreSync(group);
    expect(results[3]).toMatchObject({ reward: 1, components: { format: 1, iou: null } });
    expect(results[3]!.issues[0]!.code).toBe("missing_image_size");
    expect(stats.dataErrors).toBe(1);
  });

  it("onDataError can be overridden on a preset's reward, and is validated there too", () => {
    const resolveBase = (name: string) => (name === "base" ? recipe : undefined);
    const scorer = buildScorer(
      { extends: "base", override: { iou: { onDataError: "skip-component" } } },
      { resolveBase },
    );
    expect(scorer.scoreSync(group).results[3]!.reward).toBe(1);
    expect(() =>
      buildScorer({ extends: "base", override: { iou: { onDataError: "zero" } } }, { resolveBase }),
    ).toThrow(/override\.iou\.onDataError.*null-sample/s);
  });

  it("a component with a data error is null even where the released code scores 0", () => {
    // Visual-RFT's released code scores a reference it cannot parse as 0; the data error still wins.
    const visualRft = {
      rewards: [
        { name: "format", type: "format.think-answer" },
        { name: "iou", type: "grounding.visual-rft-iou", onDataError: "skip-component" },
      ],
      combine: { type: "sum" },
    };
    const { results } = buildScorer(visualRft).scoreSync([
      {
        completion: "<think>a</think><answer>[{'Position': [0,0,1,1], 'Confidence': 1}]</answer>",
        reference: [1, 2],
      },
    ]);
    expect(results[0]!.issues.map((i) => i.code)).toContain("reference_unparseable");
    expect(results[0]).toMatchObject({ reward: 1, components: { format: 1, iou: null } });
    // The same by default: the component is null and so is the sample's reward.
    const strictRewards = visualRft.rewards.map(({ onDataError: _, ...r }) => r);
    const byDefault = buildScorer({ ...visualRft, rewards: strictRewards }).scoreSync([
      {
        completion: "<think>a</think><answer>[{'Position': [0,0,1,1], 'Confidence': 1}]</answer>",
        reference: [1, 2],
      },
    ]).results[0]!;
    expect(byDefault).toMatchObject({ reward: null, components: { format: 1, iou: null } });
  });

  it("a reward that does not apply (no reference) is skipped, not a data error", () => {
    const { results, stats } = buildScorer(recipe).scoreSync([
      ...group.slice(0, 3),
      { group: "p", completion: "<think>a</think><answer>x</answer>" },
    ]);
    expect(results[3]).toMatchObject({ reward: 1, components: { format: 1, iou: null } });
    expect(results[3]!.issues[0]!.code).toBe("reference_missing");
    expect(stats.dataErrors).toBe(0);
  });

  it("an invalid sample is a data error too", () => {
    const { results, stats } = buildScorer(recipe).scoreSync([...group.slice(0, 3), { group: "p" }]);
    expect(results[3]).toMatchObject({ reward: null, advantage: 0 });
    expect(stats.dataErrors).toBe(1);
  });

  it("rejects an unknown policy at load, naming the field and the choices", () => {
    const bad = { ...recipe, rewards: [{ ...recipe.rewards[0]!, onDataError: "zero" }] };
    expect(() => buildScorer(bad)).toThrow(/rewards\[0\]\.onDataError.*null-sample.*skip-component/s);
  });
});

describe("batch combinations exclude broken samples and report groups of one", () => {
  const two = [
    { name: "a", type: "value", config: { key: "a" } },
    { name: "b", type: "value", config: { key: "b" } },
  ];
  it("normalize-then-sum: a broken sample takes no part in its group's statistics", () => {
    const scorer = buildScorer({ rewards: two, combine: { type: "normalize-then-sum", flavor: "mrn" } });
    const clean = scorer.scoreSync([
      { group: "g", completion: "", meta: { a: 1, b: 0 } },
      { group: "g", completion: "", meta: { a: 0, b: 0 } },
    ]).results;
    const withBroken = scorer.scoreSync([
      { group: "g", completion: "", meta: { a: 1, b: 0 } },
      { group: "g", completion: "", meta: { a: 0, b: 0 } },
      { group: "g", completion: "", meta: { a: 5, b: "five" } },
    ]).results;
    expect(withBroken[2]!.reward).toBeNull();
    expect(withBroken[2]!.issues.map((i) => i.code)).toEqual(["invalid_meta"]);
    expect(withBroken.slice(0, 2).map((r) => r.reward)).toEqual(clean.map((r) => r.reward));
    expect(clean[0]!.reward).toBeCloseTo(0.707007, 6);
  });

  it.each([
    ["normalize-then-sum", {}],
    ["pareto", {}],
  ])("%s on a group of one reports group_of_one and a null reward, not 0", (type, extra) => {
    const scorer = buildScorer({ rewards: two, combine: { type, ...extra } });
    const { results, stats } = scorer.scoreSync([
      { group: "g", completion: "", meta: { a: 1, b: 0 } },
      { group: "g", completion: "", meta: { a: 0, b: 1 } },
      { group: "h", completion: "", meta: { a: 1, b: 1 } },
    ]);
    expect(results[2]).toMatchObject({ reward: null, issues: [{ reward: "combine", code: "group_of_one" }] });
    expect(results[0]!.reward).not.toBeNull();
    expect(stats.dataErrors).toBe(1);
  });
});

describe("model-server failures (issues of kind server)", () => {
  const policies = new Map([
    ["judge", { index: 0, skip: false }],
    ["format", { index: 1, skip: false }],
  ]);
  const failed = (message = "HTTP 500") => ({ reward: "judge", code: "judge_error" as const, message });

  it("a judge left null by its failure nulls the sample; the rule components keep their values", () => {
    const rows = [
      [null, 1],
      [0.75, 1],
    ];
    const excluded = applyDataErrorPolicy(
      [{ completion: "" }, { completion: "" }],
      [[failed()], []],
      rows,
      policies,
    );
    expect([...excluded!]).toEqual([1, 0]);
    expect(rows).toEqual([
      [null, 1],
      [0.75, 1],
    ]);
  });

  it("a component that still scored despite a failure (a pairwise win rate without one comparison) keeps the sample", () => {
    const rows = [[0.5, 1]];
    expect(
      applyDataErrorPolicy([{ completion: "" }], [[failed("vs b: HTTP 500")]], rows, policies),
    ).toBeUndefined();
    expect(rows).toEqual([[0.5, 1]]);
  });

  it("onDataError: skip-component keeps the other components' reward", () => {
    const skip = new Map([...policies, ["judge", { index: 0, skip: true }]]);
    expect(applyDataErrorPolicy([{ completion: "" }], [[failed()]], [[null, 1]], skip)).toBeUndefined();
  });
});
