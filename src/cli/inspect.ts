/**
 * `plaudit inspect`: a local web app over a scored JSONL or an eval run's per-row outcomes.
 * @module
 */
import { Command, InvalidArgumentError } from "commander";

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("a port 0-65535");
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Builds the `inspect` command.
 * @example
 * const program = new Command("plaudit").addCommand(inspectCommand());
 * await program.parseAsync(["inspect", "scored.jsonl", "--images", "rollouts/"], { from: "user" });
 */
export function inspectCommand(): Command {
  return new Command("inspect")
    .description(
      "Browse scored rollouts (or eval rows) in a local web app: table, stats, detail, boxes on images",
    )
    .argument(
      "<file>",
      "scored JSONL (plaudit score output, with or without the sample fields) or eval rows JSONL",
    )
    .option(
      "--samples <file>",
      "the rollouts that were scored, joined line by line (prompt, completion, images)",
    )
    .option(
      "-r, --recipe <recipe>",
      "the recipe the file was scored with: frames of its box and point rewards",
    )
    .option("--images <dir>", "a directory images may be read from (repeatable)", collect, [])
    .option("--port <n>", "port on 127.0.0.1 (default: a free one)", port, 0)
    .addHelpText(
      "after",
      `
Examples:
  plaudit score -r gui-g2 -i rollouts.jsonl -o scored.jsonl
  plaudit inspect scored.jsonl --samples rollouts.jsonl -r gui-g2 --images ./screenshots`,
    )
    .action(
      async (file: string, flags: { samples?: string; recipe?: string; images: string[]; port: number }) => {
        const started = performance.now();
        // Loaded on demand so that other commands do not pay for the inspector's server and assets.
        const { startInspector } = await import("../inspect/index.js");
        const inspector = await startInspector({
          file,
          port: flags.port,
          images: flags.images,
          ...(flags.samples ? { samples: flags.samples } : {}),
          ...(flags.recipe ? { recipe: flags.recipe } : {}),
        });
        const { index } = inspector.source;
        process.stderr.write(
          `plaudit inspect: ${index.count} rows indexed in ${Math.round(performance.now() - started)} ms\n`,
        );
        process.stdout.write(`${inspector.url}\n`);
        const stop = () => {
          void inspector.close().then(() => process.exit(0));
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      },
    );
}
