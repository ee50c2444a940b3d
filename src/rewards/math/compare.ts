/**
 * Equivalence of two parsed answers, following the decision order of math-verify's
 * `sympy_expr_eq`: assignments (`x = 5` vs `5`), relation-to-set conversion (`-2 ≤ x ≤ 7` vs
 * `[-2, 7]`), structural equality, relations (equal up to scaling and flipping), sets, tuples
 * and intervals, symbols and words, then numeric and symbolic equality.
 * @module
 */
import { isCollection, isOnlySymbols, type MathNode, type RelationOperator } from "./ast.js";
import { freeSymbols, mapSymbols, structurallyEqual } from "./ast-walk.js";
import { compareSets } from "./compare-sets.js";
import { type NumericOptions, numericEqual, proportional } from "./numeric.js";
import type { Rational } from "./rational.js";
import { isSet, type Relation, relationAsSet } from "./relation-set.js";

/**
 * Settings of one comparison.
 * @example
 * const options: CompareOptions = {
 *   budget: new StepBudget(50_000),
 *   precision: 6,
 *   tolerance: 1e-6,
 *   strict: true,
 *   allowSetRelation: false,
 * };
 */
export interface CompareOptions extends NumericOptions {
  /** When false, variables are matched by position, so `f(x)` equals `f(y)`. */
  strict: boolean;
  /** Also convert a predicted relation to a set when the gold answer is a set. */
  allowSetRelation: boolean;
}

const isRelation = (node: MathNode): node is Relation => node.kind === "relation";
const isEquation = (node: MathNode): node is Relation =>
  isRelation(node) && node.operators.every((op) => op === "=" || op === "in");
const isAssignment = (node: MathNode): node is Relation => isEquation(node) && isOnlySymbols(node.items[0]!);

function symbolName(node: MathNode): string | null {
  return node.kind === "symbol" || node.kind === "text" ? node.name : null;
}

/** The concatenated name of a product of symbols (`o d d` → `odd`), or null. */
function concatenatedName(node: MathNode): string | null {
  if (node.kind !== "multiply") return null;
  let name = "";
  for (const factor of node.factors) {
    if (factor.kind === "constant" && factor.name === "e") name += "e";
    else if (factor.kind === "symbol" || factor.kind === "text") name += factor.name;
    else return null;
  }
  return name;
}

/** An exact rational written without a decimal point (sympy's Integer / Rational), or null. */
function exactRational(node: MathNode): Rational | null {
  if (node.kind === "number") return node.decimal ? null : node.value;
  if (node.kind === "negate") return exactRational(node.argument)?.neg() ?? null;
  if (node.kind === "divide") {
    const numerator = exactRational(node.numerator);
    const denominator = exactRational(node.denominator);
    return numerator && denominator ? numerator.div(denominator) : null;
  }
  return null;
}

/**
 * sympy's `str()` of a symbol (its name) or of an exact number (`42`, `-1/2`), the forms the
 * final `str(gold) == str(pred)` of `sympy_compare_symbols` can match; null for anything else
 * (a Float prints 15 digits, `4.20000000000000`, which no `\text{…}` name equals in practice).
 */
function sympyString(node: MathNode): string | null {
  return symbolName(node) ?? exactRational(node)?.toString() ?? null;
}

function compareSymbols(gold: MathNode, pred: MathNode): boolean {
  const g = symbolName(gold);
  const p = symbolName(pred);
  const isE = (n: MathNode): boolean => n.kind === "constant" && n.name === "e";
  if ((g === "e" && isE(pred)) || (p === "e" && isE(gold))) return true;
  if (g !== null && p !== null) return g.toLowerCase() === p.toLowerCase();
  const concatenated = g !== null ? concatenatedName(pred) : concatenatedName(gold);
  if (concatenated !== null) return concatenated.toLowerCase() === (g ?? p)!.toLowerCase();
  // math-verify ≥ 0.8.0 ends with `str(gold) == str(pred)`, so `\text{42}` equals `42`.
  const goldString = sympyString(gold);
  return goldString !== null && goldString === sympyString(pred);
}

const FLIP: Partial<Record<RelationOperator, RelationOperator>> = { ">": "<", ">=": "<=" };

