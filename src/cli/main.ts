#!/usr/bin/env node
/**
 * The `plaudit` command line: `score`, `presets`, `demo`, `serve`, `eval`, `diagnose`, `inspect`, `annotate`.
 * Exit status: 0 on success, 2 for a bad recipe or bad arguments, 1 for anything unexpected,
 * 3 for `score --strict` with data errors (see `plaudit score --help`).
 * @module
 */
import { delimiter, resolve } from "node:path";
import { Command, CommanderError } from "commander";
import { ConfigError, formatConfigError } from "../core/index.js";
import { annotateCommand } from "./annotate.js";
import { demoCommand } from "./demo.js";
import { diagnoseCommand } from "./diagnose.js";
import { CliError } from "./errors.js";
import { evalCommand } from "./eval.js";
import { inspectCommand } from "./inspect.js";
import { presetsCommand } from "./presets.js";
import { scoreCommand } from "./score.js";
import { serveCommand } from "./serve.js";

const program = new Command("plaudit")
  .description("Reward engine for RL post-training of vision-language and generative models")
  .version("0.1.0")
  .showHelpAfterError("(run with --help for usage)")
  .option(
    "--allow-extends <dir>",
    "let a recipe file's `extends:` name files under DIR (repeatable; default: only the recipe's own directory)",
    (dir: string, dirs: string[]) => [...dirs, dir],
    [] as string[],
  )
  .hook("preAction", (root) => {
    // Every command loads recipes through loadRecipe, which reads this variable by default.
    const dirs = (root.opts() as { allowExtends: string[] }).allowExtends;
    if (dirs.length) {
      const inherited = process.env.PLAUDIT_ALLOW_EXTENDS;
      process.env.PLAUDIT_ALLOW_EXTENDS = [
        ...dirs.map((d) => resolve(d)),
        ...(inherited ? [inherited] : []),
      ].join(delimiter);
    }
  })
  .addHelpText(
    "after",
    `
Examples:
  plaudit demo                                   score the bundled grounding example
  plaudit presets                                list presets and reward types
  plaudit score --recipe gui-g2 --in rollouts.jsonl --out scored.jsonl`,
  );

for (const command of [
  scoreCommand(),
  presetsCommand(),
  demoCommand(),
  serveCommand(),
  evalCommand(),
  diagnoseCommand(),
  inspectCommand(),
  annotateCommand(),
])
  program.addCommand(command);
// Every command, nested ones included (`presets show`), exits through the handler below.
const overrideExits = (command: Command): void => {
  command.exitOverride();
  for (const sub of command.commands) overrideExits(sub);
};
overrideExits(program);

/** A Node.js system error (`listen EADDRINUSE`, `open EACCES`): it has a `code` and a `syscall`. */
function isSystemError(
  error: unknown,
): error is Error & { code: string; syscall: string; address?: string; port?: number } {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { syscall?: unknown }).syscall === "string"
  );
}

function systemErrorLine(error: Error & { code: string; address?: string; port?: number }): string {
  if (error.code === "EADDRINUSE")
    return `cannot listen on ${error.address ?? "the address"}:${error.port ?? "?"}: it is already in use (pick another --port, or stop the other server)`;
  if (error.code === "EACCES" && error.port !== undefined)
    return `cannot listen on port ${error.port}: permission denied (ports below 1024 need privileges)`;
  return error.message;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version exit through here with code 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof CliError) {
    process.stderr.write(`plaudit: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (error instanceof ConfigError) {
    process.stderr.write(`plaudit: invalid configuration\n${formatConfigError(error)}\n`);
    process.exitCode = 2;
  } else if (isSystemError(error)) {
    // The machine said no (a busy port, a permission): one line, no stack.
    process.stderr.write(`plaudit: ${systemErrorLine(error)}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(
      `plaudit: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
