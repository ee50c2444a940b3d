/**
 * The `answer.exact` reward: normalised exact match against one or several acceptable answers.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { collapsePythonWhitespace, pythonSplit, pythonStrip } from "../../parse/python/index.js";
import { AnswerTagSchema, answerText, referenceStrings, unwrapAnswer } from "./extract.js";

const PUNCTUATION = /[\p{P}\p{S}]/gu;

/** Normalisation options of {@link exactAnswer}. */
export interface ExactNormalization {
  caseSensitive: boolean;
  whitespace: "keep" | "collapse" | "remove";
  stripPunctuation: boolean;
}

/**
 * Normalises a string for exact matching: optional punctuation and symbol removal (Unicode
 * `\p{P}` and `\p{S}`), whitespace kept / collapsed to single spaces / removed, then stripped,
 * and lowercased unless `caseSensitive`.
 * @example
 * normalizeExact(" The  Cat! ", { caseSensitive: false, whitespace: "collapse", stripPunctuation: true }); // "the cat"
 */
export function normalizeExact(text: string, options: ExactNormalization): string {
  let out = options.stripPunctuation ? text.replace(PUNCTUATION, "") : text;
  if (options.whitespace === "collapse") out = collapsePythonWhitespace(pythonStrip(out));
  else if (options.whitespace === "remove") out = pythonSplit(out).join("");
  out = pythonStrip(out);
  return options.caseSensitive ? out : out.toLowerCase();
}

/**
 * 1 when the normalised answer equals one of the normalised acceptable references, else 0.
 * The answer is the last `<answer>…</answer>` by default (`answerTag`), falling back to the
 * whole completion unless `requireTag`; references are a string, a number or a list of them,
 * with a wrapping `<answer>…</answer>` taken off. Default normalisation: case-insensitive,
 * whitespace collapsed, punctuation kept. An empty answer scores 0 (issue `empty_answer`).
 * No paper: the common exact-match rule (e.g. VLM-R1's `all_match` without its `clean_text`).
 * @example
 * exactAnswer().score({ completion: "<answer> Paris </answer>", reference: ["paris", "Paris, France"] }, ctx); // 1
 */
export const exactAnswer = defineReward({
  type: "answer.exact",
  description: "Normalised exact match of the answer against one or more acceptable references.",
  docs: {
    formula: "1 if normalise(answer) equals normalise(r) for some acceptable reference r, else 0",
    reads: { fields: ["completion", "reference"] },
    deviations: [],
  },
  config: z.strictObject({
    answerTag: AnswerTagSchema.default("last").describe(
      "Which <answer>…</answer> holds the answer: `first` or `last` occurrence.",
    ),
    requireTag: z
      .boolean()
      .default(false)
      .describe(
        "When true, a completion without the tag scores 0 (`no_answer_tag`) instead of using the whole text.",
      ),
    caseSensitive: z
      .boolean()
      .default(false)
      .describe("Compare case-sensitively (default: case-insensitive)."),
    whitespace: z
      .enum(["keep", "collapse", "remove"])
      .default("collapse")
      .describe("Whitespace normalisation: keep, collapse runs to one space, or remove."),
    stripPunctuation: z.boolean().default(false).describe("Remove punctuation before comparing."),
  }),
  create: (config) => ({
    score(sample, ctx) {
      const references = referenceStrings(sample.reference, ctx);
      if (!references) return null;
      const raw = answerText(sample.completion, config.answerTag, config.requireTag, ctx);
      if (raw === null) return 0;
      const answer = normalizeExact(raw, config);
      if (answer === "") {
        ctx.report("empty_answer", "the answer is empty after normalisation");
        return 0;
      }
      for (const reference of references)
        if (normalizeExact(unwrapAnswer(reference), config) === answer) return 1;
      return 0;
    },
  }),
});
