/**
 * The report's charts: Vega-Lite specs compiled and rendered to SVG at build time by Vega's
 * headless renderer (no browser, no canvas), so the HTML needs no script and no network.
 * @module
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

const WIDTH = 420;
const HEIGHT = 220;

/**
 * Renders a Vega-Lite spec to an SVG string.
 * @example
 * const svg = await renderSvg({ data: { values: [{ a: "x", b: 1 }] }, mark: "bar",
 *   encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } } });
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * A bar per named value with an optional 95 % interval as a rule.
 * @example
 * await renderSvg(barSpec("Accuracy by category", [{ name: "chat", value: 0.8, lo: 0.7, hi: 0.9 }]));
 */
export function barSpec(
  title: string,
  bars: Array<{ name: string; value: number; lo?: number; hi?: number; n?: number }>,
  axis = "accuracy",
): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: bars },
    layer: [
      {
        mark: { type: "bar", color: "#4c78a8" },
        encoding: {
          x: { field: "name", type: "nominal", sort: null, title: null, axis: { labelAngle: -30 } },
          y: { field: "value", type: "quantitative", title: axis, scale: { domain: [0, 1] } },
        },
      },
      {
        mark: { type: "rule", color: "#222", strokeWidth: 1.5 },
        encoding: {
          x: { field: "name", type: "nominal", sort: null },
          y: { field: "lo", type: "quantitative" },
          y2: { field: "hi" },
        },
      },
    ],
  };
}

/**
 * Histogram bins computed here (a million values never enter the spec).
 * @example
 * histogramBins([0, 1, 2, 3], 2); // [{ lo: 0, hi: 1.5, count: 2 }, { lo: 1.5, hi: 3, count: 2 }]
 */
export function histogramBins(
  values: readonly number[],
  bins = 30,
): Array<{ lo: number; hi: number; count: number }> {
  if (!values.length) return [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return [{ lo: min - 0.5, hi: max + 0.5, count: values.length }];
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - min) / width))]!++;
  return counts.map((count, k) => ({ lo: min + k * width, hi: min + (k + 1) * width, count }));
}

/**
 * Overlaid histograms of the preferred and the other candidate's scores.
 * @example
 * await renderSvg(scoreHistogramSpec([0.9, 0.8], [0.2, 0.4]));
 */
export function scoreHistogramSpec(chosen: readonly number[], rejected: readonly number[]): TopLevelSpec {
  const all = [...chosen, ...rejected];
  const bins = histogramBins(all, 30);
  const lo = bins[0]?.lo ?? 0;
  const width = bins.length ? bins[0]!.hi - bins[0]!.lo : 1;
  const count = (values: readonly number[], side: string) => {
    const counts = new Array<number>(bins.length).fill(0);
    for (const v of values) counts[Math.max(0, Math.min(bins.length - 1, Math.floor((v - lo) / width)))]!++;
    return counts.map((c, k) => ({ side, lo: bins[k]!.lo, hi: bins[k]!.hi, count: c }));
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Scores of the human-preferred vs the other candidate",
    width: WIDTH,
    height: HEIGHT,
    data: { values: [...count(chosen, "preferred"), ...count(rejected, "other")] },
    mark: { type: "rect", opacity: 0.55 },
    encoding: {
      x: { field: "lo", type: "quantitative", title: "score" },
      x2: { field: "hi" },
      y: { field: "count", type: "quantitative", stack: null },
      color: {
        field: "side",
        type: "nominal",
        scale: { domain: ["preferred", "other"], range: ["#4c78a8", "#e45756"] },
      },
    },
  };
}

/**
 * A plain histogram of precomputed bins.
 * @example
 * await renderSvg(histogramSpec("Within-group variance", [0, 0.1, 0.2], "variance"));
 */
export function histogramSpec(title: string, values: readonly number[], axis: string): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: histogramBins(values) },
    mark: { type: "rect", color: "#72b7b2" },
    encoding: {
      x: { field: "lo", type: "quantitative", title: axis },
      x2: { field: "hi" },
      y: { field: "count", type: "quantitative" },
    },
  };
}

/**
 * Predicted probability vs observed frequency, with the diagonal.
 * @example
 * await renderSvg(calibrationSpec([{ predicted: 0.85, observed: 0.8, n: 40 }]));
 */
export function calibrationSpec(
  points: Array<{ predicted: number; observed: number; n: number }>,
): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Calibration: score as P(preferred) vs observed share preferred",
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: "line", color: "#bbb", strokeDash: [4, 4] },
        encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
      },
      {
        data: { values: points },
        mark: { type: "line", point: true, color: "#f58518" },
        encoding: {
          x: { field: "predicted", type: "quantitative", title: "score", scale: { domain: [0, 1] } },
          y: { field: "observed", type: "quantitative", title: "share preferred", scale: { domain: [0, 1] } },
        },
      },
    ],
  };
}

/**
 * Mean gold per proxy-reward bin: over-optimisation shows as gold falling while reward rises.
 * @example
 * await renderSvg(goldBinsSpec([{ mean_reward: 0.2, mean_gold: 0.3, n: 10 }]));
 */
export function goldBinsSpec(
  bins: Array<{ mean_reward: number; mean_gold: number; n: number }>,
): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Proxy reward vs gold score (equal-count bins)",
    width: WIDTH,
    height: HEIGHT,
    data: { values: bins },
    mark: { type: "line", point: true, color: "#54a24b" },
    encoding: {
      x: { field: "mean_reward", type: "quantitative", title: "mean proxy reward" },
      y: { field: "mean_gold", type: "quantitative", title: "mean gold" },
    },
  };
}
