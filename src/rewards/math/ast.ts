/**
 * The expression tree the LaTeX parser produces and the comparison consumes: numbers, symbols,
 * arithmetic, functions, relations (equations and inequalities), tuples, intervals, sets and
 * matrices.
 * @module
 */
import type { Rational } from "./rational.js";

/** A relation operator; `in` is `x \in S`. */
export type RelationOperator = "=" | "<" | "<=" | ">" | ">=" | "!=" | "in";

/** One node of a parsed answer. */
export type MathNode =
  /** A numeric literal; `decimal` marks literals written with a decimal point (math-verify's Float). */
  | { kind: "number"; value: Rational; decimal: boolean }
  /** A free variable; the name is lowercased and includes any subscript (`a_{37}` → `a_37`). */
  | { kind: "symbol"; name: string }
  /** A named constant. */
  | { kind: "constant"; name: "pi" | "e" | "i" | "infinity" }
  /** A word written with `\text{…}`; compared by name, never evaluated. */
  | { kind: "text"; name: string }
  | { kind: "add"; terms: MathNode[] }
  | { kind: "multiply"; factors: MathNode[] }
  | { kind: "divide"; numerator: MathNode; denominator: MathNode }
  | { kind: "power"; base: MathNode; exponent: MathNode }
  | { kind: "negate"; argument: MathNode }
  /** A function application: built-ins (`sin`, `sqrt`, `log`, …) or an undefined function `f(x)`. */
  | { kind: "call"; name: string; args: MathNode[] }
  /** `\sum_{k=a}^{b}` (or `\prod`) over an integer range. */
  | { kind: "sum"; variable: string; lower: MathNode; upper: MathNode; body: MathNode; product: boolean }
  /** `a \pm b`: the two values `a + b` and `a - b`. */
  | { kind: "plusMinus"; options: MathNode[] }
  /** A chain `a op b op c …` (`items.length === operators.length + 1`). */
  | { kind: "relation"; operators: RelationOperator[]; items: MathNode[] }
  /** An ordered tuple `(a, b, c)`. */
  | { kind: "tuple"; items: MathNode[] }
  | { kind: "interval"; lower: MathNode; upper: MathNode; lowerOpen: boolean; upperOpen: boolean }
  /** A finite set `{a, b}` (order-insensitive); a bare list `a, b` parses to a set too. */
  | { kind: "set"; items: MathNode[] }
  | { kind: "union"; parts: MathNode[] }
  | { kind: "matrix"; rows: MathNode[][] };

/**
 * Whether a node is one of the set-like kinds compared element-wise.
 * @example
 * const budget = new StepBudget(10_000);
 * isCollection(parseNormalized("\\{1, 2\\}", budget)!); // true
 * isCollection(parseNormalized("x + 1", budget)!); // false
 */
export function isCollection(node: MathNode): boolean {
  return node.kind === "tuple" || node.kind === "set" || node.kind === "interval" || node.kind === "union";
}

/**
 * Whether an expression is made only of symbols (math-verify's `is_expr_of_only_symbols`):
 * `x`, `AB`, `f(x)`, `|AB|`, `A/B`, `(p, q)`. Such a left-hand side makes `lhs = value` an assignment.
 * @example
 * const budget = new StepBudget(10_000);
 * isOnlySymbols(parseNormalized("f(x)", budget)!); // true
 * isOnlySymbols(parseNormalized("x + 1", budget)!); // false
 */
export function isOnlySymbols(node: MathNode): boolean {
  switch (node.kind) {
    case "symbol":
    case "text":
      return true;
    case "constant":
      return node.name === "e" || node.name === "i" || node.name === "pi";
    case "multiply":
      return node.factors.every(isOnlySymbols);
    case "add":
      return node.terms.every(isOnlySymbols);
    case "divide":
      return isOnlySymbols(node.numerator) && isOnlySymbols(node.denominator);
    case "call":
      return node.args.length > 0 && node.args.every(isOnlySymbols);
    case "tuple":
      return node.items.every(isOnlySymbols);
    case "interval":
      return isOnlySymbols(node.lower) && isOnlySymbols(node.upper);
    default:
      return false;
  }
}
