/**
 * The Hendrycks MATH string normaliser (`is_equiv` / `strip_string`) and the last-`\boxed{}`
 * helpers, exactly as VLM-R1 ships them in `om-ai-lab/VLM-R1@90052f4:
 * src/open-r1-multimodal/src/open_r1/utils/math.py` (copied there from EleutherAI's
 * lm-evaluation-harness `hendrycks_math.py`). The `math` accuracy rule falls back to them when
 * math_verify finds no match (`compute_score`, lines 11-20).
 *
 * Python semantics kept on purpose: every step is a literal `str.replace`; lengths and indices
 * in `fix_fracs`, `fix_sqrt` and the `k = ` rule count code points; and where the released
 * helpers raise (an `assert`, `int()` of a non-integer in `fix_a_slash_b`, indexing an empty
 * piece after a trailing `\frac` or `\sqrt`), `is_equiv` catches it and compares the raw strings.
 * @module
 */
import { pyInt } from "../../parse/python/index.js";

/** Stands for a Python exception inside `strip_string`; `is_equiv` turns it into `str1 == str2`. */
class PythonRaise extends Error {}

const codePoints = (text: string): string[] => Array.from(text);

/** `fix_fracs` (`utils/math.py:86-115`): `\frac12` → `\frac{1}{2}`, `\frac1b` → `\frac{1}{b}`. */
function fixFracs(text: string): string {
  const pieces = text.split("\\frac");
  let out = pieces[0]!;
  for (const piece of pieces.slice(1)) {
    out += "\\frac";
    const chars = codePoints(piece);
    if (chars.length === 0) throw new PythonRaise("IndexError: string index out of range");
    if (chars[0] === "{") {
      out += piece;
      continue;
    }
    if (chars.length < 2) return text;
    const [a, b] = [chars[0]!, chars[1]!];
    const rest = chars.slice(2).join("");
    out += b !== "{" ? `{${a}}{${b}}${rest}` : `{${a}}${b}${rest}`;
  }
  return out;
}

const CANONICAL_INT = /^(?:0|-?[1-9]\d*)$/;

/** `fix_a_slash_b` (`utils/math.py:118-130`): `3/4` → `\frac{3}{4}` when both sides are plain integers. */
function fixSlash(text: string): string {
  const parts = text.split("/");
  if (parts.length !== 2) return text;
  // Python's int() raises ValueError here, which the `except AssertionError` does not catch.
  if (pyInt(parts[0]) === null || pyInt(parts[1]) === null) throw new PythonRaise("ValueError: int()");
  // The assert compares with "{}/{}".format(int(a), int(b)): only canonical integers pass.
  if (!CANONICAL_INT.test(parts[0]!) || !CANONICAL_INT.test(parts[1]!)) return text;
  return `\\frac{${parts[0]}}{${parts[1]}}`;
}

/** `remove_right_units` (`utils/math.py:133-140`): drop everything from `\text{ ` on. */
function removeRightUnits(text: string): string {
  if (!text.includes("\\text{ ")) return text;
  const splits = text.split("\\text{ ");
  if (splits.length !== 2) throw new PythonRaise("AssertionError");
  return splits[0]!;
}

/** `fix_sqrt` (`utils/math.py:143-155`): `\sqrt3` → `\sqrt{3}`. */
function fixSqrt(text: string): string {
  if (!text.includes("\\sqrt")) return text;
  const pieces = text.split("\\sqrt");
  let out = pieces[0]!;
  for (const piece of pieces.slice(1)) {
    const chars = codePoints(piece);
    if (chars.length === 0) throw new PythonRaise("IndexError: string index out of range");
    out += chars[0] !== "{" ? `\\sqrt{${chars[0]}}${chars.slice(1).join("")}` : `\\sqrt${piece}`;
  }
  return out;
}

/**
 * `strip_string` (`utils/math.py:158-220`): the Hendrycks normalisation of one answer. Throws
 * where the released function raises (see the module note).
 * @example
 * hendrycksStrip("\\dfrac{1}{2}"); // "\\frac{1}{2}"
 * hendrycksStrip("x = \\left( 3, 4 \\right)"); // "(3,4)"
 */
