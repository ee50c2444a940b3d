/**
 * Hard time limits: pathological inputs never hang the caller, a timed-out worker is replaced,
 * and the pool works from compiled `dist/` as well as from TypeScript sources.
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createContext } from "../../core/index.js";
import { mathEquivalent } from "./equivalent.js";
import { MathWorkerPool, workerEntry } from "./pool.js";

const TIMEOUT_MS = 400;
// No test here reads the clock: a check that would run for minutes ends by the pool's time limit,
// which shows as the issue `timeout` and a replaced worker (counted), and a hang would fail the
// test runner's own timeout. How long a run takes is reported by `npm run bench -- math`.
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

async function scored(reward: typeof pooled, completion: string, reference: string) {
  const { ctx, issues } = createContext("accuracy");
  const value = await reward.score!({ completion, reference }, ctx);
  return { value, codes: issues.map((i) => i.code) };
}

describe("math.equivalent never hangs", () => {
  it("warms up the pool", async () => {
    expect((await scored(pooled, "\\boxed{2}", "2")).value).toBe(1);
  });

  for (const [name, completion] of PATHOLOGICAL) {
    it(`ends with a verdict or a reason for ${name}`, async () => {
      for (const reward of [pooled, defaults]) {
        const { value, codes } = await scored(
          reward,
          completion,
          slowSum.replace("2000} \\sin", "1999} \\sin"),
        );
        expect(value === null || value === 0 || value === 1).toBe(true);
        // A null always says why (the time limit, the size budget, an unparseable answer).
        if (value === null) expect(codes.length).toBeGreaterThan(0);
      }
    });
  }

  it("resolves a slow check to null with issue timeout, then replaces the worker", async () => {
    const slow = await scored(pooled, slowSum, slowSum.replace("2000} \\sin", "1999} \\sin"));
    expect(slow.value).toBeNull();
    expect(slow.codes).toEqual(["timeout"]);
    const after = await scored(pooled, "\\boxed{\\frac{63}{400}}", "63/400");
    expect(after.value).toBe(1);
    expect(after.codes).toEqual([]);
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
  // In a script nothing but the pool holds the event loop: the call that follows a timeout must
  // keep its (still starting) replacement worker referenced, or the script ends unanswered.
  it.skipIf(!existsSync(compiledPool))(
    "answers the call after a timeout in a script where nothing else holds the event loop",
    () => {
      const slowPred = slowSum.replace("2000} \\sin", "1999} \\sin");
      const script = [
        `const { MathWorkerPool } = await import(${JSON.stringify(compiledPool.href)});`,
        "const pool = new MathWorkerPool({ size: 1, timeoutMs: 300 });",
        "const options = { steps: 1e12, pred: { normalization: { equations: false } } };",
        `const first = await pool.check(${JSON.stringify(slowPred)}, ${JSON.stringify(slowSum)}, options);`,
        `const next = await pool.check("63/400", ${JSON.stringify("\\boxed{\\frac{63}{400}}")}, {});`,
        "console.log(JSON.stringify([first.reason, next.verdict, pool.replaced]));",
        "await pool.close();",
      ].join("\n");
      // A file, not `node -e`: workers inherit the parent's exec arguments, `-e` included.
      const file = join(mkdtempSync(join(tmpdir(), "plaudit-pool-")), "script.mjs");
      writeFileSync(file, script);
      const run = spawnSync(process.execPath, [file], {
        encoding: "utf8",
        timeout: 60_000,
      });
      if (run.status !== 0) console.error(run.stderr);
      expect(run.stdout.trim()).toBe('["timeout",true,1]');
      expect(run.status).toBe(0);
    },
  );
  it.skipIf(!existsSync(compiledPool))("runs from the compiled dist/ build", async () => {
    const compiled = (await import(compiledPool.href)) as typeof import("./pool.js");
    expect(compiled.workerEntry()).toMatchObject({ compiled: true, eval: false });
    const pool = new compiled.MathWorkerPool({ size: 1, timeoutMs: 1000 });
    expect(await pool.check("63/400", "\\boxed{\\frac{63}{400}}", {})).toMatchObject({ verdict: true });
    await pool.close();
  });
});
