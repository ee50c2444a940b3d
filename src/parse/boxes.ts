/**
 * Bounding boxes in every format the seed papers' models emit:
 * `[x1,y1,x2,y2]` (ints, floats, negatives), JSON objects with `bbox_2d` / `bbox` / `Position`
 * (also Python-literal style with single quotes, bare or in a ```` ```json ```` block),
 * `(x1,y1),(x2,y2)`, and Qwen's `<|box_start|>(x1,y1),(x2,y2)<|box_end|>`.
 * All regexes are linear-time (no nested unbounded quantifiers over overlapping classes).
 * @module
 */
import { allFinite, NUMBER_SOURCE } from "./numbers.js";

/** A box as `[x1, y1, x2, y2]`. */
export type Box = readonly [number, number, number, number];

/** A box found in text, with the label and confidence when the format carries them. */
export interface FoundBox {
  box: Box;
  label?: string;
  confidence?: number;
}

/**
 * The formats {@link findBoxes} understands, in the order it tries them.
 * @example
 * findBoxes("(1, 2), (3, 4)"); // [{ box: [1, 2, 3, 4] }]
 * findBoxes("(1, 2), (3, 4)", { formats: BOX_FORMATS.filter((f) => f !== "corner-pairs") }); // []
 */
export const BOX_FORMATS = ["qwen-tokens", "json", "list", "corner-pairs"] as const;
export type BoxFormat = (typeof BOX_FORMATS)[number];

const N = NUMBER_SOURCE;
const LIST_BOX = new RegExp(String.raw`\[\s*(${N})\s*,\s*(${N})\s*,\s*(${N})\s*,\s*(${N})\s*\]`, "g");
const CORNER_PAIRS = new RegExp(
  String.raw`\(\s*(${N})\s*,\s*(${N})\s*\)\s*,?\s*\(\s*(${N})\s*,\s*(${N})\s*\)`,
  "g",
);
const QWEN_BOX = new RegExp(
  String.raw`<\|box_start\|>\s*\(\s*(${N})\s*,\s*(${N})\s*\)\s*,\s*\(\s*(${N})\s*,\s*(${N})\s*\)\s*<\|box_end\|>`,
  "g",
);
const FENCED_JSON = /```(?:json)?[ \t]*\r?\n?([\s\S]*?)```/;
const BOX_KEYS = ["bbox_2d", "bbox", "Position", "box", "box_2d", "position"] as const;
const LABEL_KEYS = ["label", "Label", "category", "name"] as const;
const CONFIDENCE_KEYS = ["Confidence", "confidence", "score"] as const;

function fromGroups(m: RegExpExecArray): Box | null {
  const values = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  return allFinite(values) ? (values as unknown as Box) : null;
}

function collect(regex: RegExp, text: string): FoundBox[] {
  const out: FoundBox[] = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m; m = regex.exec(text)) {
    const box = fromGroups(m);
    if (box) out.push({ box });
  }
  return out;
}

/**
 * Interprets an already-parsed JSON value as boxes: a list of 4 numbers, a list of such lists,
 * or objects (or lists of objects) holding a box under `bbox_2d`, `bbox`, `Position`, `box`.
 * @example
 * boxesFromJson({ bbox_2d: [1, 2, 3, 4], label: "cat" }); // [{ box: [1,2,3,4], label: "cat" }]
 */
export function boxesFromJson(value: unknown): FoundBox[] {
  const out: FoundBox[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 4 || v === null || typeof v !== "object") return;
    if (Array.isArray(v)) {
      if (v.length === 4 && v.every((x) => typeof x === "number" || typeof x === "string")) {
        const nums = v.map(Number);
        if (allFinite(nums) && v.every((x) => typeof x === "number" || /^\s*-?[\d.]/.test(x as string))) {
          out.push({ box: nums as unknown as Box });
          return;
        }
      }
      for (const item of v) visit(item, depth + 1);
      return;
    }
    const record = v as Record<string, unknown>;
    for (const key of BOX_KEYS) {
      const raw = record[key];
      if (Array.isArray(raw) && raw.length === 4) {
        const nums = raw.map((x) =>
          typeof x === "number" ? x : typeof x === "string" ? Number(x) : Number.NaN,
        );
        if (!allFinite(nums)) continue;
        const found: FoundBox = { box: nums as unknown as Box };
        for (const lk of LABEL_KEYS) if (typeof record[lk] === "string") found.label = record[lk] as string;
        for (const ck of CONFIDENCE_KEYS) {
          const c = record[ck];
          if (typeof c === "number" && Number.isFinite(c)) found.confidence = c;
        }
        out.push(found);
        return;
      }
    }
  };
  visit(value, 0);
  return out;
}

