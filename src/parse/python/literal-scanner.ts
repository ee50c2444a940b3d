/**
 * The lexical layer of {@link pythonLiteralEval}: the scan position, the gaps between tokens
 * (spaces, comments, line continuations, newlines inside brackets), identifier characters and
 * number literals (`1_000`, `0x1f`, `1.5e-3`, `2j`).
 * @module
 */
import { FAIL, PyOpaque, type PyValue } from "./literal-values.js";

/**
 * The scan shared by the lexical and syntactic layers: the text, the position in it, and the
 * bracket nesting depth. Parsing is synchronous, so one module-level scan is safe.
 * @example
 * scan.src = "[1]";
 * scan.pos = 0;
 * scan.depth = 0;
 */
export const scan = { src: "", pos: 0, depth: 0 };

/**
 * Whether a code unit is `\n` or `\r`.
 * @example
 * isNewline(0x0d); // true
 */
export function isNewline(c: number): boolean {
  return c === 0x0a || c === 0x0d;
}

/**
 * Steps over one newline (`\r\n` counts as one).
 * @example
 * scan.src = "\r\nx";
 * scan.pos = 0;
 * skipNewline(); // scan.pos is 2
 */
export function skipNewline(): void {
  if (scan.src.charCodeAt(scan.pos) === 0x0d && scan.src.charCodeAt(scan.pos + 1) === 0x0a) scan.pos += 2;
  else scan.pos++;
}

/**
 * Skips what may separate tokens. Inside brackets newlines and comments are free; at top level a
 * newline ends the expression, so it stops there.
 * @throws LiteralError on a line continuation that leads only to the end of input.
 * @example
 * scan.src = "  # note\n1";
 * scan.pos = 0;
 * scan.depth = 0;
 * skipGap(); // scan.pos is 8, at the newline
 */
export function skipGap(): void {
  for (;;) {
    const c = scan.src.charCodeAt(scan.pos);
    if (c === 0x20 || c === 0x09 || c === 0x0c) scan.pos++;
    else if (c === 0x5c && isNewline(scan.src.charCodeAt(scan.pos + 1))) {
      scan.pos++;
      skipNewline();
      // A continuation that leads only to the end of input is an "unexpected EOF".
      let k = scan.pos;
      while (
        scan.src.charCodeAt(k) === 0x20 ||
        scan.src.charCodeAt(k) === 0x09 ||
        scan.src.charCodeAt(k) === 0x0c
      )
        k++;
      if (k >= scan.src.length) throw FAIL;
    } else if (scan.depth > 0 && isNewline(c)) skipNewline();
    else if (c === 0x23) {
      while (scan.pos < scan.src.length && !isNewline(scan.src.charCodeAt(scan.pos))) scan.pos++;
    } else return;
  }
}

/**
 * Whether a code unit may be part of a Python identifier (any non-ASCII unit counts).
 * @example
 * isIdentifierChar(0x5f); // true ("_")
 */
export function isIdentifierChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c >= 0x80
  );
}

/** Reads `[0-9](_?[0-9])*` (or the given digit test); returns the digits without `_`, or "" when none. */
function readDigitPart(isDigit: (c: number) => boolean): string {
  if (!isDigit(scan.src.charCodeAt(scan.pos))) return "";
  const start = scan.pos;
  let underscores = false;
  for (;;) {
    scan.pos++;
    const c = scan.src.charCodeAt(scan.pos);
    if (isDigit(c)) continue;
    if (c === 0x5f && isDigit(scan.src.charCodeAt(scan.pos + 1))) {
      underscores = true;
      continue;
    }
    const digits = scan.src.slice(start, scan.pos);
    return underscores ? digits.replaceAll("_", "") : digits;
  }
}

/**
 * Whether a code unit is an ASCII decimal digit.
 * @example
 * isDecimal(0x37); // true ("7")
 */
export const isDecimal = (c: number): boolean => c >= 0x30 && c <= 0x39;
/**
 * Whether a code unit is an ASCII hexadecimal digit.
 * @example
 * isHex(0x46); // true ("F")
 */
