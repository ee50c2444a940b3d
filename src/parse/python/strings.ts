/**
 * Python `str` semantics the reference reward code relies on: which characters `\s`,
 * `str.strip()` and `str.split()` treat as whitespace (not the same set as JavaScript's `\s`),
 * and helpers built on them. Used so extraction and normalisation match the released code.
 * @module
 */
import { isPythonSpace } from "./whitespace.js";

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