function compareSingleRelation(
  goldOp: RelationOperator,
  goldLeft: MathNode,
  goldRight: MathNode,
  predOp: RelationOperator,
  predLeft: MathNode,
  predRight: MathNode,
  options: CompareOptions,
): boolean {
  const normalize = (
    op: RelationOperator,
    l: MathNode,
    r: MathNode,
  ): [RelationOperator, MathNode, MathNode] => {
    const flipped = FLIP[op];
    if (flipped) return [flipped, r, l];
    return [op === "in" ? "=" : op, l, r];
  };
  const [gOp, gl, gr] = normalize(goldOp, goldLeft, goldRight);
  const [pOp, pl, pr] = normalize(predOp, predLeft, predRight);
  if (gOp !== pOp) return false;
  const plain = (n: MathNode): boolean => !isCollection(n) && n.kind !== "matrix" && n.kind !== "text";
  if (![gl, gr, pl, pr].every(plain)) {
    const equal = (x: MathNode, y: MathNode): boolean => answersEqual(x, y, options);
    return (equal(gl, pl) && equal(gr, pr)) || (gOp === "=" && equal(gl, pr) && equal(gr, pl));
  }
  const difference = (l: MathNode, r: MathNode): MathNode => ({
    kind: "add",
    terms: [l, { kind: "negate", argument: r }],
  });
  return proportional(difference(gl, gr), difference(pl, pr), gOp === "<" || gOp === "<=", options);
}

function compareRelations(gold: Relation, pred: Relation, options: CompareOptions): boolean {
  if (gold.operators.length !== pred.operators.length) return false;
  return gold.operators.every((op, i) =>
    compareSingleRelation(
      op,
      gold.items[i]!,
      gold.items[i + 1]!,
      pred.operators[i]!,
      pred.items[i]!,
      pred.items[i + 1]!,
      options,
    ),
  );
}

/**
 * Whether a predicted answer is equivalent to the gold answer (not symmetric: the gold's shape
 * decides how assignments and relations are unwrapped, as in math-verify).
 * @example
 * answersEqual(parse("x = 5"), parse("5"), options); // true
 */
export function answersEqual(goldInput: MathNode, predInput: MathNode, options: CompareOptions): boolean {
  options.budget.spend();
  let gold = goldInput;
  let pred = predInput;
  if (!options.strict) {
    const goldSymbols = [...freeSymbols(gold)].sort();
    const predSymbols = [...freeSymbols(pred)].sort();
    if (goldSymbols.length === predSymbols.length) {
      pred = mapSymbols(pred, new Map(predSymbols.map((name, i) => [name, goldSymbols[i]!])));
    }
  }
  const goldAssignment = isAssignment(gold);
  const predAssignment = isAssignment(pred);
  const goldEquation = isEquation(gold);
  const predEquation = isEquation(pred);
  const truncate = (r: Relation): Relation => ({
    kind: "relation",
    operators: ["="],
    items: [r.items[0]!, r.items[r.items.length - 1]!],
  });
  if (goldAssignment) gold = truncate(gold as Relation);
  if (predAssignment) pred = truncate(pred as Relation);
  if (predEquation && !goldEquation) pred = (pred as Relation).items[(pred as Relation).items.length - 1]!;
  else if (goldAssignment && !predEquation)
    gold = (gold as Relation).items[(gold as Relation).items.length - 1]!;
  if (isRelation(gold) && isSet(pred)) gold = relationAsSet(gold) ?? gold;
  if (options.allowSetRelation && isRelation(pred) && isSet(gold)) pred = relationAsSet(pred) ?? pred;

  if (structurallyEqual(gold, pred)) return true;
  if (isRelation(gold) && isRelation(pred)) return compareRelations(gold, pred, options);
  if (isRelation(gold) || isRelation(pred)) return false;
  if (isCollection(gold) || isCollection(pred)) {
    const elementEqual = (x: MathNode, y: MathNode): boolean =>
      answersEqual(x, y, { ...options, strict: true, allowSetRelation: false });
    return compareSets(gold, pred, elementEqual);
  }
  if (symbolName(gold) !== null || symbolName(pred) !== null) return compareSymbols(gold, pred);
  if (gold.kind === "plusMinus" || pred.kind === "plusMinus") return false;
  return numericEqual(gold, pred, options);
}
