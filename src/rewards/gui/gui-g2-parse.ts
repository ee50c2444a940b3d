/**
 * GUI-G²'s parsing, as hand-written scanners that are provably equivalent to the released
 * Python regexes (tests hold them equal to regex translations on fuzz inputs) and faster:
 *
 * - the answer is the text after the last `assistant\n` (`content.split('assistant\n')[-1]`);
 * - the box is the first match of
 *   `\[(\s*-?\d*\.?\d+\s*),\s*(\s*-?\d*\.?\d+\s*),\s*(\s*-?\d*\.?\d+\s*),\s*(\s*-?\d*\.?\d+\s*)\]`
 *   converted with `float()`;
 * - the format check is a full match of `\[\s*\d+\s*,\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\]`.
 *
 * Python semantics are kept exactly: `\d` is any Unicode decimal digit and `\s` any `str.isspace()`
 * character, and a match whose group `float()` cannot convert (it holds `\x1c`–`\x1f`) is an
 * error of the whole reward (0), not a reason to look for a later match.
 *
 * Why a scanner is equivalent: the box pattern has a `[` only at its start and no `[` inside, so
 * an attempt from one `[` never runs past the next one (the search is linear); and a number
 * `-?(?:\d*\.)?\d+` must be followed by `\s`, `,` or `]`, none of which a number can contain, so
 * every match takes each number maximally and the greedy scan finds it.
 * @module
 */
import type { Box } from "../../parse/index.js";
import {
  decimalDigitValue,
  isDecimalDigit,
  isFloatStrippable,
  isPythonSpace,
} from "../../parse/python/index.js";

/**
 * The separator GUI-G² splits completions on (the chat template's assistant header).
 * @example
 * "user\nclick OK\nassistant\n[1,2,3,4]".split(ASSISTANT_MARKER).at(-1); // "[1,2,3,4]"
 */
export const ASSISTANT_MARKER = "assistant\n";

/**
 * No `[x1,y1,x2,y2]` match in the answer (the released code scores 0).
 * @example
 * parseGuiG2Box("no box here") === NO_BOX; // true
 */
export const NO_BOX = "no_box";
/**
 * A match whose numbers `float()` rejects (the released code raises, catches, scores 0).
 * @example
 * parseGuiG2Box("[1,2,3,4\x1c]") === UNCONVERTIBLE_BOX; // true: float("4\x1c") raises
 */
export const UNCONVERTIBLE_BOX = "unconvertible_box";

/** The outcome of {@link parseGuiG2Box}: the four numbers or why there are none. */
export type GuiG2Box = Box | typeof NO_BOX | typeof UNCONVERTIBLE_BOX;

/**
 * Offset where GUI-G²'s answer starts: just after the last `assistant\n`, else 0.
 * @example
 * guiG2AnswerStart("user\nclick OK\nassistant\n[1,2,3,4]"); // 24
 * guiG2AnswerStart("[1,2,3,4]"); // 0
 */
export function guiG2AnswerStart(completion: string): number {
  const marker = completion.lastIndexOf(ASSISTANT_MARKER);
  return marker === -1 ? 0 : marker + ASSISTANT_MARKER.length;
}

// Scanner state, shared by the helpers below; the scan is synchronous, so module state is safe
// and spares an allocation per number.
let position = 0;
let convertible = true;
let value = 0;
const values = [0, 0, 0, 0];
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Skips Python whitespace from `position`; `inGroup` marks the run as part of a float() group. */
function skipSpace(text: string, inGroup: boolean): void {
  let i = position;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      i++;
      continue;
    }
    if (!isPythonSpace(c)) break;
    if (inGroup && !isFloatStrippable(c)) convertible = false;
    i++;
  }
  position = i;
}

