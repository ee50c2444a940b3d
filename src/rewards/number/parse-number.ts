/**
 * Numbers as answers write them: signs (including the Unicode minus), thousands separators,
 * decimals, scientific notation (`1.2e3`, `1.2 × 10^3`, `1.2\times10^{3}`), simple fractions,
 * percent, and trailing units (ignored). One linear regex scan.
 * @module
 */

/** A number found in text. */
export interface FoundNumber {
  /** The value as written (`50%` is 50). */
  value: number;
  /** Whether a `%` followed it. */
  percent: boolean;
}

// Digits are mandatory, so the optional tails (each scanning one whitespace run once) only run
// after a number and the scan stays linear. Thousands groups need exactly three digits.
const NUMBER =
  /(?<![\p{L}\p{N}.])([-+\u2212]?)(?:(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?|(\.\d+))(?:\s*(?:[eE]|[x×*]\s*10\s*\^|\\times\s*10\s*\^)\s*\{?\s*([-+\u2212]?\d+)\s*\}?)?(?:\s*\/\s*(\d+(?:\.\d+)?))?(\s*(?:\\?%|percent\b))?/gu;

/**
 * Every number in `text`, left to right. A number needs digits before or after its point and
 * may not start inside a word (`v2` has none); a minus right after a letter is not a sign
 * (`x-3` gives 3). Values that overflow to ±Infinity are skipped.
 * @example
 * findNumbers("about 1,234.5 km or 1.2e3 (50%)"); // [{1234.5}, {1200}, {50, percent}]
 */
export function findNumbers(text: string): FoundNumber[] {
  const out: FoundNumber[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m !== null; m = NUMBER.exec(text)) {
    const [, sign, integer, integerFraction, bareFraction, exponent, denominator, percent] = m;
    const fraction = integerFraction ?? bareFraction;
    let value = Number(`${integer ? integer.replaceAll(",", "") : "0"}${fraction ?? ""}`);
    if (exponent !== undefined) value *= 10 ** Number(exponent.replace("\u2212", "-"));
    if (denominator !== undefined) value /= Number(denominator);
    if (sign === "-" || sign === "\u2212") value = -value;
    if (Number.isFinite(value)) out.push({ value, percent: percent !== undefined });
  }
  return out;
}

/**
 * The candidate values a found number stands for: `50%` may mean 50 or 0.5 (`lenient`), or
 * only 0.5 (`strict`); a plain number is itself.
 * @example
 * numberCandidates({ value: 50, percent: true }, "lenient"); // [50, 0.5]
 */
export function numberCandidates(found: FoundNumber, percent: "lenient" | "strict"): number[] {
  if (!found.percent) return [found.value];
  return percent === "strict" ? [found.value / 100] : [found.value, found.value / 100];
}
