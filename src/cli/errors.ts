/**
 * Errors a command reports as one line on stderr with a chosen exit status (no stack trace):
 * bad arguments and unusable files exit 2, `--strict` with data errors exits 3.
 * @module
 */

/**
 * An error shown as `plaudit: <message>`, ending the process with `exitCode`.
 * @example
 * throw new CliError("--in rollouts.jsonl: no such file", 2);
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** Exit statuses of `plaudit score` (documented in `--help` and the README). */
export const EXIT = {
  /** The run completed (some lines may be invalid or have data errors, unless `--strict`). */
  ok: 0,
  /** Something unexpected (an I/O error while writing, a bug). */
  failed: 1,
  /** Bad recipe, bad arguments, unusable input or output path, input contradicting `--groups`. */
  usage: 2,
  /** `--strict` (or recipe `strict: true`) and at least one sample had a data error; output written. */
  dataErrors: 3,
} as const;
