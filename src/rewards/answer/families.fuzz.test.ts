/**
 * Fuzz for the answer, choice, number, text, format and length families: 10,000 random and
 * malformed completions (1 MB strings included) through every reward type and its variant
 * configs, with assorted references and `meta`: no throw, every value finite or null.
 */
import { describe, expect, it } from "vitest";
import { malformedCompletions, malformedReferences, seededRandom } from "../../../test/support/fuzz.js";
import { createContext, type Reward, type Sample } from "../../core/index.js";
import { choiceRewards } from "../choice/index.js";
import { formatRewards } from "../format/index.js";
import { lengthRewards } from "../length/index.js";
import { numberRewards } from "../number/index.js";
import { textRewards } from "../text/index.js";
import { answerRewards } from "./index.js";

const VARIANTS: Record<string, Array<Record<string, unknown>>> = {
  "format.think-answer": [
    {},
    { mode: "search", trailing: "whitespace-bang", strip: true, uniqueTags: true },
    { mode: "match", trailing: "whitespace" },
    { style: "open-r1" },
  ],
  "text.similarity": ["exact", "levenshtein", "token-f1", "rouge-1", "rouge-2", "rouge-l", "bleu"].map(
    (metric) => ({ metric }),
  ),
  "choice.multi-select": [{}, { scoring: "all-or-nothing", caseSensitive: false }],
  "number.match": [{}, { percent: "strict", pick: "first", absTolerance: 1e300 }],
  "length.cosine": [
    {},
    { unit: "characters", clamp: false },
    { legacy: true, unit: "characters" },
    { correctness: "math", unit: "characters" },
  ],
  "length.repetition": [{}, { source: "token-ids" }, { source: "vlm-r1" }],
  "length.overlong": [{}, { unit: "characters", maxLength: 100, cache: 0 }],
  "length.penalty": [{}, { unit: "characters", shape: "cosine", side: "over", target: 0, scale: 1e-300 }],
  "answer.vlm-r1": [{}, { method: "math" }, { method: "math", legacy: true }, { wrapReference: false }],
};

const COUNT = 10_000;
const completions = malformedCompletions(COUNT, 4321, 1000);
const references = malformedReferences(COUNT, 77);
const rnd = seededRandom(13);
const extraReferences: unknown[] = [
  "B",
  "<answer> A,C </answer>",
  "yes",
  "3.5%",
  "1,234",
  ["A", "C"],
  "\\frac{1}{2}",
  "",
  [NaN],
  Infinity,
];
const METHODS = ["mcq", "yes_no", "all_match", "math", "default", "map", "od_ap", "llm", 42];
const samples: Sample[] = completions.map((completion, i) => {
  const reference = rnd() < 0.5 ? references[i] : extraReferences[Math.floor(rnd() * extraReferences.length)];
  const sample: Sample = { completion, reference };
  const roll = rnd();
  if (roll < 0.3)
    sample.meta = {
      completion_ids: Array.from({ length: Math.floor(rnd() * 50) }, () => Math.floor(rnd() * 5)),
      correct: rnd() < 0.5,
    };
  else if (roll < 0.6)
    sample.meta = {
      completion_tokens: [0, 1, 1e9, -1, 2.5, Number.NaN][Math.floor(rnd() * 6)],
      correct: [true, 0.7, "yes", Number.NaN][Math.floor(rnd() * 4)],
      accu_reward_method: METHODS[Math.floor(rnd() * METHODS.length)],
    };
  else if (roll < 0.7) sample.meta = { completion_ids: "not an array", accu_reward_method: "mcq" };
  return sample;
});

const factories = [
  ...formatRewards,
  ...answerRewards,
  ...choiceRewards,
  ...numberRewards,
  ...textRewards,
  ...lengthRewards,
];
const cases = factories.flatMap((f) =>
  (VARIANTS[f.type] ?? [{}]).map((config) => [`${f.type} ${JSON.stringify(config)}`, f, config] as const),
);

describe("fuzz: answer families", () => {
  it.each(cases)("%s: finite or null on 10,000 malformed samples", (_, factory, config) => {
    const reward: Reward = factory(config as never);
    let nonNull = 0;
    for (let i = 0; i < samples.length; i++) {
      const { ctx } = createContext();
      const out = reward.score!(samples[i]!, ctx);
      if (out instanceof Promise) throw new Error("synchronous reward returned a promise");
      if (out !== null && !Number.isFinite(out)) {
        throw new Error(
          `${factory.type} returned ${String(out)} on sample ${i}: ${JSON.stringify(samples[i]).slice(0, 200)}`,
        );
      }
      if (out !== null) nonNull++;
    }
    expect(nonNull).toBeGreaterThanOrEqual(0);
  });
});
