import { describe, expect, it } from "vitest";
import { createContext, type Reward, type Sample } from "../../core/index.js";
import { cleanText } from "./clean-text.js";
import { exactAnswer, normalizeExact } from "./exact.js";
import { vlmR1Accuracy } from "./vlm-r1.js";

function run(reward: Reward, sample: Sample): { value: number | null; codes: string[] } {
  const { ctx, issues } = createContext();
  const value = reward.score!(sample, ctx) as number | null;
  return { value, codes: issues.map((i) => i.code) };
}

describe("answer.exact", () => {
  const r = exactAnswer();
  it("compares the last <answer>, case-insensitive, whitespace collapsed", () => {
    expect(
      run(r, { completion: "<answer>x</answer><answer> New   York </answer>", reference: "new york" }).value,
    ).toBe(1);
    expect(run(r, { completion: "<answer>Boston</answer>", reference: "new york" }).value).toBe(0);
  });
  it("accepts a list of acceptable answers, numbers and wrapped references", () => {
    expect(run(r, { completion: "<answer>42</answer>", reference: ["forty-two", 42] }).value).toBe(1);
    expect(run(r, { completion: "<answer>A</answer>", reference: "<answer> a </answer>" }).value).toBe(1);
  });
  it("options: first tag, case, punctuation, whitespace removal, required tag", () => {
    expect(
      run(exactAnswer({ answerTag: "first" }), {
        completion: "<answer>a</answer><answer>b</answer>",
        reference: "a",
      }).value,
    ).toBe(1);
    expect(run(exactAnswer({ caseSensitive: true }), { completion: "Paris", reference: "paris" }).value).toBe(
      0,
    );
    expect(
      run(exactAnswer({ stripPunctuation: true }), { completion: "Paris!", reference: "paris" }).value,
    ).toBe(1);
    expect(
      run(exactAnswer({ whitespace: "remove" }), { completion: "New York", reference: "newyork" }).value,
    ).toBe(1);
    expect(run(exactAnswer({ requireTag: true }), { completion: "paris", reference: "paris" })).toEqual({
      value: 0,
      codes: ["no_answer_tag"],
    });
  });
  it("edge cases: empty answer, missing or odd reference", () => {
    expect(run(r, { completion: "<answer>  </answer>", reference: "" })).toEqual({
      value: 0,
      codes: ["empty_answer"],
    });
    expect(run(r, { completion: "x" })).toEqual({ value: null, codes: ["reference_missing"] });
    expect(run(r, { completion: "x", reference: { a: 1 } })).toEqual({
      value: null,
      codes: ["reference_unparseable"],
    });
  });
  it("normalizeExact", () => {
    expect(
      normalizeExact(" The  Cat! ", { caseSensitive: false, whitespace: "collapse", stripPunctuation: true }),
    ).toBe("the cat");
  });
});

describe("VLM-R1 clean_text", () => {
  it.each([
    ["<answer> The Cat.\n</answer>", "the cat"],
    ["<answer>a</answer><answer>B..</answer>", "b"],
    ["line one\nline two", "line one line two"],
    ["a \nb", "a b"],
    ["a\n\nb", "a b"],
  ])("%j → %j", (text, expected) => expect(cleanText(text)).toBe(expected));
});

describe("answer.vlm-r1 dispatcher (§2b)", () => {
  const r = vlmR1Accuracy();
  const sample = (completion: string, reference: string, method?: string): Sample => ({
    completion,
    reference,
    ...(method ? { meta: { accu_reward_method: method } } : {}),
  });
  it("mcq", () => {
    expect(run(r, sample("<think>x</think><answer>The answer is B.</answer>", "B", "mcq")).value).toBe(1);
    expect(run(r, sample("<answer>C</answer>", "B", "mcq")).value).toBe(0);
  });
  it("yes_no", () => {
    expect(run(r, sample("<answer>Yes</answer>", "yes", "yes_no")).value).toBe(1);
    expect(run(r, sample("<answer>no</answer>", "yes", "yes_no")).value).toBe(0);
  });
  it("all_match compares clean_text of both sides", () => {
    expect(run(r, sample("<answer> Red Car. </answer>", "red car", "all_match")).value).toBe(1);
    expect(run(r, sample("<answer>red cars</answer>", "red car", "all_match")).value).toBe(0);
  });
  it("math: equal cleaned strings score 1", () => {
    expect(run(r, sample("<answer>\\frac{1}{2}</answer>", "\\frac{1}{2}", "math")).value).toBe(1);
  });
  it("default: numbers by Python float equality", () => {
    expect(run(r, sample("<answer>3.0</answer>", "3")).value).toBe(1);
    expect(run(r, sample("<answer>4</answer>", "3")).value).toBe(0);
  });
  it("default: a numeric GT with a non-float answer falls back to the Levenshtein ratio", () => {
    // Math finds no answer in "three apples"; clean_text ratio: LCS " apples" = 7, 2·7 / (12 + 8).
    expect(run(r, sample("<answer>three apples</answer>", "3 apples")).value).toBeCloseTo(0.7, 12);
  });
  it("default: a choice GT uses the MCQ rule, other text the Levenshtein ratio", () => {
    expect(run(r, sample("<answer>I pick C.</answer>", "C")).value).toBe(1);
    expect(run(r, sample("<answer>kitten</answer>", "sitting")).value).toBeCloseTo(0.6153846153846154, 12);
  });
  it("unknown methods use the default rule; detection and judge methods are null", () => {
    expect(run(r, sample("<answer>3</answer>", "3", "something")).value).toBe(1);
    expect(run(r, sample("<answer>x</answer>", "y", "od_ap"))).toEqual({
      value: null,
      codes: ["task_not_handled"],
    });
  });
  it("a fixed method overrides meta; a missing reference is null", () => {
    expect(run(vlmR1Accuracy({ method: "all_match" }), sample("<answer>B</answer>", "b", "mcq")).value).toBe(
      1,
    );
    expect(run(r, { completion: "x" })).toEqual({ value: null, codes: ["reference_missing"] });
  });
});
