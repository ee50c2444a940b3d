/**
 * The documentation data of every reward type is there and tells the truth: a reward reads only
 * the sample fields and `meta` keys its docs declare (recorded through a proxy while it scores
 * assorted samples, with its default config and with the config of every preset using it), and a
 * reward has `legacy` docs exactly when its config has a `legacy` flag.
 * @module
 */
import { describe, expect, it } from "vitest";
import { createContext, type RewardFactory, rewardReads, type Sample } from "../src/core/index.js";
import { offlineModelProvider } from "../src/models/offline.js";
import { builtinPresets } from "../src/recipe/index.js";
import { defaultRegistry } from "../src/rewards/index.js";
import { offlineVisionRuntime } from "../src/vision/offline.js";
import { malformedCompletions, malformedReferences } from "./support/fuzz.js";

const registry = defaultRegistry();
const factories = registry.types().map((type) => registry.get(type)! as RewardFactory);

const COMPLETIONS = [
  ...malformedCompletions(300, 7, 0),
  "<think>a</think><answer>[10,20,110,220]</answer>",
  '```json\n[{"bbox_2d": [10,20,110,220], "label": "cat"}]\n```',
  "<answer>[{'Position': [10, 20, 110, 220], 'Confidence': 0.9}]</answer>",
  "<think>\nx\n</think>\n<answer>\n\\boxed{2}\n</answer>",
  "(60, 100)",
  "<answer>A,C</answer>",
];
const REFERENCES = [
  ...malformedReferences(60, 9),
  [10, 20, 110, 220],
  "<answer>[{'Position': [10, 20, 110, 220], 'Confidence': 1}]</answer>",
  '[["cat", [10, 20, 110, 220]]]',
  [{ bbox_2d: [10, 20, 110, 220], salience: 2 }],
  "2",
  "<answer>A,C</answer>",
];

/** Scores samples wrapped in proxies and returns the fields and meta keys the reward touched. */
function recordReads(factory: RewardFactory, config: unknown) {
  // Model rewards take their client from the environment; the offline one never reaches a server
  // (and the offline vision runtime never loads a model).
  const reward = factory(config as never, "config", {
    models: offlineModelProvider,
    vision: offlineVisionRuntime,
  });
  const fields = new Set<string>();
  const meta = new Set<string>();
  const record = (set: Set<string>) => ({
    get(target: object, key: PropertyKey) {
      if (typeof key === "string") set.add(key);
      return Reflect.get(target, key);
    },
    has(target: object, key: PropertyKey) {
      if (typeof key === "string") set.add(key);
      return Reflect.has(target, key);
    },
  });
  for (let i = 0; i < COMPLETIONS.length; i++) {
    const raw: Sample = {
      completion: COMPLETIONS[i]!,
      reference: REFERENCES[i % REFERENCES.length],
      image: { width: 1000, height: 720 },
      input_image: { width: 700, height: 504 },
      meta: {},
    };
    const sample = new Proxy({ ...raw, meta: new Proxy({}, record(meta)) }, record(fields)) as Sample;
    const { ctx } = createContext();
    try {
      const out = reward.score?.(sample, ctx);
      if (out instanceof Promise) out.catch(() => undefined);
    } catch {
      // Throwing is another test's business (fuzz); here only what was read counts.
    }
  }
  void reward.close?.();
  return { fields, meta };
}

function configsOf(factory: RewardFactory): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (factory.schema.safeParse({}).success) out.push(["default config", {}]);
  for (const preset of builtinPresets)
    for (const r of preset.recipe.rewards ?? [])
      if (r.type === factory.type) out.push([`preset ${preset.name}`, r.config ?? {}]);
  return out;
}

describe("every reward type documents itself", () => {
  it.each(factories.map((f) => [f.type, f] as const))("%s", (_, factory) => {
    const docs = factory.docs;
    expect(docs, "docs").toBeDefined();
    expect(docs!.formula.length).toBeGreaterThan(10);
    expect(Array.isArray(docs!.deviations)).toBe(true);
    const shape = (factory.schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
    expect(docs!.legacy !== undefined, "legacy docs iff a legacy flag").toBe("legacy" in shape);
  });
});

describe("config JSON Schemas describe every field", () => {
  it.each(registry.describe().map((r) => [r.type, r] as const))("%s", (_, info) => {
    const properties =
      (info.configSchema as { properties?: Record<string, { description?: string }> }).properties ?? {};
    const undescribed = Object.entries(properties)
      .filter(([, schema]) => !schema.description)
      .map(([key]) => key);
    expect(undescribed).toEqual([]);
  });
});

describe("a reward reads only what its docs declare", () => {
  for (const factory of factories) {
    for (const [label, config] of configsOf(factory)) {
      it(`${factory.type} (${label})`, () => {
        const declared = rewardReads(factory, factory.schema.parse(config) as never)!;
        const { fields, meta } = recordReads(factory, config);
        const allowedFields = new Set<string>(declared.fields);
        const undeclaredFields = [...fields].filter((f) => !allowedFields.has(f));
        expect(undeclaredFields, "sample fields read but not declared").toEqual([]);
        const undeclaredMeta = [...meta].filter((k) => !(declared.meta ?? []).includes(k));
        expect(undeclaredMeta, "meta keys read but not declared").toEqual([]);
        if (declared.meta?.length) expect(declared.fields).toContain("meta");
      });
    }
  }
});
