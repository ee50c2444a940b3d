/**
 * `plaudit eval`: evaluates a reward model, judge or recipe on a preference benchmark file.
 * @module
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { ConfigError } from "../core/index.js";
import {
  DataVerdicts,
  JsonlPredictions,
  type PredictionSource,
  RecipePredictions,
} from "../eval/predictions.js";
import { EVAL_FORMATS } from "../eval/types.js";
import { buildScorer } from "../recipe/index.js";
import { loadRecipe } from "../recipe/node.js";
import { type ModelFlags, modelProviderFromFlags, withModelOptions } from "./model-options.js";

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a non-negative integer");
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

interface EvalCliOptions extends ModelFlags {
  data: string;
  format?: string;
  recipe?: string[];
  scores?: string[];
  verdicts?: string | boolean;
  out?: string;
  rows?: string;
  report?: string;
  mediaRoot?: string;
  bootstrap: number;
  seed: number;
  swap?: boolean;
  repeats: number;
  fresh?: boolean;
  chunkSize?: number;
  quiet?: boolean;
}

function progressBar(): ((done: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const started = performance.now();
  let last = 0;
  return (done) => {
    const now = performance.now();
    if (now - last < 200) return;
    last = now;
    const rate = done / Math.max(0.001, (now - started) / 1000);
    process.stderr.write(`\rplaudit eval: ${done} rows (${rate.toFixed(0)} rows/s)   `);
  };
}

function fmt(x: number | null | undefined): string {
  return typeof x === "number" ? x.toFixed(4) : "n/a";
}

/**
 * Builds the `eval` command.
 * @example
 * const program = new Command("plaudit").addCommand(evalCommand());
 * await program.parseAsync(["eval", "--data", "pairs.jsonl", "--scores", "scores.jsonl"], { from: "user" });
 */
export function evalCommand(): Command {
  return withModelOptions(new Command("eval"))
    .description("Evaluate a reward model, judge or recipe on a preference benchmark")
    .requiredOption("-d, --data <file>", "benchmark data: JSONL, JSON, CSV or Parquet")
    .addOption(
      new Option("-f, --format <name>", "data layout (detected from the columns when omitted)").choices(
        EVAL_FORMATS,
      ),
    )
    .option(
      "-r, --recipe <recipe>",
      "score every candidate with this recipe (repeat for an ensemble)",
      collect,
    )
    .option(
      "-s, --scores <file>",
      'precomputed scores JSONL {"id", "scores": [...]} (repeat for an ensemble)',
      collect,
    )
    .option(
      "--verdicts [file]",
      "precomputed judge verdict texts: a JSONL {id, verdict}, or the data's own response column",
    )
    .option("-o, --out <file>", "write metrics.json here (per-row outcomes go beside it); default: stdout")
    .option("--rows <file>", "per-row outcomes JSONL (default: beside --out)")
    .option("--report <file>", "write a self-contained HTML report")
    .option(
      "--media-root <dir>",
      "directory relative image/video paths are resolved under (nothing is downloaded)",
    )
    .option("--bootstrap <n>", "bootstrap resamples for the 95% intervals", count, 1000)
    .option("--seed <n>", "bootstrap seed", count, 0)
    .option("--swap", "recipe runs: also score each pair with the candidates swapped (position bias)")
    .option("--repeats <k>", "recipe runs: ask each question k more times (self-consistency)", count, 0)
    .option("--fresh", "recipe runs: do not resume from an existing rows file")
    .option("--chunk-size <n>", "rows per scoring batch", count)
    .option("-q, --quiet", "no summary on stderr")
    .addHelpText(
      "after",
      `
Formats: ${EVAL_FORMATS.join(", ")}.
Metrics: strict pairwise accuracy (overall, macro, by category), MM-RLHF ACC+, RewardBench 1 sections,
RewardBench 2 best-of-N (1/k ties), VideoGen-RewardBench with/without ties, GenAI-Bench 4-way verdicts,
ranking accuracy and Pearson/Spearman/Kendall tau-b, position bias, self-consistency, ensemble strength;
seeded bootstrap 95% intervals.

Examples:
  plaudit eval --data vl_rewardbench.parquet --scores my-rm.jsonl --out metrics.json --report report.html
  plaudit eval --data pairwise.jsonl --format genai-bench --verdicts
  plaudit eval --data pairs.jsonl --recipe my-judge.yaml --swap --out metrics.json`,
    )
    .action(async (options: EvalCliOptions) => {
      const sources: PredictionSource[] = [];
      if (options.verdicts) {
        sources.push(
          typeof options.verdicts === "string" ? new JsonlPredictions(options.verdicts) : new DataVerdicts(),
        );
      }
      for (const file of options.scores ?? []) sources.push(new JsonlPredictions(file));
      let strict = false;
      // Judge recipes get their endpoints from --endpoint; benchmark media under --media-root may be read.
      const models = modelProviderFromFlags({
        ...options,
        allowPath: options.mediaRoot ? [...options.allowPath, options.mediaRoot] : options.allowPath,
      });
      for (const ref of options.recipe ?? []) {
        const scorer = buildScorer(loadRecipe(ref), { env: { models } });
        strict ||= Boolean(scorer.recipe.strict);
        sources.push(new RecipePredictions(scorer, { swap: options.swap, repeats: options.repeats }));
      }
      if (!sources.length) {
        throw new ConfigError([
          { path: "eval", message: "one of --recipe, --scores or --verdicts is required", value: undefined },
        ]);
      }
      // Loaded when `eval` runs: the readers pull in hyparquet and its codecs.
      const { rowsPathFor, runEval, writeMetrics } = await import("../eval/run.js");
      const rowsPath = options.rows ?? (options.out ? rowsPathFor(options.out) : undefined);
      const progress = options.quiet ? undefined : progressBar();
      const run = await runEval({
        data: options.data,
        format: options.format,
        mediaRoot: options.mediaRoot,
        sources,
        rowsPath,
        resume: Boolean(options.recipe?.length) && !options.fresh,
        chunkSize: options.chunkSize ?? (options.recipe?.length ? 64 : 4096),
        bootstrap: { resamples: options.bootstrap, seed: options.seed },
        onProgress: progress,
      });
      if (progress) process.stderr.write("\n");
      if (options.out) writeMetrics(options.out, run.metrics);
      else process.stdout.write(`${JSON.stringify(run.metrics, null, 2)}\n`);
      if (options.report) {
        // The report's charts load vega (~0.3 s): only a run that writes a report pays for it.
        const { writeReport } = await import("../eval/report/index.js");
        await writeReport(options.report, run);
      }
      await models.close?.();
      const m = run.metrics;
      if (m.data_errors) {
        process.stderr.write(
          `plaudit eval: ${m.data_errors} rows with broken input data (first: ${(m.data_error_ids ?? []).join(", ")})\n`,
        );
        // A strict recipe fails the run on data errors, as every door does.
        if (strict) process.exitCode = 1;
      }
      if (!options.quiet) {
        const ci = m.ci.accuracy ? ` [${fmt(m.ci.accuracy[0])}, ${fmt(m.ci.accuracy[1])}]` : "";
        const how = m.detected_from ? ` (detected from ${m.detected_from.join(", ")})` : "";
        process.stderr.write(
          `plaudit eval: ${m.format}${how}: ${m.n} rows, accuracy ${fmt(m.accuracy)}${ci}; skipped ${m.skipped.count}\n`,
        );
      }
    });
}
