/**
 * Throughput of the GUI rewards and presets on generated realistic completions.
 * Run alone with `npx tsx bench/gui.ts`.
 * @module
 */
import { createContext } from "../src/core/context.js";
import type { Reward } from "../src/core/index.js";
import { buildScorer } from "../src/recipe/index.js";
import {
  clickHitReward,
  gaussianPlaneReward,
  gaussianPointReward,
  guiG1BoxReward,
  guiG1HitReward,
  guiG1IouReward,
  guiG2FormatReward,
  sweetSpotReward,
} from "../src/rewards/gui/index.js";
import type { BenchRow } from "./harness.js";

const SAMPLES = 200_000;

function g2Samples(n: number) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const x = 1100 + (i % 50);
    const box = `[${x},${18 + (i % 7)},${x + 80},${50 + (i % 5)}]`;
    out.push({
      completion: i % 2 ? `system\nuser\nassistant\n${box}` : box,
      reference: [1122, 18, 1206, 48],
      group: i >> 3,
    });
  }
  return out;
}

function g1Samples(n: number) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const x = 1200 + (i % 30);
    out.push({
      completion: `\`\`\`json\n[{"bbox_2d": [${x}, 1020, ${x + 140}, 1085], "label": "button"}]\n\`\`\``,
      reference: [1207.68, 1024.92, 1351.68, 1080],
      image: { width: 1920, height: 1080 },
      group: i >> 3,
    });
  }
  return out;
}

function clickSamples(n: number) {
  const out = [];
  for (let i = 0; i < n; i++)
    out.push({
      completion: `<answer>(${1150 + (i % 40)}, ${20 + (i % 20)})</answer>`,
      reference: [1122, 18, 1206, 48],
      group: i >> 3,
    });
  return out;
}

type BenchSample = { completion: string; reference: unknown; image?: { width: number; height: number } };

function benchReward(name: string, reward: Reward<unknown>, samples: BenchSample[]): BenchRow {
  const { ctx } = createContext();
  // A fresh context per sample would measure the test helper; share one (memo keys are constant,
  // so pass a context without memo caching to keep every call honest).
  const plain = { report: ctx.report.bind(ctx), memo: <T>(_key: string, compute: () => T) => compute() };
  for (let i = 0; i < 20_000; i++) reward.score!(samples[i % samples.length]!, plain);
  const start = performance.now();
  let sink = 0;
  for (const s of samples) sink += (reward.score!(s, plain) as number | null) ?? 0;
  const seconds = (performance.now() - start) / 1000;
  if (sink === -1) console.log(sink);
  return { name, samples: samples.length, samplesPerSec: Math.round(samples.length / seconds) };
}

function benchPreset(name: string, samples: BenchSample[], batch = 1024): BenchRow {
  const scorer = buildScorer(name);
  scorer.scoreSync(samples.slice(0, 20_000));
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < samples.length; i += batch) {
    const t = performance.now();
    scorer.scoreSync(samples.slice(i, i + batch));
    times.push((performance.now() - t) / Math.min(batch, samples.length - i));
  }
  const seconds = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return {
    name: `preset ${name}`,
    samples: samples.length,
    samplesPerSec: Math.round(samples.length / seconds),
    p50Ms: times[Math.floor(times.length * 0.5)],
    p99Ms: times[Math.floor(times.length * 0.99)],
  };
}

/** Benchmarks every GUI reward and preset on ≥ 100k generated samples. */
export function benchGui(): BenchRow[] {
  const g2 = g2Samples(SAMPLES);
  const g1 = g1Samples(SAMPLES);
  const clicks = clickSamples(SAMPLES);
  return [
    benchReward("gui.gaussian-point", gaussianPointReward() as Reward<unknown>, g2),
    benchReward("gui.gaussian-plane", gaussianPlaneReward() as Reward<unknown>, g2),
    benchReward("gui.g2-format", guiG2FormatReward() as Reward<unknown>, g2),
    benchReward("gui.g1-iou", guiG1IouReward() as Reward<unknown>, g1),
    benchReward("gui.g1-hit", guiG1HitReward() as Reward<unknown>, g1),
    benchReward("gui.g1-box", guiG1BoxReward() as Reward<unknown>, g1),
    benchReward("gui.click-hit", clickHitReward() as Reward<unknown>, clicks),
    benchReward("gui.sweet-spot", sweetSpotReward() as Reward<unknown>, clicks),
    benchPreset("gui-g2", g2),
    benchPreset("gui-g1", g1),
    benchPreset("ssl", clicks),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(benchGui());
}
