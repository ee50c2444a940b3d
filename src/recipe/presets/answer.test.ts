import { describe, expect, it } from "vitest";
import { defaultRegistry } from "../../rewards/index.js";
import { buildScorer } from "../index.js";
import { answerPresets } from "./answer.js";

describe("answer presets", () => {
  it("have the exact names and component names of the issue", () => {
    const components = Object.fromEntries(
      answerPresets.map((p) => [p.name, p.recipe.rewards?.map((r) => r.name)]),
    );
    expect(components).toEqual({
      "tw-grpo/multi-choice": ["accuracy", "format"],
      "open-r1/math": ["accuracy", "format"],
      "vlm-r1/accuracy": ["accuracy", "format"],
      "dapo/overlong": ["overlong"],
    });
  });

  it("tw-grpo/multi-choice: §6 worked examples end to end", () => {
    const scorer = buildScorer("tw-grpo/multi-choice");
    const make = (pred: string) => ({
      completion: `<think>t</think>\n<answer>${pred}</answer>`,
      reference: "<answer>A,C</answer>",
      group: "g",
    });
    const { results } = scorer.scoreSync([make("A"), make("A,C"), make("A,B"), make("C, A")]);
    expect(results.map((r) => r.components)).toEqual([
      { accuracy: 0.5, format: 1 },
      { accuracy: 1, format: 1 },
      { accuracy: 0, format: 1 },
      { accuracy: 1, format: 1 },
    ]);
    expect(results.map((r) => r.reward)).toEqual([1.5, 2, 1, 2]);
    // Rewards [1.5, 2, 1, 2]: mean 1.625, unbiased std 0.4787; A = (r − μ)/(σ + 1e-4).
    expect(results[0]!.advantage).toBeCloseTo(-0.125 / (Math.sqrt(0.6875 / 3) + 1e-4), 10);
  });

  it("vlm-r1/accuracy: the dispatcher by meta.accu_reward_method, with the full-match format", () => {
    const scorer = buildScorer("vlm-r1/accuracy");
    const { results } = scorer.scoreSync([
      {
        completion: "<think>x</think><answer>B</answer>",
        reference: "B",
        meta: { accu_reward_method: "mcq" },
      },
      {
        completion: "<think>x</think><answer>yes</answer> ",
        reference: "yes",
        meta: { accu_reward_method: "yes_no" },
      },
      { completion: "<think>x</think><answer>3.0</answer>", reference: "3" },
    ]);
    expect(results.map((r) => r.components)).toEqual([
      { accuracy: 1, format: 1 },
      { accuracy: 1, format: 0 },
      { accuracy: 1, format: 1 },
    ]);
  });

  it("dapo/overlong: (100, 20) override reproduces the worked example", () => {
    const scorer = buildScorer({
      extends: "dapo/overlong",
      override: { overlong: { maxLength: 100, cache: 20 } },
    });
    const { results } = scorer.scoreSync(
      [50, 90, 110].map((n) => ({ completion: "", meta: { completion_tokens: n } })),
    );
    expect(results.map((r) => r.reward)).toEqual([0, -0.5, -1]);
  });

  it.skipIf(!defaultRegistry().has("math.equivalent"))("open-r1/math: accuracy and strict format", () => {
    const scorer = buildScorer("open-r1/math");
    const { results } = scorer.scoreSync([
      {
        completion: "<think>\nx\n</think>\n<answer>\n\\boxed{\\frac{63}{400}}\n</answer>",
        reference: "$\\frac{63}{400}$",
      },
      { completion: "\\boxed{3}", reference: "6" },
      { completion: "\\boxed{42}", reference: "Answer is forty two." },
    ]);
    expect(results.map((r) => r.components)).toEqual([
      { accuracy: 1, format: 1 },
      { accuracy: 0, format: 0 },
      { accuracy: null, format: 0 },
    ]);
  });
});
