/**
 * `plaudit presets`: lists presets and reward, combine and advantage types; `plaudit presets show
 * NAME` prints one preset in full (the text of `docs/presets/NAME.md`).
 * @module
 */
import { Command } from "commander";
import { defaultAdvantages } from "../advantage/index.js";
import { defaultCombiners } from "../combine/index.js";
import { ConfigError } from "../core/index.js";
import { builtinPresets, describePreset, findPreset, presetMarkdown, presetNames } from "../recipe/index.js";
import { defaultRegistry } from "../rewards/index.js";
import { builtinTemplates } from "../templates/index.js";

function showCommand(): Command {
  return new Command("show")
    .description("Print one preset in full: formula, citation, fields read, config, deviations, legacy")
    .argument("<name>", "a preset name (see `plaudit presets`)")
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      "\nExamples:\n  plaudit presets show gui-g2\n  plaudit presets show vlm-r1/rec --json\n",
    )
    .action((name: string, _options: unknown, command: Command) => {
      // `--json` may be parsed by `presets` itself, which has the same option.
      const options = command.optsWithGlobals() as { json?: boolean };
      const preset = findPreset(name);
      if (!preset)
        throw new ConfigError([
          { path: "preset", message: "unknown preset", value: name, choices: presetNames() },
        ]);
      const doc = describePreset(preset);
      process.stdout.write(options.json ? `${JSON.stringify(doc, null, 2)}\n` : presetMarkdown(doc));
    });
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  "))
    .join("\n");
}

/**
 * Builds the `presets` command.
 * @example
 * const program = new Command("plaudit").addCommand(presetsCommand());
 * await program.parseAsync(["presets", "--json"], { from: "user" }); // presets and types as JSON
 */
export function presetsCommand(): Command {
  return new Command("presets")
    .description("List built-in presets and every reward, combine and advantage type")
    .option("--json", "machine-readable output (with each reward type's config JSON Schema)")
    .addHelpText(
      "after",
      "\nExamples:\n  plaudit presets\n  plaudit presets show gui-g2\n  plaudit presets --json | jq '.rewards[].type'\n",
    )
    .addCommand(showCommand())
    .action((options: { json?: boolean }) => {
      const registry = defaultRegistry();
      const presets = [...builtinPresets].sort((a, b) => a.name.localeCompare(b.name));
      if (options.json) {
        const data = {
          presets: presets.map((p) => ({
            name: p.name,
            description: p.description,
            source: p.source,
            notes: p.notes ?? [],
            components: (p.recipe.rewards ?? []).map((r) => r.name),
            recipe: p.recipe,
          })),
          rewards: registry.describe(),
          combine: defaultCombiners().describe(),
          advantage: defaultAdvantages().describe(),
          templates: builtinTemplates.map(({ name, kind, description, source }) => ({
            name,
            kind,
            description,
            source,
          })),
        };
        process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
        return;
      }
      const out: string[] = [];
      out.push("Presets (use with --recipe NAME, or `extends: NAME` in a recipe):\n");
      out.push(
        table([
          ["name", "components", "description"],
          ...presets.map((p) => [
            p.name,
            (p.recipe.rewards ?? []).map((r) => r.name).join(","),
            p.description,
          ]),
        ]),
      );
      out.push("\nReward types:\n");
      out.push(table([["type", "description"], ...registry.describe().map((r) => [r.type, r.description])]));
      out.push("\nCombine types:\n");
      out.push(
        table([
          ["type", "description"],
          ...defaultCombiners()
            .describe()
            .map((r) => [r.type, r.description]),
        ]),
      );
      out.push("\nAdvantage types:\n");
      out.push(
        table([
          ["type", "description"],
          ...defaultAdvantages()
            .describe()
            .map((r) => [r.type, r.description]),
        ]),
      );
      out.push("\nJudge templates (`template:` of judge.* rewards):\n");
      out.push(
        table([
          ["name", "kind", "description"],
          ...builtinTemplates.map((t) => [t.name, t.kind, t.description]),
        ]),
      );
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
