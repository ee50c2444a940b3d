/**
 * `answer.vlm-r1` against the released VLM-R1 code (issue 13): the data loader's handling of
 * tagged and numeric solutions, the `math` rule's `is_equiv` fallback, and the argument order
 * of math_verify, in legacy (released) and default (intended) mode. Every expected value marked
 * "released" was produced by running the released functions (`grpo_jsonl.py`, `utils/math.py`
 * at om-ai-lab/VLM-R1@90052f4 with math-verify 0.8.0) on the same input.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scoreOne } from "../../../test/support/score-one.js";
import type { Sample } from "../../core/index.js";
import { vlmR1Accuracy } from "./vlm-r1.js";

const released = vlmR1Accuracy({ legacy: true });
const intended = vlmR1Accuracy();

function sample(method: string, completion: string, reference: string | number): Sample {
  return { completion, reference, meta: { accu_reward_method: method } };
}

describe("the loader strips <answer> tags from the dataset's solution (grpo_jsonl.py:981-987)", () => {
  it.each([
    ["mcq", "<answer>B</answer>", "<answer>\nB\n</answer>"],
    ["yes_no", "<answer>yes</answer>", "<answer>Yes</answer>"],
    ["all_match", "<answer>red car</answer>", "<answer>red car</answer>"],
    ["all_match", "<answer>The answer: B</answer>", "The answer: <answer>B</answer>"],
    ["math", "<answer>x^2 + 1</answer>", "<answer>x^2+1</answer>"],
    ["default", "<answer>cat</answer>", "<answer>cat</answer>"],
    ["default", "<answer>3.0</answer>", "<answer>3</answer>"],
  ])("%s: %j against %j scores 1 (released 1), in both modes", (method, completion, reference) => {
    for (const reward of [released, intended]) {
      expect(scoreOne(reward, sample(method, completion, reference))).toMatchObject({ value: 1, codes: [] });
    }
  });

  it("without stripping (the old behaviour, here a reference wrapped by hand) these did not match", () => {
    const asGiven = vlmR1Accuracy({ wrapReference: false });
    const wrapped = (ref: string) => `<answer> ${ref} </answer>`;
    expect(
      scoreOne(asGiven, sample("all_match", "<answer>red car</answer>", wrapped("<answer>red car</answer>")))
        .value,
    ).toBe(0);
    expect(
      scoreOne(asGiven, sample("default", "<answer>cat</answer>", wrapped("<answer>cat</answer>"))).value,
    ).toBeCloseTo(0.42857142857142855, 12);
  });

  it("numbers go through Python's str(): repr below 1e-4, integral values as ints", () => {
    // released: str(5e-05) is "5e-05" and str(1.5e-07) is "1.5e-07" (JavaScript prints 0.00005, 1.5e-7).
    expect(scoreOne(released, sample("all_match", "<answer>5e-05</answer>", 0.00005)).value).toBe(1);
    expect(scoreOne(released, sample("all_match", "<answer>0.00005</answer>", 0.00005)).value).toBe(0);
    expect(scoreOne(released, sample("all_match", "<answer>1.5e-07</answer>", 1.5e-7)).value).toBe(1);
    // JSON 12.0 arrives as 12: released gives 0 here (str(12.0) is "12.0"); pass "12.0" as a string.
    expect(scoreOne(released, sample("all_match", "<answer>12</answer>", 12.0)).value).toBe(1);
    expect(scoreOne(released, sample("all_match", "<answer>12.0</answer>", "12.0")).value).toBe(1);
    expect(scoreOne(released, sample("all_match", "<answer>12</answer>", "12.0")).value).toBe(0);
  });
});

describe("math rule: the is_equiv fallback (utils/math.py:11-20)", () => {
  it.each([
    ["<answer>\\dfrac{1}{2}</answer>", "\\frac{1}{2}"],
    ["<answer>x^2 + 1</answer>", "x^2+1"],
    ["<answer>so \\boxed{x^2 + 1}</answer>", "x^2+1"],
    ["<answer>\\left( 3, 4 \\right)</answer>", "(3,4)"],
    ["<answer>y = 2x + 1</answer>", "2x+1"],
  ])("%j against %j: 1 released and default", (completion, reference) => {
    expect(scoreOne(released, sample("math", completion, reference)).value).toBe(1);
    expect(scoreOne(intended, sample("math", completion, reference)).value).toBe(1);
  });

  it("a normalisation that raises compares raw strings (released 0 for x/2 against x / 2)", () => {
    expect(scoreOne(released, sample("math", "<answer>x/2</answer>", "x / 2")).value).toBe(0);
    expect(scoreOne(intended, sample("math", "<answer>x/2</answer>", "x / 2")).value).toBe(0);
  });

  it("a last \\fbox{} fails remove_boxed's assert: released 0, default unwraps it", () => {
    const s = sample("math", "<answer>\\fbox{x^2 + 1}</answer>", "x^2+1");
    expect(scoreOne(released, s).value).toBe(0);
    expect(scoreOne(intended, s).value).toBe(1);
  });
});

describe("math_verify's argument order (released: the answer in gold's place)", () => {
  it("math rule", () => {
    // released 1 and 0: a gold interval (the answer) vs a relation is converted, not the reverse.
    expect(scoreOne(released, sample("math", "<answer>$1<x<2$</answer>", "$(1,2)$")).value).toBe(1);
    expect(scoreOne(released, sample("math", "<answer>$(1,2)$</answer>", "$1<x<2$")).value).toBe(0);
    expect(scoreOne(intended, sample("math", "<answer>$1<x<2$</answer>", "$(1,2)$")).value).toBe(0);
    expect(scoreOne(intended, sample("math", "<answer>$(1,2)$</answer>", "$1<x<2$")).value).toBe(1);
  });
  it("default rule", () => {
    expect(scoreOne(released, sample("default", "<answer>$1<x<2$</answer>", "$(1,2)$")).value).toBe(1);
    expect(scoreOne(released, sample("default", "<answer>$(1,2)$</answer>", "$1<x<2$")).value).toBeCloseTo(
      0.5714285714285714,
      12,
    );
    expect(scoreOne(intended, sample("default", "<answer>$(1,2)$</answer>", "$1<x<2$")).value).toBe(1);
  });
});

interface Row {
  method: string;
  completion: string;
  reference: string;
  released: number;
}
const { rows } = JSON.parse(
  readFileSync(new URL("./vlm-r1-verdicts.fixture.json", import.meta.url), "utf8"),
) as { rows: Row[] };

describe("parity with the released Python on recorded inputs", () => {
  it("has 400 rows over the five methods, matches among them", () => {
    expect(rows.length).toBe(400);
    for (const method of ["mcq", "yes_no", "all_match", "math", "default"])
      expect(rows.filter((r) => r.method === method && r.released === 1).length, method).toBeGreaterThan(10);
  });
  it.each([
    ["legacy", released],
    ["default", intended],
  ] as const)("%s mode reproduces every recorded value", (_, reward) => {
    const disagreements = rows.filter((r) => {
      const value = scoreOne(reward, sample(r.method, r.completion, r.reference)).value;
      return typeof value !== "number" || Math.abs(value - r.released) > 1e-12;
    });
    expect(disagreements).toEqual([]);
  });
});
