import { describe, expect, it } from "vitest";
import { expectLinearTime, repeatTo } from "../../../test/support/linear-time.js";
import { createContext, type Reward, type Sample } from "../../core/index.js";
import { numberMatch } from "./match.js";
import { findNumbers } from "./parse-number.js";
import { numberRelaxed } from "./relaxed.js";

function run(reward: Reward, sample: Sample): { value: number | null; codes: string[] } {
  const { ctx, issues } = createContext();
  const value = reward.score!(sample, ctx) as number | null;
  return { value, codes: issues.map((i) => i.code) };
}

describe("findNumbers", () => {
  it.each([
    ["1,234.5 km", [1234.5]],
    ["−2.5 and +3", [-2.5, 3]],
    ["1.2e3", [1200]],
    ["1.2 × 10^3", [1200]],
    ["3.5\\times10^{-2}", [0.035]],
    ["3/4 of it", [0.75]],
    ["v2 x-3", [3]],
    [".5", [0.5]],
    ["1e999", []],
  ])("%j → %j", (text, values) => {
    expect(findNumbers(text).map((n) => n.value)).toEqual(values);
  });
  it("marks percent", () => expect(findNumbers("50 %")).toEqual([{ value: 50, percent: true }]));
  it("is linear on 1 MB", () => {
    expectLinearTime(
      (n) => repeatTo("1 ", n),
      (text) => findNumbers(text),
    );
    expectLinearTime(
      (n) => " ".repeat(n),
      (text) => findNumbers(text),
    );
  });
});

describe("number.match", () => {
  const r = numberMatch();
  it("strips units and separators, takes the last number of the last answer", () => {
    expect(run(r, { completion: "<answer>It is 1,234.0 m</answer>", reference: 1234 }).value).toBe(1);
    expect(run(r, { completion: "<answer>from 3 to 5</answer>", reference: "5" }).value).toBe(1);
    expect(run(r, { completion: "<answer>5.1</answer>", reference: "5" }).value).toBe(0);
  });
  it("tolerances", () => {
    expect(run(numberMatch({ absTolerance: 0.2 }), { completion: "5.1", reference: 5 }).value).toBe(1);
    expect(run(numberMatch({ relTolerance: 0.01 }), { completion: "1005", reference: 1000 }).value).toBe(1);
    expect(run(numberMatch({ relTolerance: 0.001 }), { completion: "1005", reference: 1000 }).value).toBe(0);
  });
  it("percent is lenient by default, strict on request", () => {
    expect(run(r, { completion: "50%", reference: 0.5 }).value).toBe(1);
    expect(run(r, { completion: "50%", reference: 50 }).value).toBe(1);
    expect(run(numberMatch({ percent: "strict" }), { completion: "50%", reference: 50 }).value).toBe(0);
  });
  it("accepts a list of acceptable values", () => {
    expect(run(r, { completion: "<answer>2</answer>", reference: [1, "2"] }).value).toBe(1);
  });
  it("issues", () => {
    expect(run(r, { completion: "<answer>none</answer>", reference: 3 })).toEqual({
      value: 0,
      codes: ["no_number_found"],
    });
    expect(run(r, { completion: "3", reference: "three" })).toEqual({
      value: null,
      codes: ["reference_unparseable"],
    });
    expect(run(r, { completion: "3" })).toEqual({ value: null, codes: ["reference_missing"] });
  });
});

describe("number.relaxed (ChartQA)", () => {
  const r = numberRelaxed();
  it.each([
    ["10.4", "10", 1],
    ["10.6", "10", 0],
    ["9.5", "10", 1],
    ["50%", "0.52", 1],
    ["Paris", "paris", 1],
    ["0.01", "0", 0],
    ["0", "0", 1],
    ["1,000", "1000", 0],
  ])("pred %j, target %j → %d", (pred, target, expected) => {
    expect(run(r, { completion: `<answer>${pred}</answer>`, reference: target }).value).toBe(expected);
  });
  it("keeps the best of several references", () => {
    expect(run(r, { completion: "<answer>20</answer>", reference: ["10", "20.5"] }).value).toBe(1);
  });
});
