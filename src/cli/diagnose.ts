/**
 * `plaudit diagnose`: reward-hacking diagnostics on scored rollouts.
 * @module
 */
import { createReadStream, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Command } from "commander";
import { DiagnosticsBuilder, diagnosedRow } from "../eval/diagnose.js";

function lines(path: string): AsyncIterator<string> {
  return createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })[
    Symbol.asyncIterator
  ]();
}

async function nextJson(iterator: AsyncIterator<string>, path: string, counter: { n: number }) {
  for (;;) {
    const next = await iterator.next();
    if (next.done) return undefined;
    counter.n++;
    if (!next.value.trim()) continue;
    try {
      return JSON.parse(next.value) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${path} line ${counter.n}: not valid JSON: ${(error as Error).message}`);
    }
  }
}

/**
 * Builds the `diagnose` command.
 * @example
 * const program = new Command("plaudit").addCommand(diagnoseCommand());
 * await program.parseAsync(["diagnose", "scored.jsonl", "--gold", "meta.gold"], { from: "user" });
 */
export function diagnoseCommand(): Command {
  return new Command("diagnose")
    .description(
      "Reward-hacking diagnostics on scored rollouts (length correlation, collapsed groups, gold agreement)",
    )
    .argument(
      "<scored>",
      "scored JSONL: lines with reward (and group, completion, components), e.g. rollouts merged with results",
    )
    .option(
      "--samples <file>",
      "the rollouts `plaudit score` read, joined line by line with <scored> (results keep input order)",
    )
    .option(
      "--gold <field>",
      "dotted path of a gold score in each line (e.g. meta.gold) for proxy-vs-gold agreement",
    )
    .option("-o, --out <file>", "write the diagnostics JSON here (default: stdout)")
    .option("--report <file>", "write a self-contained HTML report of the diagnostics")
    .addHelpText(
      "after",
      `
Examples:
  plaudit score -r my-recipe.yaml -i rollouts.jsonl -o scored.jsonl
  plaudit diagnose scored.jsonl --samples rollouts.jsonl --gold meta.human_score --report diag.html`,
    )
    .action(
      async (scored: string, options: { samples?: string; gold?: string; out?: string; report?: string }) => {
        const builder = new DiagnosticsBuilder();
        const scoredLines = lines(scored);
        const sampleLines = options.samples ? lines(options.samples) : undefined;
        const scoredCount = { n: 0 };
        const sampleCount = { n: 0 };
        for (;;) {
          const result = await nextJson(scoredLines, scored, scoredCount);
          if (!result) break;
          const sample = sampleLines ? await nextJson(sampleLines, options.samples!, sampleCount) : undefined;
          if (sampleLines && !sample) throw new Error(`${options.samples} has fewer lines than ${scored}`);
          builder.add(diagnosedRow(sample ? { ...sample, ...result } : result, options.gold));
        }
        const diagnostics = builder.finish();
        const text = `${JSON.stringify(diagnostics, null, 2)}\n`;
        if (options.out) writeFileSync(options.out, text);
        else process.stdout.write(text);
        if (options.report) {
          // Loaded on demand: the report's charts pull in vega, which every other command skips.
          const { writeDiagnosticsReport } = await import("../eval/report/index.js");
          await writeDiagnosticsReport(options.report, diagnostics);
        }
      },
    );
}
