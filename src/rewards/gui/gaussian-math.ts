/**
 * The arithmetic of GUI-G²'s Gaussian rewards, in the released code's floating-point order so
 * values match bit for bit where the platform's `exp`/`log` agree:
 * the point reward in Python floats (`math.exp`, Python's `round`), the plane reward in numpy
 * (`np.linalg.det` as `exp(Σ log|uᵢᵢ|)`, `np.round` as `rint(x · 1000) / 1000`).
 *
 * Both return a value in [0, 1], or one of the negative sentinels below saying why the released
 * code would score 0 (or produce a non-finite number): no allocation on the hot path.
 * @module
 */
import { roundLikePython } from "../../core/stats.js";
import type { Box } from "../../parse/index.js";

/**
 * The reference box has zero width or height: Python raises ZeroDivisionError (scored 0).
 * @example
 * gaussianPointValue([0, 0, 10, 10], [5, 5, 5, 10]) === DEGENERATE_REFERENCE; // true
 */
export const DEGENERATE_REFERENCE = -1;
/**
 * Python raises OverflowError (`x ** 2` out of range), caught and scored 0.
 * @example
 * gaussianPointValue([0, 0, 1e300, 10], [0, 0, 10, 10]) === OVERFLOW; // true (dx ** 2 overflows)
 */
export const OVERFLOW = -2;
/**
 * The released code returns NaN or ±Infinity.
 * @example
 * gaussianPointValue([0, 0, Number.NaN, 10], [0, 0, 10, 10]) === NON_FINITE; // true
 */
export const NON_FINITE = -3;

/** `x ** 2` on a Python float: OverflowError when a finite base overflows. */
function square(x: number): number {
  const s = x * x;
  return s === Number.POSITIVE_INFINITY && Number.isFinite(x) ? Number.NaN : s;
}

/**
 * GUI-G²'s Gaussian point reward before rounding the sentinel away:
 * `round(exp(−½((μp,x − μg,x)²/σx² + (μp,y − μg,y)²/σy²)), 3)` with `σ = 0.5 ·` the reference
 * box's width and height (`ZJU-REAL/GUI-G2@5c5c365: src/gui_g2/src/open_r1/gaussian_grpo.py:345`).
 * @example
 * gaussianPointValue([1130, 20, 1210, 50], [1122, 18, 1206, 48]); // 0.981
 */
export function gaussianPointValue(pred: Box, gt: Box): number {
  const dx = (pred[0] + pred[2]) / 2 - (gt[0] + gt[2]) / 2;
  const dy = (pred[1] + pred[3]) / 2 - (gt[1] + gt[3]) / 2;
  const sigmaX = 0.5 * (gt[2] - gt[0]);
  const sigmaY = 0.5 * (gt[3] - gt[1]);
  // Python evaluates dx**2, sigma_x**2, the division, then the same for y; any raise scores 0.
  const dx2 = square(dx);
  if (Number.isNaN(dx2) && !Number.isNaN(dx)) return OVERFLOW;
  const sx2 = square(sigmaX);
  if (Number.isNaN(sx2) && !Number.isNaN(sigmaX)) return OVERFLOW;
  if (sx2 === 0) return DEGENERATE_REFERENCE;
  const xTerm = dx2 / sx2;
  const dy2 = square(dy);
  if (Number.isNaN(dy2) && !Number.isNaN(dy)) return OVERFLOW;
  const sy2 = square(sigmaY);
  if (Number.isNaN(sy2) && !Number.isNaN(sigmaY)) return OVERFLOW;
  if (sy2 === 0) return DEGENERATE_REFERENCE;
  const reward = Math.exp(-0.5 * (xTerm + dy2 / sy2));
  if (!Number.isFinite(reward)) return NON_FINITE;
  return roundLikePython(reward, 3);
}

