/**
 * Numeric equivalence of two expressions: exact rational comparison when both sides are
 * rational, math-verify's float rounding when one side is a decimal literal, and otherwise
 * evaluation at seeded pseudo-random points for the free symbols (the numeric fallback for
 * symbolic equivalence). Matrices compare entry by entry.
 * @module
 */

import { seededRandom } from "../../core/random.js";
import type { MathNode } from "./ast.js";
import { freeSymbols } from "./ast-walk.js";
import type { StepBudget } from "./budget.js";
import type { Complex } from "./complex.js";
import { evaluateExact, evaluateNumeric, type SymbolValues } from "./evaluate.js";

/** Settings of numeric comparison. */
export interface NumericOptions {
  /** Decimal places floats are rounded to before comparing (math-verify's `float_rounding`). */
  precision: number;
  /** Relative tolerance of the random-point comparison. */
  tolerance: number;
  budget: StepBudget;
}

const POINT_COUNT = 5;

/**
 * Deterministic sample points: symbol values in (0.3, 2.9), distinct per symbol and point.
 * @example
 * samplePoints(new Set(["x"])).length; // 5
 * samplePoints(new Set(["x"]))[0]!.get("x"); // 1.2331139486283065 (same on every run)
 */
export function samplePoints(symbols: ReadonlySet<string>): SymbolValues[] {
  const names = [...symbols].sort();
  const points: SymbolValues[] = [];
  for (let p = 0; p < POINT_COUNT; p++) {
    const random = seededRandom(0x9e3779b9 + p * 7919);
    points.push(new Map(names.map((name) => [name, 0.3 + 2.6 * random()])));
  }
  return points;
}

/**
 * Whether two complex values agree within a relative tolerance (plus a tiny absolute floor).
 * @example
 * close({ re: 1, im: 0 }, { re: 1 + 1e-10, im: 0 }, 1e-9); // true
 * close({ re: 1, im: 0 }, { re: 1.001, im: 0 }, 1e-9); // false
 */
export function close(a: Complex, b: Complex, tolerance: number): boolean {
  if (!Number.isFinite(a.re) || !Number.isFinite(b.re) || !Number.isFinite(a.im) || !Number.isFinite(b.im)) {
    return a.re === b.re && a.im === b.im && !Number.isNaN(a.re);
  }
  const scale = Math.max(Math.hypot(a.re, a.im), Math.hypot(b.re, b.im));
  return Math.hypot(a.re - b.re, a.im - b.im) <= tolerance * scale + 1e-12;
}

function isDecimalLiteral(node: MathNode): boolean {
  if (node.kind === "negate") return isDecimalLiteral(node.argument);
  return node.kind === "number" && node.decimal;
}

function isNumberLiteral(node: MathNode): boolean {
  if (node.kind === "negate") return isNumberLiteral(node.argument);
  return node.kind === "number";
}

/** The value of a symbol-free expression, exact when possible. */
function constantValue(node: MathNode, budget: StepBudget): Complex | null {
  if (freeSymbols(node).size > 0) return null;
  const exact = evaluateExact(node, budget);
  if (exact) return { re: exact.toNumber(), im: 0 };
  const value = evaluateNumeric(node, new Map(), budget);
  return Number.isNaN(value.re) || Number.isNaN(value.im) ? null : value;
}

function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Numeric matrix value of a matrix expression (`A + B`, `A B`, `2A`), or null for scalars. */
function matrixValue(node: MathNode, values: SymbolValues, budget: StepBudget): Complex[][] | null {
  switch (node.kind) {
    case "matrix":
      return node.rows.map((row) => row.map((cell) => evaluateNumeric(cell, values, budget)));
    case "negate": {
      const m = matrixValue(node.argument, values, budget);
      return m?.map((row) => row.map((c) => ({ re: -c.re, im: -c.im }))) ?? null;
    }
    case "add": {
      const parts = node.terms.map((t) => matrixValue(t, values, budget));
      const first = parts[0];
      if (!first || parts.some((m) => !m || m.length !== first.length || m[0]!.length !== first[0]!.length))
        return null;
      return first.map((row, i) =>
        row.map((_, j) =>
          parts.reduce((s, m) => ({ re: s.re + m![i]![j]!.re, im: s.im + m![i]![j]!.im }), { re: 0, im: 0 }),
        ),
      );
    }
    case "multiply": {
      let result: Complex[][] | null = null;
      let scalar: Complex = { re: 1, im: 0 };
      for (const factor of node.factors) {
        const m = matrixValue(factor, values, budget);
        if (!m) {
          const s = evaluateNumeric(factor, values, budget);
          scalar = { re: scalar.re * s.re - scalar.im * s.im, im: scalar.re * s.im + scalar.im * s.re };
          continue;
        }
        if (!result) result = m;
        else {
          const left: Complex[][] = result;
          if (left[0]!.length !== m.length) return null;
          result = left.map((row) =>
            m[0]!.map((_, j) =>
              row.reduce(
                (s, c, k) => ({
                  re: s.re + c.re * m[k]![j]!.re - c.im * m[k]![j]!.im,
                  im: s.im + c.re * m[k]![j]!.im + c.im * m[k]![j]!.re,
                }),
                { re: 0, im: 0 },
              ),
            ),
          );
        }
      }
      return (
        result?.map((row) =>
          row.map((c) => ({
            re: c.re * scalar.re - c.im * scalar.im,
            im: c.re * scalar.im + c.im * scalar.re,
          })),
        ) ?? null
      );
    }
    default:
      return null;
  }
}

