/**
 * Throughput of the grounding presets on 100,000 generated, realistic samples each (R1-style
 * completions with 1–4 boxes in each paper's output format, references with 1–3 boxes, in GRPO
 * groups of 8 completions sharing a reference): the
 * presets' reward functions called directly (one shared per-sample context, as the scorer
 * does), plus whole `scoreSync` runs (combination and GRPO advantages included) for
 * `visual-rft/detection` and `vlm-r1/rec`. Runnable alone: `npx tsx bench/grounding.ts`.
 * @module
 */
import { pathToFileURL } from "node:url";
import { createContext, type Sample } from "../src/core/index.js";
import { seededRandom as seeded } from "../src/core/random.js";
import { buildScorer } from "../src/recipe/index.js";
import { type BenchRow, formatTable, timeThroughput } from "./harness.js";

const SAMPLES = 100_000;
const GROUP = 8;
const THOUGHT =
  "The image shows several objects; the target is on the left, partly occluded, so I compare the candidates and pick the most likely region.";

type Box = [number, number, number, number];

function boxes(rnd: () => number, count: number, scale: number): Box[] {
  return Array.from({ length: count }, () => {
    const x = Math.floor(rnd() * scale * 0.7);
    const y = Math.floor(rnd() * scale * 0.7);
    return [x, y, x + 20 + Math.floor(rnd() * scale * 0.3), y + 20 + Math.floor(rnd() * scale * 0.3)];
  });
}

/** A prediction near a reference box (so matching has work to do), or a random one. */
function jitter(rnd: () => number, ref: Box): Box {
  const d = () => Math.floor((rnd() - 0.5) * 30);
  return [ref[0] + d(), ref[1] + d(), ref[2] + d() + 30, ref[3] + d() + 30];
}

const sizes = { image: { width: 1000, height: 720 }, input_image: { width: 700, height: 504 } };

/** Realistic samples per preset. */
const GENERATORS: Record<string, (rnd: () => number) => Sample> = {
  "visual-rft/detection": (rnd) => {
    const gt = boxes(rnd, 1 + Math.floor(rnd() * 3), 1000);
    const pred = gt.map((b) => jitter(rnd, b)).concat(rnd() < 0.5 ? boxes(rnd, 1, 1000) : []);
    const list = (bs: Box[], conf: () => string) =>
      bs.map((b) => `{'Position': [${b.join(", ")}], 'Confidence': ${conf()}}`);
    return {
      completion: `<think>${THOUGHT}</think><answer>[${list(pred, () => rnd().toFixed(2)).join(", ")}]</answer>`,
      reference: `<answer>[${list(gt, () => "1").join(", ")}]</answer>`,
    };
  },
  "visual-rft/classification": (rnd) => ({
    completion: `<think>${THOUGHT}</think><answer>${rnd() < 0.5 ? "Boeing 737" : "Airbus A320"}</answer>`,
    reference: "<answer>boeing_737</answer>",
  }),
  "visual-rft/lisa": (rnd) => {
    const [g] = boxes(rnd, 1, 1000) as [Box];
    const p = jitter(rnd, g);
    return {
      completion: `<think>${THOUGHT}</think><answer>(${p[0]},${p[1]}),(${p[2]},${p[3]})</answer>`,
      reference: `<answer>(${g[0]},${g[1]}),(${g[2]},${g[3]})</answer>`,
    };
  },
  "vlm-r1/rec": (rnd) => {
    const [g] = boxes(rnd, 1, 700) as [Box];
    const p = jitter(rnd, g);
    return {
      completion: `<think>${THOUGHT}</think><answer>{"bbox_2d": [${p.join(", ")}], "label": "the red car"}</answer>`,
      reference: `<answer> [${g.map((v) => (v * 1000) / 700).join(", ")}] </answer>`,
      ...sizes,
    };
  },
  "vlm-r1/ovd": (rnd) => {
    const gt = boxes(rnd, 1 + Math.floor(rnd() * 3), 1000);
    const item = (b: Box, i: number) => `{"bbox_2d": [${b.join(", ")}], "label": "${i % 2 ? "dog" : "cat"}"}`;
    const pred = gt.map((b) => jitter(rnd, b));
    return {
      completion: `<think>${THOUGHT}</think><answer>\`\`\`json\n[${pred.map(item).join(", ")}]\n\`\`\`</answer>`,
      reference: `\`\`\`json\n[${gt.map(item).join(", ")}]\n\`\`\``,
    };
  },
  "vision-r1": (rnd) => {
    const gt = boxes(rnd, 1 + Math.floor(rnd() * 3), 1000);
    const pred = gt.map((b) => jitter(rnd, b).map((v) => Math.max(0, Math.round((v * 700) / 1000))) as Box);
    const json = pred.map((b, i) => ({ bbox_2d: b, label: i % 2 ? "dog" : "cat" }));
    return {
      completion: `\`\`\`json\n${JSON.stringify(json)}\n\`\`\``,
      reference: JSON.stringify(gt.map((b, i) => [i % 2 ? "dog" : "cat", b])),
      ...sizes,
      meta: { step: 1000, num_instances: gt.length },
    };
  },
  "dip-r1": (rnd) => {
    const gt = boxes(rnd, 1 + Math.floor(rnd() * 3), 1000);
    const pred = gt.map((b) => jitter(rnd, b));
    return {
      completion: `<think>${THOUGHT}</think><look>the crowded region at the left</look><answer>${pred.map((b) => `[${b.join(", ")}]`).join(" ")}</answer>`,
      reference: gt,
    };
  },
  grip: (rnd) => {
    const gt = boxes(rnd, 1 + Math.floor(rnd() * 3), 1000);
    const pred = gt.map((b) => jitter(rnd, b));
    return {
      completion: `<think>${THOUGHT}</think><answer>${pred.map((b) => `[${b.join(", ")}]`).join(" ")}</answer>`,
      reference: gt.map((b, i) => ({ bbox_2d: b, salience: i === 0 ? 2 : 1 })),
    };
  },
};

