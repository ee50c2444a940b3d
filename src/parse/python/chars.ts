/**
 * Character classes of Python's `re` module for `str` patterns, which the released GUI rewards
 * rely on: `\s` is any character for which `str.isspace()` holds and `\d` is any Unicode decimal
 * digit (category Nd), not just ASCII. JavaScript's `\s` and `\d` differ from both, so the hand
 * written scanners of this folder use these predicates instead.
 * @module
 */
import { isPythonSpace } from "./whitespace.js";

export { isPythonSpace };

/**
 * Whitespace that Python's `float()` strips: ASCII `isspace` (space, `\t\n\v\f\r`) and every
 * non-ASCII `str.isspace()` character, but not `\x1c`–`\x1f`. So `float("\x1c1")` raises although
 * `re` counts `\x1c` as `\s`: a regex match whose group holds one of them fails to convert.
 * @example
 * isFloatStrippable(0x00a0); // true (NO-BREAK SPACE)
 * isFloatStrippable(0x1c); // false (`\s` in a regex, but float() rejects it)
 */
export function isFloatStrippable(code: number): boolean {
  return isPythonSpace(code) && (code < 0x1c || code > 0x1f);
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * Whether a code point is a Unicode decimal digit (Python's `\d`).
 * @example
 * isDecimalDigit(0x0663); // true (ARABIC-INDIC DIGIT THREE)
 * isDecimalDigit(0x00b2); // false (SUPERSCRIPT TWO is not Nd)
 */
export function isDecimalDigit(codePoint: number): boolean {
  if (codePoint < 0x80) return codePoint >= 0x30 && codePoint <= 0x39;
  return DECIMAL_DIGIT.test(String.fromCodePoint(codePoint));
}

/**
 * The value 0–9 of a decimal digit code point. Unicode keeps every Nd digit in a contiguous run of
 * ten (0 to 9; some runs touch, making multiples of ten), so the value is the offset from the
 * start of the run, modulo 10.
 * @example
 * decimalDigitValue(0x0663); // 3 (ARABIC-INDIC DIGIT THREE)
 */
export function decimalDigitValue(codePoint: number): number {
  if (codePoint < 0x80) return codePoint - 0x30;
  let start = codePoint;
  while (isDecimalDigit(start - 1)) start--;
  return (codePoint - start) % 10;
}
