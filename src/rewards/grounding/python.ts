/**
 * Python semantics the released reward code relies on and JavaScript spells differently:
 * `str.strip()` and `re`'s `\s` (Unicode whitespace without U+FEFF), `re`'s `\d` (every Unicode
 * decimal digit), `int()` of a digit string (limited to 4300 digits), and `json.loads` (which
 * accepts `NaN`, `Infinity` and `-Infinity`). Grounding rewards use these so a preset scores
 * exactly what the Python code scores on the same text.
 * @module
 */

/** The characters of Python's `str.isspace()` (also `re`'s `\s` on `str` patterns), as a class body. */
export const PY_SPACE_CLASS = String.raw`\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;

/** Python `re`'s `\d` on `str` patterns: any Unicode decimal digit (needs the `u` flag). */
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

/** Python's limit on the number of digits `int(str)` converts (`sys.get_int_max_str_digits()`). */
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

const SENTINEL_PREFIX = "\u0000plaudit-py:";
const SENTINELS: Record<string, number> = {
  [`${SENTINEL_PREFIX}NaN`]: Number.NaN,
  [`${SENTINEL_PREFIX}Infinity`]: Number.POSITIVE_INFINITY,
  [`${SENTINEL_PREFIX}-Infinity`]: Number.NEGATIVE_INFINITY,
};

function replaceNonFiniteLiterals(text: string): string | null {
  let out = "";
  let last = 0;
  let inString = false;
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    let token: string | null = null;
    if (c === 0x4e && text.startsWith("NaN", i)) token = "NaN";
    else if (c === 0x49 && text.startsWith("Infinity", i)) token = "Infinity";
    else if (c === 0x2d && text.startsWith("-Infinity", i)) token = "-Infinity";
    if (token) {
      // The sentinel's NUL is written as an escape: a raw control character is invalid in JSON.
      out += `${text.slice(last, i)}"\\u0000plaudit-py:${token}"`;
      i += token.length - 1;
      last = i + 1;
      changed = true;
    }
  }
  return changed ? out + text.slice(last) : null;
}

/**
 * The outcome of {@link pyJsonLoads}: the value, or the exception Python raises — `decode` for
 * `json.JSONDecodeError`, `value` for the `ValueError` of an integer literal over 4300 digits
 * (which code catching only `JSONDecodeError` does not catch).
 */
export type PyJson = { ok: true; value: unknown } | { ok: false; error: "decode" | "value" | "recursion" };

/**
 * The nesting depth at which Python's `json` raises `RecursionError` (the default recursion
 * limit; the exact point also depends on the caller's stack depth, so this is approximate).
 */
export const PY_JSON_MAX_DEPTH = 1000;

/** Whether arrays/objects nest deeper than {@link PY_JSON_MAX_DEPTH} (outside strings). */
function nestsTooDeep(text: string): boolean {
  if (text.length <= PY_JSON_MAX_DEPTH) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > PY_JSON_MAX_DEPTH) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Characters a JSON value (with Python's NaN/Infinity) can start with. */
const JSON_VALUE_START = new Set([...'[{"-0123456789tfnNI'].map((c) => c.charCodeAt(0)));

/**
 * Whether a character code can start a JSON value (Python's `NaN`/`Infinity` included).
 * @example
 * isJsonValueStart("[".charCodeAt(0)); // true
 */
export function isJsonValueStart(code: number): boolean {
  return JSON_VALUE_START.has(code);
}

function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * Index of the first character at or after `index` that is not JSON whitespace.
 * @example
 * skipJsonSpace(" \n[1]", 0); // 2
 */
export function skipJsonSpace(text: string, index: number): number {
  let i = index;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
  }
  return i;
}

/** An integer literal (not part of a float) longer than Python's int conversion limit. */
const OVERLONG_INTEGER = /(?<![\d.eE])(?<![eE][+-])\d{4301,}(?![\d.eE])/;

function checkIntegerLimit(text: string, value: unknown): PyJson {
  if (text.length > PY_INT_MAX_DIGITS && OVERLONG_INTEGER.test(text)) return { ok: false, error: "value" };
  return { ok: true, value };
}

/**
 * Python's `json.loads`: standard JSON plus the literals `NaN`, `Infinity`, `-Infinity`.
 * Nesting deeper than {@link PY_JSON_MAX_DEPTH} raises `RecursionError` as in Python (checked
 * before parsing, so a syntax error before that depth is reported as recursion too).
 * An integer literal of more than 4300 digits (outside strings, approximately: the check does
 * not look at string boundaries) raises `ValueError` as in Python.
 * Known difference: integers beyond 2^53 lose precision (Python keeps them exact).
 * @example
 * pyJsonLoads("[1, NaN]"); // { ok: true, value: [1, NaN] }
 * pyJsonLoads("[1,"); // { ok: false, error: "decode" }
 */
export function pyJsonLoads(text: string): PyJson {
  const first = skipJsonSpace(text, 0);
  if (first === text.length || !JSON_VALUE_START.has(text.charCodeAt(first)))
    return { ok: false, error: "decode" };
  if (
    text.length > PY_INT_MAX_DIGITS &&
    (text.charCodeAt(first) === 0x2d || isAsciiDigit(text.charCodeAt(first)))
  ) {
    // A top-level number: Python converts its integer part before looking at anything after it.
    let end = text.charCodeAt(first) === 0x2d ? first + 1 : first;
    while (end < text.length && isAsciiDigit(text.charCodeAt(end))) end++;
    const digits = end - first - (text.charCodeAt(first) === 0x2d ? 1 : 0);
    const next = text[end];
    if (digits > PY_INT_MAX_DIGITS && next !== "." && next !== "e" && next !== "E")
      return { ok: false, error: "value" };
  }
  if (nestsTooDeep(text)) return { ok: false, error: "recursion" };
  try {
    return checkIntegerLimit(text, JSON.parse(text));
  } catch {
    if (!text.includes("NaN") && !text.includes("Infinity")) return { ok: false, error: "decode" };
    const replaced = replaceNonFiniteLiterals(text);
    if (replaced === null) return { ok: false, error: "decode" };
    try {
      const value: unknown = JSON.parse(replaced, (_key, v: unknown) =>
        typeof v === "string" && v.startsWith(SENTINEL_PREFIX) && v in SENTINELS ? SENTINELS[v] : v,
      );
      return checkIntegerLimit(text, value);
    } catch {
      return { ok: false, error: "decode" };
    }
  }
}

/**
 * Whether a JSON value is a plain object (Python `dict`).
 * @example
 * isPyDict({}); // true
 * isPyDict([]); // false
 */
export function isPyDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
