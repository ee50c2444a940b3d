/**
 * Data errors at the HTTP door. A data error (an issue of kind `data`: reference present but
 * unparseable, image size needed but missing, invalid sample) is broken input, never a reward:
 * `/metrics` counts the samples that have one, `/get_reward` reports them in
 * `extra_logs.data_errors`, and in strict mode (the server's `--strict` or the recipe's
 * `strict: true`) a request with any of them fails with 422 `data_errors` listing the samples.
 * @module
 */
import { type Issue, issueKind, type Result } from "../core/index.js";
import { HttpError } from "./errors.js";

/** How many failing samples a 422 lists at most (the count is always exact). */
export const MAX_LISTED_DATA_ERRORS = 1000;

/**
 * Whether a result carries an issue of kind `data`.
 * @example
 * hasDataError({ reward: null, components: {}, issues: [{ reward: "sample", code: "invalid_sample", message: "" }] }); // true
 */
export function hasDataError(result: Result): boolean {
  for (const issue of result.issues) if (issueKind(issue.code) === "data") return true;
  return false;
}

/**
 * Whether a result carries an issue of kind `server` (a judge or model server failed).
 * @example
 * hasServerError({ reward: null, components: { judge: null }, issues: [{ reward: "judge", code: "judge_timeout", message: "" }] }); // true
 */
export function hasServerError(result: Result): boolean {
  for (const issue of result.issues) if (issueKind(issue.code) === "server") return true;
  return false;
}

/** One sample listed in a 422 `data_errors` body. */
export interface DataErrorSample {
  /** Position in the request's batch. */
  index: number;
  id?: string | number;
  /** The sample's data-kind issues. */
  issues: Issue[];
}

/**
 * The 422 for a batch with data errors, or `undefined` when it has none.
 * @example
 * const failure = strictFailure(results, "gui-g2");
 * if (failure) throw failure;
 */
export function strictFailure(results: readonly Result[], recipe: string): HttpError | undefined {
  const listed: DataErrorSample[] = [];
  let count = 0;
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    if (!hasDataError(result)) continue;
    count++;
    if (listed.length >= MAX_LISTED_DATA_ERRORS) continue;
    const entry: DataErrorSample = {
      index: i,
      issues: result.issues.filter((issue) => issueKind(issue.code) === "data"),
    };
    if (result.id !== undefined) entry.id = result.id;
    listed.push(entry);
  }
  if (count === 0) return undefined;
  return new HttpError(
    422,
    "data_errors",
    `${count} of ${results.length} samples have data errors (broken input, not model output); strict mode fails the request`,
    { details: { recipe, data_errors: count, samples: listed, listed: listed.length } },
  );
}
