/**
 * Benchmark of math answer checking on the fixture test set: in-process checks, and the
 * `math.equivalent` reward with a warm pool of 2 workers (every check sent to the pool, and the
 * default mix where cheap checks stay in-process). Run alone: `npx tsx bench/math.ts`.
 * @module
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { createContext } from "../src/core/index.js";
import { mathEquivalent } from "../src/rewards/math/equivalent.js";
import { checkMath } from "../src/rewards/math/verify.js";
import type { BenchRow } from "./harness.js";

export type { BenchRow };

interface FixtureCase {
  gold: string;
  pred: string;
}

function loadCases(): FixtureCase[] {
  return readFileSync(new URL("../test/fixtures/math/cases.jsonl", import.meta.url), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as FixtureCase);
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function row(name: string, latencies: number[], totalMs: number): Required<Omit<BenchRow, "note">> {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name,
    samples: latencies.length,
    samplesPerSec: Math.round((latencies.length / totalMs) * 1000),
    p50Ms: Number(percentile(sorted, 0.5).toFixed(3)),
    p99Ms: Number(percentile(sorted, 0.99).toFixed(3)),
  };
}

/**
 * Measures checks per second and per-call latency on the math test set (warm, 2 workers).
 * @example
 * console.table(await benchMath());
 */
export async function benchMath(rounds = 3): Promise<BenchRow[]> {
  const cases = loadCases();
  const rows: BenchRow[] = [];
  const samples = Array.from({ length: rounds }, () => cases).flat();

  // In-process, math-verify defaults (what isMathEquivalent does).
  for (const c of cases.slice(0, 50)) checkMath(c.gold, c.pred);
  let latencies: number[] = [];
  let started = performance.now();
  for (const c of samples) {
    const t = performance.now();
    checkMath(c.gold, c.pred);
    latencies.push(performance.now() - t);
  }
  rows.push(row("in-process checkMath", latencies, performance.now() - started));

  for (const [name, config] of [
    ["reward, default mix (fast path + 2 workers)", {}],
    ["reward, every check in 2 workers", { fastSteps: 0 }],
  ] as const) {
    const reward = mathEquivalent({ workers: 2, ...config });
    const { ctx } = createContext();
    await Promise.all(
      cases.slice(0, 20).map((c) => reward.score!({ completion: c.pred, reference: c.gold }, ctx)),
    );
    // Throughput: every sample in flight at once, as a trainer's batch would be.
    latencies = [];
    started = performance.now();
    await Promise.all(
      samples.map(async (c) => {
        const t = performance.now();
        await reward.score!({ completion: c.pred, reference: c.gold }, ctx);
        latencies.push(performance.now() - t);
      }),
    );
    const batchMs = performance.now() - started;
    // Per-call latency: one call at a time.
    const sequential: number[] = [];
    for (const c of cases) {
      const t = performance.now();
      await reward.score!({ completion: c.pred, reference: c.gold }, ctx);
      sequential.push(performance.now() - t);
    }
    const throughput = row(name, latencies, batchMs);
    const perCall = row(name, sequential, 1);
    rows.push({ ...throughput, p50Ms: perCall.p50Ms, p99Ms: perCall.p99Ms });
    await reward.close?.();
  }

  // The hard time limit (what src/rewards/math/pool.test.ts checks by outcome, not by clock): a
  // check that would run for minutes ends at timeoutMs, and the next call waits for the
  // replacement worker.
  const limited = mathEquivalent({
    workers: 1,
    fastSteps: 0,
    steps: 1e12,
    timeoutMs: 400,
    pred: { normalization: { equations: false } },
  });
  const { ctx } = createContext();
  await limited.score!({ completion: "\\boxed{2}", reference: "2" }, ctx);
  const slow = "\\boxed{\\sum_{k=1}^{2000} \\sum_{j=1}^{2000} \\sum_{m=1}^{2000} \\sin(k j m x)}";
  const timedOut: number[] = [];
  const afterReplacement: number[] = [];
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    await limited.score!({ completion: slow, reference: slow.replace("2000} \\sin", "1999} \\sin") }, ctx);
    timedOut.push(performance.now() - t);
    t = performance.now();
    await limited.score!({ completion: "\\boxed{\\frac{63}{400}}", reference: "63/400" }, ctx);
    afterReplacement.push(performance.now() - t);
  }
  await limited.close?.();
  timedOut.sort((a, b) => a - b);
  afterReplacement.sort((a, b) => a - b);
  rows.push({
    ...row(
      "timed-out check (timeoutMs 400), 1 worker",
      timedOut,
      timedOut.reduce((a, b) => a + b, 0),
    ),
    note: `next call after the worker is replaced: p50 ${percentile(afterReplacement, 0.5).toFixed(0)} ms`,
  });
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await benchMath());
}
