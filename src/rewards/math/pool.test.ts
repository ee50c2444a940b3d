/**
 * Hard time limits: pathological inputs never hang the caller, a timed-out worker is replaced,
 * and the pool works from compiled `dist/` as well as from TypeScript sources.
 * @module
 */
import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createContext } from "../../core/index.js";
import { mathEquivalent } from "./equivalent.js";
import { MathWorkerPool, workerEntry } from "./pool.js";

const TIMEOUT_MS = 400;
// The limit counts from when a call reaches a ready worker; after a timeout the replacement
// worker must start first (from TypeScript sources here, through tsx). How long a start takes
// depends on the machine and its load, so the slack is calibrated in this run: four times the
// measured cold start of the pool (at least 1.6 s). The checks below would run for minutes
// without the limit, so even a slack of several seconds on a busy machine still tells a timeout
// from a hang.
let slackMs = 1600;
// fastSteps 0 sends every check to the pool; steps is huge so only the clock can stop a slow check.
const pooled = mathEquivalent({
  fastSteps: 0,
  steps: 1e12,
  timeoutMs: TIMEOUT_MS,
  pred: { normalization: { equations: false } },
});
const defaults = mathEquivalent({ timeoutMs: TIMEOUT_MS });
afterAll(async () => {
  await pooled.close?.();
  await defaults.close?.();
});

const slowSum = "\\boxed{\\sum_{k=1}^{2000} \\sum_{j=1}^{2000} \\sum_{m=1}^{2000} \\sin(k j m x)}";
const PATHOLOGICAL: Array<[string, string]> = [
  ["nested fractions 1000 deep", `\\boxed{${"\\frac{1}{".repeat(1000)}2${"}".repeat(1000)}}`],
  ["10^{10^{10}}", "\\boxed{10^{10^{10}}}"],
  ["power tower", "\\boxed{2^{2^{2^{2^{2^{2}}}}}}"],
  ["100 KB expression", `\\boxed{${"x+".repeat(50_000)}1}`],
  ["unbalanced braces", `\\boxed{${"{".repeat(5000)}1`],
  ["many boxes", "\\boxed{1} ".repeat(20_000)],
  ["triple sum", slowSum],
];

async function timed(reward: typeof pooled, completion: string, reference: string) {
  const { ctx, issues } = createContext("accuracy");
  const started = performance.now();
  const value = await reward.score!({ completion, reference }, ctx);
  return { value, issues, ms: performance.now() - started };
}

describe("math.equivalent never hangs", () => {
  it("warms up the pool (and calibrates the slack by its cold start)", async () => {
    const cold = await timed(pooled, "\\boxed{2}", "2");
    expect(cold.value).toBe(1);
    slackMs = Math.max(slackMs, 4 * cold.ms);
  });

  for (const [name, completion] of PATHOLOGICAL) {
    it(`returns within the limit for ${name}`, async () => {
      for (const reward of [pooled, defaults]) {
        const { value, ms } = await timed(reward, completion, slowSum.replace("2000} \\sin", "1999} \\sin"));
        expect(value === null || value === 0 || value === 1).toBe(true);
        expect(ms).toBeLessThan(TIMEOUT_MS + slackMs);
      }
    });
  }

  it("resolves a slow check to null with issue timeout, then replaces the worker", async () => {
    const slow = await timed(pooled, slowSum, slowSum.replace("2000} \\sin", "1999} \\sin"));
    expect(slow.value).toBeNull();
    expect(slow.issues.map((i) => i.code)).toEqual(["timeout"]);
    const after = await timed(pooled, "\\boxed{\\frac{63}{400}}", "63/400");
    expect(after.value).toBe(1);
    expect(after.ms).toBeLessThan(TIMEOUT_MS + slackMs);
  });
});

describe("MathWorkerPool", () => {
  it("counts replaced workers and resolves pending calls on close", async () => {
    const pool = new MathWorkerPool({ size: 1, timeoutMs: 200 });
    await pool.warm();
    const options = { steps: 1e12, pred: { normalization: { equations: false } } } as const;
    const slow = await pool.check(slowSum.replace("2000} \\sin", "1999} \\sin"), slowSum, options);
    expect(slow).toMatchObject({ verdict: null, reason: "timeout" });
    expect(pool.replaced).toBe(1);
    expect(await pool.check("1/2", "$0.5$", {})).toMatchObject({ verdict: true });
    const pending = pool.check(slowSum, slowSum.replace("2000} \\sin", "1999} \\sin"), options);
    await pool.close();
    expect(await pending).toMatchObject({ verdict: null, reason: "closed" });
    expect(await pool.check("1", "1", {})).toMatchObject({ reason: "closed" });
  });

  it("runs from TypeScript sources through tsx", () => {
    expect(workerEntry()).toMatchObject({ compiled: false, eval: true });
  });

  const compiledPool = new URL("../../../dist/rewards/math/pool.js", import.meta.url);
  it.skipIf(!existsSync(compiledPool))("runs from the compiled dist/ build", async () => {
    const compiled = (await import(compiledPool.href)) as typeof import("./pool.js");
    expect(compiled.workerEntry()).toMatchObject({ compiled: true, eval: false });
    const pool = new compiled.MathWorkerPool({ size: 1, timeoutMs: 1000 });
    expect(await pool.check("63/400", "\\boxed{\\frac{63}{400}}", {})).toMatchObject({ verdict: true });
    await pool.close();
  });
});
