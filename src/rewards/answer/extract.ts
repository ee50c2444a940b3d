/**
 * Shared answer plumbing for the answer, choice, number and text families: taking the answer
 * span out of a completion (first or last `<answer>…</answer>`, DOTALL, as `re.search` /
 * `re.findall(...)[-1]` find it) and reading a reference given as a string, a number or a list.
 * @module
 */
import { z } from "zod";
import type { ScoreContext } from "../../core/index.js";
import { extractTag } from "../../parse/index.js";
import { pythonStrip } from "../../parse/python/index.js";

/**
 * Which `<answer>` span to score: the first, the last, or none (the whole completion).
 * @example
 * AnswerTagSchema.options; // ["first", "last", "none"]
 */
export const AnswerTagSchema = z.enum(["first", "last", "none"]);
export type AnswerTag = z.output<typeof AnswerTagSchema>;

/**
 * The answer text of a completion, stripped (Python whitespace). With `tag` `first`/`last` and no
 * `<answer>` span, the whole completion is used, as the reference code falls back; when
 * `requireTag` is set it is `null` instead, with issue `no_answer_tag`.
 * @example
 * answerText("<think>x</think><answer> B </answer>", "last", false, ctx); // "B"
 */
export function answerText(
  completion: string,
  tag: AnswerTag,
  requireTag: boolean,
  ctx: ScoreContext,
): string | null {
  if (tag === "none") return pythonStrip(completion);
  const content = extractTag(completion, { occurrence: tag });
  if (content !== null) return pythonStrip(content);
  if (requireTag) {
    ctx.report("no_answer_tag", "no <answer>…</answer> in the completion");
    return null;
  }
  return pythonStrip(completion);
}

/**
 * A reference as a list of acceptable strings: a string, a finite number, or an array of those.
 * `null` (with issue `reference_missing` or `reference_unparseable`) for anything else.
 * @example
 * referenceStrings(["A", 3], ctx); // ["A", "3"]
 */
export function referenceStrings(reference: unknown, ctx: ScoreContext): string[] | null {
  if (reference === undefined || reference === null) {
    ctx.report("reference_missing", "the sample has no reference");
    return null;
  }
  const one = (value: unknown): string | null => {
    if (typeof value === "string") return value;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    return null;
  };
  const list = Array.isArray(reference) ? reference.map(one) : [one(reference)];
  if (list.length === 0 || list.some((v) => v === null)) {
    ctx.report(
      "reference_unparseable",
      "the reference must be a string, a number or a non-empty list of them",
    );
    return null;
  }
  return list as string[];
}

/**
 * A reference string with the content of its first `<answer>…</answer>` taken out when it has
 * one (datasets wrap solutions as `<answer> A </answer>`), stripped.
 * @example
 * unwrapAnswer("<answer> A,C </answer>"); // "A,C"
 */
export function unwrapAnswer(reference: string): string {
  const content = extractTag(reference, { occurrence: "first" });
  return pythonStrip(content ?? reference);
}
