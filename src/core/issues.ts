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
  reference_missing:
    "the sample has no `reference`, so this reward does not apply to it (a mixed-task batch; TRL's None)",
  reference_unparseable:
    "the sample's `reference` is present but could not be parsed into the shape this reward accepts (broken data)",
  missing_image_size:
    "a coordinate frame needs the `image` or `input_image` size and the sample lacks it (broken data)",
  invalid_image_size:
    "the recipe's `inputImage` resize cannot compute `input_image` from this `image` (aspect ratio over the processor's limit, or not whole pixels; broken data)",
  missing_meta:
    "a `meta` key this reward reads only for some samples is absent, so the reward does not apply to this one",
  missing_required_meta:
    "a `meta` key this reward needs for every sample is absent (e.g. token ids: plaudit has no tokenizer; broken data)",
  invalid_meta: "a `meta` value this reward reads has the wrong type or is not finite (broken data)",
  task_not_handled:
    "the sample's `meta` routes it to a rule this reward does not implement (another reward's task), so it does not apply",
  non_finite: "a computation produced NaN or Infinity; the value was replaced as documented",
  legacy_error:
    "the released reference code raises or divides by zero on this input; legacy mode scores it as 0",
  timeout: "the check did not finish within its time limit",
  cancelled:
    "the batch was cancelled (the HTTP request's deadline passed or its client left) before this model call was sent; scored null",
  input_too_large: "the input exceeds the size this metric can score within its work budget; scored 0",
  reward_error: "the reward threw an unexpected error (a bug in plaudit: please report it)",
  group_of_one:
    "a combination or advantage that needs whole groups received a group of one sample (or fewer than the recipe's `groupSize`) where the recipe expects more",
  judge_error:
    "the model server failed (connection error, HTTP error after retries, or a reply that breaks its protocol); scored null, never 0",
  judge_timeout: "the model server did not answer within the endpoint's timeoutMs on any try; scored null",
  judge_unparseable:
    "the judge answered, but its reply does not match the template's output contract; scored null (the reply's start is in the message)",
  judge_label_missing: "none of the configured labels is among the judge's top logprobs; scored null, not 0",
  image_not_allowed:
    "an image path lies outside the allowed roots, or an image URL was given while URLs are not allowed; nothing was read",
  image_unreadable: "an image could not be read or decoded (missing file, bad base64, unknown format)",
  no_image:
    "the sample has no image with the role this reward scores (a text-to-image rollout without its `output` image)",
  no_face_found: "no face was detected in the generated image; scored 0",
  reference_no_face: "no face was detected in the reference image, so identity cannot be compared",
  model_error:
    "a local vision model failed (its worker crashed, it threw, or it could not load); scored null, never 0",
  model_timeout: "a local vision model's batch missed its deadline; the worker was replaced; scored null",
} as const;

/** A closed union of issue codes; see {@link ISSUE_CODES} for their meaning. */
export type IssueCode = keyof typeof ISSUE_CODES;

/**
 * What an issue says about its cause, which decides how the engine and every door treat it:
 * - `output`: the model's output is wrong (no tag, no box): the component scores 0; normal in RL.
 * - `not_applicable`: the reward does not apply to this sample (TRL's `None`): the component is `null`.
 * - `data`: the input data is broken (reference unparseable, image size missing, invalid sample):
 *   never passes as a reward; by default the whole sample's reward is `null`, and every door counts it.
 * - `server`: a model or judge server failed (error, timeout, a reply that does not parse): the
 *   component is `null` with a reason, never 0, and like a data error the whole sample's reward is
 *   `null` by default (a reward computed from the other components alone would change scale
 *   silently); every door counts it apart from data errors.
 * - `internal`: plaudit could not finish the computation (a bug, a timeout, a work budget).
 */
export type IssueKind = "output" | "not_applicable" | "data" | "server" | "internal";

/**
 * The kind of every issue code; typed as total, so a new code cannot be added without a kind.
 * @example
 * ISSUE_KINDS.missing_image_size; // "data"
 */
export const ISSUE_KINDS: { readonly [code in IssueCode]: IssueKind } = {
  invalid_sample: "data",
  no_answer_tag: "output",
  no_think_tag: "output",
  format_mismatch: "output",
  no_box_found: "output",
  invalid_box: "output",
  degenerate_box: "output",
  no_point_found: "output",
  no_choice_found: "output",
  no_number_found: "output",
  unparseable_answer: "output",
  empty_answer: "output",
  reference_missing: "not_applicable",
  reference_unparseable: "data",
  missing_image_size: "data",
  invalid_image_size: "data",
  missing_meta: "not_applicable",
  missing_required_meta: "data",
  invalid_meta: "data",
  task_not_handled: "not_applicable",
  non_finite: "internal",
  legacy_error: "output",
  timeout: "internal",
  cancelled: "internal",
  input_too_large: "internal",
  reward_error: "internal",
  group_of_one: "data",
  judge_error: "server",
  judge_timeout: "server",
  judge_unparseable: "server",
  judge_label_missing: "server",
  image_not_allowed: "data",
  image_unreadable: "data",
  no_image: "data",
  no_face_found: "output",
  reference_no_face: "data",
  model_error: "server",
  model_timeout: "server",
};

/**
 * The kind of an issue code; see {@link IssueKind}.
 * @example
 * issueKind("no_box_found"); // "output"
 * issueKind("reference_unparseable"); // "data"
 */
export function issueKind(code: IssueCode): IssueKind {
  return ISSUE_KINDS[code];
}

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
