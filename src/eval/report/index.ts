/**
 * `--report report.html`: headline numbers with their intervals, accuracy by category, the score
 * distributions of preferred vs other candidates, a calibration plot when scores are
 * probabilities, judge bias figures, diagnostics, and the worst-disagreeing rows with their text
 * and thumbnails. Charts are Vega-Lite rendered to inline SVG when the report is built.
 * @module
 */
import { writeFileSync } from "node:fs";
import type { Diagnostics } from "../diagnose.js";
import type { EvalRun, WorstRow } from "../run.js";
import {
  barSpec,
  calibrationSpec,
  goldBinsSpec,
  histogramSpec,
  renderSvg,
  scoreHistogramSpec,
} from "./charts.js";
import { escapeHtml, figure, num, page, table, thumbnail } from "./html.js";

const HEADLINE_KEYS = [
  "accuracy",
  "macro_accuracy",
  "acc_plus",
  "accuracy_with_ties",
  "accuracy_without_ties",
  "best_of_n",
  "score",
  "position_bias_rate",
  "self_consistency",
] as const;

/** s_preferred − s_other of every scored A/B pair. */
function marginsTowardPreferred(run: EvalRun): number[] {
  const { margin, human, n } = run.columns;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const m = margin[i]!;
    if (Number.isNaN(m) || (human[i] !== 1 && human[i] !== -1)) continue;
    out.push(human[i] === 1 ? m : -m);
  }
  return out;
}

function clip(text: string, max = 700): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

function worstRows(worst: readonly WorstRow[]): string {
  if (!worst.length) return "<p>No scored rows.</p>";
  const rows = worst.map(({ row, outcome }) => {
    const candidates = row.candidates
      .map((text, k) => {
        const media = [...(row.outputs?.[k] ?? [])].map(thumbnail).join("");
        const score = outcome.scores?.[k];
        const preferred = (row.label === "A" && k === 0) || (row.label === "B" && k === 1);
        return `<div class="cand ${preferred ? "good" : ""}"><b>#${k}${preferred ? " (human-preferred)" : ""}</b> score ${num(score ?? null)}\n${escapeHtml(clip(text))}${media}</div>`;
      })
      .join("");
    const inputs = (row.images ?? []).map(thumbnail).join("");
    const verdict =
      outcome.verdict === undefined
        ? ""
        : `<div class="cand bad">verdict: ${escapeHtml(clip(outcome.verdict, 300))}</div>`;
    return [
      escapeHtml(row.id),
      escapeHtml(row.category ?? ""),
      `${escapeHtml(clip(row.prompt ?? "", 400))}${inputs}`,
      `${candidates}${verdict}`,
      `<span class="num">${num(outcome.margin ?? null)}</span>`,
    ];
  });
  return table(["id", "category", "prompt", "candidates", "margin"], rows, "worst");
}

/**
 * Writes the evaluation report.
 * @example
 * const run = await runEval({ data: "pairs.jsonl", sources: [new JsonlPredictions("s.jsonl")] });
 * await writeReport("report.html", run);
 */
export async function writeReport(path: string, run: EvalRun): Promise<void> {
  writeFileSync(path, await reportHtml(run));
}

/**
 * The evaluation report as one HTML string.
 * @example
 * const html = await reportHtml(run); // contains <figure data-chart="by-category"><svg …
 */
