/**
 * `plaudit annotate`: the preference-collection service, and exports of its database.
 * @module
 */
import { writeFileSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";

const EXPORTS = ["dpo", "eval-pairs", "annotations"] as const;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("a positive integer");
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("a port 0-65535");
  return n;
}

function exportFormat(value: string): (typeof EXPORTS)[number] {
  if (!(EXPORTS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`one of ${EXPORTS.join(", ")}`);
  }
  return value as (typeof EXPORTS)[number];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface AnnotateFlags {
  db: string;
  tasks?: string;
  k: number;
  host: string;
  port: number;
  token: string[];
  images: string[];
  export?: (typeof EXPORTS)[number];
  annotator?: string;
  agreement?: boolean;
  out?: string;
}

/**
 * Builds the `annotate` command.
 * @example
 * const program = new Command("plaudit").addCommand(annotateCommand());
 * await program.parseAsync(["annotate", "--db", "prefs.sqlite", "--export", "dpo"], { from: "user" });
 */
export function annotateCommand(): Command {
  return new Command("annotate")
    .description(
      "Collect human preferences (pairwise, ranking, ratings) in a local web app; export DPO / eval pairs",
    )
    .requiredOption("--db <file>", "the SQLite database (created if missing; write-ahead log)")
    .option("--tasks <file>", "import tasks from JSONL first (changed tasks get a new version)")
    .option("-k, --k <n>", "independent annotations wanted per task (unless a task sets k)", positiveInt, 1)
    .option("--host <host>", "interface to bind; beyond loopback, --token is required", "127.0.0.1")
    .option("--port <n>", "port (default: a free one)", port, 0)
    .option(
      "--token <name:token>",
      "an annotator and their token (repeatable); then every request needs it",
      collect,
      [],
    )
    .option("--images <dir>", "a directory task images may be read from (repeatable)", collect, [])
    .option("--export <format>", `write an export instead of serving: ${EXPORTS.join(", ")}`, exportFormat)
    .option("--annotator <name>", "with --export: only this annotator's annotations (a personal data set)")
    .option("--agreement", "print Cohen's κ and Krippendorff's α as JSON instead of serving")
    .option("-o, --out <file>", "with --export / --agreement: write here (default: stdout)")
    .addHelpText(
      "after",
      `
Examples:
  plaudit annotate --tasks pairs.jsonl --db prefs.sqlite -k 2
  plaudit annotate --db prefs.sqlite --export dpo --out dpo.jsonl
  plaudit annotate --db prefs.sqlite --export annotations --annotator alice
  plaudit annotate --db prefs.sqlite --agreement`,
    )
    .action(async (flags: AnnotateFlags) => {
      // Loaded when `annotate` runs (SQLite, the HTTP app), so that other commands start without it.
      const { AnnotationStore, agreementReport, annotationLines, dpoLines, evalPairLines, startAnnotate } =
        await import("../annotate/index.js");
      if (flags.export || flags.agreement) {
        const store = new AnnotationStore(flags.db);
        try {
          let text: string;
          if (flags.agreement) text = `${JSON.stringify(agreementReport(store), null, 2)}\n`;
          else {
            const lines =
              flags.export === "dpo"
                ? dpoLines(store, flags.annotator)
                : flags.export === "eval-pairs"
                  ? evalPairLines(store, flags.annotator)
                  : annotationLines(store, flags.annotator);
            text = lines.length ? `${lines.join("\n")}\n` : "";
            process.stderr.write(`plaudit annotate: ${lines.length} lines (${flags.export})\n`);
          }
          if (flags.out) writeFileSync(flags.out, text);
          else process.stdout.write(text);
        } finally {
          store.close();
        }
        return;
      }
      let service: Awaited<ReturnType<typeof startAnnotate>>;
      try {
        service = await startAnnotate({
          db: flags.db,
          k: flags.k,
          host: flags.host,
          port: flags.port,
          tokens: flags.token,
          images: flags.images,
          ...(flags.tasks ? { tasks: flags.tasks } : {}),
        });
      } catch (error) {
        process.stderr.write(`plaudit annotate: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      const { added, unchanged } = service.imported;
      process.stderr.write(
        `plaudit annotate: ${service.store.currentTasks().length} tasks (${added} new versions, ${unchanged} unchanged) in ${flags.db}\n`,
      );
      process.stdout.write(`${service.url}#/annotate\n`);
      const stop = () => {
        void service.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
