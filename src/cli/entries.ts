/**
 * One input line on its way to a result: parsed, or turned into the reason it cannot be a sample
 * (blank, not JSON), plus the helpers every scoring mode shares (the error result, line numbers
 * in schema errors, group keys, writing with backpressure to an output that may close).
 * @module
 */
import type { Writable } from "node:stream";
import { UNGROUPED } from "../advantage/index.js";
import { isSampleFast, type Result, validateSample } from "../core/index.js";
import type { Scorer } from "../recipe/index.js";

/** A line that parsed as JSON (`value`), or one that cannot be a sample (`error`, with line number). */
export type Entry = { value: unknown; line: number } | { error: string; line: number; id?: string | number };

/**
 * Parses one input line. A blank or whitespace-only line and a line that is not JSON become an
 * error entry whose message starts with `line N:`.
 * @example
 * parseLine("", 3); // { error: "line 3: blank line (no sample)", line: 3 }
 */
export function parseLine(text: string, line: number): Entry {
  if (!text.trim()) return { error: `line ${line}: blank line (no sample)`, line };
  try {
    return { value: JSON.parse(text), line };
  } catch (error) {
    return { error: `line ${line}: not valid JSON: ${(error as Error).message}`, line };
  }
}

/**
 * The result of a line that is not a sample: same shape as the scorer's results (every component
 * null, advantage 0 when the recipe computes advantages) with one `invalid_sample` issue.
 * @example
 * invalidResult(scorer, "line 3: blank line (no sample)");
 */
export function invalidResult(scorer: Scorer, message: string, id?: string | number): Result {
  const components: Record<string, null> = {};
  for (const name of scorer.names) components[name] = null;
  const result = {} as Result;
  if (id !== undefined) result.id = id;
  result.reward = null;
  result.components = components;
  if (scorer.advantage) result.advantage = 0;
  result.issues = [{ reward: "sample", code: "invalid_sample", message }];
  return result;
}

/**
 * Puts the input line number in front of a schema error (`line 7: completion: …`), which the
 * scorer cannot know.
 * @example
 * numberSchemaError(result, 7);
 */
export function numberSchemaError(result: Result, line: number): void {
  for (const issue of result.issues) {
    if (issue.code === "invalid_sample" && issue.reward === "sample" && !issue.message.startsWith("line "))
      issue.message = `line ${line}: ${issue.message}`;
  }
}

/**
 * The group key of a parsed line, read from its raw `group` field (a string or a number, as the
 * sample schema allows), or the pooled key when it has none. Read raw on purpose: every line that
 * names a group goes with that group, whether or not the scorer finds it a valid sample, so a
 * group is never split; the scorer pools invalid samples under the ungrouped key, which
 * {@link RunTally} merges across batches.
 * @example
 * groupKeyOf({ completion: "x", group: 3 }); // "3"
 * groupKeyOf({ completion: "x" }); // "(ungrouped)"
 */
export function groupKeyOf(value: unknown): string {
  if (value === null || typeof value !== "object") return UNGROUPED;
  const group = (value as { group?: unknown }).group;
  return typeof group === "string" || typeof group === "number" ? String(group) : UNGROUPED;
}

/**
 * Whether the scorer will take a parsed line as a sample (then it counts in its group's
 * statistics; otherwise it is pooled as ungrouped with reward null).
 * @example
 * isValidSample({ completion: "x" }); // true
 */
export function isValidSample(value: unknown): boolean {
  return isSampleFast(value) || validateSample(value).ok;
}

/** The output went away (a closed pipe, a failed file): the run cannot go on. */
export class OutputClosedError extends Error {
  constructor(cause?: unknown) {
    super(`output closed${cause instanceof Error ? `: ${cause.message}` : ""}`);
    this.name = "OutputClosedError";
  }
}

/**
 * Writes text and waits for the stream to drain when its buffer is full; rejects instead of
 * waiting forever when the stream errors or closes first.
 * @example
 * await writeText(process.stdout, `${JSON.stringify(result)}\n`);
 */
export async function writeText(out: Writable, text: string): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new OutputClosedError(out.errored);
  if (out.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: unknown) => {
      out.off("drain", onDrain);
      out.off("close", onClose);
      out.off("error", onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onDrain = () => done();
    const onClose = (error?: unknown) => done(new OutputClosedError(error ?? out.errored));
    out.on("drain", onDrain);
    out.on("close", onClose);
    out.on("error", onClose);
  });
}

/** Characters of output collected before one write. */
export const WRITE_CHARS = 1 << 20;
