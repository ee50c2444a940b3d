/**
 * The `text.similarity` reward: one of the deterministic metrics of OpenAI's `text_similarity`
 * grader between the answer and the reference.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { AnswerTagSchema, answerText, referenceStrings, unwrapAnswer } from "../answer/extract.js";
import { boundedLevenshteinRatio } from "./lcs.js";
import { bleu, rougeL, rougeN, squadNormalize, tokenF1 } from "./metrics.js";

/**
 * The metrics `text.similarity` computes.
 * @example
 * TextMetricSchema.parse("rouge-l"); // "rouge-l"
 */
export const TextMetricSchema = z.enum([
  "exact",
  "levenshtein",
  "token-f1",
  "rouge-1",
  "rouge-2",
  "rouge-l",
  "bleu",
]);
export type TextMetric = z.output<typeof TextMetricSchema>;

/**
 * Similarity in [0, 1] between the answer (the last `<answer>` by default, else the whole
 * completion) and the reference (a string, or a list of acceptable strings: the best score is
 * kept; BLEU uses them all as references).
 *
 * Metrics (OpenAI RFT `text_similarity`, protocols.md A4; `openai/openai-node@7b7d6ca:
 * src/resources/graders/grader-models.ts`):
 * - `exact`: 1 if equal after normalisation (SQuAD normalisation by default), else 0;
 * - `levenshtein`: python-Levenshtein / rapidfuzz `ratio` = `2·LCS / (|a| + |b|)` over code points
 *   (OpenAI's `fuzzy_match`, divided by 100);
 * - `token-f1`: SQuAD token F1;
 * - `rouge-1`, `rouge-2`, `rouge-l`: `rouge-score` F-measures (default tokenizer, no stemmer);
 * - `bleu`: `sacrebleu.sentence_bleu(...).score / 100`.
 *
 * `normalize` is applied to both sides before the metric (`lowercase`, or `squad`: lowercase,
 * no punctuation or articles, collapsed whitespace); its default is `squad` for `exact` and
 * `none` otherwise. Embedding cosine, GLEU and METEOR are not offered (not deterministic or not
 * dependency-light). A Levenshtein ratio between two inputs that are both huge (more than
 * 2·10⁸ word operations) scores 0 with issue `input_too_large`.
 * @example
 * const r = textSimilarity({ metric: "rouge-l" });
 * r.score({ completion: "<answer>the cat lay on the mat</answer>", reference: "the cat sat on the mat" }, ctx); // 0.8333
 */
export const textSimilarity = defineReward({
  type: "text.similarity",
  description:
    "Text similarity to the reference: exact, levenshtein, token-f1, rouge-1/2/l or bleu, in [0, 1].",
  docs: {
    formula:
      "the configured metric (exact, levenshtein ratio, token-f1, rouge-1/2/l, bleu) of answer and reference in [0, 1], best over references",
    reads: { fields: ["completion", "reference"] },
    deviations: [],
  },
  config: z.strictObject({
    metric: TextMetricSchema.default("levenshtein").describe(
      "The similarity metric: exact, levenshtein, token-f1, rouge-1, rouge-2, rouge-l or bleu.",
    ),
    answerTag: AnswerTagSchema.default("last").describe(
      "Which <answer>…</answer> holds the answer: `first` or `last` occurrence.",
    ),
    requireTag: z
      .boolean()
      .default(false)
      .describe(
        "When true, a completion without the tag scores 0 (`no_answer_tag`) instead of using the whole text.",
      ),
    normalize: z
      .enum(["none", "lowercase", "squad"])
      .optional()
      .describe(
        "Normalisation of both sides: none, lowercase or squad (default: squad for exact, none otherwise).",
      ),
    rougeTokenizer: z
      .enum(["rouge-score", "unicode"])
      .default("rouge-score")
      .describe("ROUGE tokenizer: `rouge-score`'s default (ASCII letters and digits) or `unicode`."),
  }),
  create: (config) => {
    const normalizeMode = config.normalize ?? (config.metric === "exact" ? "squad" : "none");
    const normalize = (text: string): string =>
      normalizeMode === "squad"
        ? squadNormalize(text)
        : normalizeMode === "lowercase"
          ? text.toLowerCase()
          : text;
    return {
      score(sample, ctx) {
        const references = referenceStrings(sample.reference, ctx);
        if (!references) return null;
        const raw = answerText(sample.completion, config.answerTag, config.requireTag, ctx);
        if (raw === null) return 0;
        const answer = normalize(raw);
        const golds = references.map((r) => normalize(unwrapAnswer(r)));
        if (config.metric === "bleu") return bleu(answer, golds);
        let best = 0;
        for (const gold of golds) {
          let value: number;
          switch (config.metric) {
            case "exact":
              value = answer === gold ? 1 : 0;
              break;
            case "levenshtein": {
              const ratio = boundedLevenshteinRatio(answer, gold);
              if (ratio === null)
                ctx.report("input_too_large", "both strings are too long for a Levenshtein ratio");
              value = ratio ?? 0;
              break;
            }
            case "token-f1":
              value = tokenF1(answer, gold);
              break;
            case "rouge-1":
              value = rougeN(answer, gold, 1, config.rougeTokenizer);
              break;
            case "rouge-2":
              value = rougeN(answer, gold, 2, config.rougeTokenizer);
              break;
            default:
              value = rougeL(answer, gold, config.rougeTokenizer);
          }
          if (value > best) best = value;
        }
        return best;
      },
    };
  },
});
