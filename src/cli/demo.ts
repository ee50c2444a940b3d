/**
 * `plaudit demo`: scores the bundled grounding example and shows what happened — per-component
 * means, the reward distribution, three example rollouts with their components and issues — and
 * writes the scored JSONL to a file.
 * @module
 */
import { createReadStream, createWriteStream, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { finished } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import type { Result } from "../core/index.js";
import { Scorer } from "../recipe/index.js";
import { loadRecipe } from "../recipe/node.js";
import { scoreJsonl } from "./jsonl.js";
import { formatValue as fmt, formatStatsSummary } from "./summary.js";

/**
 * The bundled example folder (works from `src/` and from `dist/`).
 * @example
 * resolve(examplesDir(), "grounding", "recipe.yaml"); // "<package root>/examples/grounding/recipe.yaml"
 */
export function examplesDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../examples");
}

function histogram(values: number[], bins = 8): string[] {
  if (!values.length) return ["  (no non-null rewards)"];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]!++;
  const top = Math.max(...counts);
  return counts.map((c, i) => {
    const from = lo + i * width;
    const bar = "█".repeat(Math.round((c / top) * 30));
    return `  [${fmt(from, 2).padStart(6)}, ${fmt(from + width, 2).padStart(6)}${i === bins - 1 ? "]" : ")"} ${bar} ${c}`;
  });
}

function describeResult(result: Result, completion: string | undefined): string[] {
  const parts = Object.entries(result.components).map(([k, v]) => `${k}=${fmt(v)}`);
  const head = `  ${String(result.id ?? "(no id)").padEnd(12)} reward ${fmt(result.reward)}${
    result.advantage !== undefined ? `  advantage ${fmt(result.advantage)}` : ""
  }   ${parts.join("  ")}`;
  const lines = [head];
  if (completion !== undefined) {
    const flat = completion.replace(/\n/g, "\\n");
    lines.push(`      completion: ${flat.length > 110 ? `${flat.slice(0, 107)}...` : flat}`);
  }
  for (const issue of result.issues)
    lines.push(`      issue ${issue.code} (${issue.reward}): ${issue.message.slice(0, 120)}`);
  return lines;
}

/**
 * Builds the `demo` command.
 * @example
 * const program = new Command("plaudit").addCommand(demoCommand());
 * await program.parseAsync(["demo", "--out", "/tmp/scored.jsonl"], { from: "user" }); // summary on stdout
 */
export function demoCommand(): Command {
  return new Command("demo")
    .description("Score the bundled grounding example and show the results")
    .option("-o, --out <file>", "where to write the scored JSONL", "demo-output/scored.jsonl")
    .addHelpText("after", "\nExample:\n  plaudit demo --out /tmp/scored.jsonl\n")
    .action(async (options: { out: string }) => {
      const dir = resolve(examplesDir(), "grounding");
      const inputPath = resolve(dir, "rollouts.jsonl");
      const recipePath = resolve(dir, "recipe.yaml");
      const scorer = new Scorer(loadRecipe(recipePath));
      mkdirSync(dirname(resolve(options.out)), { recursive: true });
      const started = performance.now();
      const output = createWriteStream(options.out);
      const summary = await scoreJsonl(scorer, createReadStream(inputPath), output, {
        inputBytes: statSync(inputPath).size,
      });
      output.end();
      await finished(output);
      const ms = performance.now() - started;
      await scorer.close();

      const results = readFileSync(options.out, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Result);
      const completions = new Map<string, string>();
      for (const line of readFileSync(inputPath, "utf8").split("\n")) {
        try {
          const s = JSON.parse(line) as { id?: string; completion?: string };
          if (s.id !== undefined && s.completion !== undefined) completions.set(String(s.id), s.completion);
        } catch {
          // The example deliberately holds a broken line; it shows up as invalid_sample.
        }
      }

      const out: string[] = [];
      const cwd = process.cwd();
      out.push(`plaudit demo: ${relative(cwd, inputPath)} scored with ${relative(cwd, recipePath)}`);
      out.push(`  recipe "${scorer.recipe.name}": ${scorer.recipe.description ?? ""}`);
      out.push(
        `  ${summary.tally.samples} samples (${summary.tally.invalid} invalid) in ${ms.toFixed(1)} ms\n`,
      );
      out.push(
        ...formatStatsSummary(
          summary.tally.batchStats(scorer.advantage !== undefined),
          summary.tally.dataErrorLines(),
        ),
      );

      const rewards = results.flatMap((r) => (r.reward === null ? [] : [r.reward]));
      out.push(`\nReward distribution (${rewards.length} non-null):`);
      out.push(...histogram(rewards));

      const best = results.reduce((a, b) => ((b.reward ?? -Infinity) > (a.reward ?? -Infinity) ? b : a));
      const failed = results.find((r) => r.issues.some((i) => i.reward !== "sample"));
      const invalid = results.find((r) => r.issues.some((i) => i.code === "invalid_sample"));
      out.push("\nExample rollouts:");
      for (const r of [best, failed, invalid]) {
        if (r) out.push(...describeResult(r, r.id === undefined ? undefined : completions.get(String(r.id))));
      }
      out.push(`\nScored JSONL written to ${options.out}`);
      out.push(
        `Next: npx plaudit score --recipe ${relative(cwd, recipePath)} --in ${relative(cwd, inputPath)} --out scored.jsonl`,
      );
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
