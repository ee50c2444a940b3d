/**
 * LaTeX normalization before parsing, with the switches math-verify's `NormalizationConfig`
 * (latex2sympy2_extended) offers: boxed extraction, basic cleanup (`\dfrac`, `\left`, `\text`,
 * `\!`, `$`, "and"/"or" lists, percent words), units, small nits and malformed operators
 * (`\frac12`, `\sqrt3`, `a/b`). Every regex is precompiled here (the unit list in
 * `normalize-units.ts`) and runs on bounded input.
 * @module
 */
import { stripUnits } from "./normalize-units.js";

/**
 * Which normalization groups to apply (math-verify's `NormalizationConfig`).
 * @example
 * const keepBoxes: NormalizationOptions = { ...DEFAULT_NORMALIZATION, boxed: "none" };
 */
export interface NormalizationOptions {
  basicLatex: boolean;
  units: boolean;
  malformedOperators: boolean;
  nits: boolean;
  /** `all`: join every `\boxed{}`; `last`: the last one (and close neighbours); `none`: keep as is. */
  boxed: "all" | "last" | "none";
  /** Keep only the last part of `a = b = c` when there is no `,` or `;`. */
  equations: boolean;
}

/**
 * math-verify's default normalization for LaTeX extraction.
 * @example
 * normalizeLatex("\\boxed{\\dfrac{1}{2}}", DEFAULT_NORMALIZATION); // "\\frac{1}{2}"
 */
export const DEFAULT_NORMALIZATION: NormalizationOptions = {
  basicLatex: true,
  units: true,
  malformedOperators: true,
  nits: true,
  boxed: "all",
  equations: false,
};

const SEPARATOR_RE = /\b(?:and|or)\b|,|;/;

function closingBrace(text: string, open: number, limit: number): number {
  let depth = 1;
  for (let i = open + 1; i < limit; i++) {
    const ch = text[i];
    if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i;
  }
  return -1;
}

/**
 * Extracts `\boxed{…}` / `\fbox{…}` contents, scanning from the right. `all` joins every box
 * with commas; `last` keeps the last box plus earlier ones separated from it by a short gap or
 * a separator word. Text without a box is returned unchanged.
 * @example
 * extractBoxedContent("so \\boxed{1} and \\boxed{2}", "all"); // "1,2"
 */
export function extractBoxedContent(text: string, mode: "all" | "last"): string {
  const results: string[] = [];
  let current = text.length;
  let limit = text.length;
  let lastStart = -1;
  // Both searches resume from the left of the last box, so the scan stays linear.
  let boxed = text.lastIndexOf("\\boxed", current - 1);
  let fbox = text.lastIndexOf("\\fbox", current - 1);
  for (;;) {
    if (boxed >= current) boxed = text.lastIndexOf("\\boxed", current - 1);
    if (fbox >= current) fbox = text.lastIndexOf("\\fbox", current - 1);
    if (boxed < 0 && fbox < 0) break;
    const start = Math.max(boxed, fbox);
    let brace = start + (boxed > fbox ? 6 : 5);
    while (brace < limit && /\s/.test(text[brace]!)) brace++;
    if (brace >= limit) break;
    if (text[brace] !== "{") {
      if (results.length === 0) results.push(text.slice(brace));
      break;
    }
    const close = closingBrace(text, brace, limit);
    if (close < 0) {
      if (results.length === 0) results.push(text.slice(brace));
      break;
    }
    const content = text.slice(brace + 1, close).trim();
    if (mode === "last" && lastStart >= 0) {
      const between = text.slice(close + 1, lastStart);
      const previous = results[results.length - 1] ?? "";
      const near = between.length < 10;
      const separated = content !== previous && between.length < 70 && SEPARATOR_RE.test(between);
      if (!near && !separated) break;
    }
    if (results[results.length - 1] !== content) results.push(content);
    lastStart = start;
    limit = start;
    current = start;
  }
  return results.length ? results.reverse().join(",") : text;
}

const LEFT_RE =
  /\\m?left(\\\{|\{|\\\||\||\[|\(|\\rbracl|\\lgroup|\\lbrace|\\lbrack|\\vert|\\lvert|\\lceil|\\lfloor|\\langle|\\llcorner|\\ulcorner)/g;
const RIGHT_RE =
  /\\m?right(\\\}|\}|\\\||\||\]|\)|\\rbrack|\\rgroup|\\rbrace|\\vert|\\rvert|\\rceil|\\rfloor|\\rangle|\\lrcorner|\\urcorner)/g;
