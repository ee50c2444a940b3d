/**
 * Tests of the grounding rewards: visual-rft-fast-parse.
 * @module
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/support/fuzz.js";
import { parseCanonicalVisualRftList } from "./visual-rft-fast-parse.js";

const NUMBERS = [
  "0",
  "-0",
  "12",
  "-7",
  "0.5",
  "1e3",
  "1E-2",
  "123456789012345",
  "1234567890123456789",
  "3.14159",
  "1e400",
  "00",
  "1.",
  ".5",
  "-",
  "+1",
  "0x1",
];

describe("parseCanonicalVisualRftList equals json.loads(text.replace(\"'\", '\"')) on its shape", () => {
  it("on 20,000 random near-canonical lists", () => {
    const rnd = seededRandom(9);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const ws = () => pick(["", " ", "  ", "\n", "\t", "\r\n"]);
    let accepted = 0;
    for (let n = 0; n < 20_000; n++) {
      const items = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
        const q = () => pick(["'", "'", '"']);
        const nums = Array.from({ length: 4 }, () => pick(NUMBERS)).join(`,${ws()}`);
        const key = rnd() < 0.95 ? "Position" : "position";
        return `{${ws()}${q()}${key}${q()}${ws()}:${ws()}[${ws()}${nums}${ws()}]${ws()},${ws()}${q()}Confidence${q()}:${ws()}${pick(NUMBERS)}${ws()}}`;
      });
      const text = `${ws()}[${items.join(`${ws()},${ws()}`)}]${ws()}`;
      let expected: unknown;
      try {
        expected = JSON.parse(text.replaceAll("'", '"'));
      } catch {
        expected = undefined;
      }
      const fast = parseCanonicalVisualRftList(text);
      if (fast !== undefined) {
        accepted++;
        expect(fast).toEqual(expected);
      }
    }
    expect(accepted).toBeGreaterThan(500);
  });
  it("declines other shapes (the general path handles them)", () => {
    expect(parseCanonicalVisualRftList("[{'Confidence': 0.5, 'Position': [1, 2, 3, 4]}]")).toBeUndefined();
    expect(parseCanonicalVisualRftList("[]")).toBeUndefined();
    expect(parseCanonicalVisualRftList("[{'Position': [1, 2, 3, 4], 'Confidence': 0.5}] x")).toBeUndefined();
    expect(parseCanonicalVisualRftList("[{'Position': [1, 2, 3, 4], 'Confidence': NaN}]")).toBeUndefined();
    expect(
      parseCanonicalVisualRftList(`[{'Position': [${"9".repeat(400)}, 2, 3, 4], 'Confidence': 1}]`),
    ).toBeUndefined();
  });
  it("keeps -0 and exact integers", () => {
    const r = parseCanonicalVisualRftList("[{'Position': [-0, 2, 123456789012345, 4], 'Confidence': 1}]")!;
    expect(Object.is(r[0]!.Position[0], -0)).toBe(true);
    expect(r[0]!.Position[2]).toBe(123456789012345);
  });
});
