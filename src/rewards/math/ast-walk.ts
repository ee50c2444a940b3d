/**
 * Walks over a {@link MathNode} tree: its direct children, its free symbols, deep structural
 * equality, and renaming of symbols.
 * @module
 */
import type { MathNode } from "./ast.js";

/**
 * Collects the free symbol names of a tree (bound sum indices excluded).
 * @example
 * freeSymbols(parseLatex("\\sum_{k=1}^{n} k x", limits)); // Set { "n", "x" }
 */
export function freeSymbols(
  node: MathNode,
  into = new Set<string>(),
  bound: ReadonlySet<string> = new Set(),
): Set<string> {
  switch (node.kind) {
    case "symbol":
      if (!bound.has(node.name)) into.add(node.name);
      break;
    case "sum": {
      freeSymbols(node.lower, into, bound);
      freeSymbols(node.upper, into, bound);
      freeSymbols(node.body, into, new Set([...bound, node.variable]));
      break;
    }
    default:
      for (const child of children(node)) freeSymbols(child, into, bound);
  }
  return into;
}

/**
 * The direct children of a node.
 * @example
 * children(parseLatex("\\frac{a}{b}", limits)); // [{ kind: "symbol", name: "a" }, { kind: "symbol", name: "b" }]
 */
export function children(node: MathNode): MathNode[] {
  switch (node.kind) {
    case "add":
      return node.terms;
    case "multiply":
      return node.factors;
    case "divide":
      return [node.numerator, node.denominator];
    case "power":
      return [node.base, node.exponent];
    case "negate":
      return [node.argument];
    case "call":
      return node.args;
    case "sum":
      return [node.lower, node.upper, node.body];
    case "plusMinus":
      return node.options;
    case "relation":
    case "tuple":
    case "set":
      return node.items;
    case "interval":
      return [node.lower, node.upper];
    case "union":
      return node.parts;
    case "matrix":
      return node.rows.flat();
    default:
      return [];
  }
}

/**
 * Deep structural equality (numbers by value).
 * @example
 * structurallyEqual(parseLatex("0.5", limits), parseLatex("\\frac{1}{2}", limits)); // false (a divide node)
 * structurallyEqual(parseLatex("x+1", limits), parseLatex("x + 1", limits)); // true
 */
export function structurallyEqual(a: MathNode, b: MathNode): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "number":
      return a.value.equals((b as typeof a).value);
    case "symbol":
    case "text":
    case "constant":
      return a.name === (b as typeof a).name;
    case "call":
      if (a.name !== (b as typeof a).name) return false;
      break;
    case "relation":
      if (a.operators.join() !== (b as typeof a).operators.join()) return false;
      break;
    case "interval":
      if (a.lowerOpen !== (b as typeof a).lowerOpen || a.upperOpen !== (b as typeof a).upperOpen)
        return false;
      break;
    case "sum":
      if (a.variable !== (b as typeof a).variable || a.product !== (b as typeof a).product) return false;
      break;
    case "matrix":
      if (a.rows.length !== (b as typeof a).rows.length) return false;
      break;
    default:
      break;
  }
  const ca = children(a);
  const cb = children(b);
  return ca.length === cb.length && ca.every((child, i) => structurallyEqual(child, cb[i]!));
}

/**
 * A copy of the tree with each symbol renamed by `rename` (names not in it are kept).
 * @example
 * mapSymbols(parseLatex("x+y", limits), new Map([["x", "a"]])); // the tree of `a + y`
 */
export function mapSymbols(node: MathNode, rename: ReadonlyMap<string, string>): MathNode {
  if (node.kind === "symbol") return { kind: "symbol", name: rename.get(node.name) ?? node.name };
  const map = (n: MathNode): MathNode => mapSymbols(n, rename);
  switch (node.kind) {
    case "add":
      return { ...node, terms: node.terms.map(map) };
    case "multiply":
      return { ...node, factors: node.factors.map(map) };
    case "divide":
      return { ...node, numerator: map(node.numerator), denominator: map(node.denominator) };
    case "power":
      return { ...node, base: map(node.base), exponent: map(node.exponent) };
    case "negate":
      return { ...node, argument: map(node.argument) };
    case "call":
      return { ...node, args: node.args.map(map) };
    case "sum":
      return { ...node, lower: map(node.lower), upper: map(node.upper), body: map(node.body) };
    case "plusMinus":
      return { ...node, options: node.options.map(map) };
    case "relation":
    case "tuple":
    case "set":
      return { ...node, items: node.items.map(map) };
    case "interval":
      return { ...node, lower: map(node.lower), upper: map(node.upper) };
    case "union":
      return { ...node, parts: node.parts.map(map) };
    case "matrix":
      return { ...node, rows: node.rows.map((row) => row.map(map)) };
    default:
      return node;
  }
}