export function hendrycksStrip(input: string): string {
  let text = input.replaceAll("\n", "").replaceAll("\\!", "").replaceAll("\\\\", "\\");
  text = text.replaceAll("tfrac", "frac").replaceAll("dfrac", "frac");
  text = text.replaceAll("\\left", "").replaceAll("\\right", "");
  text = text.replaceAll("^{\\circ}", "").replaceAll("^\\circ", "");
  text = text.replaceAll("\\$", "");
  text = removeRightUnits(text);
  text = text.replaceAll("\\%", "");
  text = text.replaceAll(" .", " 0.").replaceAll("{.", "{0.");
  if (text.length === 0) return text;
  if (text[0] === ".") text = `0${text}`;
  const sides = text.split("=");
  if (sides.length === 2 && codePoints(sides[0]!).length <= 2) text = sides[1]!;
  text = fixSqrt(text);
  text = text.replaceAll(" ", "");
  text = fixFracs(text);
  if (text === "0.5") text = "\\frac{1}{2}";
  return fixSlash(text);
}

/**
 * `is_equiv` (`utils/math.py:68-82`): equal after {@link hendrycksStrip} of both sides; when the
 * normalisation raises on either side, plain string equality.
 * @example
 * hendrycksEquivalent("\\dfrac{1}{2}", "\\frac12"); // true
 * hendrycksEquivalent("x^2 + 1", "x^2+1"); // true
 * hendrycksEquivalent("x/2", "x / 2"); // false (int("x") raises, so the raw strings are compared)
 */
export function hendrycksEquivalent(a: string, b: string): boolean {
  try {
    return hendrycksStrip(a) === hendrycksStrip(b);
  } catch (error) {
    if (error instanceof PythonRaise) return a === b;
    throw error;
  }
}

/**
 * `last_boxed_only_string` (`utils/math.py:38-65`): the last `\boxed{…}` (or, without any
 * `\boxed`, the last `\fbox{…}`) with its braces balanced, or null. If the text contains
 * `\boxed ` (with a space), the rest after the last one up to a `$`, prefixed with `\boxed `.
 * @example
 * lastBoxedOnlyString("so \\boxed{\\frac{1}{2}} done"); // "\\boxed{\\frac{1}{2}}"
 * lastBoxedOnlyString("$\\boxed 5$"); // "\\boxed 5"
 */
export function lastBoxedOnlyString(text: string): string | null {
  let start = text.lastIndexOf("\\boxed");
  if (text.includes("\\boxed ")) {
    const pieces = text.split("\\boxed ");
    return `\\boxed ${pieces[pieces.length - 1]!.split("$")[0]}`;
  }
  if (start < 0) {
    start = text.lastIndexOf("\\fbox");
    if (start < 0) return null;
  }
  let open = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === "{") open++;
    if (text[i] === "}") {
      open--;
      if (open === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}

/**
 * `remove_boxed` (`utils/math.py:25-36`): the content of `\boxed{…}` or `\boxed …`; null where
 * the released asserts fail (a `\fbox{…}`, or a `\boxed` not followed by `{`).
 * @example
 * removeBoxed("\\boxed{42}"); // "42"
 * removeBoxed("\\fbox{42}"); // null
 */
export function removeBoxed(boxed: string): string | null {
  if (boxed.includes("\\boxed ")) return boxed.startsWith("\\boxed ") ? boxed.slice(7) : null;
  if (!boxed.startsWith("\\boxed{") || !boxed.endsWith("}")) return null;
  return boxed.slice(7, -1);
}

/**
 * The string fallback of VLM-R1's `math` rule (`compute_score`, `utils/math.py:11-20`): the
 * content of the prediction's last box (else the whole prediction) is compared with the ground
 * truth by {@link hendrycksEquivalent}. Released (`legacy: true`): when `remove_boxed`'s assert
 * fails (a last `\fbox{…}`), the exception skips the comparison and the rule scores 0. Default:
 * a `\fbox{…}` is unwrapped like `\boxed{…}`, and another failed unwrap compares the whole text.
 * @example
 * vlmR1StringFallback("so \\boxed{\\dfrac{1}{2}}", "\\frac{1}{2}", false); // true
 * vlmR1StringFallback("\\fbox{\\dfrac{1}{2}}", "\\frac{1}{2}", true); // false (released)
 * vlmR1StringFallback("\\fbox{\\dfrac{1}{2}}", "\\frac{1}{2}", false); // true
 */
export function vlmR1StringFallback(prediction: string, groundTruth: string, legacy: boolean): boolean {
  let answer = prediction;
  const last = lastBoxedOnlyString(prediction);
  if (last !== null) {
    const content = removeBoxed(last);
    if (content !== null) answer = content;
    else if (legacy) return false;
    else if (last.startsWith("\\fbox{") && last.endsWith("}")) answer = last.slice(6, -1);
  }
  return hendrycksEquivalent(answer, groundTruth);
}
