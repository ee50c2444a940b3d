/**
 * Throughput of every registered reward type (default config where it has one) and of a whole
 * recipe, on ≥ 100k generated grounding-style samples.
 * @module
 */
import { createContext, type Sample } from "../src/core/index.js";
import { buildScorer } from "../src/recipe/index.js";
import { defaultRegistry } from "../src/rewards/index.js";
import { type BenchRow, formatTable, timeThroughput } from "./harness.js";

/** Generated samples: think/answer completions with pixel boxes, references and image sizes. */
export function generatedSamples(count: number): Sample[] {
  const out: Sample[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const x = (i * 37) % 1500;
    const y = (i * 91) % 800;
    const box = [x, y, x + 60 + (i % 50), y + 40 + (i % 30)];
    const pred = box.map((v, k) => v + ((i + k) % 9) - 4);
    out[i] = {
      id: i,
      group: `g${i >> 3}`,
      completion: `<think>The target is the icon near (${pred[0]}, ${pred[1]}).</think>\n<answer>[${pred.join(", ")}]</answer>`,
      reference: box,
      image: { width: 1920, height: 1080 },
      input_image: { width: 1932, height: 1092 },
      meta: { value: (i % 10) / 10, step: i },
    };
  }
  return out;
}

/** Benchmarks each reward type and a whole recipe. */
export function benchCore(count = 100_000): BenchRow[] {
  const samples = generatedSamples(count);
  const registry = defaultRegistry();
  const rows: BenchRow[] = [];
  for (const { type } of registry.describe()) {
    let reward: ReturnType<typeof registry.create>;
    try {
      reward = registry.create(type, type === "value" ? { key: "value" } : {});
    } catch {
      rows.push({
        name: `reward ${type}`,
        samples: 0,
        samplesPerSec: Number.NaN,
        note: "needs config; see its family bench",
      });
      continue;
    }
    if (!reward.score) continue;
    const score = reward.score;
    const { ctx } = createContext(type);
    let asynchronous = false;
    const row = timeThroughput(`reward ${type}`, count, 1000, (start, end) => {
      for (let i = start; i < end; i++) {
        const out = score(samples[i]!, ctx);
        if (out instanceof Promise) asynchronous = true;
      }
    });
    if (asynchronous) row.note = "async: see its family bench";
    rows.push(row);
  }
  const recipe = {
    rewards: [
      { name: "format", type: "format.think-answer" },
      { name: "iou", type: "grounding.iou", config: { pred: { frame: "input-pixel" } } },
    ],
    combine: { type: "sum", gate: "format" },
    advantage: { type: "grpo" },
  };
  try {
    const scorer = buildScorer(recipe);
    rows.push(
      timeThroughput("recipe format+iou+grpo (scoreSync, 4096/batch)", count, 4096, (start, end) => {
        scorer.scoreSync(samples.slice(start, end));
      }),
    );
  } catch (error) {
    rows.push({
      name: "recipe format+iou+grpo",
      samples: 0,
      samplesPerSec: Number.NaN,
      note: (error as Error).message.split("\n")[0]!,
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(formatTable(benchCore()));
