/**
 * Server benchmarks, against a server started here on 127.0.0.1 (never anywhere else), with the
 * load generated from worker threads so client work does not share the server's event loop:
 * - one `POST /v1/score` of 8,192 GUI-G² rollouts, p50/p99 over 20 runs, beside the JSON floor
 *   measured in the same run (`JSON.parse` of the request body + `JSON.stringify` of its
 *   response, in this process) and the ratio of the two (target ≤ 1.5); beside it, two bare
 *   `node:http` servers measured with the same client in the same run: one that only parses the
 *   body and stringifies the response (the floor of any JSON service in Node, transport
 *   included), and one that also scores with `scorer.scoreSync` (what plaudit's server adds to the
 *   reward math itself is the ratio to it);
 * - 10,000 single-sample `POST /get_reward` requests at concurrency 64 over keep-alive
 *   connections, as OpenRLHF's current client sends them (throughput and p99);
 * - saturation: 20 clients posting 8,192-rollout batches back to back (retrying a 429 after
 *   100 ms) while another thread probes `/healthz` and `/metrics` every 10 ms (probe p50/p99,
 *   the server's event-loop delay, share of attempts shed with 429);
 * - memory: heap after GC before and after one 65,536-rollout request;
 * - where the time of one request goes in this process: parse, scoring, serialisation
 *   (`server-profile.ts`);
 * - the worker-pool measurement (in-process vs `worker_threads`) behind the decision not to
 *   use a pool (see `server-pool.ts`).
 * Run alone with `npx tsx bench/server.ts`; builds nothing.
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Worker } from "node:worker_threads";
import { startServer } from "../src/server/index.js";
import { type BenchRow, formatTable, quantile } from "./harness.js";
import { benchPool } from "./server-pool.js";
import { benchServerProfile } from "./server-profile.js";
import { benchRecipe, guiG2Samples } from "./server-workload.js";

/**
 * The load generator: plain JS (no loader needed), node:http with a keep-alive agent (like
 * Python's http.client and aiohttp; undici's fetch added ~10 ms per 1.7 MB request here).
 */
const LOAD_WORKER = `
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { url, bodies, count, concurrency, warmup, accept } = workerData;
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const buffers = bodies.map((b) => Buffer.from(b));
  const statuses = {};
  const post = (body) => new Promise((resolve, reject) => {
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: "POST",
      headers: { "content-type": "application/json", "content-length": body.length } }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end(body);
  });
  const once = async (i) => {
    const t = performance.now();
    for (;;) {
      const status = await post(buffers[i % buffers.length]);
      statuses[status] = (statuses[status] ?? 0) + 1;
      // With retryMs, a 429 is retried after a pause (a client honouring Retry-After, shortened).
      if (status === 429 && workerData.retryMs) { await new Promise((r) => setTimeout(r, workerData.retryMs)); continue; }
      if (!(accept ?? [200]).includes(status)) throw new Error("HTTP " + status);
      return performance.now() - t;
    }
  };
  for (let i = 0; i < warmup; i++) await once(i);
  for (const k of Object.keys(statuses)) delete statuses[k];
  const latencies = new Array(count);
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) { const i = next++; latencies[i] = await once(i); }
  }));
  parentPort.postMessage({ latencies, seconds: (performance.now() - started) / 1000, statuses });
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

/** Probes the GET urls in turn every `everyMs` until told to stop; reports the latencies. */
const PROBE_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
let stop = false;
parentPort.on("message", () => { stop = true; });
(async () => {
  const latencies = [];
  for (let i = 0; !stop; i++) {
    const t = performance.now();
    const res = await fetch(workerData.urls[i % workerData.urls.length]);
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, workerData.everyMs));
  }
  parentPort.postMessage({ latencies });
})();
`;

interface LoadResult {
  latencies: number[];
  seconds: number;
  statuses: Record<string, number>;
}

function load(
  url: string,
  bodies: string[],
  count: number,
  concurrency: number,
  warmup: number,
  accept: number[] = [200],
  retryMs = 0,
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: { url, bodies, count, concurrency, warmup, accept, retryMs },
    });
    worker.once("message", (message: LoadResult & { error?: string }) => {
      void worker.terminate();
      if (message.error) reject(new Error(message.error));
      else resolve(message);
    });
    worker.once("error", reject);
  });
}

function probe(urls: string[], everyMs: number): { stop(): Promise<number[]> } {
  const worker = new Worker(PROBE_WORKER, { eval: true, workerData: { urls, everyMs } });
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        worker.once("message", (m: { latencies: number[] }) => {
          void worker.terminate();
          resolve(m.latencies);
        });
        worker.once("error", reject);
        worker.postMessage("stop");
      }),
  };
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

/** The JSON floor of one request: parse its body and stringify its response, p50 over `runs`. */
function jsonFloor(body: string, response: string, runs: number): number[] {
  const parsedResponse = JSON.parse(response) as unknown;
  const times: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const t = performance.now();
    JSON.parse(body);
    JSON.stringify(parsedResponse);
    if (i >= 5) times.push(performance.now() - t);
  }
  return times;
}

/**
 * A bare `node:http` server on 127.0.0.1 that reads the body, `JSON.parse`s it and answers
 * `respond(parsed)` stringified: no framework, no slices, no admission.
 */
