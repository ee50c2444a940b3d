/**
 * Python's `json.loads` as the released reward code calls it: standard JSON plus `NaN`,
 * `Infinity` and `-Infinity`, the `ValueError` of an integer literal over 4300 digits and the
 * `RecursionError` of deep nesting, with the helpers that scan JSON text.
 * @module
 */
import { PY_INT_MAX_DIGITS } from "./numbers.js";

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
 * @example
 * const parsed: PyJson = pyJsonLoads("[NaN]"); // { ok: true, value: [NaN] }
 */
export type PyJson = { ok: true; value: unknown } | { ok: false; error: "decode" | "value" | "recursion" };

/**
 * The nesting depth at which Python's `json` raises `RecursionError` (the default recursion
 * limit; the exact point also depends on the caller's stack depth, so this is approximate).
 * @example
 * pyJsonLoads("[".repeat(PY_JSON_MAX_DEPTH + 1)); // { ok: false, error: "recursion" }
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
