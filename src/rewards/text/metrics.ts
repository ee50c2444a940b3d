/**
 * Deterministic text-similarity metrics, the set OpenAI's `text_similarity` grader offers:
 * SQuAD token F1, ROUGE-1/2/L as Google's `rouge-score` computes them (default tokenizer, no
 * stemmer), and sentence BLEU as `sacrebleu.sentence_bleu` computes it (13a tokenizer, `exp`
 * smoothing, effective order), scaled to [0, 1]. The Levenshtein ratio lives in `lcs.ts`.
 * @module
 */

import { pythonSplit } from "../../parse/python/index.js";
import { lcsLength } from "./lcs.js";

const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
const ARTICLES = /\b(?:a|an|the)\b/g;

/**
 * SQuAD's `normalize_answer`: lowercase, drop ASCII punctuation, drop the articles a/an/the,
 * collapse whitespace.
 * @example
 * squadNormalize("The  Cat's hat."); // "cats hat"
 */
export function squadNormalize(text: string): string {
  return pythonSplit(text.toLowerCase().replace(ASCII_PUNCTUATION, "").replace(ARTICLES, " ")).join(" ");
}

function countTokens(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let same = 0;
  for (const [token, count] of a) {
    const other = b.get(token);
    if (other) same += Math.min(count, other);
  }
  return same;
}

function fMeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/**
 * SQuAD token F1 between a prediction and a reference, after {@link squadNormalize}. When either
 * side has no tokens the score is 1 if both are empty, else 0 (as SQuAD v2's `compute_f1`).
 * @example
 * tokenF1("the cat sat", "a cat sat down"); // 0.8
 */
export function tokenF1(prediction: string, reference: string): number {
  const pred = pythonSplit(squadNormalize(prediction));
  const gold = pythonSplit(squadNormalize(reference));
  if (pred.length === 0 || gold.length === 0) return pred.length === gold.length ? 1 : 0;
  const same = overlap(countTokens(pred), countTokens(gold));
  if (same === 0) return 0;
  return fMeasure(same / pred.length, same / gold.length);
}

/** How ROUGE splits text into tokens. */
export type RougeTokenizer = "rouge-score" | "unicode";

const ROUGE_SCORE_NON_WORD = /[^a-z0-9]+/g;
const UNICODE_NON_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * ROUGE tokens. `rouge-score` is the Python package's default tokenizer: lowercase, every run
 * of characters outside `[a-z0-9]` is a separator, so non-Latin text has no tokens at all.
 * `unicode` keeps letters and digits of every script (a plaudit extension for non-English data).
 * @example
 * rougeTokens("Hello, World-2!"); // ["hello", "world", "2"]
 */
export function rougeTokens(text: string, tokenizer: RougeTokenizer = "rouge-score"): string[] {
  const lower = text.toLowerCase();
  const spaced =
    tokenizer === "unicode" ? lower.replace(UNICODE_NON_WORD, " ") : lower.replace(ROUGE_SCORE_NON_WORD, " ");
  return pythonSplit(spaced);
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? tokens[i]! : tokens.slice(i, i + n).join("\u0000");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const c of counts.values()) sum += c;
  return sum;
}

/**
 * ROUGE-N F-measure as `rouge_score.rouge_scorer` computes it: clipped n-gram overlap,
 * `P = overlap / max(#pred n-grams, 1)`, `R = overlap / max(#ref n-grams, 1)`, `F = 2PR/(P+R)`.
 * @example
 * rougeN("the cat sat", "the cat sat down", 1); // 0.8571428571428571
 */
export function rougeN(
  prediction: string,
  reference: string,
  n: number,
  tokenizer: RougeTokenizer = "rouge-score",
): number {
  const pred = ngramCounts(rougeTokens(prediction, tokenizer), n);
  const gold = ngramCounts(rougeTokens(reference, tokenizer), n);
  const same = overlap(pred, gold);
  return fMeasure(same / Math.max(total(pred), 1), same / Math.max(total(gold), 1));
}

/**
 * ROUGE-L F-measure: `P = LCS / |pred|`, `R = LCS / |ref|` over tokens; 0 when either side is empty.
 * @example
 * rougeL("the cat sat on the mat", "the cat lay on the mat"); // 0.8333333333333334
 */
