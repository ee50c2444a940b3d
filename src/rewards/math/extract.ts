/**
 * Answer extraction with math-verify's priorities: patterns are grouped by priority (lower
 * first); within a group the match ending last wins (ties: the one starting first); a match
 * that fails to parse either ends the search (`first_match`) or yields to the next one
 * (`any_match`). The first matched string is kept as a fallback for plain string comparison.
 * @module
 */
import type { MathNode } from "./ast.js";
import type { StepBudget } from "./budget.js";
import { MathParseError } from "./lexer.js";
import { type NormalizationOptions, normalizeLatex } from "./normalize.js";
import { compareEndsForParser } from "./order.js";
import { parseLatex } from "./parser.js";
import { Rational } from "./rational.js";
import { type ExprMatch, ExprScanner } from "./scan-expr.js";
import { findAnchoredLatex, findBoxed, findChains, type LatexMatch } from "./scan-latex.js";

/** How to find the answer in a text (math-verify's extraction configs and modes). */
export interface ExtractionOptions {
  /** Which extractors run: `latex` (LatexExtractionConfig) and/or `expr` (ExprExtractionConfig). */
  targets: ReadonlyArray<"latex" | "expr">;
  /** Priority of `\boxed{}` matches: 0 before everything, 50 after "final answer is", -1 never. */
  boxedPriority: number;
  /** Also match LaTeX / numbers without an anchor such as "answer" (`try_extract_without_anchor`). */
  withoutAnchor: boolean;
  /** `first_match`: only the best match is tried; `any_match`: fall through to the next on parse failure. */
  mode: "first_match" | "any_match";
  /** Keep the first matched string for string comparison (`fallback_mode="first_match"`). */
  fallback: boolean;
  normalization: NormalizationOptions;
}

/** What was extracted: parsed values (at most one) and the fallback string. */
export interface ExtractedAnswer {
  values: MathNode[];
  strings: string[];
}

/** Limits of one extraction. */
export interface ExtractionLimits {
  budget: StepBudget;
  /** Candidates longer than this (after boxed extraction) are not parsed. Default 2,000. */
  maxCandidateChars?: number;
}

type Candidate = { start: number; end: number } & (
  | { kind: "latex"; match: LatexMatch }
  | { kind: "expr"; match: ExprMatch }
);

const EQUATION_SPLIT_RE = /(?<![\\<!>])=/;

function percentOf(node: MathNode): MathNode {
  if (node.kind === "number")
    return { kind: "number", value: node.value.div(Rational.int(100))!, decimal: node.decimal };
  return {
    kind: "divide",
    numerator: node,
    denominator: { kind: "number", value: Rational.int(100), decimal: false },
  };
}

/**
 * Parses normalized LaTeX; on failure retries the part after the last `=` of a chain.
 * @example
 * parseNormalized("\\frac{1}{2}", new StepBudget(10_000))?.kind; // "divide"
 * parseNormalized("\\frac{", new StepBudget(10_000)); // null
 */
export function parseNormalized(latex: string, budget: StepBudget): MathNode | null {
  const limits = { budget, compareEnds: (a: MathNode, b: MathNode) => compareEndsForParser(a, b, budget) };
  try {
    return parseLatex(latex, limits);
  } catch (error) {
    if (!(error instanceof MathParseError)) throw error;
    if (latex.includes(",") || latex.includes(";")) return null;
    const parts = latex.split(EQUATION_SPLIT_RE);
    if (parts.length <= 2) return null;
    try {
      return parseLatex(parts[parts.length - 1]!, limits);
    } catch (retry) {
      if (retry instanceof MathParseError) return null;
      throw retry;
    }
  }
}

function convertLatex(
  match: LatexMatch,
  options: ExtractionOptions,
  limits: Required<ExtractionLimits>,
): [MathNode | null, string] {
  const values: Array<MathNode | null> = [];
  const strings: string[] = [];
  for (const environment of match.environments) {
    const normalization = environment.boxedPlain
      ? { ...options.normalization, boxed: "last" as const }
      : options.normalization;
    const normalized = normalizeLatex(environment.content.slice(0, 200_000), normalization);
    strings.push(normalized);
    if (normalized.length > limits.maxCandidateChars) {
      values.push(null);
      continue;
    }
    const parsed = parseNormalized(normalized, limits.budget);
    values.push(parsed && environment.percent ? percentOf(parsed) : parsed);
  }
  if (values.length > 1 && values.every((v) => v !== null)) {
    const items = (values as MathNode[]).flatMap((v) => (v.kind === "set" ? v.items : [v]));
    return [{ kind: "set", items }, strings.join(" and ")];
  }
  return [values[0] ?? null, strings[0] ?? ""];
}