/** Reads `-?\d*\.?\d+` maximally at `position` into `value`; false when there is none. */
function readNumber(text: string): boolean {
  const n = text.length;
  const begin = position;
  let i = position;
  let negative = false;
  if (i < n && text.charCodeAt(i) === 0x2d) {
    negative = true;
    i++;
  }
  let ascii = true;
  let mantissa = 0;
  let intDigits = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      intDigits++;
      i++;
    } else if (c >= 0x80 && isDecimalDigit(text.codePointAt(i)!)) {
      ascii = false;
      intDigits++;
      i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    } else break;
  }
  let fractionDigits = 0;
  if (i < n && text.charCodeAt(i) === 0x2e) {
    let j = i + 1;
    let fraction = mantissa;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c >= 0x30 && c <= 0x39) {
        fraction = fraction * 10 + (c - 0x30);
        fractionDigits++;
        j++;
      } else if (c >= 0x80 && isDecimalDigit(text.codePointAt(j)!)) {
        ascii = false;
        fractionDigits++;
        j += text.codePointAt(j)! > 0xffff ? 2 : 1;
      } else break;
    }
    if (fractionDigits > 0) {
      mantissa = fraction;
      i = j;
    }
  }
  // `\d*\.?\d+` needs a digit after the dot, or digits without one.
  if (intDigits + fractionDigits === 0) return false;
  position = i;
  if (ascii && intDigits + fractionDigits <= 15) {
    // Exact integer mantissa over an exact power of ten: IEEE division rounds correctly, as
    // float() does.
    const magnitude = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits]!;
    value = negative ? -magnitude : magnitude;
  } else value = Number(asciiNumber(text, begin, i));
  return true;
}

/** The number text with every Unicode digit replaced by its ASCII digit (what float() does). */
function asciiNumber(text: string, begin: number, end: number): string {
  let out = "";
  for (let i = begin; i < end; ) {
    const cp = text.codePointAt(i)!;
    out += cp < 0x80 ? text[i] : String(decimalDigitValue(cp));
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

/** Tries the box pattern with its `[` just before `start`; fills `values` on success. */
function matchBoxAt(text: string, start: number): boolean {
  position = start;
  convertible = true;
  for (let k = 0; k < 4; k++) {
    // Group 1's leading \s* lies inside the group; later groups' leading whitespace is taken by
    // the greedy \s* after the comma, outside the group.
    skipSpace(text, k === 0);
    if (!readNumber(text)) return false;
    values[k] = value;
    skipSpace(text, true);
    if (position >= text.length) return false;
    const c = text.charCodeAt(position);
    if (c !== (k === 3 ? 0x5d : 0x2c)) return false;
    position++;
  }
  return true;
}

/**
 * The box GUI-G²'s Gaussian rewards read: the first `[a, b, c, d]` (floats and negatives allowed)
 * in the text after the last `assistant\n`. Linear in the input length.
 * @example
 * parseGuiG2Box("[1130,20,1210,50]"); // [1130, 20, 1210, 50]
 * parseGuiG2Box("system\n…assistant\nclick [ -1.5, .5, 3, 4 ]"); // [-1.5, 0.5, 3, 4]
 * parseGuiG2Box("[1,2,3]"); // "no_box"
 */
export function parseGuiG2Box(completion: string): GuiG2Box {
  let open = completion.indexOf("[", guiG2AnswerStart(completion));
  // Every match ends in "]": without one after the "[" no attempt can succeed.
  let close = open === -1 ? -1 : completion.indexOf("]", open);
  while (open !== -1 && close !== -1) {
    if (close < open) {
      close = completion.indexOf("]", open);
      if (close === -1) break;
    }
    if (matchBoxAt(completion, open + 1)) {
      if (!convertible) return UNCONVERTIBLE_BOX;
      return [values[0]!, values[1]!, values[2]!, values[3]!];
    }
    open = completion.indexOf("[", open + 1);
  }
  return NO_BOX;
}

/** Reads `\d+` (Unicode digits) at `position`; false when there is none. */
function skipDigits(text: string): boolean {
  const n = text.length;
  let i = position;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) i++;
    else if (c >= 0x80 && isDecimalDigit(text.codePointAt(i)!)) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    else break;
  }
  if (i === position) return false;
  position = i;
  return true;
}

/**
 * GUI-G²'s format check: the text after the last `assistant\n` is exactly one integer box,
 * `re.fullmatch(r"\[\s*\d+\s*,\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\]", …)`; no leading or trailing
 * text, not even whitespace.
 * @example
 * isGuiG2IntegerBox("[1,2,3,4]"); // true
 * isGuiG2IntegerBox("[1,2,3,4]\n"); // false
 * isGuiG2IntegerBox("[1.5,2,3,4]"); // false
 */
export function isGuiG2IntegerBox(completion: string): boolean {
  const start = guiG2AnswerStart(completion);
  if (completion.charCodeAt(start) !== 0x5b) return false;
  position = start + 1;
  for (let k = 0; k < 4; k++) {
    skipSpace(completion, false);
    if (!skipDigits(completion)) return false;
    skipSpace(completion, false);
    if (position >= completion.length || completion.charCodeAt(position) !== (k === 3 ? 0x5d : 0x2c))
      return false;
    position++;
  }
  return position === completion.length;
}
