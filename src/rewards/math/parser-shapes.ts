/**
 * The shapes latex2sympy2_extended gives to what the parser reads: number literals, comma and
 * semicolon lists (a set, or a set of tuples), and a top-level `x = 1, 2` (an assignment of the set).
 * @module
 */
import { isOnlySymbols, type MathNode } from "./ast.js";
import { MathParseError } from "./lexer.js";
import { Rational } from "./rational.js";

/**
 * A number literal; `decimal` defaults to whether the text has a decimal point.
 * @throws MathParseError when the text is not a number.
 * @example
 * numberNode("0.5"); // { kind: "number", value: 1/2, decimal: true }
 */
export function numberNode(text: string, decimal = text.includes(".")): MathNode {
  const value = Rational.parse(text);
  if (!value) throw new MathParseError(`bad number ${text}`);
  return { kind: "number", value, decimal };
}

/**
 * Flattens `a \pm b` into its two values, as list elements do.
 * @example
 * const items: MathNode[] = [];
 * expandElement({ kind: "plusMinus", options: [a, b] }, items); // items is [a, b]
 */
export function expandElement(node: MathNode, into: MathNode[]): void {
  if (node.kind === "plusMinus") into.push(...node.options);
  else into.push(node);
}

/**
 * latex2sympy2_extended's `convert_elements_to_set_or_tuple`: one element stays itself, a list
 * is a set, and `;`-separated groups are a set of tuples.
 * @example
 * elementsToSetOrTuple([[a]]); // a
 * elementsToSetOrTuple([[a, b]]); // { kind: "set", items: [a, b] }
 * elementsToSetOrTuple([[a, b], [c]]); // { kind: "set", items: [{ kind: "tuple", items: [a, b] }, c] }
 */
export function elementsToSetOrTuple(groups: MathNode[][]): MathNode {
  if (groups.length === 1) {
    const only = groups[0]!;
    return only.length === 1 ? only[0]! : { kind: "set", items: only };
  }
  if (groups.every((g) => g.length === 1)) return { kind: "set", items: groups.map((g) => g[0]!) };
  return { kind: "set", items: groups.map((g) => (g.length === 1 ? g[0]! : { kind: "tuple", items: g })) };
}

/**
 * The whole answer from its top-level element groups: `x = 1, 2` assigns the set `{1, 2}` to
 * `x` (as `x \in` does); anything else is {@link elementsToSetOrTuple}.
 * @throws MathParseError when there are no elements.
 * @example
 * // x = 1, 2
 * topLevelShape([[{ kind: "relation", operators: ["="], items: [x, one] }, two]]);
 * // { kind: "relation", operators: ["="], items: [x, { kind: "set", items: [one, two] }] }
 */
export function topLevelShape(groups: MathNode[][]): MathNode {
  const flat = groups.flat();
  if (flat.length === 0) throw new MathParseError("empty");
  const first = groups[0]![0]!;
  if (
    flat.length > 1 &&
    first.kind === "relation" &&
    first.operators.length === 1 &&
    (first.operators[0] === "=" || first.operators[0] === "in") &&
    isOnlySymbols(first.items[0]!) &&
    flat.slice(1).every((e) => e.kind !== "relation")
  ) {
    const rest = groups.map((g) => [...g]);
    rest[0]![0] = first.items[1]!;
    return {
      kind: "relation",
      operators: [first.operators[0]],
      items: [first.items[0]!, elementsToSetOrTuple(rest)],
    };
  }
  return elementsToSetOrTuple(groups);
}
