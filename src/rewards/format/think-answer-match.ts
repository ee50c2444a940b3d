/**
 * `indexOf` scans with the exact verdicts of Python `re` on the think/answer format regexes.
 * A JavaScript regex such as `^<think>[\s\S]*?</think>\s*<answer>[\s\S]*?</answer>$` backtracks
 * quadratically on inputs with many `<think>`; these scans are linear.
 * @module
 */
import { isPythonSpace, skipPythonSpace } from "../../parse/python/index.js";

/** How a Python `re` function anchors the pattern: both ends, the start, or neither. */
export type MatchMode = "fullmatch" | "match" | "search";

/**
 * What may follow `</answer>`: anything (`.*`), nothing, whitespace (`\s*` to the end), or
 * whitespace and `!` (TW-GRPO's `[\s!]*$`). With `fullmatch` the pattern plus this suffix must
 * cover the whole text; with `match` / `search` the suffix is anchored at the end (`\Z`), so
 * `match` + `any` is plain `re.match` and `fullmatch` + `any` is the same thing.
 */
export type Trailing = "any" | "none" | "whitespace" | "whitespace-bang";

const THINK_OPEN = "<think>";
const THINK_CLOSE = "</think>";
const ANSWER_OPEN = "<answer>";
const ANSWER_CLOSE = "</answer>";

/**
 * Whether `<think>.*?</think>\s*<answer>.*?</answer>` (DOTALL), followed by the `trailing`
 * pattern and anchored as `mode` says, matches `text` — the same verdict as
 * `re.fullmatch` / `re.match` / `re.search` in Python.
 *
 * Why the scan is exact: `.*?` under DOTALL matches anything, so a match exists iff some
 * `<think>` (the earliest is the most permissive) precedes some `</think>` that is followed by
 * Python whitespace and `<answer>`, with a `</answer>` after it ending where the trailing
 * pattern can take over (the last `</answer>` when anything may follow; otherwise the one ending
 * right before the maximal trailing run, since `>` is neither whitespace nor `!`).
 * @example
 * matchesThinkAnswer("<think>a</think>\n<answer>b</answer>", "fullmatch", "none"); // true
 * matchesThinkAnswer("x<think>a</think><answer>b</answer>!", "search", "whitespace-bang"); // true
 */
export function matchesThinkAnswer(text: string, mode: MatchMode, trailing: Trailing): boolean {
  let closeStart: number;
  if (trailing === "any") closeStart = text.lastIndexOf(ANSWER_CLOSE);
  else {
    let end = text.length;
    if (trailing !== "none") {
      while (end > 0) {
        const code = text.charCodeAt(end - 1);
        if (isPythonSpace(code) || (trailing === "whitespace-bang" && code === 0x21)) end--;
        else break;
      }
    }
    closeStart = end - ANSWER_CLOSE.length;
    if (closeStart < 0 || !text.startsWith(ANSWER_CLOSE, closeStart)) return false;
  }
  if (closeStart < 0) return false;
  const thinkStart = mode === "search" ? text.indexOf(THINK_OPEN) : text.startsWith(THINK_OPEN) ? 0 : -1;
  if (thinkStart === -1) return false;
  let close = text.indexOf(THINK_CLOSE, thinkStart + THINK_OPEN.length);
  while (close !== -1 && close + THINK_CLOSE.length + ANSWER_OPEN.length <= closeStart) {
    const answerStart = skipPythonSpace(text, close + THINK_CLOSE.length);
    if (answerStart + ANSWER_OPEN.length <= closeStart && text.startsWith(ANSWER_OPEN, answerStart))
      return true;
    close = text.indexOf(THINK_CLOSE, close + 1);
  }
  return false;
}

/**
 * open-r1's `format_reward`: `re.match(r"^<think>\n.*?\n</think>\n<answer>\n.*?\n</answer>$", s,
 * re.DOTALL | re.MULTILINE)`. Under MULTILINE `$` also matches before any `\n`, so text after
 * `</answer>\n…` is accepted, as in the released code.
 * @example
 * matchesOpenR1Format("<think>\nx\n</think>\n<answer>\n9\n</answer>"); // true
 */
export function matchesOpenR1Format(text: string): boolean {
  const open = "<think>\n";
  const middle = "\n</think>\n<answer>\n";
  const close = "\n</answer>";
  if (!text.startsWith(open)) return false;
  const mid = text.indexOf(middle, open.length);
  if (mid === -1) return false;
  let end = text.indexOf(close, mid + middle.length);
  while (end !== -1) {
    const after = end + close.length;
    if (after === text.length || text.charCodeAt(after) === 0x0a) return true;
    end = text.indexOf(close, end + 1);
  }
  return false;
}

/**
 * TRL's `think_format_reward`: `re.match(r"^<think>(?!.*<think>)(.*?)</think>.*$", s,
 * re.DOTALL | re.MULTILINE)` — the text starts with `<think>`, holds no second `<think>`, and
 * closes it.
 * @example
 * matchesTrlThinkFormat("<think></think>\nThis is my answer."); // true
 */
export function matchesTrlThinkFormat(text: string): boolean {
  return (
    text.startsWith(THINK_OPEN) &&
    text.indexOf(THINK_OPEN, THINK_OPEN.length) === -1 &&
    text.indexOf(THINK_CLOSE, THINK_OPEN.length) !== -1
  );
}
