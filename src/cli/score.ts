/**
 * `plaudit score`: streams JSONL rollouts through a recipe into JSONL results, line for line,
 * without ever destroying a file, and says what happened (summary on stderr, `--stats` JSON).
 * @module
 */
import { statSync, writeFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { Scorer } from "../recipe/index.js";
import { loadRecipe } from "../recipe/node.js";
import { installCleanupHandlers } from "./cleanup.js";
import { CliError, EXIT } from "./errors.js";
import { checkOutput, checkOutputTarget, openInput, prepareOutput } from "./files.js";
import { type ScoreJsonlSummary, scoreJsonl } from "./jsonl.js";
import {
  type ModelFlags,
  modelProviderFromFlags,
  visionRuntimeFromFlags,
  withModelOptions,
} from "./model-options.js";
import { terminalProgress } from "./progress.js";
import { MAX_BUCKETS } from "./spilled.js";
import { formatStatsSummary } from "./summary.js";

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function bucketsArg(value: string): number {
  const n = positiveInt(value);
  if (n > MAX_BUCKETS) throw new InvalidArgumentError(`expected at most ${MAX_BUCKETS}`);
  return n;
}

interface ScoreOptions extends ModelFlags {
  recipe: string;
  in?: string;
  out?: string;
  chunkSize: number;
  quiet?: boolean;
  stats?: string;
  strict?: boolean;
  groups: "any" | "contiguous";
  spill: "auto" | "always" | "never";
  spillDir?: string;
  buckets?: number;
}

const HELP = `
Each input line is a sample: {"id", "group", "prompt", "completion", "reference", "image", "input_image", "meta"};
only "completion" is required. Each output line is a result: {"id", "reward", "components", "advantage"?, "issues"}.
Output line n answers input line n: a blank line, a line that is not JSON and a line that is not a valid
sample each give a result with reward null and issue invalid_sample naming the line. A UTF-8 BOM is
skipped; CRLF line ends are accepted.

--out is written to a temporary file beside it and renamed over it only when the run succeeds; the
input and the output may not be the same file.

Memory: recipes without advantages stream. With advantages or group rewards, groups may be anywhere in
the file: when the recipe's batch steps are group-local (grpo, dr-grpo, rloo, ...) a large file (over
256 MB, or stdin) is spilled to temporary files bucketed by group and scored bucket by bucket; with
--groups contiguous it is scored a few groups at a time without temporary files; otherwise the file's
component rows are held in memory. Output is the same in every mode.

A summary goes to stderr (per-component mean/std/nulls, issues by code, data errors with their first
lines, group statistics); a progress line too when stderr is a terminal. -q silences both.

Exit status:
  0  the run completed (invalid lines and data errors are in the output and the summary)
  1  an unexpected failure (e.g. an I/O error while writing); --out is left untouched
  2  bad recipe or arguments, unusable --in / --out, input and output the same file,
     or input not grouped contiguously under --groups contiguous; --out is left untouched
  3  --strict (or recipe strict: true) and some samples had data errors; the output is written
  130, 143  interrupted by SIGINT, SIGTERM; --out is left untouched, temporary files removed

Examples:
  plaudit score --recipe gui-g2 --in rollouts.jsonl --out scored.jsonl
  cat rollouts.jsonl | plaudit score --recipe my-recipe.yaml > scored.jsonl
  plaudit score -r gui-g2 -i big.jsonl -o scored.jsonl --groups contiguous --stats stats.json
  plaudit score --recipe examples/grounding/recipe.yaml --in examples/grounding/rollouts.jsonl
  plaudit score -r unified-reward/image-generation-pointwise --endpoint judge=http://127.0.0.1:8000 --allow-path ./images -i gen.jsonl`;

function summaryText(
  summary: ScoreJsonlSummary,
  scorer: Scorer,
  seconds: number,
  inputLabel: string,
  outputLabel: string,
): string {
  const stats = summary.tally.batchStats(scorer.advantage !== undefined);
  const rate = seconds > 0 ? ` (${Math.round(summary.lines / seconds)} lines/s)` : "";
  const how = summary.mode === "spill" ? `spill, ${summary.buckets} buckets` : summary.mode;
  const lines = [
    `plaudit: scored ${summary.tally.samples} samples (${summary.tally.invalid} invalid) from ${inputLabel} to ${outputLabel} in ${seconds.toFixed(2)}s${rate}; recipe "${scorer.recipe.name}", ${how}`,
    ...formatStatsSummary(stats, summary.tally.dataErrorLines(), summary.tally.groupSummary()),
  ];
  if (summary.note) lines.push(`  note: ${summary.note}`);
  return `${lines.join("\n")}\n`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function runScore(options: ScoreOptions): Promise<void> {
  installCleanupHandlers();
  // The input is opened and every path checked before anything is written.
  const input = openInput(options.in);
  const target = checkOutputTarget(options.out, input, "--out");
  if (options.stats === "-") throw new CliError("--stats needs a file path, not -", EXIT.usage);
  const statsTarget = options.stats === undefined ? undefined : checkOutput(options.stats, input, "--stats");
  if (statsTarget !== undefined && statsTarget === target?.path)
    throw new CliError(`--stats ${options.stats} is the --out file`, EXIT.usage);
  if (options.spillDir !== undefined && !isDirectory(options.spillDir))
    throw new CliError(`--spill-dir ${options.spillDir}: not an existing directory`, EXIT.usage);
  // Judge and reward-model recipes get their endpoints and image policy from the model flags.
  const models = modelProviderFromFlags(options);
  const vision = visionRuntimeFromFlags(options);
  const scorer = new Scorer(loadRecipe(options.recipe), { env: { models, vision } });
  const output = prepareOutput(target);
  const progress = process.stderr.isTTY && !options.quiet ? terminalProgress(process.stderr) : undefined;
  const started = performance.now();
  let summary: ScoreJsonlSummary;
  try {
    summary = await scoreJsonl(scorer, input.stream, output.stream, {
      chunkSize: options.chunkSize,
      groups: options.groups,
      spill: options.spill,
      // Every group's statistics only when written out: otherwise memory would grow with the groups.
      keepGroupStats: statsTarget !== undefined,
      ...(options.spillDir !== undefined && { spillDir: options.spillDir }),
      ...(options.buckets !== undefined && { buckets: options.buckets }),
      ...(input.bytes !== undefined && { inputBytes: input.bytes }),
      ...(progress && { progress }),
    });
    await output.commit();
  } catch (error) {
    progress?.clear();
    output.abort();
    if (error instanceof CliError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if ((error as NodeJS.ErrnoException).code !== undefined || error instanceof Error)
      throw new CliError(`scoring failed, ${output.label} left untouched: ${message}`, EXIT.failed);
    throw error;
  } finally {
    await scorer.close();
    await models.close?.();
    await vision.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const stats = summary.tally.batchStats(scorer.advantage !== undefined);
  if (statsTarget !== undefined) {
    const run = {
      lines: summary.lines,
      mode: summary.mode,
      ...(summary.buckets !== undefined && { buckets: summary.buckets }),
      maxHeld: summary.maxHeld,
      seconds,
      dataErrorLines: summary.tally.dataErrorLines(),
    };
    writeFileSync(statsTarget, `${JSON.stringify({ ...stats, run }, null, 2)}\n`);
  }
  if (!options.quiet) process.stderr.write(summaryText(summary, scorer, seconds, input.label, output.label));
  if ((options.strict || scorer.recipe.strict) && stats.dataErrors > 0) {
    const lines = summary.tally.dataErrorLines();
    throw new CliError(
      `strict: ${stats.dataErrors} samples have data errors (first lines: ${lines.join(", ")}${
        stats.dataErrors > lines.length ? ", …" : ""
      }); results written to ${output.label}`,
      EXIT.dataErrors,
    );
  }
}

/**
 * Builds the `score` command.
 * @example
 * const program = new Command("plaudit").addCommand(scoreCommand());
 * await program.parseAsync(["score", "-r", "vlm-r1/rec", "-i", "in.jsonl"], { from: "user" }); // to stdout
 */
export function scoreCommand(): Command {
  return withModelOptions(new Command("score"))
    .description(
      "Score JSONL rollouts with a recipe (stdin to stdout by default; line n out answers line n in)",
    )
    .requiredOption(
      "-r, --recipe <recipe>",
      "a preset name (see `plaudit presets`) or a recipe file (.yaml/.json)",
    )
    .option("-i, --in <file>", "input JSONL file (default: stdin)")
    .option("-o, --out <file>", "output JSONL file, replaced only on success (default: stdout)")
    .option("--stats <file>", "write the batch statistics as JSON")
    .option("--strict", "exit 3 when any sample has a data error (also recipe `strict: true`)")
    .addOption(
      new Option(
        "--groups <layout>",
        "contiguous: each group's lines are together (checked); scored group by group",
      )
        .choices(["any", "contiguous"])
        .default("any"),
    )
    .addOption(
      new Option("--spill <when>", "spill batch state to temporary files (auto: input over 256 MB or stdin)")
        .choices(["auto", "always", "never"])
        .default("auto"),
    )
    .option("--spill-dir <dir>", "directory for spill files (default: the OS temporary directory)")
    .option(
      "--buckets <n>",
      `number of spill buckets, 1-${MAX_BUCKETS} (default: from the input size)`,
      bucketsArg,
    )
    .option("--chunk-size <n>", "lines scored per chunk while streaming", positiveInt, 1024)
    .option("-q, --quiet", "no summary and no progress on stderr")
    .addHelpText("after", HELP)
    .action(runScore);
}
