#!/usr/bin/env node
/**
 * The `plaudit` command line: `score`, `presets`, `demo`, `serve`.
 * Exit status: 0 on success, 2 for a bad recipe or bad arguments, 1 for anything unexpected,
 * 3 for `score --strict` with data errors (see `plaudit score --help`).
 * @module
 */
import { Command, CommanderError } from "commander";
import { ConfigError, formatConfigError } from "../core/index.js";
import { demoCommand } from "./demo.js";
import { CliError } from "./errors.js";
import { presetsCommand } from "./presets.js";
import { scoreCommand } from "./score.js";
import { serveCommand } from "./serve.js";

const program = new Command("plaudit")
  .description("Reward engine for RL post-training of vision-language and generative models")
  .version("0.1.0")
  .showHelpAfterError("(run with --help for usage)")
  .addHelpText(
    "after",
    `
Examples:
  plaudit demo                                   score the bundled grounding example
  plaudit presets                                list presets and reward types
  plaudit score --recipe gui-g2 --in rollouts.jsonl --out scored.jsonl`,
  );

for (const command of [scoreCommand(), presetsCommand(), demoCommand(), serveCommand()])
  program.addCommand(command);
program.exitOverride();
for (const command of program.commands) command.exitOverride();

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
  } else {
    process.stderr.write(
      `plaudit: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
