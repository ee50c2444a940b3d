/**
 * The pieces of Visual-RFT's `sort_and_calculate_iou` and its helpers, as the released code
 * computes them: the `Position` of an item, `calculate_iou`, `remove_duplicates` with Python's
 * tuple equality, and the stable descending sort by `Confidence`. Each throws
 * {@link ReleasedCodeRaises} where the Python code raises (which scores 0).
 *
 * Released code: `Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo.py:87-170`.
 * @module
 */
import { isPyDict, pyMax, pyMin, pyNumber } from "../../parse/python/index.js";

/**
 * Why the released code's `try` block ends in 0: which side failed, for the issue code.
 * @example
 * new ReleasedCodeRaises("reference", "the reference solution is not a box list").side; // "reference"
 */
export class ReleasedCodeRaises extends Error {
  constructor(
    readonly side: "answer" | "reference",
    message: string,
  ) {
    super(message);
  }
}

/**
 * A `Position` as the IoU code uses it: 4 numbers, or `null` where Python would raise.
 * @example
 * position({ Position: [1, 2, 3, 4] }); // [1, 2, 3, 4]
 * position({ Position: [true, 0, 1, 1] }); // [1, 0, 1, 1] (True == 1)
 * position({ Position: [1, 2, 3] }); // null
 */
export function position(item: unknown): number[] | null {
  if (!isPyDict(item) || !Array.isArray(item.Position) || item.Position.length !== 4) return null;
  const out: number[] = [];
  for (const v of item.Position) {
    const n = pyNumber(v);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

/**
 * `calculate_iou` (grpo.py:87); raises (→ reward 0) where Python raises.
 * @throws ReleasedCodeRaises on a zero union (Python's ZeroDivisionError).
 * @example
 * calculateIou([0, 0, 10, 10], [5, 0, 15, 10]); // 0.3333333333333333
 */
export function calculateIou(gt: readonly number[], pred: readonly number[]): number {
  const [x1, y1, x2, y2] = gt as [number, number, number, number];
  const [a1, b1, a2, b2] = pred as [number, number, number, number];
  // Python's max/min keep the first argument unless the second compares greater/less (NaN never does).
  const xi1 = pyMax(x1, a1);
  const yi1 = pyMax(y1, b1);
  const xi2 = pyMin(x2, a2);
  const yi2 = pyMin(y2, b2);
  if (xi2 <= xi1 || yi2 <= yi1) return 0;
  const intersection = (xi2 - xi1) * (yi2 - yi1);
  const union = (x2 - x1) * (y2 - y1) + (a2 - a1) * (b2 - b1) - intersection;
  if (union === 0) throw new ReleasedCodeRaises("answer", "zero union in calculate_iou (ZeroDivisionError)");
  return intersection / union;
}

/** Python tuple equality/hash of a `Position` for `remove_duplicates`; throws where `tuple()`/`hash()` raise. */
function dedupeKey(raw: unknown): string | null {
  let items: unknown[];
  if (Array.isArray(raw)) {
    // Fast path: finite numbers only (String(-0) is "0", matching Python's -0.0 == 0).
    let plain = true;
    for (const v of raw) {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        plain = false;
        break;
      }
    }
    if (plain) return raw.join(",");
    items = raw;
  } else if (typeof raw === "string") items = [...raw];
  else if (isPyDict(raw)) items = Object.keys(raw);
  else throw new ReleasedCodeRaises("answer", "Position is not iterable");
  let key = "";
  for (const v of items) {
    if (typeof v === "number" || typeof v === "boolean") {
      const n = Number(v) + 0;
      // Every parsed NaN is a distinct float object, so a Position holding one is never a duplicate.
      if (Number.isNaN(n)) return null;
      key += `${n},`;
    } else if (typeof v === "string") key += `s${JSON.stringify(v)},`;
    else if (v === null) key += "N,";
    else throw new ReleasedCodeRaises("answer", "Position holds an unhashable value");
  }
  return key;
}

/** Whether a `Position` is 4 finite numbers (the common case, compared without building keys). */
function isPlainPosition(raw: unknown): raw is number[] {
  if (!Array.isArray(raw) || raw.length !== 4) return false;
  for (const v of raw) if (typeof v !== "number" || !Number.isFinite(v)) return false;
  return true;
}

/**
 * `remove_duplicates` (grpo.py:141) and the `Confidence` lookups of the sort: the items whose
 * `Position` tuple was not seen before, with their confidences as Python numbers. Throws where
 * Python raises (an item without `Position`/`Confidence`, an unhashable `Position`, a
 * non-numeric `Confidence`).
 * @example
 * uniqueByPosition([
 *   { Position: [0, 0, 1, 1], Confidence: 0.5 },
 *   { Position: [0, 0, 1, 1], Confidence: 0.9 },
 * ]); // { items: [{ Position: [0, 0, 1, 1], Confidence: 0.5 }], confidences: [0.5] }
 */
export function uniqueByPosition(preds: readonly unknown[]): {
  items: Record<string, unknown>[];
  confidences: number[];
} {
  const items: Record<string, unknown>[] = [];
  const confidences: number[] = [];
  const plain: number[][] = [];
  let seen: Set<string> | undefined;
  for (const item of preds) {
    if (!isPyDict(item) || !Object.hasOwn(item, "Position"))
      throw new ReleasedCodeRaises("answer", "an item has no 'Position'");
    const raw = item.Position;
    if (isPlainPosition(raw) && preds.length <= 16) {
      // Few predictions: compare numerically (-0 == 0 as in Python) instead of building keys.
      let duplicate = false;
      for (const other of plain) {
        if (other[0] === raw[0] && other[1] === raw[1] && other[2] === raw[2] && other[3] === raw[3]) {
          duplicate = true;
          break;
        }
      }
      if (duplicate) continue;
      plain.push(raw);
    } else {
      const key = dedupeKey(raw);
      if (key !== null) {
        seen ??= new Set(plain.map((p) => p.join(",")));
        if (seen.has(key)) continue;
        seen.add(key);
      }
    }
    if (!Object.hasOwn(item, "Confidence"))
      throw new ReleasedCodeRaises("answer", "an item has no 'Confidence'");
    const confidence = pyNumber(item.Confidence);
    if (confidence === null) throw new ReleasedCodeRaises("answer", "a Confidence is not a number");
    items.push(item);
    confidences.push(confidence);
  }
  return { items, confidences };
}

/**
 * Indices in `sorted(..., key=Confidence, reverse=True)` order: stable, descending (insertion
 * sort; the lists are short). NaN confidences go last here; Python's order with NaN keys
 * depends on the input order.
 * @example
 * confidenceOrder([0.2, 0.9, 0.2]); // [1, 0, 2]
 */
export function confidenceOrder(confidences: readonly number[]): number[] {
  const order: number[] = [];
  for (let i = 0; i < confidences.length; i++) {
    const c = confidences[i]!;
    let at = order.length;
    if (!Number.isNaN(c)) {
      while (at > 0) {
        const prev = confidences[order[at - 1]!]!;
        if (Number.isNaN(prev) || prev < c) at--;
        else break;
      }
    }
    order.splice(at, 0, i);
  }
  return order;
}
