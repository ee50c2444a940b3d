/**
 * Equivalence of two parsed answers, following the decision order of math-verify's
 * `sympy_expr_eq`: assignments (`x = 5` vs `5`), relation-to-set conversion (`-2 ≤ x ≤ 7` vs
 * `[-2, 7]`), structural equality, relations (equal up to scaling and flipping), sets, tuples
 * and intervals, symbols and words, then numeric and symbolic equality.
 * @module
 */
import { isCollection, isOnlySymbols, type MathNode, type RelationOperator } from "./ast.js";
import { children, freeSymbols } from "./evaluate.js";
import { type NumericOptions, numericEqual, proportional } from "./numeric.js";

/** Settings of one comparison. */
export interface CompareOptions extends NumericOptions {
  /** When false, variables are matched by position, so `f(x)` equals `f(y)`. */
  strict: boolean;
  /** Also convert a predicted relation to a set when the gold answer is a set. */
  allowSetRelation: boolean;
}

/** Deep structural equality (numbers by value). */
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

function mapSymbols(node: MathNode, rename: ReadonlyMap<string, string>): MathNode {
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

type Relation = Extract<MathNode, { kind: "relation" }>;

const isRelation = (node: MathNode): node is Relation => node.kind === "relation";
const isEquation = (node: MathNode): node is Relation =>
  isRelation(node) && node.operators.every((op) => op === "=" || op === "in");
const isAssignment = (node: MathNode): node is Relation => isEquation(node) && isOnlySymbols(node.items[0]!);
const isSet = (node: MathNode): boolean =>
  node.kind === "set" || node.kind === "interval" || node.kind === "union";

function isVariableLike(node: MathNode): boolean {
  return (
    node.kind === "symbol" ||
    node.kind === "text" ||
    (node.kind === "call" && node.name.startsWith("fn:") && isOnlySymbols(node))
  );
}

const INFINITY: MathNode = { kind: "constant", name: "infinity" };
const MINUS_INFINITY: MathNode = { kind: "negate", argument: INFINITY };

function interval(lower: MathNode, upper: MathNode, lowerOpen: boolean, upperOpen: boolean): MathNode {
  return { kind: "interval", lower, upper, lowerOpen, upperOpen };
}

/** `x < 3` → `(-∞, 3)`, `1 ≤ x < 2` → `[1, 2)`, `1 ≤ |z| ≤ 2` → `[-2, -1] ∪ [1, 2]`; null otherwise. */
export function relationAsSet(relation: Relation): MathNode | null {
  const { operators, items } = relation;
  const constant = (node: MathNode): boolean => freeSymbols(node).size === 0 && node.kind !== "text";
  if (operators.length === 1) {
    let [left, right] = [items[0]!, items[1]!];
    let op = operators[0]!;
    if (!isVariableLike(left) && isVariableLike(right) && constant(left)) {
      [left, right] = [right, left];
      op = ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as Record<string, RelationOperator>)[op] ?? op;
    }
    if (!isVariableLike(left) || !constant(right)) return null;
    switch (op) {
      case "<":
        return interval(MINUS_INFINITY, right, true, true);
      case "<=":
        return interval(MINUS_INFINITY, right, true, false);
      case ">":
        return interval(right, INFINITY, true, true);
      case ">=":
        return interval(right, INFINITY, false, true);
      case "=":
        return isSet(right) ? right : { kind: "set", items: [right] };
      case "!=":
        return {
          kind: "union",
          parts: [interval(MINUS_INFINITY, right, true, true), interval(right, INFINITY, true, true)],
        };
      default:
        return null;
    }
  }
  if (operators.length !== 2) return null;
  const [low, middle, high] = [items[0]!, items[1]!, items[2]!];
  const [op1, op2] = [operators[0]!, operators[1]!];
  const ascending = (op1 === "<" || op1 === "<=") && (op2 === "<" || op2 === "<=");
  const descending = (op1 === ">" || op1 === ">=") && (op2 === ">" || op2 === ">=");
  if (!(ascending || descending) || !constant(low) || !constant(high)) return null;
  const [lower, upper] = ascending ? [low, high] : [high, low];
  const [lowerOpen, upperOpen] = ascending ? [op1 === "<", op2 === "<"] : [op2 === ">", op1 === ">"];
  if (isVariableLike(middle)) return interval(lower, upper, lowerOpen, upperOpen);
  if (middle.kind === "call" && middle.name === "abs" && isVariableLike(middle.args[0]!)) {
    const negate = (n: MathNode): MathNode => ({ kind: "negate", argument: n });
    return {
      kind: "union",
      parts: [
        interval(negate(upper), negate(lower), upperOpen, lowerOpen),
        interval(lower, upper, lowerOpen, upperOpen),
      ],
    };
  }
  return null;
}

