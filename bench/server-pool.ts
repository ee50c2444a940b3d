/**
 * Should `/v1/score` hand CPU-heavy batches to a `worker_threads` pool? This measures the same
 * 8,192-rollout request body both ways, end to end except for the socket: parse the JSON body,
 * score, build stats, serialise the response. The pool splits at group boundaries so each
 * worker can compute its groups' advantages alone, which is the best case for a pool.
 * @module
 */
import { Worker } from "node:worker_threads";
import type { Result } from "../src/core/index.js";
import { batchStats } from "../src/recipe/index.js";
import { type BenchRow, quantile } from "./harness.js";
import { benchRecipe, guiG2Samples } from "./server-workload.js";

function startWorker(): Worker {
  const target = new URL("./server-pool-worker.ts", import.meta.url).href;
  // Workers do not inherit tsx's loader, so each one registers it before importing the TS file.
  const code = `(async () => { const { register } = await import("tsx/esm/api"); register(); await import(${JSON.stringify(target)}); })()`;
  return new Worker(code, { eval: true });
}

function ask(worker: Worker, samples: unknown[]): Promise<Result[]> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    worker.once("error", onError);
    worker.once("message", (results: Result[]) => {
      worker.off("error", onError);
      resolve(results);
    });
    worker.postMessage(samples);
  });
}

async function timeRuns(runs: number, fn: () => unknown): Promise<number[]> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

/**
 * In-process vs a pool of `workers` threads on one 8,192-rollout body, 20 runs each.
 * @example
 * const rows = await benchPool();
 */
export async function benchPool(count = 8192, runs = 20, workers = 2): Promise<BenchRow[]> {
  const { scorer, note } = benchRecipe();
  const body = JSON.stringify({ samples: guiG2Samples(count) });

  const inProcess = await timeRuns(runs, () => {
    const { samples } = JSON.parse(body) as { samples: unknown[] };
    const scored = scorer.scoreSync(samples);
    return JSON.stringify({ results: scored.results, stats: scored.stats });
  });

  const pool = Array.from({ length: workers }, startWorker);
  const pooled = await timeRuns(runs, async () => {
    const { samples } = JSON.parse(body) as { samples: unknown[] };
    // Cut at a multiple of 8 so no group spans two workers.
    const per = Math.ceil(samples.length / workers / 8) * 8;
    const parts = await Promise.all(pool.map((w, k) => ask(w, samples.slice(k * per, (k + 1) * per))));
    const results = parts.flat();
    const stats = batchStats(results, scorer.names);
    return JSON.stringify({ results, stats });
  });
  await Promise.all(pool.map((w) => w.terminate()));

  const row = (name: string, times: number[]): BenchRow => ({
    name,
    samples: count,
    samplesPerSec: count / (quantile(times, 0.5) / 1000),
    p50Ms: quantile(times, 0.5),
    p99Ms: quantile(times, 0.99),
    note,
  });
  return [
    row("parse+score+serialise in-process", inProcess),
    row(`parse+score+serialise, ${workers}-thread pool`, pooled),
  ];
}