function convertExpr(match: ExprMatch, limits: Required<ExtractionLimits>): [MathNode | null, string] {
  const payload = match.payload;
  if (payload.type === "number") {
    const value = Rational.parse(payload.text);
    if (!value) return [null, payload.text];
    const node: MathNode = { kind: "number", value, decimal: payload.text.includes(".") };
    return [payload.percent ? percentOf(node) : node, payload.text];
  }
  if (payload.text.length > limits.maxCandidateChars) return [null, payload.text];
  try {
    return [parseLatex(payload.text.replaceAll("\n", " "), { budget: limits.budget }), payload.text];
  } catch (error) {
    if (error instanceof MathParseError) return [null, payload.text];
    throw error;
  }
}

/** ASCII-only lowercasing that keeps string indices aligned with the original. */
function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/**
 * Extracts the answer from a text.
 * @example
 * extractAnswer("so the answer is $\\frac{1}{2}$", options, { budget }).values[0]; // 1/2
 */
export function extractAnswer(
  text: string,
  options: ExtractionOptions,
  limitsInput: ExtractionLimits,
): ExtractedAnswer {
  const limits: Required<ExtractionLimits> = { maxCandidateChars: 2000, ...limitsInput };
  const lower = lowerAscii(text);
  const producers = new Map<number, Array<() => Candidate[]>>();
  const add = (priority: number, produce: () => Candidate[]): void => {
    if (priority < 0) return;
    producers.set(priority, [...(producers.get(priority) ?? []), produce]);
  };
  const latexOf = (m: LatexMatch): Candidate => ({ start: m.start, end: m.end, kind: "latex", match: m });
  const exprOf = (m: ExprMatch): Candidate => ({ start: m.start, end: m.end, kind: "expr", match: m });
  if (options.targets.includes("latex")) {
    let anchored: Map<number, LatexMatch[]> | undefined;
    for (const priority of [0, 50, 100, 200]) {
      add(priority, () => {
        anchored ??= findAnchoredLatex(text, lower);
        return anchored.get(priority)!.map(latexOf);
      });
    }
    if (options.withoutAnchor) add(300, () => findChains(text, "plain").map(latexOf));
    add(options.boxedPriority, () => findBoxed(text).map(latexOf));
  }
  if (options.targets.includes("expr")) {
    const scanner = new ExprScanner(text);
    let anchored: Map<number, ExprMatch[]> | undefined;
    for (const priority of [0, 50, 100, 200]) {
      add(priority, () => {
        anchored ??= scanner.findAnchored(lower);
        return anchored.get(priority)!.map(exprOf);
      });
    }
    if (options.withoutAnchor)
      add(300, () => [...scanner.findAll("expression"), ...scanner.findAll("number")].map(exprOf));
  }
  const values: MathNode[] = [];
  const fallbacks: string[] = [];
  let matchFound = false;
  for (const priority of [...producers.keys()].sort((a, b) => a - b)) {
    const candidates = producers.get(priority)!.flatMap((produce) => produce());
    candidates.sort((a, b) => b.end - a.end || a.start - b.start);
    for (const candidate of candidates) {
      limits.budget.spend();
      const [value, fallback] =
        candidate.kind === "latex"
          ? convertLatex(candidate.match, options, limits)
          : convertExpr(candidate.match, limits);
      matchFound = true;
      if (fallback) fallbacks.push(fallback);
      if (value) {
        values.push(value);
        break;
      }
      if (options.mode === "first_match") break;
    }
    if (values.length > 0 || (matchFound && options.mode === "first_match")) break;
  }
  return { values, strings: options.fallback && fallbacks.length > 0 ? [fallbacks[0]!] : [] };
}