function containsMatrix(node: MathNode): boolean {
  if (node.kind === "matrix") return true;
  if (node.kind === "add") return node.terms.some(containsMatrix);
  if (node.kind === "multiply") return node.factors.some(containsMatrix);
  if (node.kind === "negate") return containsMatrix(node.argument);
  return false;
}

/**
 * Whether two scalar (or matrix) expressions are numerically equivalent, following math-verify's
 * `sympy_numeric_eq` then `sympy_symbolic_eq`.
 * @example
 * const options = { precision: 6, tolerance: 1e-9, budget: new StepBudget(10_000) };
 * const parse = (latex: string) => parseNormalized(latex, options.budget)!;
 * numericEqual(parse("(x+1)^2"), parse("x^2+2x+1"), options); // true
 */
export function numericEqual(gold: MathNode, pred: MathNode, options: NumericOptions): boolean {
  const { budget, precision, tolerance } = options;
  if (gold.kind === "matrix" && pred.kind === "matrix") {
    const [a, b] = [gold.rows, pred.rows];
    if (a.length !== b.length || a[0]!.length !== b[0]!.length) return false;
    return a.every((row, i) => row.every((cell, j) => numericEqual(cell, b[i]![j]!, options)));
  }
  if (containsMatrix(gold) || containsMatrix(pred)) {
    const symbols = freeSymbols(pred, freeSymbols(gold));
    return samplePoints(symbols).every((point) => {
      const a = matrixValue(gold, point, budget);
      const b = matrixValue(pred, point, budget);
      if (!a || !b || a.length !== b.length || a[0]!.length !== b[0]!.length) return false;
      return a.every((row, i) => row.every((c, j) => close(c, b[i]![j]!, tolerance)));
    });
  }
  if (isDecimalLiteral(gold) || isDecimalLiteral(pred)) {
    const a = constantValue(gold, budget);
    const b = constantValue(pred, budget);
    if (a && b) return a.im === 0 && b.im === 0 && roundTo(a.re, precision) === roundTo(b.re, precision);
  }
  const exactGold = evaluateExact(gold, budget);
  const exactPred = exactGold && evaluateExact(pred, budget);
  if (exactGold && exactPred) return exactGold.equals(exactPred);
  if (isNumberLiteral(gold) || isNumberLiteral(pred)) {
    const a = constantValue(gold, budget);
    const b = constantValue(pred, budget);
    if (a && b) return close(a, b, 1e-12);
  }
  const symbols = freeSymbols(pred, freeSymbols(gold));
  let compared = 0;
  for (const point of samplePoints(symbols)) {
    const a = evaluateNumeric(gold, point, budget);
    const b = evaluateNumeric(pred, point, budget);
    const aBad = Number.isNaN(a.re) || Number.isNaN(a.im);
    const bBad = Number.isNaN(b.re) || Number.isNaN(b.im);
    if (aBad && bBad) continue;
    if (aBad || bBad || !close(a, b, tolerance)) return false;
    compared++;
    if (symbols.size === 0) break;
  }
  return compared > 0;
}

/**
 * Whether `goldDifference / predDifference` is one constant at every sample point (and positive
 * when `positive`), i.e. the equations or inequalities `gold = 0` and `pred = 0` are the same up
 * to scaling.
 * @example
 * const options = { precision: 6, tolerance: 1e-9, budget: new StepBudget(10_000) };
 * const parse = (latex: string) => parseNormalized(latex, options.budget)!;
 * proportional(parse("x-1"), parse("2x-2"), true, options); // true
 * proportional(parse("x-1"), parse("1-x"), true, options); // false (negative ratio)
 */
export function proportional(
  goldDifference: MathNode,
  predDifference: MathNode,
  positive: boolean,
  options: NumericOptions,
): boolean {
  const symbols = freeSymbols(predDifference, freeSymbols(goldDifference));
  let ratio: Complex | null = null;
  let compared = 0;
  for (const point of samplePoints(symbols)) {
    const a = evaluateNumeric(goldDifference, point, options.budget);
    const b = evaluateNumeric(predDifference, point, options.budget);
    if ([a.re, a.im, b.re, b.im].some((v) => !Number.isFinite(v))) continue;
    const aZero = Math.hypot(a.re, a.im) < 1e-12;
    const bZero = Math.hypot(b.re, b.im) < 1e-12;
    if (aZero && bZero) continue;
    if (aZero || bZero) return false;
    const d = b.re * b.re + b.im * b.im;
    const r = { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
    if (ratio === null) {
      if (
        symbols.size === 0 &&
        !(close(r, { re: 1, im: 0 }, 1e-9) || (!positive && close(r, { re: -1, im: 0 }, 1e-9)))
      )
        return false;
      if (positive && (r.re <= 0 || Math.abs(r.im) > 1e-9)) return false;
      ratio = r;
    } else if (!close(r, ratio, 1e-7)) return false;
    compared++;
    if (symbols.size === 0) break;
  }
  return compared > 0;
}
