/**
 * Input and output files of `plaudit score`, opened so that no file is ever destroyed: the input
 * is opened and checked before the output is touched; input and output may not be the same file
 * (same path, a symlink or hard link to it, or the same file through stdin / stdout redirection);
 * the output is written to a temporary file beside it and renamed over it only on success, and
 * removed on failure, on SIGINT / SIGTERM and when the run ends early.
 * @module
 */
import {
  closeSync,
  createReadStream,
  createWriteStream,
  fchmodSync,
  fstatSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { onCleanup } from "./cleanup.js";
import { CliError, EXIT } from "./errors.js";

/** An opened input: its stream, its size when it is a regular file, and its identity. */
export interface OpenedInput {
  stream: Readable;
  /** Size in bytes when the input is a regular file (for spilling decisions and the ETA). */
  bytes?: number;
  stat?: Stats;
  label: string;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return error instanceof Error ? error.message : String(error);
}

function fstatOrUndefined(fd: number): Stats | undefined {
  try {
    return fstatSync(fd);
  } catch {
    return undefined;
  }
}

/** True when two stats name the same regular file. */
function sameFile(a: Stats | undefined, b: Stats | undefined): boolean {
  return a !== undefined && b !== undefined && a.isFile() && b.isFile() && a.dev === b.dev && a.ino === b.ino;
}

/**
 * Opens `--in` (or stdin for `undefined` / `-`) and checks it is a readable file.
 * @example
 * const input = openInput("rollouts.jsonl"); // throws CliError (exit 2) when missing
 */
export function openInput(path: string | undefined): OpenedInput {
  if (path === undefined || path === "-") {
    const stat = fstatOrUndefined(0);
    const input: OpenedInput = { stream: process.stdin, label: "stdin" };
    if (stat) input.stat = stat;
    if (stat?.isFile()) input.bytes = stat.size;
    return input;
  }
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new CliError(`--in ${path}: ${describe(error)}`, EXIT.usage);
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    throw new CliError(`--in ${path}: is a directory`, EXIT.usage);
  }
  const input: OpenedInput = {
    stream: createReadStream(path, { fd, highWaterMark: 1 << 20 }),
    stat,
    label: path,
  };
  if (stat.isFile()) input.bytes = stat.size;
  return input;
}

/** Where results go: a stream, and how to finish (rename into place) or abandon it. */
export interface PreparedOutput {
  stream: Writable;
  label: string;
  /** Finishes writing and, for a file, renames the temporary file over the target. */
  commit(): Promise<void>;
  /** Abandons the output: the temporary file is removed and the target left as it was. */
  abort(): void;
}

/**
 * Checks an output path (or stdout) against the input without touching it.
 * @returns the real path to write (symlinks resolved), or `undefined` for stdout
 * @example
 * const target = checkOutput("scored.jsonl", input, "--out"); // throws CliError (exit 2) when unusable
 */
export function checkOutput(path: string | undefined, input: OpenedInput, flag: string): string | undefined {
  return checkOutputTarget(path, input, flag)?.path;
}

/** A checked output file: its real path and, when it exists, its permission bits (kept on replace). */
export interface OutputTarget {
  path: string;
  mode?: number;
}

/**
 * {@link checkOutput}, also returning the mode of an existing target.
 * @example
 * const target = checkOutputTarget("scored.jsonl", input, "--out"); // { path, mode? } or undefined
 */
export function checkOutputTarget(
  path: string | undefined,
  input: OpenedInput,
  flag: string,
): OutputTarget | undefined {
  const sameAsInput = `${flag} ${path ?? "(stdout)"} is the input file; refusing to overwrite the input`;
  if (path === undefined || path === "-") {
    if (sameFile(fstatOrUndefined(1), input.stat)) throw new CliError(sameAsInput, EXIT.usage);
    return undefined;
  }
  let target = resolve(path);
  let existing: Stats | undefined;
  try {
    target = realpathSync(path);
    existing = statSync(target);
  } catch {
    // Does not exist yet (or is a dangling symlink, which rename replaces).
  }
  if (existing?.isDirectory()) throw new CliError(`${flag} ${path}: is a directory`, EXIT.usage);
  if (sameFile(existing, input.stat)) throw new CliError(sameAsInput, EXIT.usage);
  const dir = dirname(target);
  let dirStat: Stats | undefined;
  try {
    dirStat = statSync(dir);
  } catch {
    // Reported below.
  }
  if (!dirStat?.isDirectory())
    throw new CliError(`${flag} ${path}: directory ${dir} does not exist`, EXIT.usage);
  return existing ? { path: target, mode: existing.mode & 0o7777 } : { path: target };
}

/**
 * Opens the output: stdout as is, or a temporary file beside the target.
 * @example
 * const output = prepareOutput(checkOutputTarget("scored.jsonl", input, "--out"));
 * await scoreJsonl(scorer, input.stream, output.stream);
 * await output.commit();
 */
export function prepareOutput(checked: OutputTarget | undefined): PreparedOutput {
  if (checked === undefined) {
    return {
      stream: process.stdout,
      label: "stdout",
      commit: async () => {},
      abort: () => {},
    };
  }
  const target = checked.path;
  const temporary = join(
    dirname(target),
    `.${basename(target)}.plaudit-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`,
  );
  let fd: number;
  try {
    fd = openSync(temporary, "wx");
  } catch (error) {
    throw new CliError(`--out ${target}: cannot write in ${dirname(target)}: ${describe(error)}`, EXIT.usage);
  }
  const forget = onCleanup(() => rmSync(temporary, { force: true }));
  if (checked.mode !== undefined) fchmodSync(fd, checked.mode);
  const stream = createWriteStream(temporary, { fd, autoClose: false, highWaterMark: 1 << 20 });
  // Errors surface through writeText and finished(); without a listener one would crash the process.
  stream.on("error", () => {});
  return {
    stream,
    label: target,
    async commit() {
      stream.end();
      await finished(stream);
      // On disk before it replaces the old file, so a crash cannot leave a truncated --out.
      fsyncSync(fd);
      closeSync(fd);
      renameSync(temporary, target);
      forget();
    },
    abort() {
      stream.destroy();
      try {
        closeSync(fd);
      } catch {
        // Already closed.
      }
      rmSync(temporary, { force: true });
      forget();
    },
  };
}
