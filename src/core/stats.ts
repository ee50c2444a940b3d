/**
 * Small numeric helpers shared by combination, advantages and batch statistics. `null` values
 * are skipped, as TRL's nan-aware reductions skip NaN.
 * @module
 */

/** How a standard deviation divides: by n − 1 (`unbiased`, torch's default) or by n (`population`). */
export type StdKind = "unbiased" | "population";

/** Mean and standard deviation of the non-null values, with their count. */
export interface Moments {
  count: number;
  mean: number;
  /** NaN when undefined (no values, or one value with `unbiased`). */
  std: number;
}

/**
 * Mean and std over non-null values, in two passes for accuracy.
 * @example
 * moments([1, 0, null, 1], "unbiased"); // { count: 3, mean: 0.667, std: 0.577 }
 */
export function moments(values: ArrayLike<number | null>, kind: StdKind = "unbiased"): Moments {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    count++;
    sum += v;
  }
  if (count === 0) return { count, mean: Number.NaN, std: Number.NaN };
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    squares += (v - mean) * (v - mean);
  }
  const denominator = kind === "unbiased" ? count - 1 : count;
  const std = denominator > 0 ? Math.sqrt(squares / denominator) : Number.NaN;
  return { count, mean, std };
}

/**
 * A finite number, or null: the only values allowed to leave the engine.
 * @example
 * finiteOrNull(0.5); // 0.5
 * finiteOrNull(Number.NaN); // null
 */
export function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * Python's `round(x, digits)`: rounds the exact binary value of `x`, and an exact tie goes to the
 * even neighbour. Papers round rewards this way (GUI-G² rounds to 3 decimals), so presets must too.
 * @example
 * roundLikePython(0.125, 2); // 0.12 (an exact tie, to even)
 * roundLikePython(2.675, 2); // 2.67 (2.675 is really 2.67499999…)
 */
export function roundLikePython(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  const scaled = value * factor;
  const nearest = Math.round(scaled);
  // Far from a half: the float product is accurate enough to decide.
  if (Math.abs(Math.abs(scaled - Math.trunc(scaled)) - 0.5) > 1e-6) return nearest / factor;
  // Near a half: decide on the exact decimal expansion of the double.
  const exact = Math.abs(value).toFixed(Math.min(100, digits + 60));
  const dot = exact.indexOf(".");
  const kept = exact.slice(0, dot + 1 + digits);
  const rest = exact.slice(dot + 1 + digits);
  let magnitude = Number(kept.endsWith(".") ? kept.slice(0, -1) : kept);
  const lastDigit = Number(kept[kept.length - 1] === "." ? kept[kept.length - 2] : kept[kept.length - 1]);
  const step = 1 / factor;
  if (rest[0]! > "5" || (rest[0] === "5" && /[1-9]/.test(rest.slice(1)))) magnitude += step;
  else if (rest[0] === "5" && lastDigit % 2 === 1) magnitude += step;
  const rounded = Math.round(magnitude * factor) / factor;
  return value < 0 ? -rounded : rounded;
}
