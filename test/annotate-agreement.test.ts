import { describe, expect, it } from "vitest";
import { cohensKappa, krippendorffAlpha } from "../src/annotate/index.js";

const repeat = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

describe("Cohen's κ", () => {
  it("reproduces the textbook example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → 0.4", () => {
    const pairs = [
      ...repeat(20, ["yes", "yes"] as const),
      ...repeat(5, ["yes", "no"] as const),
      ...repeat(10, ["no", "yes"] as const),
      ...repeat(15, ["no", "no"] as const),
    ];
    // p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2 / 0.5.
    expect(cohensKappa(pairs)).toBeCloseTo(0.4, 12);
  });

  it("is 1 for perfect agreement, 0 at chance, negative below, null without pairs", () => {
    expect(
      cohensKappa([
        ["a", "a"],
        ["b", "b"],
      ]),
    ).toBe(1);
    expect(
      cohensKappa([
        ["a", "a"],
        ["a", "a"],
      ]),
    ).toBe(1);
    expect(
      cohensKappa([
        ["a", "a"],
        ["a", "b"],
        ["b", "a"],
        ["b", "b"],
      ]),
    ).toBe(0);
    expect(
      cohensKappa([
        ["a", "b"],
        ["b", "a"],
      ]),
    ).toBe(-1);
    expect(cohensKappa([])).toBeNull();
  });
});

describe("Krippendorff's α", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
  // 12 units, missing values; α = 0.743 nominal, 0.849 interval, 0.815 ordinal.
  const observers = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];
  const units = observers[0]!.map((_, u) =>
    observers.map((o) => o[u]).filter((v): v is number => v !== null),
  );

  it("reproduces Krippendorff's worked example at the three levels", () => {
    expect(krippendorffAlpha(units, "nominal")).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(units, "interval")).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(units, "ordinal")).toBeCloseTo(0.815, 3);
  });

  it("drops unpairable units, is 1 for perfect agreement and null without variation", () => {
    expect(krippendorffAlpha([[1, 1], [2, 2, 2], [3]], "nominal")).toBe(1);
    expect(
      krippendorffAlpha(
        [
          [1, 1],
          [1, 1],
        ],
        "nominal",
      ),
    ).toBeNull();
    expect(krippendorffAlpha([[1], [2]], "nominal")).toBeNull();
    expect(
      krippendorffAlpha(
        [
          ["A", "B"],
          ["B", "A"],
        ],
        "nominal",
      ),
    ).toBeLessThan(0);
  });
});
