/**
 * Throughput of the answer, choice, number, text, format and length rewards on 100,000
 * generated samples each (R1-style completions of ~300 characters with letter, yes/no, numeric,
 * text and multi-select answers). Runnable alone: `npx tsx bench/answers.ts`.
 * @module
 */
import { pathToFileURL } from "node:url";
import { createContext, type Reward, type Sample } from "../src/core/index.js";
import { seededRandom as seeded } from "../src/core/random.js";
import { exactAnswer, vlmR1Accuracy } from "../src/rewards/answer/index.js";
import { choiceMultiSelect, choiceSingle, choiceYesNo } from "../src/rewards/choice/index.js";
import { reasoningSteps, tagCount, thinkAnswerFormat, thinkFormat } from "../src/rewards/format/index.js";
import {
  cosineLength,
  lengthPenalty,
  overlongPunishment,
  repetition,
  thinkPunishment,
} from "../src/rewards/length/index.js";
import { numberMatch, numberRelaxed } from "../src/rewards/number/index.js";
import { TextMetricSchema, textSimilarity } from "../src/rewards/text/index.js";
import { type BenchRow, formatTable, timeThroughput } from "./harness.js";

const SAMPLES = 100_000;
const WORDS = [
  "the",
  "chart",
  "shows",
  "a",
  "rise",
  "of",
  "sales",
  "so",
  "we",
  "compare",
  "bars",
  "then",
  "Step",
  "1:",
  "First,",
  "value",
  "is",
  "higher",
];

/** `count` R1-style samples whose answers and references are of kind `kind`. */
function generate(count: number, kind: "letter" | "yesno" | "number" | "text" | "multi"): Sample[] {
  const rnd = seeded(17);
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    let think = "";
    const words = 30 + Math.floor(rnd() * 40);
    for (let w = 0; w < words; w++) think += `${WORDS[Math.floor(rnd() * WORDS.length)]} `;
    const letter = "ABCD"[Math.floor(rnd() * 4)]!;
    const value = Math.floor(rnd() * 2000) / 10;
    const [answer, reference] = {
      letter: [`The answer is ${letter}.`, "B"],
      yesno: [rnd() < 0.5 ? "Yes, it is." : "No.", "yes"],
      number: [`${value.toLocaleString("en-US")} units`, String(Math.floor(rnd() * 2000) / 10)],
      text: [`${WORDS[Math.floor(rnd() * 6)]} red car parked`, "a red car parked outside"],
      multi: [rnd() < 0.5 ? "A,C" : letter, "<answer>A,C</answer>"],
    }[kind];
    const completion = `<think>${think}</think>\n<answer>${answer}</answer>`;
    samples.push({
      completion,
      reference,
      meta: {
        completion_tokens: Math.floor(completion.length / 4),
        correct: rnd() < 0.5,
        accu_reward_method: kind === "letter" ? "mcq" : "default",
      },
    });
  }
  return samples;
}

function bench(name: string, reward: Reward, samples: readonly Sample[]): BenchRow {
  const { ctx } = createContext();
  const score = reward.score!;
  return timeThroughput(name, samples.length, 1000, (start, end) => {
    for (let i = start; i < end; i++) score(samples[i]!, ctx);
  });
}

/**
 * Samples per second (and per-sample p50/p99 latency over batches of 1000) for every reward
 * type of the answer families, each on 100,000 generated samples.
 * @example
 * console.log(formatTable(benchAnswers()));
 */
export function benchAnswers(): BenchRow[] {
  const letters = generate(SAMPLES, "letter");
  const yesno = generate(SAMPLES, "yesno");
  const numbers = generate(SAMPLES, "number");
  const texts = generate(SAMPLES, "text");
  const multi = generate(SAMPLES, "multi");
  // A throwaway pass so the first row does not pay for the collection of the generated data.
  bench("warm-up", thinkAnswerFormat(), letters);
  const rows: BenchRow[] = [
    bench("format.think-answer (fullmatch)", thinkAnswerFormat(), letters),
    bench(
      "format.think-answer (tw-grpo)",
      thinkAnswerFormat({ mode: "search", trailing: "whitespace-bang", strip: true, uniqueTags: true }),
      letters,
    ),
    bench("format.think-answer (open-r1)", thinkAnswerFormat({ style: "open-r1" }), letters),
    bench("format.think", thinkFormat(), letters),
    bench("format.tag-count", tagCount(), letters),
    bench("format.reasoning-steps", reasoningSteps(), letters),
    bench("answer.exact", exactAnswer(), texts),
    bench("answer.vlm-r1 (mcq)", vlmR1Accuracy(), letters),
    bench("answer.vlm-r1 (default, numeric)", vlmR1Accuracy(), numbers),
    bench("choice.single", choiceSingle(), letters),
    bench("choice.yes-no", choiceYesNo(), yesno),
    bench("choice.multi-select", choiceMultiSelect(), multi),
    bench("number.match", numberMatch(), numbers),
    bench("number.relaxed", numberRelaxed(), numbers),
  ];
  for (const metric of TextMetricSchema.options) {
    rows.push(bench(`text.similarity (${metric})`, textSimilarity({ metric }), texts));
  }
  rows.push(
    bench("length.cosine (tokens)", cosineLength({ maxLength: 1000 }), letters),
    bench("length.repetition (words, n=3)", repetition({ source: "words" }), letters),
    bench("length.repetition (vlm-r1)", repetition({ source: "vlm-r1" }), letters),
    bench("length.overlong", overlongPunishment({ maxLength: 100, cache: 20 }), letters),
    bench("length.penalty", lengthPenalty({ target: 80, tolerance: 10, scale: 50 }), letters),
    bench("length.think-punishment", thinkPunishment(), letters),
  );
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(formatTable(benchAnswers()));
}
