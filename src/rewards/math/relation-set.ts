/**
 * Relations read as sets, as math-verify does when a gold set meets a predicted inequality
 * (or the reverse): `x < 3` is `(-∞, 3)`, `1 ≤ x < 2` is `[1, 2)`, `1 ≤ |z| ≤ 2` is
 * `[-2, -1] ∪ [1, 2]`, `x = 5` is `{5}`.
 * @module
 */
import { isOnlySymbols, type MathNode, type RelationOperator } from "./ast.js";
import { freeSymbols } from "./ast-walk.js";

/**
 * A relation node: a chain `a op b op c …`.
 * @example
 * const relation: Relation = { kind: "relation", operators: ["<"], items: [x, three] };
 */
export type Relation = Extract<MathNode, { kind: "relation" }>;

/**
 * Whether a node is set-valued: a finite set, an interval or a union.
 * @example
 * isSet(parseLatex("[1, 2)", limits)); // true
 * isSet(parseLatex("(1, 2, 3)", limits)); // false (a tuple)
 */
export const isSet = (node: MathNode): boolean =>
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

/**
 * `x < 3` → `(-∞, 3)`, `1 ≤ x < 2` → `[1, 2)`, `1 ≤ |z| ≤ 2` → `[-2, -1] ∪ [1, 2]`; null otherwise.
 * @example
 * relationAsSet(parseLatex("x \\ge 2", limits) as Relation); // { kind: "interval", lower: 2, upper: ∞, lowerOpen: false, upperOpen: true }
 * relationAsSet(parseLatex("x < y", limits) as Relation); // null (y is not a constant)
 */
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
