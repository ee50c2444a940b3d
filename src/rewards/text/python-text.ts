/**
 * Python `str` semantics the reference reward code relies on: which characters `\s`,
 * `str.strip()` and `str.split()` treat as whitespace (not the same set as JavaScript's `\s`),
 * and helpers built on them. Used so extraction and normalisation match the released code.
 * @module
 */
import { isPythonSpace, pythonStrip } from "../../parse/python.js";

// Re-exported: most callers take their other Python helpers from this module.
export { pythonStrip };

/**
 * Python's `s.split()` with no argument: runs of whitespace separate words, no empty words.
 * @example
 * pythonSplit("  a b\n\nc "); // ["a", "b", "c"]
 */
export function pythonSplit(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (isPythonSpace(text.charCodeAt(i))) {
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
 * Replaces every run of Python whitespace with one space (`re.sub(r"\s+", " ", text)`).
 * @example
 * collapsePythonWhitespace("a \n\t b"); // "a b"
 */
export function collapsePythonWhitespace(text: string): string {
  let out = "";
  let runStart = -1;
  let copied = 0;
  for (let i = 0; i <= text.length; i++) {
    const ws = i < text.length && isPythonSpace(text.charCodeAt(i));
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