export async function reportHtml(run: EvalRun): Promise<string> {
  const m = run.metrics;
  const record = m as unknown as Record<string, number | null | undefined>;
  const headline = HEADLINE_KEYS.filter((k) => typeof record[k] === "number").map((k) => {
    const ci = m.ci[k];
    return [k, `<span class="num">${num(record[k])}</span>`, ci ? `[${num(ci[0])}, ${num(ci[1])}]` : "–"];
  });
  const facts = [
    ["format", escapeHtml(m.format)],
    ["rows evaluated", String(m.n)],
    ["rows skipped", `${m.skipped.count} ${escapeHtml(JSON.stringify(m.skipped.reasons))}`],
    ["data errors", String(m.data_errors)],
    ["bootstrap", `${m.bootstrap.resamples} resamples, seed ${m.bootstrap.seed}, 95 % percentile intervals`],
  ];
  const charts: string[] = [];
  const bars = HEADLINE_KEYS.filter((k) => typeof record[k] === "number").map((k) => ({
    name: k,
    value: record[k] as number,
    lo: m.ci[k]?.[0],
    hi: m.ci[k]?.[1],
  }));
  charts.push(
    figure("headline", await renderSvg(barSpec("Headline metrics with 95 % intervals", bars, "value"))),
  );
  const categories = Object.entries(m.by_category).filter(([, c]) => c.accuracy !== null);
  if (categories.length) {
    const data = categories.map(([name, c]) => ({ name, value: c.accuracy!, n: c.n }));
    charts.push(figure("by-category", await renderSvg(barSpec("Accuracy by category", data))));
  }
  const { chosen, rejected } = run.columns.scoreHistogram;
  if (chosen.length) charts.push(figure("margins", await renderSvg(scoreHistogramSpec(chosen, rejected))));
  const toward = marginsTowardPreferred(run);
  if (toward.length) {
    const spec = histogramSpec("Margin toward the human-preferred candidate (> 0: agrees)", toward, "margin");
    charts.push(figure("margin-toward-preferred", await renderSvg(spec)));
  }
  const calibration = run.columns.calibration
    ?.filter(([n]) => n > 0)
    .map(([n, preferred], k) => ({
      predicted: (k + 0.5) / 10,
      observed: preferred / n,
      n,
    }));
  if (chosen.length && calibration?.length)
    charts.push(figure("calibration", await renderSvg(calibrationSpec(calibration))));
  const judge = [
    ["position_bias_rate", m.position_bias_rate],
    ["self_consistency", m.self_consistency],
    ["consistent_accuracy", m.consistent_accuracy],
  ].filter((e): e is [string, number] => typeof e[1] === "number");
  if (judge.length) {
    const data = judge.map(([name, value]) => ({ name, value, lo: m.ci[name]?.[0], hi: m.ci[name]?.[1] }));
    charts.push(
      figure("judge-bias", await renderSvg(barSpec("Judge position bias and consistency", data, "rate"))),
    );
  }
  const diagnostics: string[][] = [];
  if (m.length_bias) {
    diagnostics.push(["pairs with different lengths", String(m.length_bias.pairs)]);
    diagnostics.push(["model prefers the longer response", num(m.length_bias.model_prefers_longer)]);
    diagnostics.push(["people prefer the longer response", num(m.length_bias.humans_prefer_longer)]);
    const data = [
      { name: "model", value: m.length_bias.model_prefers_longer ?? 0 },
      { name: "people", value: m.length_bias.humans_prefer_longer ?? 0 },
    ];
    charts.push(
      figure(
        "length-bias",
        await renderSvg(barSpec("Share of pairs where the longer response wins", data, "share")),
      ),
    );
  }
  if (m.preference_strength) {
    const s = m.preference_strength;
    diagnostics.push(["ensemble models", String(s.models)]);
    diagnostics.push(["mean preference strength (± std across models)", `${num(s.mean)} ± ${num(s.std)}`]);
    diagnostics.push([
      "pairs the ensemble flips",
      `${s.flipped} ${escapeHtml(s.flipped_ids.slice(0, 20).join(", "))}`,
    ]);
    diagnostics.push(["low-strength pairs", escapeHtml(s.low_strength_ids.slice(0, 20).join(", "))]);
  }
  const sections = [
    `<section id="headline"><h2>Headline</h2>${table(["metric", "value", "95 % interval"], headline, "headline")}${table(["", ""], facts)}</section>`,
    `<section id="charts"><h2>Charts</h2><div class="charts">${charts.join("\n")}</div></section>`,
    `<section id="diagnostics"><h2>Diagnostics</h2>${diagnostics.length ? table(["check", "value"], diagnostics) : "<p>No diagnostics apply to this run.</p>"}</section>`,
    `<section id="worst"><h2>${run.worst.length} worst-disagreeing rows</h2>${worstRows(run.worst)}</section>`,
  ];
  return page(`plaudit eval: ${m.format}`, sections);
}

/**
 * Writes the diagnostics report of `plaudit diagnose`.
 * @example
 * await writeDiagnosticsReport("diag.html", new DiagnosticsBuilder().finish());
 */
export async function writeDiagnosticsReport(path: string, d: Diagnostics): Promise<void> {
  const facts = [
    ["rows", String(d.rows)],
    ["null rewards", String(d.null_rewards)],
    ["reward mean ± std", `${num(d.reward.mean)} ± ${num(d.reward.std)}`],
    [
      "reward–length Pearson / Spearman",
      d.reward_length ? `${num(d.reward_length.pearson)} / ${num(d.reward_length.spearman)}` : "–",
    ],
    ["groups (≥ 2 rollouts)", String(d.groups?.count ?? 0)],
    [
      "collapsed groups (all rewards equal)",
      d.groups ? `${d.groups.collapsed} (${num(d.groups.collapsed_share)})` : "–",
    ],
    ["mean within-group variance", num(d.groups?.mean_variance)],
  ];
  if (d.gold) {
    facts.push([
      "proxy–gold Pearson / Spearman / τ-b",
      `${num(d.gold.pearson)} / ${num(d.gold.spearman)} / ${num(d.gold.kendall_tau_b)}`,
    ]);
    facts.push(["within-group pair agreement with gold", num(d.gold.group_pair_agreement)]);
  }
  const charts: string[] = [];
  if (d.groups)
    charts.push(
      figure(
        "group-variance",
        await renderSvg(histogramSpec("Within-group reward variance", d.groups.variances, "variance")),
      ),
    );
  if (d.gold?.bins.length) charts.push(figure("gold-bins", await renderSvg(goldBinsSpec(d.gold.bins))));
  const components = Object.entries(d.components).map(([name, c]) => [
    escapeHtml(name),
    num(c.mean),
    num(c.std),
    num(c.null_share),
    num(c.corr_with_reward),
  ]);
  const issues = Object.entries(d.issues).map(([code, n]) => [escapeHtml(code), String(n)]);
  const html = page("plaudit diagnose", [
    `<section id="headline"><h2>Summary</h2>${table(["check", "value"], facts, "headline")}</section>`,
    `<section id="charts"><h2>Charts</h2><div class="charts">${charts.join("\n")}</div></section>`,
    `<section id="components"><h2>Components</h2>${table(["component", "mean", "std", "null share", "corr. with reward"], components)}</section>`,
    `<section id="issues"><h2>Issues</h2>${table(["code", "count"], issues)}</section>`,
  ]);
  writeFileSync(path, html);
}
