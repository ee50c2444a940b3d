/**
 * Finds plain (non-LaTeX) answers in free text the way math-verify's expression extraction does:
 * numbers with thousands separators, decimal commas, currency and percent, and simple
 * arithmetic such as `(1/2) * (4/3)`, with the anchors "final answer is … I hope",
 * "final answer … is", "answer: … = …" and "answer … = …". Scanning is linear in the input.
 * @module
 */
import { answerWordMatches, occurrences } from "./scan-latex.js";

/** A number found by the number pattern (already combined as math-verify does). */
export interface NumberPayload {
  type: "number";
  /** Digits with separators removed, e.g. `1000.99`. */
  text: string;
  percent: boolean;
}

/** An arithmetic expression found by the expression pattern. */
export interface ExpressionPayload {
  type: "expression";
  text: string;
}

/** One match of an expression pattern. */
export interface ExprMatch {
  start: number;
  end: number;
  payload: NumberPayload | ExpressionPayload;
}

const CURRENCY = new Set("$€£¥₹₽₪₩₫฿₡₢₣₤₥₦₧₨₩₪₫₭₮₯₰₱₲₳₴₵₶₷₸₹₺₻₼₽₾₿");
const NUMBER_RE =
  /(?:(-?[1-9]\d{0,2}(?:[ ,]\d{3})+)(\.\d+)?|(-?\d+)([.,]\d+)|(\.\d+)|(-?\d+))(\s*(?:%|[Pp]ercent|\s*[Pp]ercentage|\s*[Pp]ct))?/y;
const EXPR_CLASS = new Set("0123456789. \t\n\r\f\v+-*×/^()÷");
const EXPR_OPERATORS = new Set("+-*×/^()÷");
const SUFFIX_INSIDE = new Set(". \t\n\r\f\v)");

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f" || ch === "\v";
}

/** Per-run facts cached so every start inside one run of expression characters costs O(1). */
interface RunInfo {
  end: number;
  /** Largest valid match end (where the suffix pattern can match) in the run, or -1. */
  validEnds: number[];
  /** lastOperator[k - runStart] = last operator index ≤ k in the run, or -1. */
  lastOperator: Int32Array;
  start: number;
}

/**
 * Finds expression and number matches with anchors; one instance per text.
 * @example
 * new ExprScanner("x = 2+3*4, so").expressionAt(4); // { end: 10, text: "2+3*4" }
 */
