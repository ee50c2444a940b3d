/**
 * Advantage benchmark: 1,000,000 samples in groups of 16, each estimator alone (the target is
 * under one second on one core), groups contiguous and interleaved, plus a whole `scoreSync`
 * over the same batch with the `value` reward for comparison.
 * Run alone with `npx tsx bench/advantage.ts`.
 * @module
 */
import { type AdvantageInput, defaultAdvantages } from "../src/advantage/index.js";
import type { ComponentValue } from "../src/core/index.js";
import { buildScorer } from "../src/recipe/index.js";
import { type BenchRow, formatTable, quantile } from "./harness.js";

const SAMPLES = 1_000_000;
const GROUP = 16;
const RUNS = 5;

/** A deterministic pseudo-random stream (mulberry32), so every run scores the same batch. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeInput(interleaved: boolean): AdvantageInput {
  const next = random(7);
  const groupCount = SAMPLES / GROUP;
  const rewards: ComponentValue[] = new Array(SAMPLES);
  const groups: string[] = new Array(SAMPLES);
  const names = Array.from({ length: groupCount }, (_, g) => `prompt-${g}`);
  for (let i = 0; i < SAMPLES; i++) {
    const u = next();
    rewards[i] = u < 0.01 ? null : u < 0.5 ? 0 : Math.round(u * 1000) / 1000;
    // Interleaved: sample i belongs to group i mod groupCount, so no two neighbours share a group.
    groups[i] = names[interleaved ? i % groupCount : Math.floor(i / GROUP)]!;
  }
  return { rewards, groups, samples: new Array(SAMPLES), rows: [] };
}

function timeRuns(name: string, run: () => void, note = ""): BenchRow {
  run();
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  const p50 = quantile(times, 0.5);
  return {
    name,
    samples: SAMPLES,
    samplesPerSec: SAMPLES / (p50 / 1000),
    p50Ms: p50,
    p99Ms: quantile(times, 0.99),
    note: `whole batch of 1M per run (p50/p99 over ${RUNS} runs)${note ? `; ${note}` : ""}`,
  };
}

/**
 * Times each per-sample estimator over 1,000,000 samples in groups of 16.
 * @example
 * console.log(formatTable(benchAdvantage()));
 */
export function benchAdvantage(): BenchRow[] {
  const registry = defaultAdvantages();
  const env = { names: ["r"], weights: [1] };
  const contiguous = makeInput(false);
  const interleaved = makeInput(true);
  const blocks: Array<{ type: string; [key: string]: unknown }> = [
    { type: "grpo" },
    { type: "grpo", flavor: "verl" },
    { type: "grpo", scale: "batch" },
    { type: "dr-grpo" },
    { type: "rloo" },
    { type: "reinforce++" },
    { type: "reinforce++-baseline" },
    { type: "centered" },
  ];
  const rows: BenchRow[] = [];
  for (const block of blocks) {
    const estimator = registry.create(block, env, "advantage");
    const label = Object.entries(block)
      .map(([k, v]) => (k === "type" ? v : `${k}=${v}`))
      .join(" ");
    rows.push(timeRuns(`advantage ${label}`, () => estimator.compute(contiguous)));
  }
  const grpo = registry.create({ type: "grpo" }, env, "advantage");
  rows.push(timeRuns("advantage grpo, groups interleaved", () => grpo.compute(interleaved)));

  const scorer = buildScorer({
    rewards: [{ name: "r", type: "value", config: { key: "r" } }],
    advantage: { type: "grpo" },
  });
  const samples = contiguous.rewards.map((r, i) => ({
    completion: "",
    group: contiguous.groups[i],
    meta: r === null ? {} : { r },
  }));
  const started = performance.now();
  scorer.scoreSync(samples);
  const seconds = (performance.now() - started) / 1000;
  rows.push({
    name: "scoreSync value + grpo (whole pipeline)",
    samples: SAMPLES,
    samplesPerSec: SAMPLES / seconds,
    p50Ms: seconds * 1000,
    note: "one run: validation, reward, combination, advantage, results and stats",
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(formatTable(benchAdvantage()));
