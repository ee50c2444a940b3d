/**
 * VLM-R1's `extract_choice`: the single capital letter a free-form answer picks, with its
 * keyword heuristics when several letters qualify.
 * @module
 */
import { collapsePythonWhitespace } from "../../parse/python/index.js";

const CANDIDATE = /(?<![A-Z])[A-Z](?=[.,?!:;]|$)/g;
const KEYWORDS = [
  "答案",
  "选择",
  "正确",
  "是",
  "对",
  "ANSWER",
  "CORRECT",
  "CHOOSE",
  "SELECT",
  "RIGHT",
  "认为",
  "应该",
  "觉得",
  "THINK",
  "BELIEVE",
  "SHOULD",
];
const FOLLOWING_PUNCTUATION = "。.!！,，";
const SURROGATE = /[\ud800-\udfff]/;

/**
 * The choice letter of a text, exactly as VLM-R1's `extract_choice`
 * (`om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:116`): uppercase,
 * collapse whitespace, collect capital letters not preceded by `A–Z` and followed by one of
 * `.,?!:;` or the end. One candidate is the answer. With several, each occurrence in the list
 * scores its letter (so a repeated letter scores repeatedly), using the letter's *first* position
 * anywhere in the text: +1 per keyword in the 20 characters either side, +2 if that position lies
 * in the last 30 % of the text, +1 if followed by `。.!！,，`; the first letter with the highest
 * score wins. Positions count code points, as Python does.
 * @example
 * extractChoice("The answer is B."); // "B"
 * extractChoice("A: no. I think the answer is C."); // "C"
 * extractChoice("no letter here"); // null
 */
export function extractChoice(text: string): string | null {
  const upper = collapsePythonWhitespace(text.toUpperCase());
  const counts = new Map<string, number>();
  for (const match of upper.matchAll(CANDIDATE)) {
    const letter = match[0];
    counts.set(letter, (counts.get(letter) ?? 0) + 1);
  }
  if (counts.size === 0) return null;
  if (counts.size === 1 && [...counts.values()][0] === 1) return [...counts.keys()][0]!;
  // Python indexes code points; go through an array only when the text has astral characters.
  const chars: string[] | string = SURROGATE.test(upper) ? Array.from(upper) : upper;
  const length = chars.length;
  const join = (from: number, to: number): string =>
    typeof chars === "string" ? chars.slice(from, to) : chars.slice(from, to).join("");
  const find = (letter: string): number =>
    typeof chars === "string" ? chars.indexOf(letter) : chars.indexOf(letter);
  let best: string | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const [letter, occurrences] of counts) {
    const position = find(letter);
    const context = join(Math.max(0, position - 20), Math.min(length, position + 20));
    let score = 0;
    for (const keyword of KEYWORDS) if (context.includes(keyword)) score++;
    if (position > length * 0.7) score += 2;
    if (position < length - 1 && FOLLOWING_PUNCTUATION.includes(chars[position + 1]!)) score++;
    // Every occurrence in the candidate list adds the same points for its letter.
    const total = score * occurrences;
    if (total > bestScore) {
      bestScore = total;
      best = letter;
    }
  }
  return best;
}
