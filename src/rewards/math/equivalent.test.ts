/**
 * The `math.equivalent` reward: worked examples from TRL's and open-r1's tests, references,
 * issues and configuration errors.
 * @module
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { ConfigError, createContext } from "../../core/index.js";
import { StepBudget } from "./budget.js";
import { mathEquivalent } from "./equivalent.js";
import { isMathEquivalent } from "./verify.js";

const reward = mathEquivalent();
afterAll(() => reward.close?.());

async function score(completion: string, reference: unknown) {
  const { ctx, issues } = createContext("accuracy");
  const value = await reward.score!({ completion, reference }, ctx);
  return { value, issues };
}

describe("math.equivalent worked examples (TRL accuracy_reward tests, reward-formulas.md 16b)", () => {
  it("\\boxed{\\frac{63}{400}} vs gold \\frac{63}{400} → 1", async () => {
    expect((await score("\\boxed{\\frac{63}{400}}", "\\frac{63}{400}")).value).toBe(1);
  });
  it('\\boxed{\\frac{63}{400}} vs gold "63/400" → 1', async () => {
    expect((await score("\\boxed{\\frac{63}{400}}", "63/400")).value).toBe(1);
  });
  it("\\boxed{\\frac{64}{400}} → 0", async () => {
    expect((await score("\\boxed{\\frac{64}{400}}", "\\frac{63}{400}")).value).toBe(0);
  });
  it('\\boxed{3} vs "6" → 0', async () => {
    expect((await score("\\boxed{3}", "6")).value).toBe(0);
  });
  it('gold "Answer is forty two." → null with reference_unparseable', async () => {
    const { value, issues } = await score("\\boxed{42}", "Answer is forty two.");
    expect(value).toBeNull();
    expect(issues.map((i) => i.code)).toEqual(["reference_unparseable"]);
  });
});

describe("math.equivalent references and issues", () => {
  it("accepts a worked solution ending in \\boxed{…} and a number as reference", async () => {
    expect((await score("So $\\boxed{\\dfrac{1}{2}}$.", "We halve it: $\\boxed{\\frac12}$")).value).toBe(1);
    expect((await score("The answer is $\\boxed{42}$", 42)).value).toBe(1);
    expect((await score("The answer is $\\boxed{0.5}$", 0.5)).value).toBe(1);
  });
  it("scores 0 with unparseable_answer when the completion has no boxed answer", async () => {
    const { value, issues } = await score("I think it is 42", "42");
    expect(value).toBe(0);
    expect(issues[0]?.code).toBe("unparseable_answer");
  });
  it("is null with reference_missing when there is no reference", async () => {
    const { value, issues } = await score("\\boxed{1}", undefined);
    expect(value).toBeNull();
    expect(issues[0]?.code).toBe("reference_missing");
  });
  it('scores an unparseable reference 0 with goldUnparseable: "zero"', async () => {
    const zero = mathEquivalent({ goldUnparseable: "zero" });
    const { ctx, issues } = createContext();
    expect(await zero.score!({ completion: "\\boxed{1}", reference: "forty two" }, ctx)).toBe(0);
    expect(issues[0]?.code).toBe("reference_unparseable");
  });
  it("compares equations, intervals, sets and matrices", async () => {
    expect((await score("\\boxed{y = 1 + 2x}", "$y=2x+1$")).value).toBe(1);
    expect((await score("\\boxed{(1, 2]}", "$(1,2]$")).value).toBe(1);
    expect((await score("\\boxed{[1, 2]}", "$(1,2]$")).value).toBe(0);
    expect((await score("\\boxed{\\{3, 1, 2\\}}", "$\\{1,2,3\\}$")).value).toBe(1);
    expect(
      (
        await score(
          "\\boxed{\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}}",
          "$\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}$",
        )
      ).value,
    ).toBe(1);
  });
});

describe("math.equivalent config", () => {
  it("fills defaults (open-r1 / TRL accuracy_reward settings)", () => {
    expect(reward.config.pred).toMatchObject({
      targets: ["latex"],
      boxedPriority: 0,
      withoutAnchor: false,
      mode: "first_match",
    });
    expect(reward.config.pred.normalization).toMatchObject({
      units: true,
      equations: true,
      malformedOperators: false,
      nits: false,
    });
    expect(reward.config).toMatchObject({
      timeoutMs: 1000,
      workers: 2,
      precision: 6,
      goldUnparseable: "null",
    });
  });
  it("rejects unknown fields and bad choices with the field path", () => {
    expect(() => mathEquivalent({ timeoutMs: 5 })).toThrow(ConfigError);
    expect(() => mathEquivalent({ pred: { mode: "all" } } as never)).toThrow(/pred\.mode/);
    expect(() => mathEquivalent({ nope: 1 } as never)).toThrow(/nope/);
  });
});

describe("isMathEquivalent", () => {
  it("decides in-process with math-verify defaults", () => {
    expect(isMathEquivalent("$\\frac{1}{3}$", "0.333333")).toBe(true);
    expect(isMathEquivalent("$\\tan^2(y)+1$", "$\\sec^2(y)$")).toBe(true);
    expect(isMathEquivalent("$x+2n+1$", "$x+1$")).toBe(false);
    expect(isMathEquivalent("63/400", "The answer is \\boxed{\\frac{63}{400}}")).toBe(true);
  });
  it("returns false instead of running past its step budget", () => {
    const slow = "$\\sum_{k=1}^{2000} \\sum_{j=1}^{2000} \\sin(k j x)$";
    // Work is counted, not timed: every unit of work goes through the check's one StepBudget.
    let spent = 0;
    let largest = 0;
    const realSpend = StepBudget.prototype.spend;
    const spend = vi.spyOn(StepBudget.prototype, "spend").mockImplementation(function (
      this: StepBudget,
      steps = 1,
    ) {
      spent += steps;
      largest = Math.max(largest, steps);
      realSpend.call(this, steps);
    });
    try {
      expect(isMathEquivalent(slow, slow.replace("2000} \\sin", "1999} \\sin"), { steps: 50_000 })).toBe(
        false,
      );
    } finally {
      spend.mockRestore();
    }
    expect(spent).toBeGreaterThan(50_000);
    expect(spent).toBeLessThanOrEqual(50_000 + largest);
  });
});
