/**
 * Python `str` semantics the reference reward code relies on: which characters `\s`,
 * `str.strip()` and `str.split()` treat as whitespace (not the same set as JavaScript's `\s`),
 * and helpers built on them. Used so extraction and normalisation match the released code.
 * @module
 */

/**
 * Whether a UTF-16 code unit is whitespace for Python's `str.isspace()` / `re` `\s` on `str`.
 * Python includes U+001C–U+001F and U+0085, which JavaScript's `\s` lacks; JavaScript includes
 * U+FEFF, which Python does not.
 * @example
 * isPythonWhitespace(0x85); // true
 * isPythonWhitespace(0xfeff); // false
 */
export function isPythonWhitespace(code: number): boolean {
  if (code <= 0x20) return (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x20);
  if (code < 0x85) return false;
  return (
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

/** Python's `\s` as a JavaScript character-class body (for precompiled regexes). */
export const PYTHON_WHITESPACE_CLASS =
  "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/**
 * Python's `s.strip()` with no argument.
 * @example
 * pythonStrip("\u0085 a \t"); // "a"
 */
export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isPythonWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Python's `s.split()` with no argument: runs of whitespace separate words, no empty words.
 * @example
 * pythonSplit("  a b\n\nc "); // ["a", "b", "c"]
 */
export function pythonSplit(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (isPythonWhitespace(text.charCodeAt(i))) {
      if (start !== -1) {
        words.push(text.slice(start, i));
        start = -1;
      }
    } else if (start === -1) start = i;
  }
  if (start !== -1) words.push(text.slice(start));
  return words;
}

/**
 * Index of the first non-whitespace code unit at or after `from` (or `text.length`).
 * @example
 * skipPythonWhitespace("a  b", 1); // 3
 */
export function skipPythonWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isPythonWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Replaces every run of Python whitespace with one space (`re.sub(r"\s+", " ", text)`).
 * @example
 * collapsePythonWhitespace("a \n\t b"); // "a b"
 */
export function collapsePythonWhitespace(text: string): string {
  let out = "";
  let runStart = -1;
  let copied = 0;
  for (let i = 0; i <= text.length; i++) {
    const ws = i < text.length && isPythonWhitespace(text.charCodeAt(i));
    if (ws) {
      if (runStart === -1) runStart = i;
    } else if (runStart !== -1) {
      out += `${text.slice(copied, runStart)} `;
      copied = i;
      runStart = -1;
    }
  }
  return copied === 0 ? (out === "" ? text : out) : out + text.slice(copied);
}

/**
 * Python's `float(text)` for a string: optional surrounding whitespace, sign, digits with `_`
 * between them, a fraction, an exponent, or `inf` / `infinity` / `nan` in any case. Returns `null`
 * where Python raises `ValueError`.
 * @example
 * pythonFloat(" 1_000.5 "); // 1000.5
 * pythonFloat("1,000"); // null
 */
export function pythonFloat(text: string): number | null {
  const body = pythonStrip(text);
  if (!PYTHON_FLOAT.test(body)) return null;
  const lower = body.toLowerCase();
  if (lower.endsWith("nan")) return Number.NaN;
  if (lower.endsWith("inf") || lower.endsWith("infinity"))
    return lower.startsWith("-") ? -Infinity : Infinity;
  return Number(body.replaceAll("_", ""));
}

const PYTHON_FLOAT =
  /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.?(?:[eE][+-]?\d(?:_?\d)*)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])$/;
