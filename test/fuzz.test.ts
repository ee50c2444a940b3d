/**
 * Every registered reward against 10,000 random and malformed completions (random bytes,
 * unbalanced tags, 1 MB strings, NaN/Infinity/1e308 in boxes) with assorted references and
 * sizes: no throw, every value finite or null. Asynchronous rewards (worker-backed) have their own
 * fuzz tests beside them and are skipped here, as are model rewards (`judge.*`, `rm.*`: they need a
 * model client; `src/rewards/judge/fuzz.test.ts` fuzzes them with an in-memory one) and local
 * vision rewards (`image.*`: `src/rewards/image/fuzz.test.ts`, with an in-memory vision runtime).
 */
import { describe, expect, it } from "vitest";
import { createContext, type Sample } from "../src/core/index.js";
import { defaultRegistry } from "../src/rewards/index.js";
import { malformedCompletions, malformedReferences, seededRandom } from "./support/fuzz.js";

/** Configs for reward types that have required fields. */
const REQUIRED_CONFIG: Record<string, Record<string, unknown>> = {
  value: { key: "score" },
};

const COUNT = 10_000;
const completions = malformedCompletions(COUNT, 1234, 1000);
const references = malformedReferences(COUNT, 99);
const rnd = seededRandom(5);
const sizes = [
  undefined,
  { width: 1920, height: 1080 },
  { width: 1, height: 1 },
  { width: 1e308, height: 1e-300 },
];
const samples: Sample[] = completions.map((completion, i) => {
  const sample: Sample = { completion, reference: references[i], group: `g${i % 7}` };
  const image = sizes[Math.floor(rnd() * sizes.length)];
  if (image) sample.image = image;
  const input = sizes[Math.floor(rnd() * sizes.length)];
  if (input) sample.input_image = input;
  if (rnd() < 0.5)
    sample.meta = {
      score: rnd() < 0.5 ? 1e308 : "x",
      step: Math.floor(rnd() * 3000),
      accu_reward_method: "mcq",
    };
  return sample;
});

const registry = defaultRegistry();

describe("fuzz: every reward type", () => {
  const types = registry.types().filter((type) => !/^(judge|rm|image)\./.test(type));
  it.each(types)("%s never throws and returns finite numbers or null", (type) => {
    const reward = registry.create(type, REQUIRED_CONFIG[type] ?? {});
    if (!reward.score) return; // group rewards are fuzzed through the scorer in their own tests
    const { ctx } = createContext(type);
    let checked = 0;
    for (let i = 0; i < samples.length; i++) {
      const out = reward.score(samples[i]!, ctx);
      if (out instanceof Promise) {
        out.catch(() => undefined);
        return;
      }
      if (out !== null && !Number.isFinite(out)) {
        throw new Error(
          `${type} returned ${String(out)} for sample ${i}: ${JSON.stringify(samples[i]).slice(0, 300)}`,
        );
      }
      checked++;
    }
    expect(checked).toBe(COUNT);
  });
});
