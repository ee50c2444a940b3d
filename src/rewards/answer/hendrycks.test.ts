/**
 * The Hendrycks MATH normaliser as VLM-R1 ships it (`utils/math.py`): one test per rule of
 * `strip_string`, the places where the released helpers raise, the last-box helpers, and parity
 * with CPython on 400 recorded random strings (a one-off run over 20,000 agreed on every row).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  hendrycksEquivalent,
  hendrycksStrip,
  lastBoxedOnlyString,
  removeBoxed,
  vlmR1StringFallback,
} from "./hendrycks.js";

describe("strip_string, rule by rule", () => {
  it.each([
    ["line breaks", "1\n2", "12"],
    ["inverse spaces", "1\\!000", "1000"],
    ["double backslash", "\\\\frac{1}{2}", "\\frac{1}{2}"],
    ["tfrac and dfrac", "\\tfrac{1}{2}+\\dfrac{3}{4}", "\\frac{1}{2}+\\frac{3}{4}"],
    ["\\left and \\right", "\\left( 1, 2 \\right)", "(1,2)"],
    ["degrees", "90^{\\circ}+45^\\circ", "90+45"],
    ["escaped dollars", "\\$5", "5"],
    ["units after \\text{ ", "5\\text{ cm}", "5"],
    ["percent", "50\\%", "50"],
    ["leading zero after a space", "x + .5", "x+0.5"],
    ["leading zero after a brace", "\\frac{.5}{2}", "\\frac{0.5}{2}"],
    ["leading zero at the start", ".25", "0.25"],
    ["short left-hand side dropped", "k = 7", "7"],
    ["long left-hand side kept", "abc = 7", "abc=7"],
    ["two = signs kept", "a = b = 7", "a=b=7"],
    ["\\sqrt3 gets braces", "\\sqrt3", "\\sqrt{3}"],
    ["spaces removed", "x^2 + 1", "x^2+1"],
    ["\\frac12", "\\frac12", "\\frac{1}{2}"],
    ["\\frac1b", "\\frac1b", "\\frac{1}{b}"],
    ["\\frac1{72}", "\\frac1{72}", "\\frac{1}{72}"],
    ["\\frac with one character left", "\\frac1", "\\frac1"],
    ["0.5 becomes a fraction", "0.5", "\\frac{1}{2}"],
    ["a/b of integers", "3/4", "\\frac{3}{4}"],
    ["a/b with a sign", "-3/4", "\\frac{-3}{4}"],
    ["a/b not canonical (int() accepts it, the assert does not)", "03/4", "03/4"],
    ["negative zero is not canonical", "-0/1", "-0/1"],
    ["more than one slash", "1/2/3", "1/2/3"],
    ["empty", "", ""],
  ])("%s: %j → %j", (_, input, expected) => {
    expect(hendrycksStrip(input)).toBe(expected);
  });

  it("counts code points where Python does (the `k = ` rule and \\frac pieces)", () => {
    expect(hendrycksStrip("😀😀=5")).toBe("5");
    expect(hendrycksStrip("\\frac😀2")).toBe("\\frac{😀}{2}");
  });

  it.each([
    ["two unit texts (assert len(splits) == 2)", "5\\text{ cm}\\text{ m}"],
    ["a/b with a non-integer side (int() raises ValueError)", "x/2"],
    ["a trailing \\frac (index out of range)", "2\\frac"],
    ["a trailing \\sqrt (index out of range)", "2\\sqrt"],
  ])("raises where the released code raises: %s", (_, input) => {
    expect(() => hendrycksStrip(input)).toThrow();
  });
});

describe("is_equiv", () => {
  it("the issue's examples", () => {
    expect(hendrycksEquivalent("\\dfrac{1}{2}", "\\frac{1}{2}")).toBe(true);
    expect(hendrycksEquivalent("x^2 + 1", "x^2+1")).toBe(true);
  });
  it("more from the rules", () => {
    expect(hendrycksEquivalent("\\left( 3, 4 \\right)", "(3,4)")).toBe(true);
    expect(hendrycksEquivalent("0.5", "\\frac12")).toBe(true);
    expect(hendrycksEquivalent("y = 2x + 1", "2x+1")).toBe(true);
    expect(hendrycksEquivalent("1 2", "12")).toBe(true); // spaces go, even between digits
    expect(hendrycksEquivalent("\\frac{1}{2}", "\\frac{2}{4}")).toBe(false);
    expect(hendrycksEquivalent("12.0", "12")).toBe(false); // no trailing-.0 rule in this copy
  });
  it("compares the raw strings when the normalisation raises", () => {
    expect(hendrycksEquivalent("x/2", "x / 2")).toBe(false);
    expect(hendrycksEquivalent("x/2", "x/2")).toBe(true);
  });
});

describe("last box helpers", () => {
  it("last_boxed_only_string", () => {
    expect(lastBoxedOnlyString("\\boxed{1} then \\boxed{\\frac{1}{2}}!")).toBe("\\boxed{\\frac{1}{2}}");
    expect(lastBoxedOnlyString("$\\boxed 7$ and more")).toBe("\\boxed 7");
    expect(lastBoxedOnlyString("\\fbox{3}")).toBe("\\fbox{3}");
    expect(lastBoxedOnlyString("\\boxed{open")).toBeNull();
    expect(lastBoxedOnlyString("no box")).toBeNull();
  });
  it("remove_boxed, null where its asserts fail", () => {
    expect(removeBoxed("\\boxed{42}")).toBe("42");
    expect(removeBoxed("\\boxed 7")).toBe("7");
    expect(removeBoxed("\\fbox{3}")).toBeNull();
  });
  it("the math rule's string fallback, released and default", () => {
    expect(vlmR1StringFallback("so \\boxed{x^2 + 1}", "x^2+1", true)).toBe(true);
    expect(vlmR1StringFallback("\\fbox{x^2 + 1}", "x^2+1", true)).toBe(false);
    expect(vlmR1StringFallback("\\fbox{x^2 + 1}", "x^2+1", false)).toBe(true);
  });
});

interface Row {
  a: string;
  b: string;
  strip: string | null;
  equiv: boolean;
  last: string | null;
  removed?: string | null;
}
const { rows } = JSON.parse(
  readFileSync(new URL("./hendrycks-verdicts.fixture.json", import.meta.url), "utf8"),
) as { rows: Row[] };

describe("parity with the released Python on recorded inputs", () => {
  it("has the recorded rows, with raises, matches and boxes among them", () => {
    expect(rows.length).toBe(400);
    expect(rows.filter((r) => r.strip === null).length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.equiv).length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.last !== null).length).toBeGreaterThan(10);
  });
  it("agrees on strip_string, is_equiv, last_boxed_only_string and remove_boxed", () => {
    const strip = (s: string): string | null => {
      try {
        return hendrycksStrip(s);
      } catch {
        return null;
      }
    };
    const disagreements = rows.filter((r) => {
      const last = lastBoxedOnlyString(r.a);
      return (
        strip(r.a) !== r.strip ||
        hendrycksEquivalent(r.a, r.b) !== r.equiv ||
        last !== r.last ||
        (last !== null && removeBoxed(last) !== r.removed)
      );
    });
    expect(disagreements).toEqual([]);
  });
});