/** Maximum bipartite matching between two lists under `equal` (Kuhn's algorithm). */
function matchesAll(a: MathNode[], b: MathNode[], equal: (x: MathNode, y: MathNode) => boolean): boolean {
  if (a.length !== b.length) return false;
  const cache = new Map<number, boolean>();
  const eq = (i: number, j: number): boolean => {
    const key = i * b.length + j;
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = equal(a[i]!, b[j]!);
      cache.set(key, hit);
    }
    return hit;
  };
  const owner = new Array<number>(b.length).fill(-1);
  const assign = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < b.length; j++) {
      if (seen[j] || !eq(i, j)) continue;
      seen[j] = true;
      if (owner[j] === -1 || assign(owner[j]!, seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < a.length; i++) if (!assign(i, new Array<boolean>(b.length).fill(false))) return false;
  return true;
}

function dedupe(items: MathNode[]): MathNode[] {
  const out: MathNode[] = [];
  for (const item of items) if (!out.some((o) => structurallyEqual(o, item))) out.push(item);
  return out;
}

type Listish = Extract<MathNode, { kind: "set" | "tuple" }>;

function compareListish(gold: Listish, pred: Listish, options: CompareOptions): boolean {
  const goldItems = gold.kind === "set" ? dedupe(gold.items) : gold.items;
  const predItems = pred.kind === "set" ? dedupe(pred.items) : pred.items;
  if (goldItems.length !== predItems.length) return false;
  const equal = (a: MathNode, b: MathNode): boolean =>
    answersEqual(a, b, { ...options, strict: true, allowSetRelation: false });
  if (gold.kind === "set") return matchesAll(goldItems, predItems, equal);
  return goldItems.every((item, i) => equal(item, predItems[i]!));
}

function compareSets(gold: MathNode, pred: MathNode, options: CompareOptions): boolean {
  const a: MathNode = isCollection(gold) ? gold : { kind: "set", items: [gold] };
  const b: MathNode = isCollection(pred) ? pred : { kind: "set", items: [pred] };
  const equal = (x: MathNode, y: MathNode): boolean =>
    answersEqual(x, y, { ...options, strict: true, allowSetRelation: false });
  if (a.kind === "interval" && b.kind === "interval") {
    return (
      a.lowerOpen === b.lowerOpen &&
      a.upperOpen === b.upperOpen &&
      equal(a.lower, b.lower) &&
      equal(a.upper, b.upper)
    );
  }
  if (structurallyEqual(a, b)) return true;
  if (a.kind === "union" || b.kind === "union") {
    const partsA = a.kind === "union" ? a.parts : [a];
    const partsB = b.kind === "union" ? b.parts : [b];
    return partsA.length > 1 && partsB.length > 1 && matchesAll(partsA, partsB, equal);
  }
  if ((a.kind === "set" || a.kind === "tuple") && (b.kind === "set" || b.kind === "tuple"))
    return compareListish(a, b, options);
  if (
    a.kind === "interval" &&
    a.lowerOpen &&
    a.upperOpen &&
    (b.kind === "set" || b.kind === "tuple") &&
    b.items.length === 2
  ) {
    return compareListish({ kind: "tuple", items: [a.lower, a.upper] }, b, options);
  }
  if (
    b.kind === "interval" &&
    b.lowerOpen &&
    b.upperOpen &&
    (a.kind === "set" || a.kind === "tuple") &&
    a.items.length === 2
  ) {
    return compareListish(a, { kind: "tuple", items: [b.lower, b.upper] }, options);
  }
  return false;
}

function symbolName(node: MathNode): string | null {
  return node.kind === "symbol" || node.kind === "text" ? node.name : null;
}

/** The concatenated name of a product of symbols (`o d d` → `odd`), or null. */
function concatenatedName(node: MathNode): string | null {
  if (node.kind !== "multiply") return null;
  let name = "";
  for (const factor of node.factors) {
    if (factor.kind === "constant" && factor.name === "e") name += "e";
    else if (factor.kind === "symbol") name += factor.name;
    else return null;
  }
  return name;
}

function compareSymbols(gold: MathNode, pred: MathNode): boolean {
  const g = symbolName(gold);
  const p = symbolName(pred);
  const isE = (n: MathNode): boolean => n.kind === "constant" && n.name === "e";
  if ((g === "e" && isE(pred)) || (p === "e" && isE(gold))) return true;
  if (g !== null && p !== null) return g.toLowerCase() === p.toLowerCase();
  if (g !== null) return concatenatedName(pred)?.toLowerCase() === g.toLowerCase();
  if (p !== null) return concatenatedName(gold)?.toLowerCase() === p.toLowerCase();
  return false;
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
  if (isCollection(gold) || isCollection(pred)) return compareSets(gold, pred, options);
  if (symbolName(gold) !== null || symbolName(pred) !== null) return compareSymbols(gold, pred);
  if (gold.kind === "plusMinus" || pred.kind === "plusMinus") return false;
  return numericEqual(gold, pred, options);
}
