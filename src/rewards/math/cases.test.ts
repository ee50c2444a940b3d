/**
 * Agreement with math-verify's verdicts on the fixture set (its public test cases plus
 * plaudit's own near-misses, and `plaudit:boxed-text`: nested `\boxed{}` and `\text{}` around
 * numbers in math-verify's test patterns, verdicts recorded from math-verify 0.8.0 with
 * latex2sympy2_extended 1.10.2 through its `compare_strings` helper; `plaudit:leading-prefix`: a
 * plain answer right after a whitespace or `=` that starts the text, recorded the same way).
 * @module
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkMath } from "./verify.js";

interface FixtureCase {
  source: string;
  gold: string;
  pred: string;
  expected: 0 | 1;
  options: {
    targets?: Array<"latex" | "expr">;
    boxedPriority?: number;
    precision?: number;
    strict?: boolean;
    allowSetRelation?: boolean;
  };
}

const cases: FixtureCase[] = readFileSync(
  new URL("../../../test/fixtures/math/cases.jsonl", import.meta.url),
  "utf8",
)
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as FixtureCase);

describe("math test set", () => {
  it("has at least 500 cases, most from math-verify's public tests", () => {
    expect(cases.length).toBeGreaterThanOrEqual(500);
    expect(cases.filter((c) => c.source.startsWith("math-verify:")).length).toBeGreaterThanOrEqual(260);
  });

  it("agrees with the expected verdict on every case", () => {
    const failures: string[] = [];
    for (const c of cases) {
      const extraction = {
        targets: c.options.targets ?? ["latex", "expr"],
        boxedPriority: c.options.boxedPriority ?? 0,
      };
      const result = checkMath(c.gold, c.pred, {
        gold: extraction,
        pred: extraction,
        precision: c.options.precision ?? 6,
        strict: c.options.strict ?? true,
        allowSetRelation: c.options.allowSetRelation ?? false,
      });
      const verdict = result.verdict === true ? 1 : 0;
      if (verdict !== c.expected) {
        failures.push(
          `${c.source}: expected ${c.expected}, got ${verdict}\n  gold ${c.gold.slice(-120)}\n  pred ${c.pred.slice(-120)}`,
        );
      }
    }
    if (failures.length) console.log(`math test set failures (${failures.length}):\n${failures.join("\n")}`);
    const agreement = (cases.length - failures.length) / cases.length;
    console.log(`math test set agreement: ${(agreement * 100).toFixed(2)}% of ${cases.length}`);
    expect(failures).toEqual([]);
    expect(agreement).toBe(1);
  });
});