async function startBareServer(respond: (body: unknown) => unknown): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = JSON.stringify(respond(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

function collectGarbage(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

const MB = 1024 * 1024;

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
    const sample = await fetch(`${server.url}/v1/score`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: batch,
    });
    const response = await sample.text();
    const big = await load(`${server.url}/v1/score`, [batch], 20, 1, 5);
    const floor = jsonFloor(batch, response, 20);
    const ratio = quantile(big.latencies, 0.5) / quantile(floor, 0.5);
    // The same request against bare node:http servers, same client, same run.
    const parsedResponse = JSON.parse(response) as unknown;
    const echo = await startBareServer(() => parsedResponse);
    const bareJson = await load(`${echo.url}/`, [batch], 20, 1, 5);
    echo.close();
    const bareScoring = await startBareServer((body) => ({
      recipe: recipe.name,
      ...recipe.scorer.scoreSync((body as { samples: unknown[] }).samples),
    }));
    const bareScored = await load(`${bareScoring.url}/`, [batch], 20, 1, 5);
    bareScoring.close();
    const p50 = (l: LoadResult) => quantile(l.latencies, 0.5);
    rows.push({
      name: "JSON floor: parse body + stringify response",
      samples: 8192,
      samplesPerSec: 8192 / (quantile(floor, 0.5) / 1000),
      p50Ms: quantile(floor, 0.5),
      p99Ms: quantile(floor, 0.99),
      note: `${(batch.length / MB).toFixed(1)} MB body, ${(response.length / MB).toFixed(1)} MB response`,
    });
    const columnar = await load(`${server.url}/v1/score?format=columnar`, [batch], 20, 1, 5);
    rows.push({
      name: "POST /v1/score, 8192 rollouts",
      samples: 8192,
      samplesPerSec: 8192 / (quantile(big.latencies, 0.5) / 1000),
      p50Ms: quantile(big.latencies, 0.5),
      p99Ms: quantile(big.latencies, 0.99),
      note: `${recipe.note}; p50 = ${ratio.toFixed(2)}x the JSON floor (target <= 1.5), ${(p50(big) / p50(bareScored)).toFixed(2)}x bare node:http + scoreSync; 20 runs`,
    });
    rows.push({
      name: "bare node:http: JSON.parse body + JSON.stringify response",
      samples: 8192,
      samplesPerSec: 8192 / (p50(bareJson) / 1000),
      p50Ms: p50(bareJson),
      p99Ms: quantile(bareJson.latencies, 0.99),
      note: `no scoring: ${(p50(bareJson) / quantile(floor, 0.5)).toFixed(2)}x the JSON floor (the transport and GC any Node JSON service pays); 20 runs`,
    });
    rows.push({
      name: "bare node:http: parse + scorer.scoreSync + stringify",
      samples: 8192,
      samplesPerSec: 8192 / (p50(bareScored) / 1000),
      p50Ms: p50(bareScored),
      p99Ms: quantile(bareScored.latencies, 0.99),
      note: `${(p50(bareScored) / quantile(floor, 0.5)).toFixed(2)}x the JSON floor: the reward math's share, without plaudit's server; 20 runs`,
    });
    rows.push({
      name: "POST /v1/score?format=columnar, 8192 rollouts",
      samples: 8192,
      samplesPerSec: 8192 / (quantile(columnar.latencies, 0.5) / 1000),
      p50Ms: quantile(columnar.latencies, 0.5),
      p99Ms: quantile(columnar.latencies, 0.99),
      note: `p50 = ${(quantile(columnar.latencies, 0.5) / quantile(floor, 0.5)).toFixed(2)}x the row-format JSON floor; 20 runs`,
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

    // Saturation: 20 clients post 8,192-rollout batches back to back (2.5x what the default queue
    // holds: the rest is shed), while /healthz and /metrics are probed every 10 ms from another thread.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const prober = probe([`${server.url}/healthz`, `${server.url}/metrics`], 10);
    const burst = await load(`${server.url}/v1/score`, [batch], 60, 20, 0, [200], 100);
    const health = await prober.stop();
    loopDelay.disable();
    const shed = burst.statuses["429"] ?? 0;
    const attempts = shed + (burst.statuses["200"] ?? 0);
    rows.push({
      name: "GET /healthz, /metrics during a 20-client burst of 8192-rollout batches",
      samples: health.length,
      samplesPerSec: health.length / burst.seconds,
      p50Ms: quantile(health, 0.5),
      p99Ms: quantile(health, 0.99),
      note: `target p99 <= 50 ms; server event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms; 60 batches scored, ${shed} of ${attempts} attempts shed with 429 (retried after 100 ms), batch p50 ${quantile(burst.latencies, 0.5).toFixed(0)} ms`,
    });

    // Memory: heap after GC, before and after one large request.
    const large = JSON.stringify({ samples: guiG2Samples(65_536, 3) });
    const gc = collectGarbage();
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const t = performance.now();
    const largeReply = await load(`${server.url}/v1/score`, [large], 1, 1, 0);
    const largeMs = performance.now() - t;
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    rows.push({
      name: "POST /v1/score, 65536 rollouts (memory)",
      samples: 65_536,
      samplesPerSec: 65_536 / (largeReply.latencies[0]! / 1000),
      p50Ms: largeMs,
      note: `heap after GC: ${(heapBefore / MB).toFixed(0)} MB before, ${(heapAfter / MB).toFixed(0)} MB after (body ${(large.length / MB).toFixed(0)} MB); rss ${(process.memoryUsage().rss / MB).toFixed(0)} MB`,
    });
  } finally {
    await server.close();
  }
  rows.push(...benchServerProfile());
  rows.push(...(await benchPool()));
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatTable(await benchServer()));
}