export const isHex = (c: number): boolean =>
  isDecimal(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
/**
 * Whether a code unit is an octal digit.
 * @example
 * isOctal(0x38); // false ("8")
 */
export const isOctal = (c: number): boolean => c >= 0x30 && c <= 0x37;
const isBinary = (c: number): boolean => c === 0x30 || c === 0x31;

/**
 * A number token; `imaginary` tells whether it ended in `j`.
 * @example
 * const token: NumberToken = { value: 31, imaginary: false, real: 0 };
 */
export interface NumberToken {
  value: PyValue;
  imaginary: boolean;
  real: number;
}

function intValue(digits: string, radix: number): PyValue {
  const magnitude =
    radix === 10 ? Number(digits) : Number(BigInt(`0${"xob"[[16, 8, 2].indexOf(radix)]}${digits}`));
  if (Number.isFinite(magnitude)) return magnitude;
  return new PyOpaque("big-int", `big:${radix}:${digits}`);
}

/**
 * Reads the number literal at the scan position (int, float or imaginary; ints beyond the float
 * range are opaque).
 * @throws LiteralError on a malformed literal (`0123`, `1_`, `0x`, `1a`) or more than 4300 digits.
 * @example
 * scan.src = "0x1f";
 * scan.pos = 0;
 * readNumber(); // { value: 31, imaginary: false, real: 0 }
 */
export function readNumber(): NumberToken {
  const c0 = scan.src.charCodeAt(scan.pos);
  if (c0 === 0x30) {
    const c1 = scan.src.charCodeAt(scan.pos + 1) | 0x20;
    const radix = c1 === 0x78 ? 16 : c1 === 0x6f ? 8 : c1 === 0x62 ? 2 : 0;
    if (radix) {
      scan.pos += 2;
      if (scan.src.charCodeAt(scan.pos) === 0x5f) scan.pos++;
      const digits = readDigitPart(radix === 16 ? isHex : radix === 8 ? isOctal : isBinary);
      if (!digits || isIdentifierChar(scan.src.charCodeAt(scan.pos))) throw FAIL;
      return { value: intValue(digits, radix), imaginary: false, real: 0 };
    }
  }
  const intPart = readDigitPart(isDecimal);
  let text = intPart;
  let isFloat = false;
  if (scan.src.charCodeAt(scan.pos) === 0x2e) {
    scan.pos++;
    const fraction = readDigitPart(isDecimal);
    if (!intPart && !fraction) throw FAIL;
    text += `.${fraction}`;
    isFloat = true;
  }
  const e = scan.src.charCodeAt(scan.pos) | 0x20;
  if (e === 0x65) {
    const save = scan.pos;
    scan.pos++;
    let sign = "";
    if (scan.src[scan.pos] === "+" || scan.src[scan.pos] === "-") sign = scan.src[scan.pos++]!;
    const exponent = readDigitPart(isDecimal);
    if (exponent) {
      text += `e${sign}${exponent}`;
      isFloat = true;
    } else scan.pos = save;
  }
  if ((scan.src.charCodeAt(scan.pos) | 0x20) === 0x6a) {
    scan.pos++;
    if (isIdentifierChar(scan.src.charCodeAt(scan.pos))) throw FAIL;
    const imag = Number(text);
    return { value: new PyOpaque("complex", imag === 0 ? "n:0" : `c:0,${imag}`), imaginary: true, real: 0 };
  }
  if (isIdentifierChar(scan.src.charCodeAt(scan.pos))) throw FAIL;
  if (isFloat) return { value: Number(text), imaginary: false, real: 0 };
  // Decimal ints: no leading zeros except an all-zero literal; CPython caps them at 4300 digits.
  if (text.length > 1 && text[0] === "0" && /[1-9]/.test(text)) throw FAIL;
  if (text.length > 4300) throw FAIL;
  return { value: intValue(text, 10), imaginary: false, real: 0 };
}

/**
 * Skips blank lines, comment lines and the end of input after a top-level newline; false on
 * anything else (an indented blank line at the very end counts as content, as in CPython).
 * @example
 * scan.src = "1\n# done\n\n";
 * scan.pos = 2;
 * onlyBlankLinesRemain(); // true
 */
export function onlyBlankLinesRemain(): boolean {
  while (scan.pos < scan.src.length) {
    let indented = false;
    for (;;) {
      const c = scan.src.charCodeAt(scan.pos);
      if (c === 0x20 || c === 0x09) indented = true;
      else if (c === 0x0c) indented = false;
      else break;
      scan.pos++;
    }
    if (scan.pos >= scan.src.length) return !indented;
    const c = scan.src.charCodeAt(scan.pos);
    if (c === 0x23)
      while (scan.pos < scan.src.length && !isNewline(scan.src.charCodeAt(scan.pos))) scan.pos++;
    if (scan.pos >= scan.src.length) return true;
    if (!isNewline(scan.src.charCodeAt(scan.pos))) return false;
    skipNewline();
  }
  return true;
}