const LEFT_RIGHT_DOT_RE = /\\(?:left|right)\./g;
const REMOVE_RE = /\\mathrm\{th\}|\\!\s*|\\text\s*\{\s*\}|\\\$|\$|(?<!\\)["']|\\displaystyle/g;

const REPLACEMENTS: Array<[string, string]> = [
  ["\\\\math(?:rm|it|bf)", "\\text"],
  ["\\\\text(?:normal|bf|it|rm)", "\\text"],
  ["\\\\(?:d|t|c)frac", "\\frac"],
  ["\\s\\.", " 0."],
  ["\\{\\.", "{0."],
  ["~=", "\\approx"],
  ["\\s*\\{\\s*,\\s*\\}", ","],
  ["(?<![a-zA-Z])(?:,?\\s*(?:and|or))(?![a-zA-Z])", ","],
  ["(?:,?\\s*\\\\text\\{\\s*(?:and|or)\\s*\\})", ","],
  ["(?<!\\\\)\\\\\\s", " "],
  ["infinity", "\\infty"],
  [",?\\\\ldots", " "],
  ["\\s*\\bpercentage\\b", "\\%"],
  ["\\\\text\\{percentage\\}", "%"],
  ["\\s*\\bpercent\\b", "\\%"],
  ["\\\\text\\{percent\\}", "%"],
  ["\\s*\\bpct\\b", "\\%"],
  ["\\\\text\\{pct\\}", "%"],
  ["(?<!\\\\)inf(?!inity)", "\\infty"],
  [" sqrt", "\\sqrt"],
];
const REPLACE_RE = new RegExp(REPLACEMENTS.map(([pattern]) => `(${pattern})`).join("|"), "g");

function replaceLatex(text: string): string {
  return text.replace(REPLACE_RE, (...args: unknown[]) => {
    for (let i = 0; i < REPLACEMENTS.length; i++) if (args[i + 1] !== undefined) return REPLACEMENTS[i]![1];
    return String(args[0]);
  });
}

const COMMAND_SLASH_RE = /\\\\(?=[a-zA-Z])/g;
const EQUATION_SPLIT_RE = /(?<![\\<!>])=/;

const MALFORMED: Array<[RegExp, string]> = [
  [/\^\s?\((.*?)\)/g, "^{$1}"],
  [/sqrt\s?\((.*?)\)/g, "\\sqrt{$1}"],
  [/\\frac\s?(\d)\s?(\d+)/g, "\\frac{$1}{$2}"],
  [/\\log_\s?(\d)\s?(\d+)/g, "\\log_{$1}{$2}"],
  [/\\frac\s?\{(.*?)\}\s?(\d)/g, "\\frac{$1}{$2}"],
  [/\\frac\s?(\d)\s?\{(.*?)\}/g, "\\frac{$1}{$2}"],
  [/\\sqrt\s?(\d)/g, "\\sqrt{$1}"],
];

function fixSqrt(text: string): string {
  if (!text.includes("\\sqrt")) return text;
  const parts = text.split("\\sqrt");
  let out = parts[0]!;
  for (const raw of parts.slice(1)) {
    const part = raw.trimStart();
    out +=
      part.length > 0 && part[0] !== "{" && part[0] !== "["
        ? `\\sqrt{${part[0]}}${part.slice(1)}`
        : `\\sqrt${part}`;
  }
  return out;
}

function fixFracs(text: string): string {
  const parts = text.split("\\frac");
  let out = parts[0]!;
  for (const raw of parts.slice(1)) {
    const part = raw.trimStart();
    out += "\\frac";
    if (part.length > 0 && part[0] === "{") out += part;
    else if (part.length < 2) return text;
    else {
      const [a, b] = [part[0]!, part[1]!];
      out += b !== "{" ? `{${a}}{${b}}${part.slice(2)}` : `{${a}}${b}${part.slice(2)}`;
    }
  }
  return out;
}

const A_SLASH_B_RE = /^(-?\d+)\/(-?\d+)$/;

function fixSlash(text: string): string {
  const match = A_SLASH_B_RE.exec(text);
  if (!match || /^-?0\d/.test(match[1]!) || /^-?0\d/.test(match[2]!)) return text;
  return `\\frac{${match[1]}}{${match[2]}}`;
}

/**
 * Normalizes a LaTeX answer string.
 * @example
 * normalizeLatex("\\dfrac{1}{2}\\text{ cm}", DEFAULT_NORMALIZATION); // "\\frac{1}{2}"
 */
export function normalizeLatex(input: string, options: NormalizationOptions): string {
  let text = input;
  if (options.boxed !== "none") text = extractBoxedContent(text, options.boxed);
  if (options.basicLatex) {
    text = text.replaceAll("\\mathrm{T}", "T").replaceAll("\\mathrm{d}", "d").replaceAll("{\\rm d}", "d");
    text = text
      .replaceAll("\\left[\\begin{matrix}", "\\begin{bmatrix}")
      .replaceAll("\\end{matrix}\\right]", "\\end{bmatrix}");
    text = text.replace(LEFT_RE, "$1").replace(RIGHT_RE, "$1").replace(LEFT_RIGHT_DOT_RE, "");
    text = text.replace(REMOVE_RE, "");
    text = replaceLatex(text);
    text = text.replaceAll("\n", " ").replaceAll("\t", " ");
    if (!text.includes("matrix")) text = text.replace(COMMAND_SLASH_RE, "\\");
  }
  if (options.equations && !text.includes(",") && !text.includes(";")) {
    const parts = text.split(EQUATION_SPLIT_RE);
    if (parts.length > 2) text = parts[parts.length - 1]!;
  }
  if (options.units) text = stripUnits(text);
  if (options.nits) {
    if (text.startsWith(".")) text = `0${text}`;
    if (text === "0.5") text = "\\frac{1}{2}";
  }
  if (options.malformedOperators) {
    for (const [pattern, replacement] of MALFORMED) text = text.replace(pattern, replacement);
    text = text.replaceAll(" sqrt", "\\sqrt");
    text = fixFracs(fixSqrt(text));
    text = fixSlash(text);
  }
  return text.trim();
}
