/**
 * Judge benchmarks against a loopback upstream that answers every chat completion in 20 ms (run
 * in its own process, so its work is not counted as plaudit's; 127.0.0.1 only):
 * - 4,096 `judge.pointwise` calls at concurrency 256 through the library: wall time against the
 *   ideal 4096 / 256 × 20 ms = 320 ms, and plaudit's CPU time per call;
 * - the same 4,096 samples in one `POST /v1/score`;
 * - one `judge.pairwise` group of 16 (240 ordered pairs) at concurrency 256.
 * Every sample has its own prompt, so the reply cache never answers. Run alone with
 * `npx tsx bench/judges.ts`.
 * @module
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { Pool } from "undici";
import { createModelProvider } from "../src/models/index.js";
import { buildScorer } from "../src/recipe/index.js";
import { startServer } from "../src/server/index.js";
import { type BenchRow, formatTable, quantile } from "./harness.js";

const UPSTREAM_MS = 20;
const CALLS = 4096;
const CONCURRENCY = 256;

const UPSTREAM = `
const workerData = { delayMs: Number(process.argv[1]) };
const http = require("node:http");
const reply = (text) => JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion", created: 1, model: "judge",
  choices: [{ index: 0, message: { role: "assistant", content: text }, logprobs: null, finish_reason: "stop" }],
  usage: { prompt_tokens: 40, total_tokens: 48, completion_tokens: 8 } });
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => { body += c; });
  req.on("end", () => {
    const pairwise = body.includes("Provide a clear conclusion");
    const text = pairwise ? (body.length % 2 ? "Image 1 is better." : "Image 2 is better.") : "cat (object): 1\\nFinal Score: 4";
    setTimeout(() => { res.writeHead(200, { "content-type": "application/json" }); res.end(reply(text)); }, workerData.delayMs);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

/** The upstream runs in its own process, so `process.cpuUsage()` here measures plaudit alone. */
function startUpstream(): Promise<{ url: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", UPSTREAM, String(UPSTREAM_MS)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.once("error", reject);
    createInterface({ input: child.stdout! }).once("line", (port) =>
      resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") }),
    );
  });
}

const endpoint = {
  name: "judge",
  model: "judge",
  protocol: "openai-chat",
  concurrency: CONCURRENCY,
  retries: 0,
};
const pointwiseRecipe = {
  name: "bench-pointwise",
  rewards: [
    {
      name: "judge",
      type: "judge.pointwise",
      config: { endpoint, template: "unified-reward/image-generation-pointwise" },
    },
  ],
};

function samples(n: number, salt: string) {
  return Array.from({ length: n }, (_, i) => ({
    id: i,
    prompt: `a photo of object ${salt}-${i}`,
    completion: "",
  }));
}

/**
 * Runs the judge benchmarks.
 * @example
 * console.log(formatTable(await benchJudges()));
 */
