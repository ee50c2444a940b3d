/**
 * `plaudit score`: streams JSONL rollouts through a recipe into JSONL results.
 * @module
 */
import { createReadStream, createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { Command, InvalidArgumentError } from "commander";
import { Scorer } from "../recipe/index.js";
import { loadRecipe } from "../recipe/node.js";
import { scoreJsonl } from "./jsonl.js";
import {
  type ModelFlags,
  modelProviderFromFlags,
  visionRuntimeFromFlags,
  withModelOptions,
} from "./model-options.js";

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

/**
 * Builds the `score` command.
 * @example
 * const program = new Command("plaudit").addCommand(scoreCommand());
 * await program.parseAsync(["score", "-r", "vlm-r1/rec", "-i", "in.jsonl"], { from: "user" }); // to stdout
 */
export function scoreCommand(): Command {
  return withModelOptions(new Command("score"))
    .description("Score JSONL rollouts with a recipe (stdin to stdout by default; order preserved)")
    .requiredOption(
      "-r, --recipe <recipe>",
      "a preset name (see `plaudit presets`) or a recipe file (.yaml/.json)",
    )
    .option("-i, --in <file>", "input JSONL file (default: stdin)")
    .option("-o, --out <file>", "output JSONL file (default: stdout)")
    .option("--chunk-size <n>", "lines scored per chunk while streaming", positiveInt, 1024)
    .option("-q, --quiet", "no summary line on stderr")
    .addHelpText(
      "after",
      `
Each input line is a sample: {"id", "group", "prompt", "completion", "reference", "image", "input_image", "meta"};
only "completion" is required. Each output line is a result: {"id", "reward", "components", "advantage"?, "issues"}.
A line that is not valid JSON or not a valid sample gives a result with reward null and issue invalid_sample.
Recipes with advantages (or group rewards) read the whole file before writing, since groups may be interleaved.

Examples:
  plaudit score --recipe gui-g2 --in rollouts.jsonl --out scored.jsonl
  cat rollouts.jsonl | plaudit score --recipe my-recipe.yaml > scored.jsonl
  plaudit score --recipe examples/grounding/recipe.yaml --in examples/grounding/rollouts.jsonl
  plaudit score --recipe unified-reward/image-generation-pointwise --endpoint judge=http://127.0.0.1:8000 --allow-path ./images --in gen.jsonl

Exit status: 0 when the run completed (even if some lines were invalid), 2 for a bad recipe or bad arguments.`,
    )
    .action(
      async (
        options: {
          recipe: string;
          in?: string;
          out?: string;
          chunkSize: number;
          quiet?: boolean;
        } & ModelFlags,
      ) => {
        const models = modelProviderFromFlags(options);
        const vision = visionRuntimeFromFlags(options);
        const scorer = new Scorer(loadRecipe(options.recipe), { env: { models, vision } });
        const started = performance.now();
        const input = options.in && options.in !== "-" ? createReadStream(options.in) : process.stdin;
        const output = options.out && options.out !== "-" ? createWriteStream(options.out) : process.stdout;
        try {
          const summary = await scoreJsonl(scorer, input, output, { chunkSize: options.chunkSize });
          if (output !== process.stdout) {
            output.end();
            await finished(output);
          }
          if (!options.quiet) {
            const seconds = (performance.now() - started) / 1000;
            const mean = summary.rewardCount ? (summary.rewardSum / summary.rewardCount).toFixed(4) : "n/a";
            process.stderr.write(
              `plaudit: scored ${summary.scored} samples (${summary.invalid} invalid) in ${seconds.toFixed(2)}s; mean reward ${mean}${summary.serverFailures ? `; ${summary.serverFailures} with model-server failures (null, see issues)` : ""}\n`,
            );
          }
        } finally {
          await scorer.close();
          await models.close?.();
          await vision.close();
        }
      },
    );
}
