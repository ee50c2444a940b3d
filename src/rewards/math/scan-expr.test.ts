/**
 * The plain-expression scanner's anchors: math-verify's prefix `(?:^|\s|=)` tries the empty
 * `^` first and then a whitespace or `=` character, so an answer right after a leading space,
 * newline or `=` is found (verdicts recorded from math-verify 0.8.0).
 */
import { describe, expect, it } from "vitest";
import { ExprScanner } from "./scan-expr.js";
import { isMathEquivalent } from "./verify.js";

describe("prefix at the start of the text", () => {
  it("finds a number after a leading space, newline or =", () => {
    for (const text of [" 42", "\n42", "=42", "\t42 apples"]) {
      const numbers = new ExprScanner(text).findAll("number");
      expect(
        numbers.map((m) => m.payload.text),
        JSON.stringify(text),
      ).toEqual(["42"]);
    }
  });
  it("finds an expression after a leading space or = (the class includes `.`, as in the regex)", () => {
    expect(new ExprScanner(" (1/2)*3.").findAll("expression").map((m) => m.payload.text)).toEqual([
      "(1/2)*3.",
    ]);
    expect(new ExprScanner("=(1/2)*3").findAll("expression").map((m) => m.payload.text)).toEqual(["(1/2)*3"]);
  });
  it("so such answers verify (math-verify: 1) and wrong ones still do not (0)", () => {
    expect(isMathEquivalent("42", " 42")).toBe(true);
    expect(isMathEquivalent("3.14", "=3.14")).toBe(true);
    expect(isMathEquivalent("$\\frac{1}{2}$", " 1/2 ")).toBe(true);
    expect(isMathEquivalent("43", " 42")).toBe(false);
  });
});
