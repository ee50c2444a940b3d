/**
 * How long a completion is. plaudit has no tokenizer: token lengths come from the sample's
 * `meta` (`completion_ids`, an array of token ids, or `completion_tokens`, a count), as trainers
 * already have them; character lengths count code points, as Python's `len(str)` does.
 * @module
 */
import { z } from "zod";
import type { Sample, ScoreContext } from "../../core/index.js";

/**
 * The unit of a length: `tokens` (from `meta`) or `characters` (code points).
 * @example
 * LengthUnitSchema.parse("characters"); // "characters"
 * LengthUnitSchema.safeParse("words").success; // false
 */
export const LengthUnitSchema = z.enum(["tokens", "characters"]);
export type LengthUnit = z.output<typeof LengthUnitSchema>;

/**
 * Number of code points of a string (Python `len`), not UTF-16 units.
 * @example
 * codePointLength("a😀"); // 2
 */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/**
 * The token ids of the completion from `meta.completion_ids`, or `null` with issue
 * `missing_required_meta` / `invalid_meta` (both data errors).
 * @example
 * completionTokenIds({ completion: "", meta: { completion_ids: [1, 2] } }, ctx); // [1, 2]
 */
export function completionTokenIds(sample: Sample, ctx: ScoreContext): readonly number[] | null {
  const ids = sample.meta?.completion_ids;
  if (ids === undefined || ids === null) {
    ctx.report("missing_required_meta", "meta.completion_ids is absent (plaudit has no tokenizer)");
    return null;
  }
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === "number" && Number.isFinite(id))) {
    ctx.report("invalid_meta", "meta.completion_ids must be an array of numbers");
    return null;
  }
  return ids as number[];
}

/**
 * The completion length in `unit`. Tokens: `meta.completion_ids.length`, else
 * `meta.completion_tokens` (a non-negative integer); otherwise `null` with issue
 * `missing_required_meta` (or `invalid_meta` for a wrong type): broken data, not "does not apply". Characters: code points of `completion`.
 * @example
 * completionLength({ completion: "héllo" }, "characters", ctx); // 5
 */
export function completionLength(sample: Sample, unit: LengthUnit, ctx: ScoreContext): number | null {
  if (unit === "characters") return codePointLength(sample.completion);
  const meta = sample.meta;
  const ids = meta?.completion_ids;
  if (Array.isArray(ids)) return ids.length;
  const count = meta?.completion_tokens;
  if (typeof count === "number" && Number.isInteger(count) && count >= 0) return count;
  if ((ids === undefined || ids === null) && (count === undefined || count === null)) {
    ctx.report(
      "missing_required_meta",
      "token length needs meta.completion_ids or meta.completion_tokens (plaudit has no tokenizer)",
    );
  } else {
    ctx.report(
      "invalid_meta",
      "meta.completion_ids must be an array, meta.completion_tokens a non-negative integer",
    );
  }
  return null;
}
