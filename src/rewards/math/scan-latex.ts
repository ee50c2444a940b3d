/**
 * Finds LaTeX answer candidates in free text the way math-verify's LaTeX extraction regexes do
 * (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`, ` [ … ] `, bare `\frac{a}{b}`, chains joined by "and"/"or"/",",
 * anchors "final answer is" and "answer", and `\boxed{}`), but with hand-written scanners that
 * run in linear time on any input instead of backtracking regexes.
 * @module
 */

/** One LaTeX environment found in the text. */
export interface LatexEnvironment {
  content: string;
  percent: boolean;
  /** The plain `\boxed{.+}` match, normalized with `boxed: "last"`. */
  boxedPlain: boolean;
}

/** A match of one extraction pattern: its span and the environments it captured. */
export interface LatexMatch {
  start: number;
  end: number;
  environments: LatexEnvironment[];
}

type Context = "plain" | "boxed";

const PERCENT_RE = /\s*(?:\\?%|[Pp]ercent|[Pp]ercentage|[Pp]ct)/y;
const FRACTION_RE = /-?\\frac\{-?\d+(?:[.,]\d+)?\}\{-?\d+(?:[.,]\d+)?\}/y;
const SEPARATOR_RE = /\s*(?:,?and|,?or|,)\s*/y;
const WHITESPACE = /\s/;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && WHITESPACE.test(ch);
}

function hasBoxed(content: string): boolean {
  const at = content.indexOf("\\boxed{");
  return at >= 0 && content.indexOf("}", at + 8) >= 0;
}

/** Tries one environment at `i`; returns its content and end, or null. */
function environmentAt(text: string, i: number, context: Context): { content: string; end: number } | null {
  const before = text[i - 1];
  const ch = text[i];
  const found = ((): { content: string; end: number } | null => {
    if (ch === "$" && text[i + 1] === "$" && before !== "\\") {
      const close = text.indexOf("$$", i + 2);
      if (close > i + 2 && text[close - 1] !== "\\")
        return { content: text.slice(i + 2, close), end: close + 2 };
    }
    if (ch === "\\" && text[i + 1] === "[" && before !== "\\") {
      const close = text.indexOf("\\]", i + 2);
      if (close > i + 2 && text[close - 1] !== "\\")
        return { content: text.slice(i + 2, close), end: close + 2 };
    }
    if (ch === "$" && before !== "\\" && !(before !== undefined && before >= "0" && before <= "9")) {
      for (let j = i + 1; j < text.length; j++) {
        const c = text[j];
        if (c === "$") {
          if (j > i + 1 && text[j - 1] !== "\\") return { content: text.slice(i + 1, j), end: j + 1 };
          break;
        }
        if (c === "\n") break;
        if (c === "\\" && text[j + 1] === "$") j++;
      }
    }
    if (ch === "\\" && text[i + 1] === "(" && before !== "\\") {
      for (let j = i + 2; j < text.length; j++) {
        const c = text[j];
        if (c === "\n") break;
        if (c === "\\" && text[j + 1] === ")") {
          if (j > i + 2 && text[j - 1] !== "\\") return { content: text.slice(i + 2, j), end: j + 2 };
          break;
        }
      }
    }
    if (isSpace(ch) && text[i + 1] === "[") {
      for (let j = i + 2; j < text.length; j++) {
        const c = text[j];
        if (c === "]") {
          if (j > i + 2 && isSpace(text[j + 1])) return { content: text.slice(i + 2, j), end: j + 2 };
          break;
        }
        if (c === "[" || c === "\n") break;
      }
    }
    if (context === "plain" && (ch === "-" || ch === "\\")) {
      FRACTION_RE.lastIndex = i;
      const match = FRACTION_RE.exec(text);
      if (match) return { content: match[0], end: i + match[0].length };
    }
    return null;
  })();
  if (!found || (context === "boxed" && !hasBoxed(found.content))) return null;
  return found;
}

function withPercent(
  text: string,
  found: { content: string; end: number },
): { env: LatexEnvironment; end: number } {
  PERCENT_RE.lastIndex = found.end;
  const percent = PERCENT_RE.exec(text);
  return {
    env: { content: found.content, percent: percent !== null, boxedPlain: false },
    end: percent ? found.end + percent[0].length : found.end,
  };
}

/** An environment followed by up to five more joined by "and", "or" or ",". */
function chainAt(
  text: string,
  i: number,
  context: Context,
): { environments: LatexEnvironment[]; end: number } | null {
  const first = environmentAt(text, i, context);
  if (!first) return null;
  const head = withPercent(text, first);
  const environments = [head.env];
  let end = head.end;
  for (let k = 0; k < 5; k++) {
    SEPARATOR_RE.lastIndex = end;
    const separator = SEPARATOR_RE.exec(text);
    if (!separator) break;
    const at = end + separator[0].length;
    const next =
      environmentAt(text, at, context) ??
      (isSpace(text[at - 1]) ? environmentAt(text, at - 1, context) : null);
    if (!next) break;
    const item = withPercent(text, next);
    environments.push(item.env);
    end = item.end;
  }
  return { environments, end };
}

/** Positions where an environment may start (so scans skip ordinary characters quickly). */
function mayStartEnvironment(ch: string | undefined, next: string | undefined): boolean {
  return ch === "$" || ch === "\\" || ch === "-" || (next === "[" && isSpace(ch));
}

/**
 * finditer over the unanchored chain pattern: non-overlapping, left to right.
 * @example
 * findChains("we get $x=1$ and $y=2$", "plain")[0]!.environments.map((e) => e.content); // ["x=1", "y=2"]
 */