/**
 * Parses JSON, then Python-literal style (single quotes, True/False/None).
 * @example
 * parseLooseJson("{'bbox_2d': [1, 2, 3, 4], 'ok': True}"); // { bbox_2d: [1, 2, 3, 4], ok: true }
 * parseLooseJson("not json"); // undefined
 */
export function parseLooseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    try {
      const pythonish = trimmed
        .replace(/'/g, '"')
        .replace(/\bTrue\b/g, "true")
        .replace(/\bFalse\b/g, "false")
        .replace(/\bNone\b/g, "null");
      return JSON.parse(pythonish);
    } catch {
      return undefined;
    }
  }
}

function jsonCandidates(text: string): FoundBox[] {
  const fenced = FENCED_JSON.exec(text);
  if (fenced?.[1] !== undefined) {
    const parsed = parseLooseJson(fenced[1]);
    if (parsed !== undefined) return boxesFromJson(parsed);
  }
  const trimmed = text.trim();
  const first = trimmed[0];
  if (first === "[" || first === "{") {
    const parsed = parseLooseJson(trimmed);
    if (parsed !== undefined) return boxesFromJson(parsed);
  }
  return [];
}

/** Options of {@link findBoxes}. */
export interface FindBoxesOptions {
  /** Formats to try, in order; default all of {@link BOX_FORMATS}. The first format that yields boxes wins. */
  formats?: readonly BoxFormat[];
}

/**
 * Every box in the text, from the first format (in order) that yields any.
 * @example
 * findBoxes("<answer>[12, 40.5, 88, 120]</answer>"); // [{ box: [12, 40.5, 88, 120] }]
 * findBoxes('```json\n[{"bbox_2d": [1,2,3,4], "label": "cat"}]\n```')[0].label; // "cat"
 * findBoxes("<|box_start|>(10,20),(30,40)<|box_end|>")[0].box; // [10, 20, 30, 40]
 */
export function findBoxes(text: string, options: FindBoxesOptions = {}): FoundBox[] {
  const formats = options.formats ?? BOX_FORMATS;
  for (const format of formats) {
    let found: FoundBox[];
    switch (format) {
      case "qwen-tokens":
        found = text.includes("<|box_start|>") ? collect(QWEN_BOX, text) : [];
        break;
      case "json":
        found = text.includes("{") || text.includes("```") ? jsonCandidates(text) : [];
        break;
      case "list":
        found = text.includes("[") ? collect(LIST_BOX, text) : [];
        break;
      case "corner-pairs":
        found = text.includes("(") ? collect(CORNER_PAIRS, text) : [];
        break;
    }
    if (found.length) return found;
  }
  return [];
}

/**
 * The first box in the text, or `null`.
 * @example
 * findFirstBox("the box is (1,2),(3,4)"); // [1, 2, 3, 4]
 */
export function findFirstBox(text: string, options?: FindBoxesOptions): Box | null {
  return findBoxes(text, options)[0]?.box ?? null;
}

/**
 * A reference box from a sample's `reference`: a `[x1,y1,x2,y2]` array, an object with a box key,
 * or a string in any format {@link findBoxes} reads.
 * @example
 * referenceBox([1, 2, 3, 4]); // [1, 2, 3, 4]
 * referenceBox("<answer> [1,2,3,4] </answer>"); // [1, 2, 3, 4]
 */
export function referenceBox(reference: unknown): Box | null {
  if (typeof reference === "string") return findFirstBox(reference);
  return boxesFromJson(reference)[0]?.box ?? null;
}

/**
 * Width × height, or 0 when either side is not positive.
 * @example
 * boxArea([0, 0, 10, 5]); // 50
 * boxArea([10, 0, 0, 5]); // 0 (inverted)
 */
export function boxArea(box: Box): number {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Whether x1 ≤ x2 and y1 ≤ y2 and every coordinate is finite.
 * @example
 * isWellOrdered([0, 0, 10, 10]); // true
 * isWellOrdered([10, 0, 0, 10]); // false
 */
export function isWellOrdered(box: Box): boolean {
  return allFinite(box) && box[0] <= box[2] && box[1] <= box[3];
}

/**
 * The box with corners swapped where x2 < x1 or y2 < y1.
 * @example
 * orderCorners([30, 40, 10, 20]); // [10, 20, 30, 40]
 */
export function orderCorners(box: Box): Box {
  return [
    Math.min(box[0], box[2]),
    Math.min(box[1], box[3]),
    Math.max(box[0], box[2]),
    Math.max(box[1], box[3]),
  ];
}

/**
 * The centre `(cx, cy)` of a box.
 * @example
 * boxCenter([0, 0, 10, 20]); // [5, 10]
 */
export function boxCenter(box: Box): readonly [number, number] {
  return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
}
