/**
 * The number syntax shared by box and point parsers.
 * @module
 */

/**
 * A decimal number: optional minus, digits with an optional fraction or a bare fraction, and an
 * optional exponent. No nested quantifiers over overlapping classes, so matching is linear.
 * @example
 * "x=-1.5e3, y=.5".match(new RegExp(NUMBER_SOURCE, "g")); // ["-1.5e3", ".5"]
 */
export const NUMBER_SOURCE = String.raw`-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;

/**
 * Whether every entry is a finite number.
 * @example
 * allFinite([1, 2, 3]); // true
 * allFinite([1, Number.NaN]); // false
 */
export function allFinite(values: readonly unknown[]): values is number[] {
  for (const v of values) if (typeof v !== "number" || !Number.isFinite(v)) return false;
  return true;
}
