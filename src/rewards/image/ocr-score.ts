/**
 * The OCR text reward of Flow-GRPO (Liu et al., "Flow-GRPO: Training Flow Matching Models via
 * Online RL", arXiv:2505.05470; yifan123/flow_grpo@ac4c86e: flow_grpo/ocr.py `OcrScorer`), pure:
 * the recognised text and the target lose their spaces and are lower-cased; a target contained
 * in the recognised text scores 1; otherwise `d = min(levenshtein(recognised, target), |target|)`
 * and the reward is `1 − d / |target|`.
 * @module
 */

/**
 * The text a prompt asks to render: what lies between its first two double quotes, as the
 * released code takes `prompt.split('"')[1]`; `undefined` when the prompt quotes nothing.
 * @example
 * quotedTarget('A neon sign that says "OPEN 24h" on a wall'); // "OPEN 24h"
 */
export function quotedTarget(prompt: string): string | undefined {
  const parts = prompt.split('"');
  return parts.length >= 3 ? parts[1] : undefined;
}

/**
 * Removes spaces (only U+0020, as `str.replace(' ', '')`) and lower-cases.
 * @example
 * normalizeOcrText("Hello World"); // "helloworld"
 */
export function normalizeOcrText(text: string): string {
  return text.replaceAll(" ", "").toLowerCase();
}

/**
 * Levenshtein distance over code points (unit costs), two rows; stops early once every entry of
 * a row exceeds `cap` (the result is then `cap + 1` or more, which the reward clips anyway).
 * @example
 * levenshtein("kitten", "sitting"); // 3
 */
export function levenshtein(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let previous = new Array<number>(y.length + 1);
  let current = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) previous[j] = j;
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > cap) return rowMin;
    [previous, current] = [current, previous];
  }
  return previous[y.length]!;
}

/**
 * Flow-GRPO's OCR reward of recognised text against the target text (see the module comment).
 * Returns `undefined` for an empty target (the released code divides by zero).
 * @example
 * ocrTextReward("HELLO W0RLD", "Hello World"); // 1 - 1/10 = 0.9
 */
export function ocrTextReward(recognised: string, target: string): number | undefined {
  const text = normalizeOcrText(recognised);
  const want = normalizeOcrText(target);
  const length = Array.from(want).length;
  if (length === 0) return undefined;
  if (text.includes(want)) return 1;
  const distance = Math.min(levenshtein(text, want, length), length);
  return 1 - distance / length;
}
