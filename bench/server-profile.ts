/**
 * Where the time of one 8,192-rollout `/v1/score` goes, step by step, in this process (no
 * socket): parse, validation + per-sample rewards, batch steps, serialisation.
 * Run with `npx tsx bench/server-profile.ts`.
 * @module
 */
import { type BenchRow, formatTable, quantile } from "./harness.js";
import { benchRecipe, guiG2Samples } from "./server-workload.js";

function time(runs: number, fn: () => unknown): number[] {
  for (let i = 0; i < 5; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

/**
 * Times each step of one request.
 * @example
 * console.log(formatTable(benchServerProfile()));
 */
export function benchServerProfile(count = 8192, runs = 20): BenchRow[] {
  const { scorer, note } = benchRecipe();
  const body = JSON.stringify({ samples: guiG2Samples(count) });
  const samples = (JSON.parse(body) as { samples: unknown[] }).samples;
  const scored = scorer.scoreSync(samples);
  const response = { recipe: "gui-g2", ...scored };
  const row = (name: string, times: number[]): BenchRow => ({
    name,
    samples: count,
    samplesPerSec: count / (quantile(times, 0.5) / 1000),
    p50Ms: quantile(times, 0.5),
    p99Ms: quantile(times, 0.99),
    note,
  });
  return [
    row(
      "JSON.parse(body)",
      time(runs, () => JSON.parse(body)),
    ),
    row(
      "scorer.scoreSync(samples)",
      time(runs, () => scorer.scoreSync(samples)),
    ),
    row(
      "JSON.stringify(response)",
      time(runs, () => JSON.stringify(response)),
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatTable(benchServerProfile()));
}