export class ExprScanner {
  readonly #text: string;
  #lastRun: RunInfo | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  run(at: number): RunInfo {
    const text = this.#text;
    const cached = this.#lastRun;
    if (cached && at >= cached.start && at < cached.end) return cached;
    let start = at;
    while (start > 0 && EXPR_CLASS.has(text[start - 1]!)) start--;
    let end = start;
    while (end < text.length && EXPR_CLASS.has(text[end]!)) end++;
    const lastOperator = new Int32Array(end - start + 1);
    let last = -1;
    for (let k = start; k < end; k++) {
      if (EXPR_OPERATORS.has(text[k]!)) last = k;
      lastOperator[k - start] = last;
    }
    lastOperator[end - start] = last;
    const validEnds: number[] = [];
    const next = text[end];
    if (next === undefined || next === "," || next === ":" || next === "$") validEnds.push(end);
    for (let k = end - 1; k > start && validEnds.length < 2; k--) {
      const ch = text[k]!;
      if (SUFFIX_INSIDE.has(ch) || (ch === "*" && text[k + 1] === "*")) validEnds.push(k);
    }
    const info = { start, end, validEnds, lastOperator };
    this.#lastRun = info;
    return info;
  }

  /** `-?\(?-?\d[C]*[O][C]+\)?` followed by the suffix, starting exactly at `at`. */
  expressionAt(at: number): { end: number; text: string } | null {
    const text = this.#text;
    let j = at;
    if (text[j] === "-") j++;
    if (text[j] === "(") j++;
    if (text[j] === "-") j++;
    if (!isDigit(text[j])) return null;
    j++;
    if (!EXPR_CLASS.has(text[j] ?? "")) return null;
    const run = this.run(j);
    for (const k of run.validEnds) {
      if (k < j + 2) continue;
      const lastOp = run.lastOperator[k - 2 - run.start] ?? -1;
      if (lastOp < j) continue;
      let end = k;
      if (text[end] === "*" && text[end + 1] === "*") end += 2;
      return { end: Math.min(end + 1, text.length), text: text.slice(at, k) };
    }
    return null;
  }

  numberAt(at: number): { end: number; payload: NumberPayload } | null {
    const text = this.#text;
    let i = at;
    if (CURRENCY.has(text[i] ?? "")) i++;
    if (isDigit(text[i - 1])) return null;
    NUMBER_RE.lastIndex = i;
    const match = NUMBER_RE.exec(text);
    if (!match) return null;
    const integer = (match[1] ?? match[3] ?? match[6] ?? "").replace(/[ ,]/g, "");
    const decimal = (match[2] ?? match[4] ?? match[5] ?? "").replace(",", ".");
    const negative = integer.startsWith("-");
    let digits = (negative ? integer.slice(1) : integer).replace(/^0+/, "");
    if (digits === "") digits = "0";
    return {
      end: i + match[0].length,
      payload: {
        type: "number",
        text: `${negative ? "-" : ""}${digits}${decimal}`,
        percent: match[7] !== undefined,
      },
    };
  }

  /**
   * Lengths the prefix `(?:^|\s|=)(?:\*\*)?` can take at `at`, in the regex's order: at the
   * start of the text `^` (empty) first, then a whitespace or `=` character, so a leading
   * `" 42"` or `"=42"` still matches after `^` fails.
   */
  prefixesAt(at: number): number[] {
    const text = this.#text;
    const lengths: number[] = [];
    if (at === 0) lengths.push(0);
    if (isSpace(text[at]) || text[at] === "=") lengths.push(1);
    return lengths.map((length) =>
      text[at + length] === "*" && text[at + length + 1] === "*" ? length + 2 : length,
    );
  }

  expressionWithAnchorsAt(at: number): ExprMatch | null {
    for (const prefix of this.prefixesAt(at)) {
      const found = this.expressionAt(at + prefix);
      if (found) return { start: at, end: found.end, payload: { type: "expression", text: found.text } };
    }
    return null;
  }

  numberWithAnchorsAt(at: number): ExprMatch | null {
    for (const prefix of this.prefixesAt(at)) {
      const found = this.numberAt(at + prefix);
      if (found) return { start: at, end: found.end, payload: found.payload };
    }
    return null;
  }

  /** Either alternative of `expr_or_number` at `at` (expression first). */
  eitherAt(at: number): ExprMatch | null {
    return this.expressionWithAnchorsAt(at) ?? this.numberWithAnchorsAt(at);
  }

  /** finditer of one unanchored pattern. */
  findAll(kind: "expression" | "number"): ExprMatch[] {
    const text = this.#text;
    const matches: ExprMatch[] = [];
    for (let i = 0; i < text.length; ) {
      if (i !== 0 && !isSpace(text[i]) && text[i] !== "=") {
        i++;
        continue;
      }
      const match = kind === "expression" ? this.expressionWithAnchorsAt(i) : this.numberWithAnchorsAt(i);
      if (match) {
        matches.push(match);
        i = match.end > i ? match.end : i + 1;
      } else i++;
    }
    return matches;
  }

  /** Matches of the anchored patterns by priority (0, 50, 100, 200). */
  findAnchored(lower: string): Map<number, ExprMatch[]> {
    const text = this.#text;
    const result = new Map<number, ExprMatch[]>([
      [0, []],
      [50, []],
      [100, []],
      [200, []],
    ]);
    let resume = 0;
    for (const at of occurrences(lower, "final answer is")) {
      if (at < resume) continue;
      let i = at + 15;
      if (text[i] === ":") i++;
      let found: ExprMatch | null = null;
      for (let s = i; ; s++) {
        const candidate = this.eitherAt(s);
        if (candidate && /^\.?\s?I hope/.test(text.slice(candidate.end, candidate.end + 8))) {
          found = candidate;
          break;
        }
        if (!isSpace(text[s])) break;
      }
      if (!found) continue;
      const hope = /^\.?\s?I hope/.exec(text.slice(found.end, found.end + 8))!;
      const end = found.end + hope[0].length;
      result.get(0)!.push({ start: at, end, payload: found.payload });
      resume = end;
    }
    resume = 0;
    for (const at of occurrences(lower, "final answer")) {
      if (at < resume) continue;
      for (let gap = at + 12; gap <= Math.min(at + 112, text.length); gap++) {
        if (text[gap] === "\n" && gap > at + 12) break;
        const is = /^\s+is:?/.exec(text.slice(gap, gap + 40));
        if (!is) continue;
        const found = this.eitherAt(gap + is[0].length);
        if (!found) continue;
        result.get(50)!.push({ start: at, end: found.end, payload: found.payload });
        resume = found.end;
        break;
      }
    }
    for (const { priority, start, match } of answerWordMatches(text, lower, (from) =>
      this.answerPattern(from),
    )) {
      result.get(priority)!.push({ start, end: match.end, payload: match.payload });
    }
    return result;
  }

  /** `(?:.{0,100}=\s*|.{0,50}?)EXPR_OR_NUMBER(?!\s*=)` from `from`. */
  answerPattern(from: number): ExprMatch | null {
    const text = this.#text;
    const notFollowedByEquals = (m: ExprMatch): boolean => !/^\s*=/.test(text.slice(m.end, m.end + 40));
    let lineEnd = text.indexOf("\n", from);
    if (lineEnd < 0) lineEnd = text.length;
    for (let eq = Math.min(from + 99, lineEnd - 1); eq >= from; eq--) {
      if (text[eq] !== "=") continue;
      let spaces = eq + 1;
      while (isSpace(text[spaces])) spaces++;
      for (let s = spaces; s >= eq; s--) {
        const m = this.eitherAt(s);
        if (m && notFollowedByEquals(m)) return m;
      }
    }
    for (let s = from; s <= Math.min(from + 50, lineEnd); s++) {
      const m = this.eitherAt(s);
      if (m && notFollowedByEquals(m)) return m;
    }
    return null;
  }
}
