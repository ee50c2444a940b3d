/**
 * Click points `(x, y)` / `[x, y]` and JSON `{"point_2d": [x, y]}` as GUI agents emit them.
 * @module
 */
import { boxesFromJson, parseLooseJson } from "./boxes.js";
import { allFinite, NUMBER_SOURCE } from "./numbers.js";

/** A point `[x, y]`. */
export type Point = readonly [number, number];

const N = NUMBER_SOURCE;
const PAREN_POINT = new RegExp(String.raw`\(\s*(${N})\s*,\s*(${N})\s*\)`);
const BRACKET_POINT = new RegExp(String.raw`\[\s*(${N})\s*,\s*(${N})\s*\]`);
const QWEN_POINT = new RegExp(
  String.raw`<\|point_start\|>\s*\(\s*(${N})\s*,\s*(${N})\s*\)\s*<\|point_end\|>`,
);
const POINT_KEYS = ["point_2d", "point", "click", "coordinate", "position"] as const;

function pointFromJson(value: unknown, depth = 0): Point | null {
  if (depth > 4 || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    if (value.length === 2 && allFinite(value)) return [value[0]!, value[1]!];
    for (const item of value) {
      const p = pointFromJson(item, depth + 1);
      if (p) return p;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  for (const key of POINT_KEYS) {
    const raw = record[key];
    if (Array.isArray(raw) && raw.length === 2 && allFinite(raw)) return [raw[0]!, raw[1]!];
  }
  return null;
}

function fromMatch(m: RegExpExecArray | null): Point | null {
  if (!m) return null;
  const values = [Number(m[1]), Number(m[2])];
  return allFinite(values) ? [values[0]!, values[1]!] : null;
}

/**
 * The first point in the text: Qwen point tokens, a JSON object with `point_2d`/`point`/`click`,
 * `(x, y)`, then `[x, y]`.
 * @example
 * findPoint("click(120, 45)"); // [120, 45]
 * findPoint('{"point_2d": [3, 4]}'); // [3, 4]
 */
export function findPoint(text: string): Point | null {
  if (text.includes("<|point_start|>")) {
    const p = fromMatch(QWEN_POINT.exec(text));
    if (p) return p;
  }
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.includes("```")) {
    const fenced = /```(?:json)?[ \t]*\r?\n?([\s\S]*?)```/.exec(trimmed);
    const parsed = parseLooseJson(fenced?.[1] ?? trimmed);
    const p = pointFromJson(parsed);
    if (p) return p;
  }
  return fromMatch(PAREN_POINT.exec(text)) ?? fromMatch(BRACKET_POINT.exec(text));
}

/**
 * A reference point from a sample's `reference`: `[x, y]`, `{ point_2d: [x, y] }` or a string.
 * @example
 * referencePoint([10, 20]); // [10, 20]
 */
export function referencePoint(reference: unknown): Point | null {
  if (typeof reference === "string") return findPoint(reference);
  return pointFromJson(reference);
}

/**
 * Whether the JSON value holds a box rather than a point (used to tell them apart in references).
 * @example
 * jsonHasBox({ bbox_2d: [1, 2, 3, 4] }); // true
 * jsonHasBox({ point_2d: [1, 2] }); // false
 */
export function jsonHasBox(value: unknown): boolean {
  return boxesFromJson(value).length > 0;
}
