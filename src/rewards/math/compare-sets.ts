/**
 * Equivalence of collections: sets (order-insensitive, duplicates ignored, matched by maximum
 * bipartite matching), tuples (in order), intervals (ends and openness) and unions (part by
 * part), with an open interval `(a, b)` also equal to the pair `(a, b)`.
 * @module
 */
import { isCollection, type MathNode } from "./ast.js";
import { structurallyEqual } from "./ast-walk.js";

/** Whether two elements are equivalent (the caller's `answersEqual`, strict). */
type ElementEqual = (x: MathNode, y: MathNode) => boolean;

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

function compareListish(gold: Listish, pred: Listish, equal: ElementEqual): boolean {
  const goldItems = gold.kind === "set" ? dedupe(gold.items) : gold.items;
  const predItems = pred.kind === "set" ? dedupe(pred.items) : pred.items;
  if (goldItems.length !== predItems.length) return false;
  if (gold.kind === "set") return matchesAll(goldItems, predItems, equal);
  return goldItems.every((item, i) => equal(item, predItems[i]!));
}

/**
 * Whether two answers, at least one a collection, are equivalent; a lone value is the set of
 * itself. `equal` decides element equivalence.
 * @example
 * compareSets(parseLatex("\\{1, 2\\}", limits), parseLatex("\\{2, 1, 1\\}", limits), structurallyEqual); // true
 * compareSets(parseLatex("(1, 2)", limits), parseLatex("[1, 2)", limits), structurallyEqual); // false
 */
export function compareSets(gold: MathNode, pred: MathNode, equal: ElementEqual): boolean {
  const a: MathNode = isCollection(gold) ? gold : { kind: "set", items: [gold] };
  const b: MathNode = isCollection(pred) ? pred : { kind: "set", items: [pred] };
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
    return compareListish(a, b, equal);
  if (
    a.kind === "interval" &&
    a.lowerOpen &&
    a.upperOpen &&
    (b.kind === "set" || b.kind === "tuple") &&
    b.items.length === 2
  ) {
    return compareListish({ kind: "tuple", items: [a.lower, a.upper] }, b, equal);
  }
  if (
    b.kind === "interval" &&
    b.lowerOpen &&
    b.upperOpen &&
    (a.kind === "set" || a.kind === "tuple") &&
    a.items.length === 2
  ) {
    return compareListish(a, { kind: "tuple", items: [b.lower, b.upper] }, equal);
  }
  return false;
}
