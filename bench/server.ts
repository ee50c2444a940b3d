/**
 * Server benchmarks, against a server started here on 127.0.0.1 (never anywhere else), with the
 * load generated from a worker thread so client work does not share the server's event loop:
 * - one `POST /v1/score` of 8,192 GUI-G² rollouts, p50/p99 over 20 runs (target ≤ 50 ms p50);
 * - 10,000 single-sample `POST /get_reward` requests at concurrency 64 over keep-alive
 *   connections, as OpenRLHF's current client sends them (throughput and p99);
 * - the worker-pool measurement (in-process vs `worker_threads`) behind the decision not to
 *   use a pool (see `server-pool.ts`).
 * Run alone with `npx tsx bench/server.ts`; builds nothing.
 * @module
 */
import { Worker } from "node:worker_threads";
import { startServer } from "../src/server/index.js";
import { type BenchRow, formatTable, quantile } from "./harness.js";
import { benchPool } from "./server-pool.js";
import { benchRecipe, guiG2Samples } from "./server-workload.js";

/** The load generator: plain JS (no loader needed), Node's fetch (undici, keep-alive by default). */
const LOAD_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { url, bodies, count, concurrency, warmup } = workerData;
  const once = async (i) => {
    const t = performance.now();
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: bodies[i % bodies.length] });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error("HTTP " + res.status);
    return performance.now() - t;
  };
  for (let i = 0; i < warmup; i++) await once(i);
  const latencies = new Array(count);
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) { const i = next++; latencies[i] = await once(i); }
  }));
  parentPort.postMessage({ latencies, seconds: (performance.now() - started) / 1000 });
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

interface LoadResult {
  latencies: number[];
  seconds: number;
}

function load(
  url: string,
  bodies: string[],
  count: number,
  concurrency: number,
  warmup: number,
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: { url, bodies, count, concurrency, warmup },
    });
    worker.once("message", (message: LoadResult & { error?: string }) => {
      void worker.terminate();
      if (message.error) reject(new Error(message.error));
      else resolve(message);
    });
    worker.once("error", reject);
  });
}

/** OpenRLHF-style single-sample bodies: the query is prompt + response, the label carries reference and size. */
function openrlhfBodies(n: number): string[] {
  return guiG2Samples(n, 11).map((s) => {
    const prompt = `<|im_start|>user\n${s.prompt}<|im_end|>\n<|im_start|>assistant\n`;
    return JSON.stringify({
      query: [`${prompt}${s.completion}<|im_end|>`],
      prompts: [prompt],
      labels: [{ reference: s.reference, image: s.image }],
    });
  });
}

/**
 * Runs the server benchmarks.
 * @example
 * console.log(formatTable(await benchServer()));
 */
export async function benchServer(): Promise<BenchRow[]> {
  const recipe = benchRecipe();
  const server = await startServer({
    recipes: [{ name: recipe.name, scorer: recipe.scorer }],
    host: "127.0.0.1",
    port: 0,
  });
  const rows: BenchRow[] = [];
  try {
    const batch = JSON.stringify({ samples: guiG2Samples(8192) });
    const big = await load(`${server.url}/v1/score`, [batch], 20, 1, 5);
    rows.push({
      name: "POST /v1/score, 8192 rollouts",
      samples: 8192,
      samplesPerSec: 8192 / (quantile(big.latencies, 0.5) / 1000),
      p50Ms: quantile(big.latencies, 0.5),
      p99Ms: quantile(big.latencies, 0.99),
      note: `${recipe.note}; ${(batch.length / 1e6).toFixed(1)} MB body; 20 runs`,
    });

    // How busy the server's event loop was tells whether the server or the load generator is the limit.
    const before = performance.eventLoopUtilization();
    const single = await load(`${server.url}/get_reward`, openrlhfBodies(512), 10_000, 64, 500);
    const busy = performance.eventLoopUtilization(before).utilization;
    rows.push({
      name: "POST /get_reward x10000, 1 sample, c=64",
      samples: 10_000,
      samplesPerSec: 10_000 / single.seconds,
      p50Ms: quantile(single.latencies, 0.5),
      p99Ms: quantile(single.latencies, 0.99),
      note: `${recipe.note}; keep-alive; server loop ${(busy * 100).toFixed(0)}% busy`,
    });
  } finally {
    await server.close();
  }
  rows.push(...(await benchPool()));
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatTable(await benchServer()));
}
