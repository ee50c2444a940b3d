/**
 * Python semantics the released reward code relies on and JavaScript spells differently:
 * `str.strip()` and `re`'s `\s` (Unicode whitespace without U+FEFF), `re`'s `\d` (every Unicode
 * decimal digit), `int()` of a digit string (limited to 4300 digits), `max`/`min` with NaN, and
 * what counts as a number. Grounding rewards use these so a preset scores exactly what the
 * Python code scores on the same text. Python's `json.loads` is in `python-json.ts`.
 * @module
 */

/**
 * The characters of Python's `str.isspace()` (also `re`'s `\s` on `str` patterns), as a class body.
 * @example
 * new RegExp(`^[${PY_SPACE_CLASS}]+$`).test("\x1c\u3000"); // true
 */
export const PY_SPACE_CLASS = String.raw`\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;

/**
 * Python `re`'s `\d` on `str` patterns: any Unicode decimal digit (needs the `u` flag).
 * @example
 * new RegExp(`^${PY_DIGIT}+$`, "u").test("٣4"); // true
 */
export const PY_DIGIT = String.raw`\p{Nd}`;

const IS_DIGIT = /\p{Nd}/u;
/** Leading Python whitespace; anchored, so one linear attempt. */
const LEADING_PY_SPACE = new RegExp(`^[${PY_SPACE_CLASS}]+`);

function isPySpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0x1c && code <= 0x20) ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/**
 * Python's `str.strip()` with no argument.
 * @example
 * pyStrip("\x85 a \x1c"); // "a"  (JavaScript's trim() keeps both)
 */
export function pyStrip(text: string): string {
  if (!text || (!isPySpace(text.charCodeAt(0)) && !isPySpace(text.charCodeAt(text.length - 1)))) return text;
  // The anchored regex is several times faster than a charCodeAt loop on long whitespace runs.
  const leading = LEADING_PY_SPACE.exec(text);
  const start = leading ? leading[0].length : 0;
  if (start === text.length) return "";
  let end = text.length;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Whether the character at `index` is Python whitespace.
 * @example
 * isPyWhitespaceAt("\x85a", 0); // true
 */
export function isPyWhitespaceAt(text: string, index: number): boolean {
  return isPySpace(text.charCodeAt(index));
}

/**
 * Index of the first non-whitespace character at or after `index` (Python `\s*`).
 * @example
 * skipPySpace(" \u3000x", 0); // 2
 */
export function skipPySpace(text: string, index: number): number {
  let i = index;
  while (i < text.length && isPySpace(text.charCodeAt(i))) i++;
  return i;
}

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
  const text = pyStrip(value);
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
