/**
 * Fuzz: random and malformed completions and references never throw and always score a finite
 * number or null.
 * @module
 */
import { afterAll, describe, expect, it } from "vitest";
import { expectLinearTime, repeatTo } from "../../../test/support/linear-time.js";
import { createContext } from "../../core/index.js";
import { seededRandom } from "../../core/random.js";
import { mathEquivalent } from "./equivalent.js";

const PIECES = [
  "\\boxed{",
  "}",
  "{",
  "\\frac",
  "\\sqrt",
  "^",
  "_",
  "$",
  "$$",
  "\\(",
  "\\)",
  "\\[",
  "\\]",
  "1",
  "-",
  "x",
  "=",
  ",",
  "(",
  ")",
  "[",
  "]",
  "\\left(",
  "\\right)",
  "\\pm",
  "\\infty",
  "\\text{",
  "%",
  "0.5",
  "NaN",
  "Infinity",
  "1e308",
  "-1e308",
  "\\cup",
  "\\begin{pmatrix}",
  "\\end{pmatrix}",
  "&",
  "\\\\",
  "final answer is ",
  "answer: ",
  " I hope",
  "\\sum_{k=1}^{10}",
  "!",
  "e",
  "\\pi",
  "i",
  "\u2212",
  "\u00b0",
  "\ud83d\ude00",
  "\u0000",
  "\n",
  " ",
];

function randomCompletion(random: () => number): string {
  const kind = random();
  if (kind < 0.3) {
    const length = Math.floor(random() * 200);
    let out = "";
    for (let i = 0; i < length; i++) out += String.fromCharCode(Math.floor(random() * 0xffff));
    return out;
  }
  const count = Math.floor(random() * 40);
  let out = "";
  for (let i = 0; i < count; i++) out += PIECES[Math.floor(random() * PIECES.length)];
  return out;
}

const reward = mathEquivalent({ useWorkers: false, steps: 200_000 });
afterAll(() => reward.close?.());

describe("math.equivalent fuzz", () => {
  it("never throws and returns finite numbers or null on 10,000 random completions", () => {
    const random = seededRandom(1234);
    const references = [
      "42",
      "\\frac{1}{2}",
      "$x^2+1$",
      "$(1,2]$",
      "Answer is forty two.",
      "NaN",
      "$\\infty$",
      "1e308",
    ];
    for (let i = 0; i < 10_000; i++) {
      const { ctx } = createContext();
      const reference = i % 10 === 0 ? randomCompletion(random) : references[i % references.length];
      const value = reward.score!({ completion: randomCompletion(random), reference }, ctx);
      expect(value instanceof Promise).toBe(false);
      expect(value === null || (typeof value === "number" && Number.isFinite(value))).toBe(true);
    }
  });

  it("handles 1 MB strings, unbalanced boxes and extreme numbers in linear time", () => {
    const scoreFinite = (completion: string) => {
      const { ctx } = createContext();
      const value = reward.score!({ completion, reference: "1" }, ctx);
      expect(value === null || (typeof value === "number" && Number.isFinite(value))).toBe(true);
    };
    for (const completion of ["\\boxed{1e308 * 1e308}", "\\boxed{NaN}", "\\boxed{Infinity}"])
      scoreFinite(completion);
    const huge: Array<(size: number) => string> = [
      (n) => "x".repeat(n),
      (n) => `\\boxed{${"1".repeat(n)}}`,
      (n) => repeatTo("\\boxed{", n),
      (n) => `${"$".repeat(n)}1`,
      (n) => `${repeatTo("1 + ", n)}1`,
    ];
    for (const build of huge) expectLinearTime(build, scoreFinite, { rounds: 3 });
  });
});
