/**
 * Python `str` whitespace semantics, which the released reward code relies on and JavaScript
 * spells differently: `str.isspace()` / `re`'s `\s` on `str` patterns include U+001C–U+001F and
 * U+0085 (JavaScript's `\s` does not) and exclude U+FEFF (JavaScript's includes it). Every reward
 * family that must score exactly what the Python code scores uses these.
 * @module
 */

/**
 * Whether a UTF-16 code unit is whitespace for Python's `str.isspace()` (also `re`'s `\s`):
 * `\t\n\v\f\r`, U+001C–U+001F, space, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000.
 * @example
 * isPythonSpace(0x1c); // true (JavaScript's \s says false)
 * isPythonSpace(0xfeff); // false (JavaScript's \s says true)
 */
export function isPythonSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code >= 0x1c;
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

/**
 * Python's `\s` as a JavaScript character-class body, for precompiled regexes.
 * @example
 * new RegExp(`^[${PYTHON_SPACE_CLASS}]+$`).test("\x1c\u3000"); // true
 */
export const PYTHON_SPACE_CLASS = String.raw`\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;

/** Leading Python whitespace; anchored, so one linear attempt. */
const LEADING_PYTHON_SPACE = new RegExp(`^[${PYTHON_SPACE_CLASS}]+`);

/**
 * Python's `s.strip()` with no argument.
 * @example
 * pythonStrip("\u0085 a \t"); // "a"
 */
export function pythonStrip(text: string): string {
  if (!text || (!isPythonSpace(text.charCodeAt(0)) && !isPythonSpace(text.charCodeAt(text.length - 1))))
    return text;
  // The anchored regex is several times faster than a charCodeAt loop on long whitespace runs.
  const leading = LEADING_PYTHON_SPACE.exec(text);
  const start = leading ? leading[0].length : 0;
  if (start === text.length) return "";
  let end = text.length;
  while (end > start && isPythonSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Index of the first non-whitespace code unit at or after `from` (Python `\s*`), or `text.length`.
 * @example
 * skipPythonSpace(" \u3000x", 0); // 2
 */
export function skipPythonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isPythonSpace(text.charCodeAt(i))) i++;
  return i;
}
