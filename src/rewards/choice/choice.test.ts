import { describe, expect, it } from "vitest";
import { expectLinearTime, repeatTo } from "../../../test/support/linear-time.js";
import { createContext, type Reward, type Sample } from "../../core/index.js";
import { extractChoice } from "./extract-choice.js";
import { choiceMultiSelect } from "./multi-select.js";
import { choiceSingle } from "./single.js";
import { choiceYesNo } from "./yes-no.js";

function run(reward: Reward, sample: Sample): { value: number | null; codes: string[] } {
  const { ctx, issues } = createContext();
  const value = reward.score!(sample, ctx) as number | null;
  return { value, codes: issues.map((i) => i.code) };
}

describe("extractChoice (VLM-R1 extract_choice)", () => {
  it.each([
    ["B", "B"],
    ["the answer is c.", "C"],
    ["(A) cat; ", null],
    ["A: a dog, B: a cat. I think the answer is B.", "B"],
    ["no letter here", null],
    ["A. red\nB. blue\nC. green", "A"], // the heuristic, not the last option: checked with CPython
  ])("%j → %j", (text, expected) => {
    expect(extractChoice(text)).toBe(expected);
  });
  it("ties go to the first letter seen, as Python's max", () => {
    // A and B score the same (neither near the end, both followed by '.'): A wins.
    expect(
      extractChoice("A. B. xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    ).toBe("A");
  });
  it("a repeated letter scores once per occurrence", () => {
    // Near the end C gets +2 +1, but A occurs four times at +1 each (followed by '.').
    const text = `A. A. A. A. ${"x".repeat(60)} C.`;
    expect(extractChoice(text)).toBe("A");
  });
  it("is linear on 1 MB", () => {
    expectLinearTime(
      (n) => repeatTo("A,", n),
      (text) => extractChoice(text),
    );
  });
});

describe("choice.single (VLM-R1 mcq)", () => {
  const r = choiceSingle();
  it("matches letters inside answer tags", () => {
    expect(run(r, { completion: "<think>x</think><answer>I choose B.</answer>", reference: "B" }).value).toBe(
      1,
    );
    expect(run(r, { completion: "<answer>C</answer>", reference: "<answer> B </answer>" }).value).toBe(0);
  });
  it("reports a missing choice and a missing reference", () => {
    expect(run(r, { completion: "<answer>cat</answer>", reference: "B" })).toEqual({
      value: 0,
      codes: ["no_choice_found"],
    });
    expect(run(r, { completion: "B", reference: undefined })).toEqual({
      value: null,
      codes: ["reference_missing"],
    });
  });
});

describe("choice.yes-no (VLM-R1 yes_no)", () => {
  const r = choiceYesNo();
  it("compares the first yes/no of each side", () => {
    expect(run(r, { completion: "<answer>Yes, it is.</answer>", reference: "yes" }).value).toBe(1);
    expect(run(r, { completion: "<answer>No</answer>", reference: "Yes" }).value).toBe(0);
  });
  it("keeps the released quirks: 'not' reads as no; two absences are equal", () => {
    expect(run(r, { completion: "<answer>it is not</answer>", reference: "no" }).value).toBe(1);
    expect(run(r, { completion: "<answer>maybe</answer>", reference: "blue" })).toEqual({
      value: 1,
      codes: ["reference_unparseable", "no_choice_found"],
    });
  });
});

describe("choice.multi-select (TW-GRPO, §6 worked examples)", () => {
  const soft = choiceMultiSelect();
  const hard = choiceMultiSelect({ scoring: "all-or-nothing" });
  it.each([
    ["A", "A,C", 0.5, 0],
    ["A,C", "A,C", 1, 1],
    ["A,B", "A,C", 0, 0],
    ["C, A", "A,C", 1, 1],
  ])("(%j, %j) → soft %d, hard %d", (pred, gold, softValue, hardValue) => {
    const sample = {
      completion: `<think>t</think><answer>${pred}</answer>`,
      reference: `<answer>${gold}</answer>`,
    };
    expect(run(soft, sample).value).toBe(softValue);
    expect(run(hard, sample).value).toBe(hardValue);
  });
  it("an empty answer is the set {''}: not a subset, 0", () => {
    expect(run(soft, { completion: "<answer> </answer>", reference: "A,C" })).toEqual({
      value: 0,
      codes: ["empty_answer"],
    });
  });
  it("is case-sensitive by default and accepts a list reference", () => {
    expect(run(soft, { completion: "<answer>a</answer>", reference: ["A", "C"] }).value).toBe(0);
    expect(
      run(choiceMultiSelect({ caseSensitive: false }), {
        completion: "<answer>a</answer>",
        reference: ["A", "C"],
      }).value,
    ).toBe(0.5);
  });
  it("duplicates collapse", () => {
    expect(run(soft, { completion: "<answer>A,A,A</answer>", reference: "A,B,C,D" }).value).toBe(0.25);
  });
});