export function findChains(text: string, context: Context): LatexMatch[] {
  const matches: LatexMatch[] = [];
  for (let i = 0; i < text.length; ) {
    if (!mayStartEnvironment(text[i], text[i + 1])) {
      i++;
      continue;
    }
    const chain = chainAt(text, i, context);
    if (chain) {
      matches.push({ start: i, end: chain.end, environments: chain.environments });
      i = chain.end > i ? chain.end : i + 1;
    } else i++;
  }
  return matches;
}

/**
 * All case-insensitive occurrences of an ASCII word, left to right.
 * @example
 * occurrences("answer: 1, final answer: 2", "answer"); // [0, 17]
 */
export function occurrences(lower: string, word: string): number[] {
  const found: number[] = [];
  for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) found.push(at);
  return found;
}

/**
 * math-verify's "answer word" anchors, `(?i:answer):` (priority 100) then `(?i:answer)` (200):
 * for each non-overlapping occurrence of the word, `find` looks for the target from just after
 * it (and the colon). Shared by the LaTeX and the plain-expression scanners.
 * @example
 * answerWordMatches("Answer: 5", "answer: 5", (from) => ({ end: from + 2 }));
 * // [{ priority: 100, start: 0, match: { end: 9 } }, { priority: 200, start: 0, match: { end: 8 } }]
 */
export function answerWordMatches<T extends { end: number }>(
  text: string,
  lower: string,
  find: (from: number) => T | null,
): Array<{ priority: 100 | 200; start: number; match: T }> {
  const out: Array<{ priority: 100 | 200; start: number; match: T }> = [];
  for (const [priority, colon] of [
    [100, true],
    [200, false],
  ] as const) {
    let resume = 0;
    for (const at of occurrences(lower, "answer")) {
      if (at < resume) continue;
      let from = at + 6;
      if (colon) {
        if (text[from] !== ":") continue;
        from++;
      }
      const match = find(from);
      if (!match) continue;
      out.push({ priority, start: at, match });
      resume = match.end;
    }
  }
  return out;
}

const I_HOPE_RE = /\.?\s?I hope/y;
const IS_COLON_RE = /\s+is:?/y;

/** The first chain starting within `[from, from + span]` (lazy `.{0,span}?`). */
function lazyChain(
  text: string,
  from: number,
  span: number,
  context: Context,
): { start: number; chain: ReturnType<typeof chainAt> } | null {
  for (let at = from; at <= Math.min(from + span, text.length); at++) {
    if (!mayStartEnvironment(text[at], text[at + 1])) continue;
    const chain = chainAt(text, at, context);
    if (chain) return { start: at, chain };
  }
  return null;
}

function skipSpaces(text: string, at: number): number {
  let i = at;
  while (isSpace(text[i])) i++;
  return i;
}

/** A chain after optional whitespace, also trying one whitespace back (for ` [ … ] `). */
function chainAfterSpaces(text: string, at: number): ReturnType<typeof chainAt> {
  const skipped = skipSpaces(text, at);
  return chainAt(text, skipped, "plain") ?? (skipped > at ? chainAt(text, skipped - 1, "plain") : null);
}

/**
 * Matches of the anchored LaTeX patterns, keyed by math-verify's priorities: 0 "final answer
 * is … I hope", 50 "final answer … is …", 100 "answer: …", 200 "answer …".
 * @example
 * const text = "Answer: $3$";
 * findAnchoredLatex(text, text.toLowerCase()).get(100)?.[0]?.environments[0]?.content; // "3" ("answer: …")
 */
export function findAnchoredLatex(text: string, lower: string): Map<number, LatexMatch[]> {
  const result = new Map<number, LatexMatch[]>([
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
    const chain = chainAfterSpaces(text, i);
    if (!chain) continue;
    I_HOPE_RE.lastIndex = chain.end;
    const hope = I_HOPE_RE.exec(text);
    if (!hope) continue;
    const end = chain.end + hope[0].length;
    result.get(0)!.push({ start: at, end, environments: chain.environments });
    resume = end;
  }
  resume = 0;
  for (const at of occurrences(lower, "final answer")) {
    if (at < resume) continue;
    for (let gap = at + 12; gap <= Math.min(at + 112, text.length); gap++) {
      IS_COLON_RE.lastIndex = gap;
      const is = IS_COLON_RE.exec(text);
      if (!is) continue;
      const chain = chainAfterSpaces(text, gap + is[0].length);
      if (!chain) continue;
      result.get(50)!.push({ start: at, end: chain.end, environments: chain.environments });
      resume = chain.end;
      break;
    }
  }
  const chainFrom = (from: number) => lazyChain(text, from, 50, "plain")?.chain ?? null;
  for (const { priority, start, match } of answerWordMatches(text, lower, chainFrom)) {
    result.get(priority)!.push({ start, end: match.end, environments: match.environments });
  }
  return result;
}

/**
 * The `\boxed` patterns: environments containing a box, and `\boxed{` … last `}` of the text.
 * Only `\boxed{` starts a match, as in math-verify's regex (`\\boxed{.+}`): a bare `\fbox{4}`
 * is not extracted, while an `\fbox` inside a match is unwrapped by normalization.
 * @example
 * findBoxed("so \\boxed{42} done")[0]!.environments[0]!.content; // "\\boxed{42}"
 */
export function findBoxed(text: string): LatexMatch[] {
  const matches = findChains(text, "boxed");
  const start = text.indexOf("\\boxed{");
  if (start >= 0) {
    const open = text.indexOf("{", start);
    const close = text.lastIndexOf("}");
    if (close > open + 1) {
      matches.push({
        start,
        end: close + 1,
        environments: [{ content: text.slice(start, close + 1), percent: false, boxedPlain: true }],
      });
    }
  }
  return matches;
}
