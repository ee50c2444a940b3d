/**
 * The linear-time check used instead of wall-clock limits tells linear from quadratic code.
 * @module
 */
import { describe, expect, it } from "vitest";
import { expectLinearTime, repeatTo } from "./support/linear-time.js";

function countPairs(text: string): number {
  // Quadratic on purpose: compares every pair of characters.
  let equal = 0;
  for (let i = 0; i < text.length; i++)
    for (let j = i + 1; j < text.length; j++) if (text.charCodeAt(i) === text.charCodeAt(j)) equal++;
  return equal;
}

function countChars(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
  return sum;
}

describe("expectLinearTime", () => {
  it("accepts linear code", () => {
    expect(expectLinearTime((n) => repeatTo("ab", n), countChars)).toBeLessThan(40);
  });
  it("rejects quadratic code", () => {
    expect(() =>
      expectLinearTime((n) => repeatTo("ab", n), countPairs, { smallSize: 1000, rounds: 3 }),
    ).toThrow(/for 10×/);
  });
  it("repeatTo reaches the size", () => {
    expect(repeatTo("ab", 5)).toBe("ababab");
  });
});
