/**
 * The closed set of issue codes a reward, the scorer or a door can attach to a result.
 *
 * An issue says why a sample scored what it scored (usually 0 or `null`): bad model output is
 * normal, so it is reported as data, never thrown. Every code is documented here, in one place.
 * @module
 */

/**
 * Every issue code with the one-line meaning shown in docs, `plaudit presets --json` and the UI.
 * @example
 * ISSUE_CODES.no_box_found; // "no bounding box in any accepted format was found in the answer"
 */
export const ISSUE_CODES = {
  invalid_sample: "the input line or object is not valid JSON or does not match the sample schema",
  no_answer_tag: "the completion has no <answer>…</answer> (or the configured tag) where one is required",
  no_think_tag: "the completion has no <think>…</think> where one is required",
  format_mismatch: "the completion does not match the required format",
  no_box_found: "no bounding box in any accepted format was found in the answer",
  invalid_box:
    "a box was found but is not usable (not 4 finite numbers, or x2 < x1 / y2 < y1 where that matters)",
  degenerate_box: "a box has zero width or height, so the metric is undefined for it",
  no_point_found: "no (x, y) point or box was found in the answer",
  no_choice_found: "no choice letter / option was found in the answer",
  no_number_found: "no number was found in the answer",
  unparseable_answer: "the answer was found but could not be parsed (JSON, LaTeX, list, …)",
  empty_answer: "the extracted answer is empty",
  reference_missing: "the sample has no `reference` but this reward needs one",
  reference_unparseable: "the sample's `reference` could not be parsed into the shape this reward accepts",
  missing_image_size: "a coordinate frame needs `image` or `input_image` size and the sample lacks it",
  missing_meta: "a `meta` key this reward reads is absent",
  invalid_meta: "a `meta` value this reward reads has the wrong type or is not finite",
  non_finite: "a computation produced NaN or Infinity; the value was replaced as documented",
  legacy_error:
    "the released reference code raises or divides by zero on this input; legacy mode scores it as 0",
  timeout: "the check did not finish within its time limit",
  input_too_large: "the input exceeds the size this metric can score within its work budget; scored 0",
  reward_error: "the reward threw an unexpected error (a bug in plaudit: please report it)",
  judge_error:
    "the model server failed (connection error, HTTP error after retries, or a reply that breaks its protocol); scored null, never 0",
  judge_timeout: "the model server did not answer within the endpoint's timeoutMs on any try; scored null",
  judge_unparseable:
    "the judge answered, but its reply does not match the template's output contract; scored null (the reply's start is in the message)",
  judge_label_missing: "none of the configured labels is among the judge's top logprobs; scored null, not 0",
  group_too_small: "a group reward needs at least two scorable samples in the group; scored null",
  image_not_allowed:
    "an image path lies outside the allowed roots, or an image URL was given while URLs are not allowed; nothing was read",
  image_unreadable: "an image could not be read or decoded (missing file, bad base64, unknown format)",
} as const;

/** A closed union of issue codes; see {@link ISSUE_CODES} for their meaning. */
export type IssueCode = keyof typeof ISSUE_CODES;

/** One issue attached to a result. `reward` is the component name, or `"sample"` for the sample itself. */
export interface Issue {
  reward: string;
  code: IssueCode;
  message: string;
}

/**
 * Whether a string is a known issue code.
 * @example
 * isIssueCode("no_box_found"); // true
 */
export function isIssueCode(code: string): code is IssueCode {
  return Object.hasOwn(ISSUE_CODES, code);
}
