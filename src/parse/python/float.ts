/**
 * Python's `float(x)` for the values a JSON reference can hold, so a preset reads ground truth
 * exactly as the released code converts it (`sol = [float(num) for num in sol]`).
 * @module
 */
import { decimalDigitValue, isFloatStrippable } from "./chars.js";

const DIGITS = String.raw`\p{Nd}(?:_?\p{Nd})*`;
/** Python's float literal syntax (digits may be any Unicode decimal digit, `_` between digits). */
const PYTHON_FLOAT = new RegExp(
  String.raw`^[+-]?(?:(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf|infinity|nan)$`,
  "iu",
);

/**
 * `float(value)` as Python computes it for JSON values: numbers as they are, booleans as 1/0,
 * strings by Python's float syntax (surrounding whitespace, `_` separators, Unicode digits,
 * `inf`/`nan`); `undefined` where Python raises (None, lists, objects, malformed strings).
 * @example
 * pythonFloat(" 1_000.5 "); // 1000.5
 * pythonFloat(true); // 1
 * pythonFloat("1,5"); // undefined
 */
export function pythonFloat(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "string") return undefined;
  let begin = 0;
  let end = value.length;
  while (begin < end && isFloatStrippable(value.charCodeAt(begin))) begin++;
  while (end > begin && isFloatStrippable(value.charCodeAt(end - 1))) end--;
  const text = value.slice(begin, end);
  if (!PYTHON_FLOAT.test(text)) return undefined;
  const lower = text.toLowerCase();
  const unsigned = lower.replace(/^[+-]/, "");
  if (unsigned === "nan") return Number.NaN;
  if (unsigned === "inf" || unsigned === "infinity") return lower.startsWith("-") ? -Infinity : Infinity;
  let ascii = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === "_") continue;
    ascii += cp < 0x80 ? ch : String(decimalDigitValue(cp));
  }
  return Number(ascii);
}

/**
 * A reference box as GUI-G² converts it: exactly four entries, each through {@link pythonFloat};
 * `undefined` where the released code raises.
 * @example
 * pythonFloatBox([1122, 18, "1206", 48]); // [1122, 18, 1206, 48]
 */
export function pythonFloatBox(reference: unknown): [number, number, number, number] | undefined {
  if (!Array.isArray(reference) || reference.length !== 4) return undefined;
  const a = pythonFloat(reference[0]);
  const b = pythonFloat(reference[1]);
  const c = pythonFloat(reference[2]);
  const d = pythonFloat(reference[3]);
  if (a === undefined || b === undefined || c === undefined || d === undefined) return undefined;
  return [a, b, c, d];
}