export async function benchJudges(): Promise<BenchRow[]> {
  const upstream = await startUpstream();
  const rows: BenchRow[] = [];
  const ideal = (CALLS / CONCURRENCY) * UPSTREAM_MS;
  try {
    // Library: warm up the connection pool once, then 5 runs with fresh prompts.
    const models = createModelProvider({ endpoints: { judge: upstream.url }, env: {} });
    const scorer = buildScorer(pointwiseRecipe, { env: { models } });
    await scorer.score(samples(CALLS, "warm"));
    const walls: number[] = [];
    const cpuPerCall: number[] = [];
    for (let run = 0; run < 5; run++) {
      const batch = samples(CALLS, `run${run}`);
      const cpu = process.cpuUsage();
      const t = performance.now();
      const { stats } = await scorer.score(batch);
      walls.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      cpuPerCall.push((used.user + used.system) / 1000 / CALLS);
      if (stats.reward.nulls) throw new Error(`${stats.reward.nulls} judge calls failed`);
    }
    const wall = quantile(walls, 0.5);
    rows.push({
      name: `judge.pointwise x${CALLS}, c=${CONCURRENCY}, upstream ${UPSTREAM_MS} ms`,
      samples: CALLS,
      samplesPerSec: CALLS / (wall / 1000),
      p50Ms: wall,
      note: `wall ${wall.toFixed(0)} ms = ${(wall / ideal).toFixed(3)}× ideal ${ideal} ms (best ${(Math.min(...walls) / ideal).toFixed(3)}×); CPU ${(quantile(cpuPerCall, 0.5) * 1000).toFixed(0)} µs/call (user+sys); 5 runs`,
    });

    // Control: the same number of bare undici requests (same body size, same concurrency), so the
    // table shows what the machine allows before plaudit does anything.
    const pool = new Pool(upstream.url, { connections: null });
    const body = JSON.stringify({
      model: "judge",
      messages: [{ role: "user", content: "x".repeat(700) }],
      max_tokens: 512,
    });
    const bareWalls: number[] = [];
    const bareCpu: number[] = [];
    for (let run = 0; run < 6; run++) {
      const cpu = process.cpuUsage();
      const t = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < CALLS) {
            next++;
            const res = await pool.request({
              path: "/v1/chat/completions",
              method: "POST",
              headers: { "content-type": "application/json" },
              body,
            });
            JSON.parse(await res.body.text());
          }
        }),
      );
      if (run === 0) continue; // connection warm-up
      bareWalls.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      bareCpu.push((used.user + used.system) / 1000 / CALLS);
    }
    await pool.close();
    const bare = quantile(bareWalls, 0.5);
    rows.push({
      name: `control: bare undici x${CALLS}, c=${CONCURRENCY}`,
      samples: CALLS,
      samplesPerSec: CALLS / (bare / 1000),
      p50Ms: bare,
      note: `wall ${(bare / ideal).toFixed(3)}× ideal (best ${(Math.min(...bareWalls) / ideal).toFixed(3)}×); CPU ${(quantile(bareCpu, 0.5) * 1000).toFixed(0)} µs/call; the machine's floor`,
    });
    // The number to drive down: plaudit's CPU per call over the bare client's, measured in the
    // same process minutes apart (a ratio, so machine load moves both sides).
    const plauditCpu = quantile(cpuPerCall, 0.5);
    const bareCpuPerCall = quantile(bareCpu, 0.5);
    rows.push({
      name: "judge.pointwise CPU/call ÷ bare undici CPU/call",
      samples: CALLS,
      samplesPerSec: CALLS / (wall / 1000),
      note: `${(plauditCpu / bareCpuPerCall).toFixed(2)}× (${(plauditCpu * 1000).toFixed(0)} µs ÷ ${(bareCpuPerCall * 1000).toFixed(0)} µs; 1.00× is the floor)`,
    });

    // Pairwise: one group of 16 → 240 ordered comparisons.
    const pairwise = buildScorer(
      {
        rewards: [
          {
            name: "judge",
            type: "judge.pairwise",
            config: { endpoint, template: "unified-reward/image-generation-pairwise" },
          },
        ],
      },
      { env: { models } },
    );
    const pairWalls: number[] = [];
    for (let run = 0; run < 5; run++) {
      const group = samples(16, `pair${run}`).map((s) => ({
        ...s,
        prompt: `caption ${run}`,
        completion: `c${s.id}`,
        group: "g",
      }));
      // Distinct output images per member, so each ordered pair is its own request.
      const withImages = group.map((s, i) => ({
        ...s,
        images: [
          {
            data: Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.from([run, i])]).toString(
              "base64",
            ),
            role: "output",
          },
        ],
      }));
      const t = performance.now();
      const { stats } = await pairwise.score(withImages);
      pairWalls.push(performance.now() - t);
      const summary = stats.rewards?.judge as { comparisons: number } | undefined;
      if (summary?.comparisons !== 240)
        throw new Error(`expected 240 comparisons, got ${summary?.comparisons}`);
    }
    const pairWall = quantile(pairWalls, 0.5);
    rows.push({
      name: "judge.pairwise, group of 16 (240 ordered pairs)",
      samples: 240,
      samplesPerSec: 240 / (pairWall / 1000),
      p50Ms: pairWall,
      note: `ideal ${UPSTREAM_MS} ms (one wave at c=${CONCURRENCY}); 5 runs`,
    });

    // HTTP: the same 4,096 samples in one POST /v1/score.
    const server = await startServer({ recipes: [{ name: "bench", scorer }], port: 0 });
    try {
      const httpWalls: number[] = [];
      for (let run = 0; run < 5; run++) {
        const body = JSON.stringify({ samples: samples(CALLS, `http${run}`) });
        const t = performance.now();
        const res = await fetch(`${server.url}/v1/score`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        const json = (await res.json()) as { stats: { reward: { nulls: number } } };
        httpWalls.push(performance.now() - t);
        if (res.status !== 200 || json.stats.reward.nulls)
          throw new Error(`HTTP ${res.status}, ${json.stats?.reward?.nulls} nulls`);
      }
      const httpWall = quantile(httpWalls, 0.5);
      rows.push({
        name: `POST /v1/score, ${CALLS} pointwise judge samples, c=${CONCURRENCY}`,
        samples: CALLS,
        samplesPerSec: CALLS / (httpWall / 1000),
        p50Ms: httpWall,
        note: `wall = ${(httpWall / ideal).toFixed(3)}× ideal ${ideal} ms; 5 runs`,
      });
    } finally {
      await server.close();
    }
    await models.close?.();
  } finally {
    upstream.stop();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatTable(await benchJudges()));
}
