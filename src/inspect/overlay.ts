/**
 * What the inspector draws on a grounding or GUI rollout's image: the predicted and reference boxes
 * and points of each geometry reward, converted to `image` pixels by the same frame code the
 * rewards use (`parse/frames.ts`), and GUI-G²'s Gaussians as contour ellipses. Pure: no Node imports.
 * @module
 */
import type { Sample } from "../core/index.js";
import {
  type Box,
  boxToPixels,
  FRAMES,
  type Frame,
  findBoxes,
  findPoint,
  findTagged,
  type Point,
  pointToPixels,
  referenceBox,
  referencePoint,
} from "../parse/index.js";
import { NO_BOX, parseGuiG2Box } from "../rewards/gui/gui-g2-parse.js";

/** A geometry reward of the recipe: its name, type and the frames of its two sides. */
export interface GeometrySpec {
  reward: string;
  type: string;
  predFrame: Frame;
  refFrame: Frame;
}

/** One drawn shape, in `image` pixels (`pixels`), with what was parsed (`raw`, in its own frame). */
export interface OverlayShape {
  reward: string;
  role: "pred" | "ref";
  kind: "box" | "point";
  frame: Frame;
  raw: readonly number[];
  pixels: readonly number[] | null;
}

/** A Gaussian of GUI-G²: centre and σ per axis in `image` pixels. */
export interface OverlayGaussian {
  reward: string;
  role: "pred" | "ref";
  cx: number;
  cy: number;
  sigmaX: number;
  sigmaY: number;
  /** Ellipses where the Gaussian equals 0.9, 0.5 and 0.1 (radii in `image` pixels). */
  contours: Array<{ level: number; rx: number; ry: number }>;
}

/** The levels drawn as contours. */
export const CONTOUR_LEVELS = [0.9, 0.5, 0.1] as const;

/** Everything drawn for one sample. */
export interface Overlay {
  /** The `image` pixel frame everything is drawn in (null when the sample has no size). */
  frame: { width: number; height: number } | null;
  shapes: OverlayShape[];
  gaussians: OverlayGaussian[];
  /** A data error that prevents drawing some shape (`missing_image_size`), with its message. */
  errors: Array<{ reward: string; code: "missing_image_size"; message: string }>;
}

function isFrame(value: unknown): value is Frame {
  return typeof value === "string" && (FRAMES as readonly string[]).includes(value);
}

/**
 * The geometry rewards of a recipe's rewards list (types `grounding.*` and `gui.*`), frames from
 * their `pred.frame` / `ref.frame` config (default `pixel`, as the rewards default).
 * @example
 * geometrySpecs([{ name: "iou", type: "grounding.iou", config: { pred: { frame: "norm1000" } } }]);
 * // [{ reward: "iou", type: "grounding.iou", predFrame: "norm1000", refFrame: "pixel" }]
 */
export function geometrySpecs(
  rewards: ReadonlyArray<{ name: string; type: string; config?: unknown }>,
): GeometrySpec[] {
  const specs: GeometrySpec[] = [];
  for (const r of rewards) {
    if (!r.type.startsWith("grounding.") && !r.type.startsWith("gui.")) continue;
    if (r.type.endsWith("format")) continue;
    const config = (r.config ?? {}) as { pred?: { frame?: unknown }; ref?: { frame?: unknown } };
    specs.push({
      reward: r.name,
      type: r.type,
      predFrame: isFrame(config.pred?.frame) ? config.pred.frame : "pixel",
      refFrame: isFrame(config.ref?.frame) ? config.ref.frame : "pixel",
    });
  }
  return specs;
}

/** The answer text a reward reads: the last `<answer>` content, else the whole completion. */
function answerText(completion: string): string {
  const spans = findTagged(completion, "<answer>", "</answer>");
  return spans.length ? spans[spans.length - 1]!.content : completion;
}

function predictedGeometry(
  spec: GeometrySpec,
  completion: string,
): { kind: "box" | "point"; raw: readonly number[] } | null {
  if (spec.type.startsWith("gui.gaussian")) {
    const box = parseGuiG2Box(completion);
    return box === NO_BOX || typeof box === "string" ? null : { kind: "box", raw: box };
  }
  const text = answerText(completion);
  const box = findBoxes(text)[0]?.box;
  if (box) return { kind: "box", raw: box };
  const point = findPoint(text);
  return point ? { kind: "point", raw: point } : null;
}

