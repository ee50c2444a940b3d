/**
 * One preset in full, as data and as Markdown: formula, citation, the sample fields and `meta`
 * keys each component reads, every config value (defaults included), documented deviations from
 * the released code and what `legacy: true` restores. `plaudit presets show NAME` prints it and
 * `docs/presets/NAME.md` is generated from it (`npx tsx scripts/preset-docs.ts`).
 * @module
 */
import { defaultAdvantages } from "../advantage/index.js";
import { defaultCombiners } from "../combine/index.js";
import { type RewardFactory, type RewardReads, rewardReads } from "../core/index.js";
import { offlineModelProvider } from "../models/offline.js";
import { defaultRegistry } from "../rewards/index.js";
import { offlineVisionRuntime } from "../vision/offline.js";
import { findPreset } from "./resolve.js";
import type { Preset } from "./schema.js";
import { buildScorer } from "./scorer.js";

/** One component of a preset, documented. */
export interface ComponentDoc {
  name: string;
  type: string;
  weight: number;
  description: string;
  formula?: string;
  reads?: RewardReads;
  /** The keys the preset sets in the reward's config. */
  presetConfig: Record<string, unknown>;
  /** The whole config the reward runs with (defaults filled in). */
  config: unknown;
  deviations: readonly string[];
  legacy?: string;
}

/** A `combine:` or `advantage:` block, documented. */
export interface BlockDoc {
  type: string;
  description: string;
  config: unknown;
}

/** A preset, documented in full. */
export interface PresetDoc {
  name: string;
  description: string;
  source: string;
  notes: readonly string[];
  components: ComponentDoc[];
  combine: BlockDoc;
  advantage?: BlockDoc;
  recipe: Preset["recipe"];
}

/**
 * The documentation file of a preset: slashes become dashes.
 * @example
 * presetDocFile("vlm-r1/accuracy"); // "vlm-r1-accuracy.md"
 */
export function presetDocFile(name: string): string {
  return `${name.replaceAll("/", "-")}.md`;
}

function stripType(config: unknown): unknown {
  if (config === null || typeof config !== "object") return config;
  const { type: _type, ...rest } = config as Record<string, unknown>;
  return rest;
}

/**
 * Documents a built-in preset (or any preset object) from the registries' data.
 * @example
 * describePreset("gui-g2").components.map((c) => c.reads?.fields);
 * // [["completion", "reference"], ["completion", "reference"], ["completion"]]
 */
export function describePreset(preset: string | Preset): PresetDoc {
  const found = typeof preset === "string" ? findPreset(preset) : preset;
  if (!found) throw new Error(`unknown preset: ${String(preset)}`);
  const registry = defaultRegistry();
  // Model rewards need a client to be built; describing one never calls it.
  const scorer = buildScorer(found.recipe, {
    env: { models: offlineModelProvider, vision: offlineVisionRuntime },
  });
  const components = scorer.recipe.rewards.map((entry, k): ComponentDoc => {
    const factory = registry.get(entry.type) as RewardFactory;
    const config = scorer.rewards[k]!.config;
    const reads = rewardReads(factory, config as never);
    const doc: ComponentDoc = {
      name: entry.name,
      type: entry.type,
      weight: entry.weight,
      description: factory.description,
      presetConfig: (found.recipe.rewards?.[k]?.config ?? {}) as Record<string, unknown>,
      config,
      deviations: factory.docs?.deviations ?? [],
    };
    if (factory.docs?.formula) doc.formula = factory.docs.formula;
    if (reads) doc.reads = reads;
    if (factory.docs?.legacy) doc.legacy = factory.docs.legacy;
    return doc;
  });
  void scorer.close();
  const describeBlock = (kind: "combine" | "advantage"): BlockDoc | undefined => {
    const built = kind === "combine" ? scorer.combiner : scorer.advantage;
    if (!built) return undefined;
    const list = kind === "combine" ? defaultCombiners().describe() : defaultAdvantages().describe();
    return {
      type: built.type,
      description: list.find((b) => b.type === built.type)?.description ?? "",
      config: stripType(built.config),
    };
  };
  const doc: PresetDoc = {
    name: found.name,
    description: found.description,
    source: found.source,
    notes: found.notes ?? [],
    components,
    combine: describeBlock("combine")!,
    recipe: found.recipe,
  };
  const advantage = describeBlock("advantage");
  if (advantage) doc.advantage = advantage;
  return doc;
}

const code = (text: string) => `\`${text}\``;
const json = (value: unknown) => JSON.stringify(value);

function configLines(config: unknown, preset: Record<string, unknown>): string[] {
  if (config === null || typeof config !== "object") return [];
  return Object.entries(config as Record<string, unknown>).map(
    ([key, value]) =>
      `  - ${code(key)}: ${code(json(value))}${key in preset ? " (set by the preset)" : " (default)"}`,
  );
}

function readsLine(reads: RewardReads | undefined): string {
  if (!reads) return "not documented";
  const fields = reads.fields.filter((f) => f !== "meta").map(code);
  const meta = (reads.meta ?? []).map((k) => code(`meta.${k}`));
  return [...fields, ...meta].join(", ") || "nothing";
}

/**
 * The Markdown page of a preset (the same text `plaudit presets show NAME` prints).
 * @example
 * presetMarkdown(describePreset("gui-g2")).split("\n")[0]; // "# Preset `gui-g2`"
 */
export function presetMarkdown(doc: PresetDoc): string {
  const out: string[] = [];
  out.push(`# Preset ${code(doc.name)}`, "", doc.description, "", `**Source:** ${doc.source}`, "");
  out.push(`Use it with \`--recipe ${doc.name}\`, or build on it with \`extends: ${doc.name}\`.`, "");
  if (doc.notes.length) out.push("## Notes", "", ...doc.notes.flatMap((n) => [n, ""]));
  out.push("## Components", "");
  for (const c of doc.components) {
    out.push(`### ${code(c.name)}: ${code(c.type)} (weight ${c.weight})`, "", c.description, "");
    if (c.formula) out.push(`- **Formula:** ${c.formula}`);
    out.push(`- **Reads:** ${readsLine(c.reads)}`);
    const lines = configLines(c.config, c.presetConfig);
    if (lines.length) out.push("- **Config:**", ...lines);
    if (c.deviations.length)
      out.push("- **Deviations from the released code:**", ...c.deviations.map((d) => `  - ${d}`));
    else out.push("- **Deviations from the released code:** none documented");
    if (c.legacy)
      out.push(
        `- **\`legacy: true\` restores:** ${c.legacy} (\`override: { ${c.name}: { legacy: true } }\`)`,
      );
    out.push("");
  }
  out.push("## Combination", "", `${code(doc.combine.type)}: ${doc.combine.description}`, "");
  const combineConfig = json(doc.combine.config);
  if (combineConfig !== "{}") out.push(`Config: ${code(combineConfig)}`, "");
  out.push("## Advantage", "");
  if (doc.advantage) {
    out.push(`${code(doc.advantage.type)}: ${doc.advantage.description}`, "");
    out.push(`Config: ${code(json(doc.advantage.config))}`, "");
  } else out.push("None (rewards only).", "");
  out.push("## The recipe", "", "```json", JSON.stringify(doc.recipe, null, 2), "```", "");
  return out.join("\n");
}