/**
 * Runs a timing and also returns samples per CPU-second of this process: on a shared machine the
 * wall-clock rate also counts time the process spent descheduled.
 */
function withCpuTime(run: () => BenchRow): { row: BenchRow; cpuRate: number } {
  const before = process.cpuUsage();
  const row = run();
  const used = process.cpuUsage(before);
  return { row, cpuRate: row.samples / ((used.user + used.system) / 1e6) };
}

function fmt(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)} M` : `${(rate / 1e3).toFixed(1)} k`;
}

/**
 * One row per grounding preset (reward functions called directly) and two whole-scorer rows.
 * @example
 * console.log(formatTable(benchGrounding()));
 */
export function benchGrounding(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const [preset, generate] of Object.entries(GENERATORS)) {
    const rnd = seeded(11);
    // GRPO rollouts come in groups: GROUP completions share a prompt and its reference.
    const samples: Sample[] = [];
    for (let i = 0; i < SAMPLES; i += GROUP) {
      const first = generate(rnd);
      for (let k = 0; k < GROUP; k++)
        samples.push({ ...generate(rnd), reference: first.reference, group: i / GROUP });
    }
    const rewards = buildScorer(preset).rewards;
    let sink = 0;
    const { row, cpuRate } = withCpuTime(() =>
      timeThroughput(preset, SAMPLES, 1000, (start, end) => {
        for (let i = start; i < end; i++) {
          const { ctx } = createContext();
          for (const reward of rewards) sink += (reward.score!(samples[i]!, ctx) as number | null) ?? 0;
        }
      }),
    );
    rows.push({
      ...row,
      note: `reward functions; ${fmt(1000 / (row.p50Ms ?? Number.NaN))}/s at the median batch, ${fmt(cpuRate)}/s per process CPU-second incl. GC threads (checksum ${sink.toFixed(0)})`,
    });
    if (preset === "visual-rft/detection" || preset === "vlm-r1/rec") {
      const scorer = buildScorer(preset);
      const { row: whole, cpuRate: wholeCpu } = withCpuTime(() =>
        timeThroughput(`${preset} (scoreSync)`, SAMPLES, 1000, (start, end) => {
          scorer.scoreSync(samples.slice(start, end));
        }),
      );
      rows.push({
        ...whole,
        note: `whole scorer (validation, sum, GRPO advantages); ${fmt(cpuRate === 0 ? 0 : wholeCpu)}/s per process CPU-second incl. GC threads`,
      });
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(formatTable(benchGrounding()));
}
