/**
 * `npm run bench -- eval`: `plaudit eval` on 1,000,000 generated pairs with `--scores` (the
 * issue's target: ≤ 10 s, bounded memory). Files are written first (untimed), then the run is
 * timed end to end: reading both JSONL files, joining by id, per-row outcomes written to a rows
 * JSONL, metrics with bootstrap intervals.
 * @module
 */

import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { seededRandom } from "../src/core/index.js";
import { JsonlPredictions } from "../src/eval/predictions.js";
import { runEval } from "../src/eval/run.js";
import type { BenchRow } from "./harness.js";

const CATEGORIES = ["chat", "chat-hard", "safety", "reasoning"];

async function writeLines(path: string, n: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  let buffer = "";
  for (let i = 0; i < n; i++) {
    buffer += `${line(i)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await finished(out);
}

/** Runs the eval benchmark. */
export async function benchEval(
  pairs = Number(process.env.EVAL_BENCH_PAIRS ?? 1_000_000),
): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "plaudit-bench-eval-"));
  const random = seededRandom(42);
  try {
    await writeLines(join(dir, "pairs.jsonl"), pairs, (i) =>
      JSON.stringify({
        id: `p${i}`,
        prompt: `Question number ${i}: which answer is better?`,
        chosen: `A helpful answer to question ${i}.`,
        rejected: `An unhelpful answer to ${i}.`,
        category: CATEGORIES[i % 4],
      }),
    );
    await writeLines(join(dir, "scores.jsonl"), pairs, (i) =>
      JSON.stringify({
        id: `p${i}`,
        scores: [Math.round(random() * 1e4) / 1e4, Math.round(random() * 0.9e4) / 1e4],
      }),
    );
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const { metrics } = await runEval({
      data: join(dir, "pairs.jsonl"),
      sources: [new JsonlPredictions(join(dir, "scores.jsonl"))],
      rowsPath: join(dir, "metrics.rows.jsonl"),
      chunkSize: 4096,
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return [
      {
        name: "eval pairs --scores (read, join, rows JSONL, metrics + bootstrap)",
        samples: pairs,
        samplesPerSec: pairs / seconds,
        note: `${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB, accuracy ${metrics.accuracy?.toFixed(4)}, ${metrics.bootstrap.resamples} resamples`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
