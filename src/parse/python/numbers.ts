/**
 * Python semantics the released reward code relies on and JavaScript spells differently:
 * `str.strip()` and `re`'s `\s` (Unicode whitespace without U+FEFF), `re`'s `\d` (every Unicode
 * decimal digit), `int()` of a digit string (limited to 4300 digits), `max`/`min` with NaN, and
 * what counts as a number. Grounding rewards use these so a preset scores exactly what the
 * Python code scores on the same text. Python's `json.loads` is in `python-json.ts`.
 * @module
 */
import { pythonStrip } from "./whitespace.js";

/**
 * Python `re`'s `\d` on `str` patterns: any Unicode decimal digit (needs the `u` flag).
 * @example
 * new RegExp(`^${PY_DIGIT}+$`, "u").test("٣4"); // true
 */
export const PY_DIGIT = String.raw`\p{Nd}`;

const IS_DIGIT = /\p{Nd}/u;

/**
 * Python's limit on the number of digits `int(str)` converts (`sys.get_int_max_str_digits()`).
 * @example
 * pyIntFromDigits("1".repeat(PY_INT_MAX_DIGITS + 1)); // null (Python raises ValueError)
 */
export const PY_INT_MAX_DIGITS = 4300;

function digitValue(text: string, index: number): number {
  const code = text.codePointAt(index)!;
  if (code < 0x80) return code - 0x30;
  // Unicode guarantees decimal digits come in contiguous runs 0..9, so a digit's value is its
  // distance from the start of its run, modulo 10.
  let start = code;
  while (start > 0 && IS_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (code - start) % 10;
}

/**
 * Python's `int(s)` for a run of `\d` characters (as a regex group captures them), as a double;
 * `null` where Python raises (more than 4300 digits). Non-ASCII digits are converted like Python.
 * @example
 * pyIntFromDigits("0042"); // 42
 * pyIntFromDigits("٣"); // 3
 */
export function pyIntFromDigits(digits: string): number | null {
  let ascii = true;
  for (let i = 0; i < digits.length; i++) {
    if (digits.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return digits.length > PY_INT_MAX_DIGITS ? null : Number(digits);
  let count = 0;
  let value = 0;
  for (const char of digits) {
    count++;
    value = value * 10 + digitValue(char, 0);
  }
  return count > PY_INT_MAX_DIGITS ? null : value;
}

const PY_INT_TEXT = /^[+-]?\p{Nd}+(?:_\p{Nd}+)*$/u;

/**
 * Python's `int(x)` for a JSON value: numbers truncate toward zero (raising on NaN/Infinity),
 * booleans are 0/1, strings parse as decimal integers (whitespace, sign, single underscores
 * allowed); anything else raises. `null` stands for "Python raises".
 * @example
 * pyInt(12.9); // 12
 * pyInt(" 1_000 "); // 1000
 * pyInt("1.5"); // null
 */
export function pyInt(value: unknown): number | null {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) + 0 : null;
  if (typeof value !== "string") return null;
  const text = pythonStrip(value);
  if (!PY_INT_TEXT.test(text)) return null;
  const negative = text[0] === "-";
  const digits = text.replace(/^[+-]/, "").replaceAll("_", "");
  const magnitude = pyIntFromDigits(digits);
  if (magnitude === null) return null;
  return negative ? -magnitude : magnitude;
}

/**
 * Python's `max(a, b)`: the first argument unless the second compares greater, so a NaN second
 * argument is ignored and a NaN first argument is kept (Math.max would return NaN for both).
 * @example
 * pyMax(1, Number.NaN); // 1 (Math.max gives NaN)
 */
export function pyMax(a: number, b: number): number {
  // biome-ignore lint/complexity/useMathMinMax: Python's NaN semantics differ from Math.max.
  return b > a ? b : a;
}

/**
 * Python's `min(a, b)`: the first argument unless the second compares less.
 * @example
 * pyMin(Number.NaN, 1); // NaN
 */
export function pyMin(a: number, b: number): number {
  // biome-ignore lint/complexity/useMathMinMax: Python's NaN semantics differ from Math.min.
  return b < a ? b : a;
}

/**
 * A Python number as the released code sees JSON values: numbers and booleans (`True == 1`).
 * @example
 * pyNumber(true); // 1
 * pyNumber("1"); // null
 */
export function pyNumber(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  return null;
}
