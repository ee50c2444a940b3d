import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createContext } from "../../core/context.js";
import { gaussianPlaneReward, gaussianPointReward, guiG2FormatReward } from "./gaussian.js";
import { guiG1BoxReward, guiG1HitReward, guiG1IouReward } from "./gui-g1.js";

/**
 * Cases scored by `fixtures/oracle.py` (the released GUI-G1 and GUI-G² reward logic restated in
 * Python with numpy; `null` there means the released code returned NaN/inf, which plaudit scores
 * 0 with an issue). Regenerate with `python3 fixtures/oracle.py < cases.json`.
 */
interface Case {
  completion: string;
  reference: unknown;
  width: number;
  height: number;
  expected: Record<string, number | null>;
}

const cases: Case[] = JSON.parse(
  readFileSync(new URL("./fixtures/differential.json", import.meta.url), "utf8"),
);
const rewards = {
  iou: guiG1IouReward(),
  hit: guiG1HitReward(),
  box: guiG1BoxReward({ legacy: true }),
  point: gaussianPointReward(),
  plane: gaussianPlaneReward(),
  format: guiG2FormatReward(),
};
// Documented deviation: a complex coordinate (`1j`) fails GUI-G1's box reward in plaudit, while
// Python takes |Δ| of the complex number.
const COMPLEX = /\dj\b/i;

describe("GUI-G1 and GUI-G² against the Python oracle", () => {
  it(`matches the released code value for value on ${cases.length} cases`, () => {
    expect(cases.length).toBeGreaterThan(500);
    const mismatches: string[] = [];
    for (const c of cases) {
      const sample = {
        completion: c.completion,
        reference: c.reference,
        image: { width: c.width, height: c.height },
      };
      const { ctx } = createContext();
      for (const [name, reward] of Object.entries(rewards)) {
        if (name === "box" && COMPLEX.test(c.completion)) continue;
        const got = reward.score!(sample, ctx);
        const want = c.expected[name] ?? 0;
        if (got !== want && Math.abs((got as number) - want) > 1e-12) {
          mismatches.push(`${name} ${JSON.stringify(c.completion).slice(0, 80)}: ${got} ≠ ${want}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