export function rougeL(
  prediction: string,
  reference: string,
  tokenizer: RougeTokenizer = "rouge-score",
): number {
  const pred = rougeTokens(prediction, tokenizer);
  const gold = rougeTokens(reference, tokenizer);
  if (pred.length === 0 || gold.length === 0) return 0;
  const ids = new Map<string, number>();
  const toIds = (tokens: string[]): number[] =>
    tokens.map((t) => {
      let id = ids.get(t);
      if (id === undefined) {
        id = ids.size;
        ids.set(t, id);
      }
      return id;
    });
  const lcs = lcsLength(toIds(pred), toIds(gold));
  return fMeasure(lcs / pred.length, lcs / gold.length);
}

const BLEU_PUNCTUATION = /([{-~[-` -&(-+:-@/])/g;
const BLEU_PERIOD_AFTER = /([^0-9])([.,])/g;
const BLEU_PERIOD_BEFORE = /([.,])([^0-9])/g;
const BLEU_DASH = /([0-9])(-)/g;

/**
 * sacrebleu's `13a` tokenizer (the mteval-v13a rules): punctuation split off, periods and commas
 * split unless inside a number, a dash after a digit split.
 * @example
 * tokenize13a("Hello, world. 3.5-4"); // ["Hello", ",", "world", ".", "3.5", "-", "4"]
 */
export function tokenize13a(text: string): string[] {
  let line = text.replaceAll("<skipped>", "").replaceAll("-\n", "").replaceAll("\n", " ");
  if (line.includes("&")) {
    line = line
      .replaceAll("&quot;", '"')
      .replaceAll("&amp;", "&")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">");
  }
  line = ` ${line} `
    .replace(BLEU_PUNCTUATION, " $1 ")
    .replace(BLEU_PERIOD_AFTER, "$1 $2 ")
    .replace(BLEU_PERIOD_BEFORE, " $1 $2")
    .replace(BLEU_DASH, "$1 $2 ");
  return pythonSplit(line);
}

const BLEU_MAX_ORDER = 4;

/**
 * Sentence BLEU in [0, 1] as `sacrebleu.sentence_bleu(pred, refs).score / 100`: 13a tokens,
 * n-grams 1–4 clipped by the maximum count over references, `exp` smoothing of zero
 * precisions, effective order, brevity penalty against the closest reference length (ties to
 * the shorter).
 * @example
 * bleu("the cat sat on the mat", ["the cat sat on the mat"]); // 1
 */
export function bleu(prediction: string, references: readonly string[]): number {
  const hyp = tokenize13a(prediction);
  const refs = references.map(tokenize13a);
  if (refs.length === 0) return 0;
  let refLength = refs[0]!.length;
  let closest = Math.abs(hyp.length - refLength);
  for (const ref of refs) {
    const diff = Math.abs(hyp.length - ref.length);
    if (diff < closest || (diff === closest && ref.length < refLength)) {
      closest = diff;
      refLength = ref.length;
    }
  }
  let logSum = 0;
  let effectiveOrder = BLEU_MAX_ORDER;
  let smooth = 1;
  const precisions: number[] = [];
  for (let n = 1; n <= BLEU_MAX_ORDER; n++) {
    const hypCounts = ngramCounts(hyp, n);
    const totalCount = Math.max(0, hyp.length - n + 1);
    if (totalCount === 0) break;
    effectiveOrder = n;
    const maxRef = new Map<string, number>();
    for (const ref of refs) {
      for (const [key, count] of ngramCounts(ref, n)) {
        if (hypCounts.has(key) && count > (maxRef.get(key) ?? 0)) maxRef.set(key, count);
      }
    }
    const correct = overlap(hypCounts, maxRef);
    if (correct === 0) {
      smooth *= 2;
      precisions.push(100 / (smooth * totalCount));
    } else precisions.push((100 * correct) / totalCount);
  }
  if (precisions.length === 0) return 0;
  for (let i = 0; i < effectiveOrder; i++) logSum += Math.log(precisions[i]!);
  const brevity = hyp.length < refLength ? (hyp.length > 0 ? Math.exp(1 - refLength / hyp.length) : 0) : 1;
  const score = (brevity * Math.exp(logSum / effectiveOrder)) / 100;
  return Math.min(1, Math.max(0, score));
}
