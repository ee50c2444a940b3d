/**
 * Per-sample latency on malformed completions (the fuzz tests' inputs, ~1 MB strings included):
 * the "every sample under 5 ms" target, reported here rather than asserted in `npm test`, where
 * only machine-independent properties (finite or null, linear time by ratio) are checked.
 * Run alone with `npm run bench -- fuzz`.
 * @module
 */

import { createContext } from "../src/core/context.js";
import type { Sample } from "../src/core/sample.js";
import { buildScorer } from "../src/recipe/index.js";
import { HUGE_UNITS, malformedCompletions } from "../test/support/fuzz.js";
import { type BenchRow, quantile } from "./harness.js";

const COUNT = 20_000;
const TARGET_MS = 5;

/** A realistic reference (and sizes/meta) per preset, as in the fuzz tests. */
const PRESETS: Record<string, Omit<Sample, "completion">> = {
  "visual-rft/detection": {
    reference: "<answer>[{'Position': [10, 20, 110, 220], 'Confidence': 1}]</answer>",
  },
  "visual-rft/classification": { reference: "<answer>cat</answer>" },
  "vlm-r1/rec": {
    reference: "<answer> [10,20,110,220] </answer>",
    image: { width: 1000, height: 720 },
    input_image: { width: 700, height: 504 },
  },
  "vlm-r1/ovd": { reference: '```json\n[{"bbox_2d": [10,20,110,220], "label": "cat"}]\n```' },
  "vision-r1": {
    reference: '[["cat", [10, 20, 110, 220]]]',
    image: { width: 1000, height: 720 },
    input_image: { width: 700, height: 504 },
    meta: { step: 2000, num_instances: 1 },
  },
  "dip-r1": { reference: [[10, 20, 110, 220]] },
  grip: { reference: [{ bbox_2d: [10, 20, 110, 220], salience: 2 }] },
  "gui-g1": { reference: [1207, 1024, 1351, 1080], image: { width: 2560, height: 1440 } },
  "gui-g2": { reference: [1207, 1024, 1351, 1080], image: { width: 2560, height: 1440 } },
  ssl: { reference: [1207, 1024, 1351, 1080], image: { width: 2560, height: 1440 } },
};

/**
 * One row per preset: p50/p99 per sample over malformed completions, and in the note the
 * slowest sample (best of 3 timings) against the 5 ms target and the slowest 1 MB input.
 * @example
 * const rows = benchFuzz();
 */
export function benchFuzz(): BenchRow[] {
  const completions = [
    ...malformedCompletions(COUNT, 3, 0),
    ...HUGE_UNITS.map((unit) => unit.repeat(Math.ceil(1_000_000 / unit.length))),
  ];
  const rows: BenchRow[] = [];
  for (const [preset, base] of Object.entries(PRESETS)) {
    const rewards = buildScorer(preset).rewards;
    const time = (completion: string): number => {
      const { ctx } = createContext();
      const started = performance.now();
      for (const reward of rewards) reward.score!({ ...base, completion }, ctx);
      return performance.now() - started;
    };
    for (let i = 0; i < 500; i++) time(completions[i]!);
    const perSample: number[] = [];
    let slowest = 0;
    let slowestText = "";
    const started = performance.now();
    for (const completion of completions) {
      let ms = time(completion);
      // A slow sample is timed again (best of 5) so a busy machine is not blamed on it.
      for (let retry = 0; retry < 4 && ms >= TARGET_MS; retry++) ms = Math.min(ms, time(completion));
      perSample.push(ms);
      if (ms > slowest) {
        slowest = ms;
        slowestText = `${completion.length} chars: ${JSON.stringify(completion.slice(0, 12))}…`;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    rows.push({
      name: `fuzz ${preset}`,
      samples: completions.length,
      samplesPerSec: completions.length / seconds,
      p50Ms: quantile(perSample, 0.5),
      p99Ms: quantile(perSample, 0.99),
      note: `slowest ${slowest.toFixed(2)} ms (${slowestText}; target < ${TARGET_MS} ms)`,
    });
  }
  return rows;
}