/** `np.linalg.det` of `diag(a, b)` with a, b ≥ 0: LAPACK's LU, then `sign · exp(Σ log|uᵢᵢ|)`. */
function numpyDiagonalDet(a: number, b: number): number {
  // A zero pivot makes getrf report a singular matrix, which numpy turns into det 0.
  if (a === 0 || b === 0) return 0;
  return Math.exp(Math.log(Math.abs(a)) + Math.log(Math.abs(b)));
}

/**
 * numpy's `round(x, 3)` on a float64 (`np.round`): `rint(x · 1000) / 1000`, ties to even on the
 * scaled product, which is not Python's exact decimal rounding (numpy rounds 0.0005 to 0.0,
 * Python to 0.001).
 * @example
 * roundLikeNumpy(0.0005, 3); // 0
 */
export function roundLikeNumpy(x: number, digits: number): number {
  const factor = 10 ** digits;
  const scaled = x * factor;
  let r = Math.round(scaled);
  if (r - scaled === 0.5 && r % 2 !== 0) r -= 1;
  return r / factor;
}

/**
 * GUI-G²'s Gaussian "plane" (coverage) reward, `round(exp(−D_B), 3)` with D_B the Bhattacharyya
 * distance between N(μp, Σp) and N(μg, Σg), `Σ = diag((0.5·w)², (0.5·h)²)` of each box
 * (`ZJU-REAL/GUI-G2@5c5c365: src/gui_g2/src/open_r1/gaussian_grpo.py:259`):
 * `D_B = ⅛ Δμᵀ (Σ̄ + 1e-8·I)⁻¹ Δμ + ½ ln(det Σ̄ / √(det Σp · det Σg + 1e-8))`, `Σ̄ = (Σp + Σg)/2`.
 * @example
 * gaussianPlaneValue([1130, 20, 1210, 50], [1122, 18, 1206, 48]); // 0.995
 */
export function gaussianPlaneValue(pred: Box, gt: Box): number {
  const predSigmaX = (pred[2] - pred[0]) * 0.5;
  const predSigmaY = (pred[3] - pred[1]) * 0.5;
  const gtSigmaX = (gt[2] - gt[0]) * 0.5;
  const gtSigmaY = (gt[3] - gt[1]) * 0.5;
  // The four `** 2` are Python float operations (OverflowError); the rest is numpy (no raise).
  const pxx = square(predSigmaX);
  const pyy = square(predSigmaY);
  const gxx = square(gtSigmaX);
  const gyy = square(gtSigmaY);
  if (
    (Number.isNaN(pxx) && !Number.isNaN(predSigmaX)) ||
    (Number.isNaN(pyy) && !Number.isNaN(predSigmaY)) ||
    (Number.isNaN(gxx) && !Number.isNaN(gtSigmaX)) ||
    (Number.isNaN(gyy) && !Number.isNaN(gtSigmaY))
  ) {
    return OVERFLOW;
  }
  const avgX = (pxx + gxx) / 2;
  const avgY = (pyy + gyy) / 2;
  const dx = (pred[0] + pred[2]) / 2 - (gt[0] + gt[2]) / 2;
  const dy = (pred[1] + pred[3]) / 2 - (gt[1] + gt[3]) / 2;
  const invX = 1 / (avgX + 1e-8);
  const invY = 1 / (avgY + 1e-8);
  // Σ⁻¹Δμ as numpy's matrix–vector product computes it, zeros included (0 · ∞ is NaN there too).
  const vx = invX * dx + 0 * dy;
  const vy = 0 * dx + invY * dy;
  const term1 = 0.125 * (dx * vx + dy * vy);
  const detAvg = numpyDiagonalDet(avgX, avgY);
  const detPred = numpyDiagonalDet(pxx, pyy);
  const detGt = numpyDiagonalDet(gxx, gyy);
  const term2 = 0.5 * Math.log(detAvg / Math.sqrt(detPred * detGt + 1e-8));
  const reward = Math.exp(-(term1 + term2));
  if (!Number.isFinite(reward)) return NON_FINITE;
  return roundLikeNumpy(reward, 3);
}