function referenceGeometry(reference: unknown): { kind: "box" | "point"; raw: readonly number[] } | null {
  if (reference === undefined || reference === null) return null;
  const box = referenceBox(reference);
  if (box) return { kind: "box", raw: box };
  const point = referencePoint(reference);
  return point ? { kind: "point", raw: point } : null;
}

function toPixels(kind: "box" | "point", raw: readonly number[], frame: Frame, sample: Sample) {
  return kind === "box" ? boxToPixels(raw as Box, frame, sample) : pointToPixels(raw as Point, frame, sample);
}

/**
 * The overlay of one sample for the given geometry rewards.
 * @example
 * const sample = { completion: "<answer>[100,100,500,500]</answer>", reference: [0, 0, 640, 360], image: { width: 1280, height: 720 } };
 * sampleOverlay(sample, [{ reward: "iou", type: "grounding.iou", predFrame: "norm1000", refFrame: "pixel" }]).shapes[0].pixels;
 * // [128, 72, 640, 360]
 */
export function sampleOverlay(sample: Sample, specs: readonly GeometrySpec[]): Overlay {
  const overlay: Overlay = {
    frame: sample.image ? { ...sample.image } : null,
    shapes: [],
    gaussians: [],
    errors: [],
  };
  const completion = typeof sample.completion === "string" ? sample.completion : "";
  for (const spec of specs) {
    const sides: Array<["pred" | "ref", Frame, { kind: "box" | "point"; raw: readonly number[] } | null]> = [
      ["pred", spec.predFrame, predictedGeometry(spec, completion)],
      ["ref", spec.refFrame, referenceGeometry(sample.reference)],
    ];
    for (const [role, frame, geometry] of sides) {
      if (!geometry) continue;
      const converted = toPixels(geometry.kind, geometry.raw, frame, sample);
      if (!converted.ok) {
        overlay.errors.push({
          reward: spec.reward,
          code: "missing_image_size",
          message: `${spec.reward}: the ${role} ${geometry.kind} is in ${frame}, which needs sample.${converted.missing}`,
        });
      }
      overlay.shapes.push({
        reward: spec.reward,
        role,
        kind: geometry.kind,
        frame,
        raw: geometry.raw,
        pixels: converted.ok ? converted.value : null,
      });
      if (converted.ok && geometry.kind === "box" && spec.type.startsWith("gui.gaussian")) {
        overlay.gaussians.push(gaussianOfBox(spec.reward, role, converted.value as Box));
      }
    }
  }
  return overlay;
}

/**
 * GUI-G²'s Gaussian of a box: centred on it, σ = ½ · its width and height
 * (`ZJU-REAL/GUI-G2@5c5c365: gaussian_grpo.py`, the σ of both the point and the plane reward).
 * @example
 * gaussianOfBox("g", "ref", [100, 100, 300, 200]); // { reward: "g", role: "ref", cx: 200, cy: 150, sigmaX: 100, sigmaY: 50, contours: […] }
 */
export function gaussianOfBox(reward: string, role: "pred" | "ref", box: Box): OverlayGaussian {
  const sigma = { sigmaX: 0.5 * Math.abs(box[2] - box[0]), sigmaY: 0.5 * Math.abs(box[3] - box[1]) };
  return {
    reward,
    role,
    cx: (box[0] + box[2]) / 2,
    cy: (box[1] + box[3]) / 2,
    ...sigma,
    contours: CONTOUR_LEVELS.map((level) => ({ level, ...contourRadii(sigma, level) })),
  };
}

/**
 * Radii of the ellipse on which the Gaussian equals `level` (0 < level < 1):
 * `exp(−½ (dx²/σx² + dy²/σy²)) = level` ⇔ `rx = σx · √(−2 ln level)`.
 * @example
 * contourRadii({ sigmaX: 100, sigmaY: 50 }, Math.exp(-0.5)); // { rx: 100, ry: 50 }
 */
export function contourRadii(
  g: { sigmaX: number; sigmaY: number },
  level: number,
): { rx: number; ry: number } {
  const k = Math.sqrt(-2 * Math.log(level));
  return { rx: g.sigmaX * k, ry: g.sigmaY * k };
}
